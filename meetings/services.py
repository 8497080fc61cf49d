"""Every write of the meetings app. Views, the admin, the API, tasks and the demo call these."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magnet import outbox
from magnet.pdf import render_pdf
from magnet.tasks import enqueue_on_commit

from . import notifications, selectors
from .models import CalendarFeed, Invitation, Meeting, Printout

# Fields whose change invitees must be told about (with an updated calendar entry).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "province", "city", "online_url")
LANGUAGE_NAMES = {"tr": _("Turkish"), "en": _("English")}


# --- Curating ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One agenda item's time slot, as the admin form or the database has it."""

    label: str
    starts_at: object
    ends_at: object


def agenda_problems(*, meeting: Meeting, slots: list[Slot]) -> list[str]:
    """Reversed times, items outside the meeting and overlapping items, as messages in the active
    language. An empty list means the agenda is sound."""
    problems = []
    for slot in slots:
        if slot.ends_at <= slot.starts_at:
            problems.append(gettext("“%(item)s” ends before it starts.") % {"item": slot.label})
        elif meeting.starts_at and meeting.ends_at and (slot.starts_at < meeting.starts_at or slot.ends_at > meeting.ends_at):
            problems.append(gettext("“%(item)s” is outside the meeting's times.") % {"item": slot.label})
    ordered = sorted((s for s in slots if s.ends_at > s.starts_at), key=lambda s: (s.starts_at, s.ends_at))
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if current.starts_at < previous.ends_at:
            problems.append(
                gettext("“%(first)s” and “%(second)s” overlap.") % {"first": previous.label, "second": current.label}
            )
    return problems


def missing_translations(*, meeting: Meeting) -> list[str]:
    """Required texts that are empty in Turkish or English: the title and summary of the meeting and
    the title of every agenda item."""
    missing = []
    for language in ("tr", "en"):
        language_name = str(LANGUAGE_NAMES[language])
        if not getattr(meeting, f"title_{language}"):
            missing.append(gettext("Meeting title (%(language)s)") % {"language": language_name})
        if not getattr(meeting, f"summary_{language}"):
            missing.append(gettext("Meeting summary (%(language)s)") % {"language": language_name})
    for position, item in enumerate(meeting.agenda_items.order_by("starts_at", "order", "pk"), start=1):
        for language in item_missing_languages(item):
            values = {"number": position, "language": str(LANGUAGE_NAMES[language])}
            if not getattr(item, f"title_{language}"):
                missing.append(gettext("Agenda item %(number)s: title (%(language)s)") % values)
            else:
                missing.append(gettext("Agenda item %(number)s: description (%(language)s)") % values)
    return missing


def item_missing_languages(item) -> list[str]:
    """The languages ("tr", "en") an agenda item (or a builder row) still lacks: its title, or a
    description written only in the other language. The builder marks rows with it; publishing
    is refused while any item lacks one (`missing_translations`)."""
    missing = []
    for language, other in (("tr", "en"), ("en", "tr")):
        title = (getattr(item, f"title_{language}") or "").strip()
        description = (getattr(item, f"description_{language}") or "").strip()
        if not title or ((getattr(item, f"description_{other}") or "").strip() and not description):
            missing.append(language)
    return missing


@transaction.atomic
def publish_meeting(*, meeting: Meeting) -> Meeting:
    """Publish a draft. Refused (ValidationError listing every problem, nothing changed) when a
    required text is missing in either language or the agenda has reversed or overlapping times.
    Agenda PDFs in both languages are rendered afterwards by Celery."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    slots = [Slot(item.title, item.starts_at, item.ends_at) for item in meeting.agenda_items.all()]
    problems = missing_translations(meeting=meeting) + agenda_problems(meeting=meeting, slots=slots)
    if problems:
        raise ValidationError(problems)
    meeting.status = Meeting.Status.PUBLISHED
    meeting.full_clean()
    meeting.save()
    for language in ("tr", "en"):
        request_printout(meeting=meeting, kind=Printout.Kind.AGENDA, language=language)
    return meeting


@transaction.atomic
def announce_change(*, meeting: Meeting) -> Meeting:
    """A published meeting's time or place changed: raise its calendar SEQUENCE and tell every
    invitee who has not declined, with the updated calendar entry (same UID), through the outbox."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.refresh_from_db(fields=["sequence", "status"])
    _enqueue_updates(meeting)
    if meeting.status == Meeting.Status.PUBLISHED:
        for language in ("tr", "en"):
            request_printout(meeting=meeting, kind=Printout.Kind.AGENDA, language=language)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting) -> Meeting:
    """Cancel a draft or published meeting; invitees get a cancelled calendar entry (same UID,
    higher SEQUENCE) in their language. Cancelling twice changes nothing."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        return meeting
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("A meeting that was held cannot be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    _enqueue_updates(meeting)
    return meeting


@transaction.atomic
def mark_held(*, meeting: Meeting) -> Meeting:
    """Record that a published meeting took place (after it started)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PUBLISHED or meeting.starts_at > timezone.now():
        raise ValidationError(_("Only a published meeting that has started can be marked as held."))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


