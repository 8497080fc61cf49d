"""The e-mails of the meetings app, each in the invitee's preferred language. Services call the
`*_mail(s)` helpers inside their transaction (outbox rows); the builders below render each mail when
it is sent, from the invitation as it is then."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from magnet import outbox
from magnet.calendars import calendar_attachment

from .calendar import invitation_calendar
from .models import ActionItem, Invitation, Meeting
from .tokens import make_rsvp_token

INVITATION, UPDATED, CANCELLED, REMINDER, PROMOTED, ANSWERED = (
    f"meetings/{name}" for name in ("invitation", "updated", "cancelled", "reminder", "promoted", "answered")
)


def rsvp_url(invitation: Invitation, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("meetings:rsvp", args=[make_rsvp_token(invitation)])


def _mail(invitation: Invitation, template: str, key: str) -> outbox.OutboxMail:
    person = invitation.person
    return outbox.mail(key=key, to=person.email, template=template, language=person.preferred_language,
                       context={"invitation": invitation.pk}, attachments=["calendar"])


def invitation_mails(invitations) -> list:
    return [_mail(i, INVITATION, f"{INVITATION}:{i.pk}") for i in invitations]


def update_mails(invitations, meeting: Meeting) -> list:
    template = CANCELLED if meeting.status == Meeting.Status.CANCELLED else UPDATED
    return [_mail(i, template, f"meetings/update:{i.pk}:{meeting.sequence}") for i in invitations]


def reminder_mail(invitation: Invitation):
    return _mail(invitation, REMINDER, f"{REMINDER}:{invitation.pk}")


def promoted_mail(invitation: Invitation):
    return _mail(invitation, PROMOTED, f"{PROMOTED}:{invitation.pk}:{outbox.unique()}")


def answered_mail(invitation: Invitation):
    """Confirms an answer, as it stands when the mail goes out: with the calendar entry for a seat (or
    a tentative one), a cancellation of it after a decline, none while on the waiting list."""
    return _mail(invitation, ANSWERED, f"{ANSWERED}:{invitation.pk}:{outbox.unique()}")


# Which answers still want each mail when it is sent. A person who has answered is never invited
# again; a cancelled meeting sends no invitations or reminders.
STILL_WANTED = {
    INVITATION: lambda i: i.response == Invitation.Response.NONE and i.meeting.status == Meeting.Status.PUBLISHED,
    UPDATED: lambda i: i.response != Invitation.Response.DECLINED and i.meeting.status == Meeting.Status.PUBLISHED,
    CANCELLED: lambda i: i.response != Invitation.Response.DECLINED,
    REMINDER: lambda i: i.response in (Invitation.Response.ACCEPTED, Invitation.Response.TENTATIVE,
                                       Invitation.Response.NONE) and i.meeting.status == Meeting.Status.PUBLISHED,
    PROMOTED: lambda i: i.response == Invitation.Response.ACCEPTED,
    ANSWERED: lambda i: i.response != Invitation.Response.NONE,
}


def _invitations_sent(rows) -> None:
    Invitation.objects.filter(pk__in=[row.context["invitation"] for row in rows], sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


@outbox.register(INVITATION, on_sent=_invitations_sent)
@outbox.register(UPDATED, CANCELLED, REMINDER, PROMOTED, ANSWERED)
def build(row) -> outbox.Rendered | None:
    invitation = _invitation(row)
    if not STILL_WANTED[row.template](invitation):
        return None
    meeting = invitation.meeting
    agenda, meeting_url = _meeting_parts(meeting, row.language)
    waiting = invitation.response == Invitation.Response.WAITING
    with_calendar = "calendar" in row.attachments and not (row.template == ANSWERED and waiting)
    # One calendar file per invitee: it names them as ATTENDEE with their answer so far.
    attachments = (calendar_attachment("meeting.ics", invitation_calendar(invitation)),) if with_calendar else ()
    context = {
        "invitation": invitation,
        "meeting": meeting,
        "person": invitation.person,
        "agenda": agenda,
        "rsvp_url": rsvp_url(invitation, row.language),
        "meeting_url": meeting_url,
    }
    return outbox.Rendered(context, attachments)


def _meeting_parts(meeting: Meeting, language: str):
    """Agenda and link of a meeting in a language: the same for every invitee, so computed once per
    outbox batch."""
    memo = outbox.batch_memo()
    key = ("meetings", meeting.pk, meeting.sequence, meeting.status, language)
    if key not in memo:
        with translation.override(language):
            agenda = list(meeting.agenda_items.order_by("starts_at", "order", "pk"))
            meeting_url = settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])
        memo[key] = (agenda, meeting_url)
    return memo[key]


def _invitation(row) -> Invitation:
    """This row's invitation; those of the whole batch are loaded with the first, in one query."""
    memo = outbox.batch_memo()
    if "meetings.invitations" not in memo:
        ids = {r.context["invitation"] for r in memo.get("rows", ()) if r.template in STILL_WANTED}
        memo["meetings.invitations"] = Invitation.objects.select_related("person", "meeting").in_bulk(ids)
    invitation = memo["meetings.invitations"].get(row.context["invitation"])
    if invitation is None:
        return Invitation.objects.select_related("person", "meeting").get(pk=row.context["invitation"])
    return invitation


# --- Commitments: one reminder before the due date, one when overdue --------------------------------

COMMITMENT_DUE, COMMITMENT_OVERDUE = "meetings/commitment_due", "meetings/commitment_overdue"


def commitment_mail(item: ActionItem, person, template: str) -> outbox.OutboxMail:
    """A reminder about a commitment to one of its owners, in their language; once per commitment,
    kind and person (the key)."""
    return outbox.mail(key=f"{template}:{item.pk}:{person.pk}", to=person.email, template=template,
                       language=person.preferred_language, context={"action_item": item.pk, "person": person.pk})


@outbox.register(COMMITMENT_DUE, COMMITMENT_OVERDUE)
def build_commitment(row) -> outbox.Rendered | None:
    item = ActionItem.objects.select_related("meeting", "owner_organisation", "owner_person").get(pk=row.context["action_item"])
    if not item.is_open:
        return None  # done or dropped since: no reminder
    from stakeholders.models import Person

    person = Person.objects.get(pk=row.context["person"])
    with translation.override(row.language):
        url = settings.SITE_URL + reverse("meetings:commitment_detail", args=[item.pk])
    return outbox.Rendered({"item": item, "person": person, "commitment_url": url})
