import pytest

from feedback import tasks
from magnet.celery import app

from .factories import attendee, held_meeting, template

pytestmark = pytest.mark.django_db


def test_beat_runs_the_feedback_schedule_every_hour():
    assert app.conf.beat_schedule["feedback-run-schedule"]["task"] == tasks.run_schedule.name


def test_the_task_sends_the_form_of_a_held_meeting_once():
    from feedback import services

    meeting = held_meeting()
    attendee(meeting)
    form = services.create_form(template=template(), meeting=meeting)
    assert tasks.run_schedule.delay().get() == {"sent": 1, "reminded": 0, "closed": 0}
    assert tasks.run_schedule.delay().get() == {"sent": 0, "reminded": 0, "closed": 0}
    form.refresh_from_db()
    assert form.recipients.count() == 1