def _enqueue_updates(meeting):
    """Each invitee already mailed who has not declined is told once per revision (an invitation
    records the SEQUENCE it was last told about); an invitation still waiting in the outbox is
    rendered with the latest details anyway."""
    invitations = list(
        Invitation.objects.select_related("person")
        .filter(meeting=meeting, sent_at__isnull=False, notified_sequence__lt=meeting.sequence)
        .exclude(response=Invitation.Response.DECLINED)
    )
    outbox.enqueue(*notifications.update_mails(invitations, meeting))
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(notified_sequence=meeting.sequence)


# --- Inviting ----------------------------------------------------------------------------------


@transaction.atomic
def invite_people(*, meeting: Meeting, people) -> int:
    """Invite these people (an iterable of Person or a queryset) to a published meeting. Someone
    already invited is never invited twice, even when two senders act at once (a unique constraint).
    Each invitation mail is an outbox row written with it; it goes out after the commit, and not at
    all if the person has answered by then. Returns how many were newly invited."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PUBLISHED:
        raise ValidationError(_("Invitations can only be sent for a published meeting."))
    if meeting.has_ended:
        raise ValidationError(_("This meeting is over."))
    person_ids = {getattr(p, "pk", p) for p in people}
    already = set(meeting.invitations.filter(person_id__in=person_ids).values_list("person_id", flat=True))
    new_ids = sorted(person_ids - already)
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, person_id=pk, notified_sequence=meeting.sequence) for pk in new_ids],
        ignore_conflicts=True,
    )
    created = Invitation.objects.filter(meeting=meeting, person_id__in=new_ids).select_related("person")
    outbox.enqueue(*notifications.invitation_mails(created))
    return len(new_ids)


def send_due_reminders(*, now=None) -> int:
    """Send the reminder of every published meeting that starts within its `reminder_days` to each
    invitee who has not declined and is not waiting. Idempotent: an invitation's reminder is queued at
    most once (recorded in reminder_sent_at under a row lock, and a unique outbox key). Returns how
    many were queued."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, reminder_days__gt=0, starts_at__gt=now, starts_at__lte=now + timedelta(days=60)
    )
    sent = 0
    for meeting in meetings:
        if meeting.starts_at > now + timedelta(days=meeting.reminder_days):
            continue
        with transaction.atomic():
            invitations = list(
                meeting.invitations.select_for_update(skip_locked=True, of=("self",))
                .select_related("person")
                .filter(
                    reminder_sent_at__isnull=True,
                    sent_at__isnull=False,
                    response__in=(Invitation.Response.ACCEPTED, Invitation.Response.TENTATIVE, Invitation.Response.NONE),
                )
            )
            outbox.enqueue(*(notifications.reminder_mail(i) for i in invitations))
            Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(reminder_sent_at=now)
        sent += len(invitations)
    return sent


# --- Answering (RSVP) -----------------------------------------------------------------------------

ANSWERS = (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED, Invitation.Response.TENTATIVE)


def _accepted_count(meeting) -> int:
    return meeting.invitations.filter(response=Invitation.Response.ACCEPTED).count()


def _has_free_seat(meeting) -> bool:
    return meeting.capacity is None or _accepted_count(meeting) < meeting.capacity


