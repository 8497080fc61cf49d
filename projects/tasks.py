"""Thin Celery tasks: they take ids, call a service and are safe to run twice."""

from celery import shared_task

from .services import proposals


@shared_task(name="projects.tasks.render_opinion_letter", acks_late=True)
def render_opinion_letter(letter_id: int) -> None:
    """Render one opinion letter (idempotent: a finished letter is left alone)."""
    proposals.render_letter(letter_id=letter_id)


@shared_task(name="projects.tasks.resend_pending_letters")
def resend_pending_letters() -> list[int]:
    """Beat: send again the letters whose job never reached the worker."""
    return proposals.resend_pending_letters()
