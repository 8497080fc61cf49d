"""The e-mails of the meetings app, each in the invitee's preferred language. Called by services
running inside Celery tasks; they only render and send."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from magnet.calendars import calendar_attachment
from magnet.mail import once_key, send_templated_mail

from .calendar import invitation_calendar
from .models import Invitation, Meeting
from .tokens import make_rsvp_token


def _language(invitation: Invitation) -> str:
    language = invitation.person.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def rsvp_url(invitation: Invitation, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("meetings:rsvp", args=[make_rsvp_token(invitation)])


def _send(
    invitation: Invitation, template: str, *, with_calendar: bool = True, extra: dict | None = None, mail_id: str = ""
) -> bool:
    language = _language(invitation)
    meeting = invitation.meeting
    attachments = ()
    with translation.override(language):
        agenda = list(meeting.agenda_items.order_by("starts_at", "order", "pk"))
        if with_calendar:
            attachments = (calendar_attachment("meeting.ics", invitation_calendar(invitation)),)
        meeting_url = settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])
    return send_templated_mail(
        to=[invitation.person.email],
        template=f"meetings/{template}",
        context={
            "invitation": invitation,
            "meeting": meeting,
            "person": invitation.person,
            "agenda": agenda,
            "rsvp_url": rsvp_url(invitation, language),
            "meeting_url": meeting_url,
            **(extra or {}),
        },
        language=language,
        attachments=attachments,
        once_key=once_key(mail_id, invitation.person.email),
    )


def send_invitation(invitation: Invitation) -> None:
    _send(invitation, "invitation")


def send_update(invitation: Invitation) -> None:
    template = "cancelled" if invitation.meeting.status == Meeting.Status.CANCELLED else "updated"
    _send(invitation, template)


def send_reminder(invitation: Invitation) -> None:
    _send(invitation, "reminder")


def send_promoted(invitation: Invitation, *, mail_id: str = "") -> bool:
    return _send(invitation, "promoted", mail_id=mail_id)


def send_answer_confirmation(invitation: Invitation, *, mail_id: str = "") -> bool:
    """After an answer: with the calendar entry for a seat (or a tentative one), a cancellation of
    it after a decline, none while on the waiting list."""
    with_calendar = invitation.response != Invitation.Response.WAITING
    return _send(invitation, "answered", with_calendar=with_calendar, mail_id=mail_id)
