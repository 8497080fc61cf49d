"""The two mails of participant feedback, each one bilingual (the recipient's language first): the
form and the single reminder. Services write the rows; the builder renders each when it is sent,
from the form as it is then (a closed form, or an answered one for the reminder, sends nothing)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from magnet import outbox

from .models import Recipient
from .tokens import make_token

INVITATION, REMINDER = "feedback/invitation", "feedback/reminder"


def feedback_url(recipient: Recipient, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("feedback:answer", args=[make_token(recipient)])


def _mail(recipient: Recipient, template: str) -> outbox.OutboxMail:
    person = recipient.person
    return outbox.mail(key=f"{template}:{recipient.pk}", to=person.email, template=template,
                       language=person.preferred_language, context={"recipient": recipient.pk})


def invitation_mails(recipients) -> list:
    return [_mail(r, INVITATION) for r in recipients]


def reminder_mails(recipients) -> list:
    return [_mail(r, REMINDER) for r in recipients]


STILL_WANTED = {
    INVITATION: lambda r: r.form.is_open and r.person_id is not None,
    REMINDER: lambda r: r.form.is_open and r.person_id is not None and not r.answered,
}


def event_title(form, language: str) -> str:
    event = form.event
    return getattr(event, f"title_{language}", "") or event.title


@outbox.register(INVITATION, REMINDER)
def build(row) -> outbox.Rendered | None:
    recipient = _recipient(row)
    if recipient is None or not STILL_WANTED[row.template](recipient):
        return None
    form = recipient.form
    languages = [row.language] + [code for code, _name in settings.LANGUAGES if code != row.language]
    parts = [{"lang": lang, "url": feedback_url(recipient, lang), "title": event_title(form, lang)} for lang in languages]
    return outbox.Rendered({"recipient": recipient, "person": recipient.person, "form": form, "parts": parts})


def _recipient(row) -> Recipient | None:
    """This row's recipient; those of the whole batch are loaded with the first, in one query."""
    memo = outbox.batch_memo()
    if "feedback.recipients" not in memo:
        ids = {r.context["recipient"] for r in memo.get("rows", ()) if r.template in STILL_WANTED}
        memo["feedback.recipients"] = Recipient.objects.select_related(
            "person", "form", "form__meeting", "form__conference"
        ).in_bulk(ids)
    recipient = memo["feedback.recipients"].get(row.context["recipient"])
    if recipient is None:
        recipient = Recipient.objects.select_related("person", "form", "form__meeting", "form__conference").filter(
            pk=row.context["recipient"]
        ).first()
    return recipient
