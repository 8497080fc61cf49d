"""What participant feedback erases when a person asks for deletion (registered with magnet.erasure)."""

from django.db.models import Q

from magnet import erasure


def register() -> None:
    from .models import Answer, Recipient, Response
    from .tokens import response_key

    @erasure.eraser(Recipient, Response)
    def erase_feedback(subject: erasure.Subject):
        """The person's recipient rows stay (the counts of people asked stay right) without the person,
        so their links die; their responses lose their free-text answers (which may name them) and
        any link to the person; their ratings and choices stay, anonymous, in the figures."""
        recipients = list(Recipient.objects.filter(person_id=subject.person_id))
        keys = [response_key(recipient) for recipient in recipients]
        responses = list(
            Response.objects.filter(Q(person_id=subject.person_id) | Q(key__in=keys)).values_list("pk", flat=True)
        )
        Answer.objects.filter(response_id__in=responses).exclude(text="").delete()
        Response.objects.filter(pk__in=responses).update(person=None)
        Recipient.objects.filter(pk__in=[r.pk for r in recipients]).update(person=None)
        return {Recipient: [r.pk for r in recipients], Response: responses}
