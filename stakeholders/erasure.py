"""What the registry erases when a person asks for deletion (registered with magnet.erasure)."""

from django.utils import timezone

from magnet import erasure


def register() -> None:
    from .models import ImportJobRow, Membership, Person

    @erasure.eraser(Person, Person.history.model, Membership, Membership.history.model)
    def erase_registry_person(subject: erasure.Subject):
        """The person row stays (memberships still count in figures, other people's history stays
        whole) with every personal field blanked; their change history is deleted."""
        person = Person.objects.get(pk=subject.person_id)
        person.given_name = erasure.ERASED
        person.family_name = person.position = person.email = person.phone = ""
        person.languages_spoken = []
        person.in_directory = person.receives_communications = False
        person.user = None
        person.anonymised_at = timezone.now()
        person.save()  # recomputes search_text and directory_text from the blanked names
        person.history.all().delete()
        memberships = list(person.memberships.values_list("pk", flat=True))
        Membership.objects.filter(pk__in=memberships).update(role="", status_reason="")
        Membership.history.filter(person_id=person.pk).delete()
        return {Person: [person.pk], Membership: memberships}

    @erasure.eraser(ImportJobRow)
    def erase_import_rows(subject: erasure.Subject):
        """Checked rows of a people import waiting to be confirmed (written rows are deleted on import)."""
        ImportJobRow.objects.filter(values__email__in=list(subject.addresses)).delete()
