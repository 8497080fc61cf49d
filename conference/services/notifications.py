"""E-mails to participants, in their preferred language, with the conference as a calendar file
when they hold a seat. Services write them as outbox rows in their transaction (`registration_mail`);
the builder renders each when it is sent."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from magnet import outbox
from magnet.calendars import build_calendar, calendar_attachment
from magnet.mail import Attachment

from ..models import Registration
from ..tokens import offer_token
from .calendar import conference_event
from .documents import BADGE_STATUSES, participant_badge

TEMPLATE = "conference/registration"
KINDS = ("received", "offer", "confirmed", "approved", "declined", "cancelled", "offer_expired")


def registration_mail(registration: Registration, kind: str):
    """The outbox row telling the participant what happened to their registration."""
    if kind not in KINDS:
        raise ValueError(f"unknown registration mail: {kind}")
    person = registration.person
    return outbox.mail(key=f"{TEMPLATE}:{registration.pk}:{kind}:{outbox.unique()}", to=person.email,
                       template=TEMPLATE, language=person.preferred_language or "tr",
                       context={"registration": registration.pk, "kind": kind})


@outbox.register(TEMPLATE)
def _build(row) -> outbox.Rendered | None:
    registration = Registration.objects.select_related("person", "conference", "type").get(
        pk=row.context["registration"]
    )
    kind = row.context["kind"]
    person = registration.person
    if person.anonymised_at:
        return None
    with translation.override(row.language):
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
    return outbox.Rendered(context, attachments)


PROGRAMME_TEMPLATE = "conference/programme_changed"


def programme_changed_mail(registration: Registration, revision):
    """One per registrant and programme save (the revision is in the key): a save never mails twice."""
    person = registration.person
    return outbox.mail(key=f"{PROGRAMME_TEMPLATE}:{registration.pk}:{revision.pk}", to=person.email,
                       template=PROGRAMME_TEMPLATE, language=person.preferred_language or "tr",
                       context={"registration": registration.pk, "revision": revision.pk})


@outbox.register(PROGRAMME_TEMPLATE)
def _build_programme_changed(row) -> outbox.Rendered | None:
    """The programme as it is when the mail goes out, with the conference's calendar entry (its
    SEQUENCE raised by every session change, so calendar apps update the entry they have)."""
    registration = Registration.objects.select_related("person", "conference").get(pk=row.context["registration"])
    if registration.person.anonymised_at or not registration.holds_seat:
        return None
    conference = registration.conference
    with translation.override(row.language):
        context = {
            "person": registration.person,
            "conference": conference,
            "programme_url": settings.SITE_URL + reverse("conference:programme", args=[conference.slug]),
        }
        ics = build_calendar([conference_event(conference)], name=conference.title)
    return outbox.Rendered(context, (calendar_attachment("magnet-conference.ics", ics),))
