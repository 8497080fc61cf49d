"""The one Celery app. Tasks live in each app's tasks.py and are found by autodiscovery."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magnet.settings")

app = Celery("magnet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (celery beat). Each entry names a task by its registered name.
app.conf.beat_schedule = {
    "magnet-heartbeat": {"task": "magnet.tasks.heartbeat", "schedule": 60.0},
    "magnet-resend-stale-mail": {"task": "magnet.tasks.resend_stale_mail", "schedule": 20.0},
    "meetings-send-reminders": {
        "task": "meetings.tasks.send_due_reminders",
        "schedule": crontab(minute=0),
    },
    "meetings-commitment-reminders": {
        "task": "meetings.tasks.send_commitment_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "conference-expire-offers": {
        "task": "conference.tasks.expire_waiting_list_offers",
        "schedule": crontab(minute="*/10"),
    },
    "conference-erase-passport-data": {
        "task": "conference.tasks.erase_expired_passport_data",
        "schedule": crontab(hour=3, minute=30),
    },
    "reports-remind-field-reporters": {
        "task": "reports.tasks.send_due_date_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "reports-resend-stalled-jobs": {"task": "reports.tasks.resend_stalled_jobs", "schedule": 20.0},
    "feedback-run-schedule": {"task": "feedback.tasks.run_schedule", "schedule": crontab(minute=15)},
    "projects-remind-report-due": {
        "task": "projects.tasks.send_report_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    "projects-resend-pending-letters": {"task": "projects.tasks.resend_pending_letters", "schedule": 60.0},
    "library-resend-pending-extractions": {"task": "library.tasks.resend_pending_extractions", "schedule": 300.0},
}
