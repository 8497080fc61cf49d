import datetime
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation
from icalendar import Calendar
from pypdf import PdfReader

from magnet import outbox
from meetings import services
from meetings.models import CalendarFeed, Invitation, Meeting, MeetingDocument, Printout
from tests.factories import PersonFactory
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _calendar_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "meeting.ics"]
    return Calendar.from_ical(attachment[1])


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_with_missing_english_texts_is_refused_with_the_list_and_changes_nothing():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, title_en="", summary_en="")
    AgendaItemFactory(meeting=meeting, title_en="")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.publish_meeting(meeting=meeting)

    assert refused.value.messages == [
        "Meeting title (English)",
        "Meeting summary (English)",
        "Agenda item 1: title (English)",
    ]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_publishing_refuses_an_agenda_with_overlapping_items():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, title="Açılış", starts_at=meeting.starts_at, ends_at=meeting.starts_at + datetime.timedelta(hours=1))
    AgendaItemFactory(
        meeting=meeting,
        title="Panel",
        starts_at=meeting.starts_at + datetime.timedelta(minutes=30),
        ends_at=meeting.starts_at + datetime.timedelta(hours=2),
    )

    with pytest.raises(ValidationError) as refused:
        services.publish_meeting(meeting=meeting)

    assert len(refused.value.messages) == 1
    assert "Açılış" in refused.value.messages[0] and "Panel" in refused.value.messages[0]
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_agenda_problems_name_reversed_and_outside_items():
    meeting = MeetingFactory.build(starts_at=in_days(5, 10), ends_at=in_days(5, 17))
    slots = [
        services.Slot("Ters", in_days(5, 12), in_days(5, 11)),
        services.Slot("Geç", in_days(5, 16), in_days(5, 18)),
        services.Slot("Uygun", in_days(5, 10), in_days(5, 11)),
    ]

    problems = services.agenda_problems(meeting=meeting, slots=slots)

    assert len(problems) == 2
    assert "Ters" in problems[0]
    assert "Geç" in problems[1]


