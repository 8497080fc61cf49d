"""Redis unreachable (cache and broker): every page and sign-in answers without a 500, rate limits
fall back to the process's memory, notifications wait as outbox rows, and /health/ says "degraded"
at once instead of hanging on the dead connection."""

import time

import pytest

from magnet.models import OutboxMail
from magnet.roles import FIELD_REPORTER
from magnet.views import forget_health
from meetings import services as meetings
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.meetings.factories import MeetingFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, broker_down):
    settings.CACHES = {"default": {"BACKEND": "magnet.cache.FallbackRedisCache", "LOCATION": DEAD_REDIS}}
    with broker_down():
        forget_health()
        yield
    forget_health()


@pytest.mark.django_db
def test_pages_and_sign_in_answer_and_health_is_degraded_at_once(client, redis_down):
    UserFactory(email="elif@example.org", preferred_language="en", role=FIELD_REPORTER)
    for url in ("/tr/", "/en/", "/tr/accounts/login/", "/tr/accounts/signup/"):
        assert client.get(url).status_code == 200, url

    response = client.post("/tr/accounts/login/", {"login": "elif@example.org", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    for url in ("/en/", "/en/meetings/", "/en/reports/field/"):
        assert client.get(url).status_code == 200, url

    started = time.monotonic()
    health = client.get("/health/")
    elapsed = time.monotonic() - started
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "broker": "down", "worker": "down"}
    assert elapsed < 0.5  # not the seconds of a connection retried per request (the benchmark measures ms)


@pytest.mark.django_db
def test_sign_in_rate_limits_still_hold_in_the_process_memory(client, redis_down):
    UserFactory(email="elif@example.org")
    for attempt in range(5):
        client.post("/en/accounts/login/", {"login": "elif@example.org", "password": f"wrong{attempt}"})
    response = client.post("/en/accounts/login/", {"login": "elif@example.org", "password": PASSWORD})
    assert "Too many failed login attempts. Try again later." in response.content.decode()


@pytest.mark.django_db
def test_notifications_wait_as_rows_while_redis_is_down(redis_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.invite_people(meeting=MeetingFactory(), people=[PersonFactory(), PersonFactory()])
    assert list(OutboxMail.objects.values_list("state", "dispatched_at")) == [("pending", None)] * 2


def test_the_cache_apis_own_errors_do_not_count_as_redis_down():
    """incr of a missing key raises ValueError by the cache API: the caller gets it, and the process
    keeps using Redis (before, it switched to its memory for 5 s, where a sent-mail ledger entry
    written then was missing from Redis afterwards and the mail went twice)."""
    import os
    import uuid

    from magnet.cache import FallbackRedisCache

    cache = FallbackRedisCache(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", {})
    with pytest.raises(ValueError):
        cache.incr(f"magnet-test-missing-{uuid.uuid4().hex}")
    assert cache.available
