"""Thin Celery tasks: they take ids, call a service and are safe to run twice."""

from celery import shared_task

from .services import generation, reminders


@shared_task(name="reports.tasks.render_report_document", acks_late=True)
def render_report_document(document_id: int) -> None:
    """Render one PDF edition (idempotent: a finished or live job is left alone)."""
    generation.render_document(document_id=document_id)


@shared_task(name="reports.tasks.resend_stalled_jobs")
def resend_stalled_jobs() -> list[int]:
    """Beat, every 20 seconds: send again the generation jobs never sent, never picked up, or whose
    worker died mid-render."""
    return generation.resend_stalled()


@shared_task(name="reports.tasks.send_due_date_reminders")
def send_due_date_reminders() -> int:
    """Beat, daily: remind field reporters of a period's due date (once per reporter and period)."""
    return reminders.send_due_date_reminders()
