"""Thin Celery tasks: call a service. Idempotent (see the service docstrings)."""

from celery import shared_task

from . import services


@shared_task(name="feedback.tasks.run_schedule")
def run_schedule() -> dict:
    """Hourly (celery beat): send forms of events that are over, remind once, close expired forms."""
    return services.run_schedule()