def test_publishing_a_complete_draft_publishes_it_and_renders_both_agenda_pdfs(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    printouts = {(p.kind, p.language): p for p in Printout.objects.filter(meeting=meeting)}
    assert set(printouts) == {("agenda", "tr"), ("agenda", "en")}
    english = printouts[("agenda", "en")]
    assert english.state == Printout.State.DONE
    assert english.page_count == 1
    text = PdfReader(io.BytesIO(english.file.read())).pages[0].extract_text()
    assert meeting.title_en in text


# --- Inviting -----------------------------------------------------------------------------------


def test_inviting_sends_each_person_one_email_in_their_language_with_calendar_and_personal_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    turkish = PersonFactory(preferred_language="tr", email="ayse@example.org")
    english = PersonFactory(preferred_language="en", email="john@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        created = services.invite_people(meeting=meeting, people=[turkish, english])

    assert created == 2
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {"ayse@example.org", "john@example.org"}
    assert by_recipient["ayse@example.org"].subject == f"[MAGNET] Davet: {meeting.title_tr}"
    assert by_recipient["john@example.org"].subject == f"[MAGNET] Invitation: {meeting.title_en}"
    assert "/en/meetings/rsvp/" in by_recipient["john@example.org"].body
    assert "/tr/meetings/rsvp/" in by_recipient["ayse@example.org"].body
    calendar = _calendar_of(by_recipient["john@example.org"])
    assert str(calendar["method"]) == "REQUEST"
    assert Invitation.objects.filter(meeting=meeting, sent_at__isnull=False).count() == 2


def test_inviting_twice_never_invites_anyone_twice(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    people = PersonFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_people(meeting=meeting, people=people[:2])
    with django_capture_on_commit_callbacks(execute=True):
        created = services.invite_people(meeting=meeting, people=people)

    assert created == 1
    assert len(mailoutbox) == 3
    assert meeting.invitations.count() == 3


def test_invitations_go_out_in_batches_until_all_are_sent(mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(outbox, "BATCH_SIZE", 2)
    meeting = MeetingFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_people(meeting=meeting, people=PersonFactory.create_batch(5))

    assert len(mailoutbox) == 5
    assert not meeting.invitations.filter(sent_at__isnull=True).exists()


def test_a_draft_cannot_be_sent_to_invitees(mailoutbox):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)

    with pytest.raises(ValidationError):
        services.invite_people(meeting=meeting, people=[PersonFactory()])

    assert meeting.invitations.count() == 0


# --- Answering (RSVP) ---------------------------------------------------------------------------


def test_an_acceptance_with_a_free_seat_is_accepted_with_needs_and_note():
    invitation = InvitationFactory(meeting=MeetingFactory(capacity=2))

    result = services.respond(
        invitation=invitation, response="accepted", note="Geç katılacağım", dietary_needs="Vejetaryen", accessibility_needs=""
    )

    assert result.response == Invitation.Response.ACCEPTED
    assert result.note == "Geç katılacağım"
    assert result.dietary_needs == "Vejetaryen"
    assert result.responded_at is not None


def test_rsvp_over_capacity_goes_to_waiting_list():
    meeting = MeetingFactory(capacity=1)
    first, second = InvitationFactory.create_batch(2, meeting=meeting)

    services.respond(invitation=first, response="accepted")
    result = services.respond(invitation=second, response="accepted")

    assert result.response == Invitation.Response.WAITING
    assert result.waiting_since is not None


def test_a_freed_seat_promotes_the_first_person_waiting_who_is_told_by_email(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    holder, first_waiting, second_waiting = InvitationFactory.create_batch(3, meeting=meeting)
    services.respond(invitation=holder, response="accepted")
    services.respond(invitation=first_waiting, response="accepted")
    services.respond(invitation=second_waiting, response="accepted")

    with django_capture_on_commit_callbacks(execute=True):
        services.respond(invitation=holder, response="declined")

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.response == Invitation.Response.ACCEPTED
    assert second_waiting.response == Invitation.Response.WAITING
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {holder.person.email, first_waiting.person.email}  # the decliner's confirmation
    assert by_recipient[first_waiting.person.email].subject.startswith("[MAGNET] Yer sizin")


def test_an_answer_after_the_deadline_is_refused_and_changes_nothing():
    meeting = MeetingFactory(rsvp_deadline=timezone.now() - datetime.timedelta(hours=1))
    invitation = InvitationFactory(meeting=meeting)

    with pytest.raises(ValidationError):
        services.respond(invitation=invitation, response="accepted")

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE


def test_an_answer_that_is_not_one_of_the_three_is_refused():
    invitation = InvitationFactory()

    with pytest.raises(ValidationError):
        services.respond(invitation=invitation, response="waiting")

    assert Invitation.objects.get(pk=invitation.pk).response == Invitation.Response.NONE


def test_an_answer_to_a_cancelled_meeting_is_refused():
    invitation = InvitationFactory(meeting=MeetingFactory(status=Meeting.Status.CANCELLED))

    with pytest.raises(ValidationError):
        services.respond(invitation=invitation, response="accepted")


def test_raising_capacity_fills_the_new_seats_from_the_waiting_list(django_capture_on_commit_callbacks, mailoutbox):
    meeting = MeetingFactory(capacity=1)
    invitations = InvitationFactory.create_batch(3, meeting=meeting)
    for invitation in invitations:
        services.respond(invitation=invitation, response="accepted")
    Meeting.objects.filter(pk=meeting.pk).update(capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.fill_free_seats(meeting=meeting)

    assert [i.pk for i in promoted] == [invitations[1].pk]
    assert meeting.invitations.filter(response="accepted").count() == 2
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_never_oversell_the_seats():
    meeting = MeetingFactory(capacity=3)
    invitations = InvitationFactory.create_batch(12, meeting=meeting)
    barrier = threading.Barrier(len(invitations))
    errors = []

    def accept(invitation):
        try:
            barrier.wait(timeout=10)
            services.respond(invitation=invitation, response="accepted")
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert meeting.invitations.filter(response="accepted").count() == 3
    assert meeting.invitations.filter(response="waiting").count() == 9


# --- Changes, cancellation, reminders -------------------------------------------------------------


def test_cancelling_tells_invitees_with_a_cancelled_entry_of_the_same_uid_and_higher_sequence(
    mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person=PersonFactory(preferred_language="en"))
    InvitationFactory(meeting=meeting, response="declined")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == f"[MAGNET] Cancelled: {meeting.title_en}"
    calendar = _calendar_of(mailoutbox[0])
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@magnet"
    assert int(event["sequence"]) == 1
    assert str(event["status"]) == "CANCELLED"


def test_a_new_time_is_announced_once_per_change(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting)
    meeting.starts_at += datetime.timedelta(days=1)
    meeting.ends_at += datetime.timedelta(days=1)
    meeting.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.announce_change(meeting=meeting)
    outbox.resend_stale(now=timezone.now() + datetime.timedelta(hours=1))  # the sweep sends nothing again

    assert len(mailoutbox) == 1
    (event,) = _calendar_of(mailoutbox[0]).walk("VEVENT")
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == timezone.localtime(meeting.starts_at)


def test_reminders_go_out_once_to_those_who_have_not_declined(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(starts_at=in_days(1, 10), ends_at=in_days(1, 16), reminder_days=2)
    accepted = InvitationFactory(meeting=meeting, response="accepted")
    InvitationFactory(meeting=meeting, response="declined")
    InvitationFactory(meeting=meeting, response="waiting")
    later = MeetingFactory(starts_at=in_days(9, 10), ends_at=in_days(9, 16), reminder_days=2)
    InvitationFactory(meeting=later, response="accepted")

    with django_capture_on_commit_callbacks(execute=True):
        first_run = services.send_due_reminders()
        second_run = services.send_due_reminders()

    assert (first_run, second_run) == (1, 0)
    assert [m.to for m in mailoutbox] == [[accepted.person.email]]
    assert mailoutbox[0].subject.startswith("[MAGNET] Hatırlatma:")


# --- On the day -----------------------------------------------------------------------------------


def test_attendance_cannot_be_recorded_before_the_day_of_the_meeting():
    invitation = InvitationFactory(meeting=MeetingFactory(starts_at=in_days(3), ends_at=in_days(3, 15)))

    with pytest.raises(ValidationError):
        services.set_attendance(invitation=invitation, attended=True)

    assert Invitation.objects.get(pk=invitation.pk).attended is False


def test_a_walk_in_is_recorded_as_checked_in_and_an_invitee_is_simply_checked_in():
    meeting = MeetingFactory(starts_at=in_days(0, 0), ends_at=in_days(0, 23))
    invited = InvitationFactory(meeting=meeting)
    stranger = PersonFactory()

    walk_in = services.add_walk_in(meeting=meeting, person=stranger)
    checked = services.add_walk_in(meeting=meeting, person=invited.person)

    assert (walk_in.walk_in, walk_in.attended) == (True, True)
    assert (checked.pk, checked.walk_in, checked.attended) == (invited.pk, False, True)


# --- Calendar feed, documents ---------------------------------------------------------------------


def test_renewing_the_calendar_feed_replaces_its_secret_and_revoking_removes_it():
    person = PersonFactory()

    first = services.renew_calendar_feed(person=person).token
    second = services.renew_calendar_feed(person=person).token
    services.revoke_calendar_feed(person=person)

    assert first != second
    assert len(second) >= 40
    assert not CalendarFeed.objects.filter(person=person).exists()


def test_a_document_whose_content_is_not_what_its_name_claims_is_refused():
    document = MeetingDocument(
        meeting=MeetingFactory(), title="Sunum", file=SimpleUploadedFile("sunum.pdf", b"MZ\x90\x00 not a pdf")
    )

    with pytest.raises(ValidationError) as refused:
        document.full_clean()

    assert "file" in refused.value.message_dict
