import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)

HEARTBEAT_KEY = "magnet:worker-heartbeat"
HEARTBEAT_MAX_AGE = 180  # seconds: beat sends one a minute


@shared_task
def heartbeat():
    """Sent by beat every minute; /health/ reports the worker as up while heartbeats arrive."""
    cache.set(HEARTBEAT_KEY, timezone.now().timestamp(), timeout=HEARTBEAT_MAX_AGE)


@worker_ready.connect
def _first_heartbeat(**kwargs):
    """Say so at once when a worker starts, rather than a minute later at beat's first tick."""
    heartbeat()


def worker_seen_recently() -> bool:
    try:
        return cache.get(HEARTBEAT_KEY) is not None
    except Exception:
        return False


def enqueue_on_commit(task, *args) -> None:
    """Send `task(*args)` to the worker once the current transaction commits.

    With the broker down the page still answers and the failure is logged. Jobs that must survive
    an outage (report generation) keep their own state in the database and beat sends them again."""

    def send():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 — connection errors come in many classes
            log.exception("broker unavailable: %s%r was not sent", task.name, args)

    transaction.on_commit(send)


@shared_task(name="magnet.tasks.send_mail_batch")
def send_mail_batch(outbox_ids: list[int]) -> int:
    """Send one batch of outbox rows over one SMTP connection (idempotent: rows are claimed)."""
    from . import outbox

    return outbox.send_batch(outbox_ids)


@shared_task(name="magnet.tasks.resend_stale_mail")
def resend_stale_mail() -> int:
    """Beat, every 20 s: outbox rows never handed over, lost, or claimed by a worker that died."""
    from . import outbox

    return outbox.resend_stale()
