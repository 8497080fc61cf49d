"""Thin Celery tasks of each project's reports (registered by ProjectsConfig.ready)."""

from celery import shared_task

from .services import reporting


@shared_task(name="projects.tasks.send_report_reminders")
def send_report_reminders() -> int:
    """Beat, daily: remind each project's organisation of a report due soon (once per report)."""
    return reporting.send_due_reminders()
