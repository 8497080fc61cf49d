from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "magnet:worker-heartbeat"
HEARTBEAT_MAX_AGE = 180  # seconds: beat sends one a minute


@shared_task
def heartbeat():
    """Sent by beat every minute; /health/ reports the worker as up while heartbeats arrive."""
    cache.set(HEARTBEAT_KEY, timezone.now().timestamp(), timeout=HEARTBEAT_MAX_AGE)


def worker_seen_recently() -> bool:
    try:
        return cache.get(HEARTBEAT_KEY) is not None
    except Exception:
        return False
