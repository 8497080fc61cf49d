import pytest

from magnet.celery import app
from meetings import tasks
from meetings.models import Printout
from tests.meetings.factories import InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def test_beat_finds_the_reminder_task_by_its_registered_name():
    assert app.conf.beat_schedule["meetings-send-reminders"]["task"] == tasks.send_due_reminders.name
    assert "meetings.tasks.send_due_reminders" in app.tasks


def test_the_reminder_task_is_idempotent(mailoutbox, django_capture_on_commit_callbacks):
    # Two days ahead covers tomorrow 10:00 at any hour the test runs (one day would not, after midnight).
    meeting = MeetingFactory(starts_at=in_days(1), ends_at=in_days(1, 15), reminder_days=2)
    InvitationFactory(meeting=meeting, response="accepted")
    InvitationFactory(meeting=meeting, response="tentative")

    with django_capture_on_commit_callbacks(execute=True):
        results = [tasks.send_due_reminders.delay().get(), tasks.send_due_reminders.delay().get()]

    assert results == [2, 0]
    assert len(mailoutbox) == 2


def test_a_meeting_without_reminders_sends_none(mailoutbox):
    meeting = MeetingFactory(starts_at=in_days(1), ends_at=in_days(1, 15), reminder_days=0)
    InvitationFactory(meeting=meeting, response="accepted")

    assert tasks.send_due_reminders.delay().get() == 0
    assert mailoutbox == []


def test_the_attendance_pdf_task_renders_and_records_the_file():
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, response="accepted")
    printout = Printout.objects.create(meeting=meeting, kind="attendance", language="tr")

    tasks.render_printout.delay(printout.pk)
    tasks.render_printout.delay(printout.pk)  # again: same file, no harm

    printout.refresh_from_db()
    assert printout.state == Printout.State.DONE
    assert printout.page_count == 1
    assert printout.file.read().startswith(b"%PDF-")
