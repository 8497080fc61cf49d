"""E-mails to participants, in their preferred language, with the conference as a calendar file
when they hold a seat."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from magnet.calendars import build_calendar, calendar_attachment
from magnet.mail import Attachment, once_key, send_templated_mail

from ..models import Registration
from ..tokens import offer_token
from .calendar import conference_event
from .documents import BADGE_STATUSES, participant_badge

KINDS = ("received", "offer", "confirmed", "approved", "declined", "cancelled", "offer_expired")


def send_registration_mail(*, registration_id: int, kind: str, mail_id: str = "") -> None:
    """Tell the participant what happened to their registration. Sent by a Celery task after commit."""
    if kind not in KINDS:
        raise ValueError(f"unknown registration mail: {kind}")
    registration = Registration.objects.select_related("person", "conference", "type").get(pk=registration_id)
    person = registration.person
    if not person.email or person.anonymised_at:
        return
    language = person.preferred_language or "tr"
    with translation.override(language):
        context = {
            "registration": registration,
            "person": person,
            "conference": registration.conference,
            "kind": kind,
            "registration_url": settings.SITE_URL
            + reverse("conference:my_registration", args=[registration.conference.slug]),
            "programme_url": settings.SITE_URL + reverse("conference:programme", args=[registration.conference.slug]),
        }
        if kind == "offer":
            context["confirm_url"] = settings.SITE_URL + reverse(
                "conference:confirm_offer", args=[offer_token(registration)]
            )
        attachments = ()
        if registration.holds_seat and kind in ("received", "confirmed", "approved"):
            ics = build_calendar([conference_event(registration.conference)], name=registration.conference.title)
            attachments = (calendar_attachment("magnet-conference.ics", ics),)
        if kind == "approved" and registration.status in BADGE_STATUSES:
            badge = participant_badge(registration=registration)
            attachments += (Attachment(f"badge-{registration.code}.pdf", badge.content, "application/pdf"),)
            context["badge_attached"] = True
    send_templated_mail(
        to=person.email,
        template="conference/registration",
        context=context,
        language=language,
        attachments=attachments,
        once_key=once_key(mail_id, person.email),
    )