@transaction.atomic
def respond(
    *,
    invitation: Invitation,
    response: str,
    note: str = "",
    dietary_needs: str = "",
    accessibility_needs: str = "",
) -> Invitation:
    """Record an invitee's answer (accepted, declined or tentative) with their note and needs.

    Guarantees: answers are refused (ValidationError, nothing changed) unless the meeting is
    published, not started and before its deadline. The meeting row is locked while seats are
    counted, so capacity is never exceeded however many answer at once: an acceptance when the
    meeting is full goes to the waiting list. A seat freed by a change of answer goes to the first
    person waiting, who is told by e-mail."""
    if response not in ANSWERS:
        raise ValidationError({"response": _("Choose accept, decline or tentative.")})
    # The confirmation is rendered when it is sent, from the answer as it stands then, so its row can
    # be written before the seat lock: a burst of answers queues on the meeting row only for the
    # count and the answer itself.
    outbox.enqueue(notifications.answered_mail(invitation))
    meeting = Meeting.objects.select_for_update().get(pk=invitation.meeting_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not meeting.answers_open:
        raise ValidationError(_("Answers for this meeting are closed."))
    previous = invitation.response
    now = timezone.now()
    if response == Invitation.Response.ACCEPTED:
        if previous == Invitation.Response.ACCEPTED or _has_free_seat(meeting):
            invitation.response = Invitation.Response.ACCEPTED
            invitation.waiting_since = None
        else:
            invitation.response = Invitation.Response.WAITING
            invitation.waiting_since = invitation.waiting_since or now
    else:
        invitation.response = response
        invitation.waiting_since = None
    invitation.note = note
    invitation.dietary_needs = dietary_needs
    invitation.accessibility_needs = accessibility_needs
    invitation.responded_at = now
    invitation.opened_at = invitation.opened_at or now
    # The meeting and person do not change, so neither they nor the unique constraint need a query
    # under the lock.
    invitation.full_clean(exclude=["meeting", "person"], validate_constraints=False)
    invitation.save()
    if previous == Invitation.Response.ACCEPTED and invitation.response != Invitation.Response.ACCEPTED:
        fill_free_seats(meeting=meeting)
    return invitation


@transaction.atomic
def respond_as_member(*, user, meeting: Meeting, **answer) -> Invitation:
    """A signed-in person answers: with their invitation, or — for a meeting open to their pillar —
    with an invitation created now. Anyone else is refused (PermissionDenied)."""
    person = selectors.person_for(user)
    if person is None:
        raise PermissionDenied
    invitation = Invitation.objects.filter(meeting=meeting, person=person).first()
    if invitation is None:
        if not selectors.may_join(user=user, meeting=meeting):
            raise PermissionDenied
        if not meeting.answers_open:
            raise ValidationError(_("Answers for this meeting are closed."))
        invitation, _created = Invitation.objects.get_or_create(
            meeting=meeting, person=person, defaults={"sent_at": timezone.now()}
        )
    return respond(invitation=invitation, **answer)


@transaction.atomic
def fill_free_seats(*, meeting: Meeting) -> list[Invitation]:
    """Promote people from the waiting list, first come first served, while seats are free; each is
    told by e-mail after the commit. Safe to call at any time (e.g. after capacity was raised)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PUBLISHED:
        return []
    waiting = meeting.invitations.filter(response=Invitation.Response.WAITING).order_by("waiting_since", "pk")
    if meeting.capacity is not None:
        free = max(meeting.capacity - _accepted_count(meeting), 0)
        waiting = waiting[:free]
    promoted = list(waiting)
    for invitation in promoted:
        invitation.response = Invitation.Response.ACCEPTED
        invitation.waiting_since = None
        invitation.save(update_fields=["response", "waiting_since"])
        outbox.enqueue(notifications.promoted_mail(invitation))
    return promoted




# --- On the day --------------------------------------------------------------------------------


@transaction.atomic
def set_attendance(*, invitation: Invitation, attended: bool) -> Invitation:
    """Check an invitee in (or undo it). Allowed from the day of the meeting on."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance can be recorded from the day of the meeting."))
    invitation.attended = attended
    invitation.checked_in_at = timezone.now() if attended else None
    invitation.save(update_fields=["attended", "checked_in_at"])
    return invitation


@transaction.atomic
def add_walk_in(*, meeting: Meeting, person) -> Invitation:
    """Someone from the registry came without an invitation: record them as a checked-in walk-in.
    An invited person is simply checked in."""
    invitation, created = Invitation.objects.get_or_create(
        meeting=meeting, person=person, defaults={"walk_in": True}
    )
    return set_attendance(invitation=invitation, attended=True)


# --- Calendar feed -----------------------------------------------------------------------------


@transaction.atomic
def renew_calendar_feed(*, person) -> CalendarFeed:
    """Create the person's private feed, or replace its secret token (the old URL stops working)."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        person=person, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not _created:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def revoke_calendar_feed(*, person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


# --- Printouts ---------------------------------------------------------------------------------


@transaction.atomic
def request_printout(*, meeting: Meeting, kind: str, language: str) -> Printout:
    """Ask for a (re)rendered agenda or attendance PDF; Celery renders it after the commit."""
    printout, _created = Printout.objects.update_or_create(
        meeting=meeting, kind=kind, language=language, defaults={"state": Printout.State.PENDING, "error": ""}
    )
    from .tasks import render_printout

    enqueue_on_commit(render_printout, printout.pk)
    return printout


PRINTOUT_TEMPLATES = {
    Printout.Kind.AGENDA: "pdf/meetings/agenda.html",
    Printout.Kind.ATTENDANCE: "pdf/meetings/attendance.html",
}


def render_printout_now(*, printout_id: int) -> Printout | None:
    """Render the PDF in the printout's language and store it. Running it again re-renders the
    same file; a failure is recorded on the printout."""
    printout = Printout.objects.select_related("meeting").filter(pk=printout_id).first()
    if printout is None:
        return None
    meeting = printout.meeting
    with translation.override(printout.language):
        context = {
            "meeting": meeting,
            "agenda": list(selectors.agenda_of(meeting)),
            "attendees": list(selectors.attendance_list(meeting=meeting))
            if printout.kind == Printout.Kind.ATTENDANCE
            else [],
        }
        rendered = render_pdf(PRINTOUT_TEMPLATES[printout.kind], context)
    old_name = printout.file.name
    printout.file.save(f"meeting-{meeting.pk}-{printout.kind}-{printout.language}.pdf", ContentFile(rendered.content), save=False)
    printout.page_count = rendered.page_count
    printout.state = Printout.State.DONE
    printout.error = ""
    printout.finished_at = timezone.now()
    printout.save()
    if old_name and old_name != printout.file.name:
        printout.file.storage.delete(old_name)
    return printout


def record_printout_failure(*, printout_id: int, error: str) -> None:
    Printout.objects.filter(pk=printout_id).update(state=Printout.State.FAILED, error=error[:2000], finished_at=timezone.now())
