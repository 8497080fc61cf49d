"""Thin Celery tasks: take ids, call a service. Each is idempotent (see the service docstrings)."""

from celery import shared_task

from . import services


@shared_task(name="meetings.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """Hourly (celery beat): queue the reminders that are due; never twice to the same invitee."""
    return services.send_due_reminders()


@shared_task(name="meetings.tasks.render_printout", bind=True, max_retries=2)
def render_printout(self, printout_id: int) -> None:
    try:
        services.render_printout_now(printout_id=printout_id)
    except Exception as exc:
        services.record_printout_failure(printout_id=printout_id, error=repr(exc))
        raise


@shared_task(name="meetings.tasks.send_commitment_reminders")
def send_commitment_reminders() -> int:
    """Daily (celery beat): remind owners of commitments due soon or overdue; once each."""
    from . import commitments

    return commitments.send_commitment_reminders()
