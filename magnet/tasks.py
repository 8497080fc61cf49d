from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache
from django.utils import timezone

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
