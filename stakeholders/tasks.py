"""Thin Celery tasks of the registry: take ids, call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def validate_import_job(job_id: int) -> None:
    """The dry run of an uploaded import file, with progress on the job."""
    services.validate_import(job_id=job_id)


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> int:
    """The confirmed write of an import file: every row or none."""
    return services.run_import(job_id=job_id)
