"""Thin Celery tasks: take ids, call a service. Each is idempotent."""

from celery import shared_task

from .services import documents, registration


@shared_task(name="conference.tasks.expire_waiting_list_offers")
def expire_waiting_list_offers() -> int:
    return registration.expire_offers()


@shared_task(name="conference.tasks.erase_expired_passport_data")
def erase_expired_passport_data() -> int:
    return documents.erase_expired_passport_data()


@shared_task(name="conference.tasks.render_badge_batch")
def render_badge_batch(batch_id: int) -> None:
    documents.build_badge_batch(batch_id=batch_id)
