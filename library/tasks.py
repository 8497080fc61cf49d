"""Thin Celery tasks: take ids, call a service. Each is idempotent (see the service docstrings)."""

from celery import shared_task

from . import services


@shared_task(name="library.tasks.extract_document_text", soft_time_limit=300, time_limit=330)
def extract_document_text(document_id: int) -> None:
    """Read a library document's file text and refresh its search columns (idempotent)."""
    services.extract_text(document_id=document_id)


@shared_task(name="library.tasks.resend_pending_extractions")
def resend_pending_extractions() -> int:
    return services.resend_pending_extractions()
