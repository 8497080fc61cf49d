"""Settings users hit in production (issue 9, item 16): API throttles per user and per client address,
the client address behind a reverse proxy, and personal pages kept out of caches."""

import os

import pytest
from allauth.mfa.models import Authenticator

from magnet import services
from magnet.roles import ICMPD_STAFF, STAKEHOLDER
from tests.conftest import _unavailable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_API = "/api/v1/conference/programme/"


def _rates(settings, *, anon="1000/min", user="1000/min"):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}}


@pytest.fixture(params=["locmem", "file", "redis"])
def cache_kind(request, settings, tmp_path):
    """Throttles count in the default cache, whichever it is: Redis in production, files in the
    embedded default, memory in development."""
    backends = {
        "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-test"},
        "file": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")},
    }
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            _unavailable("needs Redis: set REDIS_URL=redis://…")
        backends["redis"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    settings.CACHES = {"default": backends[request.param]}
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


def test_the_601st_request_of_a_user_in_a_minute_is_refused(client, settings, cache_kind):
    _rates(settings, user="600/min")
    _row, token = services.create_api_token(user=UserFactory(role=STAKEHOLDER))
    _row, other = services.create_api_token(user=UserFactory(role=STAKEHOLDER))
    statuses = [client.get(PUBLIC_API, HTTP_AUTHORIZATION=f"Token {token}").status_code for _ in range(601)]
    assert statuses[:600] == [200] * 600
    assert statuses[600] == 429
    # Another user, from the same address, has a budget of their own.
    assert client.get(PUBLIC_API, HTTP_AUTHORIZATION=f"Token {other}").status_code == 200


def test_a_signed_in_session_is_throttled_per_user(client, settings, cache_kind):
    _rates(settings, user="3/min")
    client.force_login(UserFactory(role=STAKEHOLDER))
    assert [client.get(PUBLIC_API).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_anonymous_requests_are_throttled_per_address(client, settings, cache_kind):
    _rates(settings, anon="3/min")
    assert [client.get(PUBLIC_API, REMOTE_ADDR="203.0.113.1").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = client.get(PUBLIC_API, REMOTE_ADDR="203.0.113.1")
    assert int(response["Retry-After"]) > 0
    assert client.get(PUBLIC_API, REMOTE_ADDR="203.0.113.2").status_code == 200


def _from_behind_the_proxy(client, visitor, path=PUBLIC_API):
    # nginx at 10.0.0.5 appends the address it saw; what the visitor wrote (a lie) stays on the left.
    return client.get(path, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"198.51.100.99, {visitor}").status_code


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(client, settings):
    _rates(settings, anon="2/min")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert [_from_behind_the_proxy(client, "192.0.2.10") for _ in range(3)] == [200, 200, 429]
    assert _from_behind_the_proxy(client, "192.0.2.20") == 200  # another visitor, same proxy


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, settings):
    _rates(settings, anon="2/min")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    statuses = [_from_behind_the_proxy(client, f"192.0.2.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]  # all counted against the address that really connected


def test_a_header_set_by_the_proxy_can_name_the_client(client, settings):
    _rates(settings, anon="1/min")
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client.get(PUBLIC_API, REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="192.0.2.10").status_code == 200
    assert client.get(PUBLIC_API, REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="192.0.2.10").status_code == 429
    assert client.get(PUBLIC_API, REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="192.0.2.20").status_code == 200


def test_sign_in_limits_behind_the_proxy_are_per_visitor(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip", "login_failed": "100/m/ip"}
    data = {"login": "nobody@example.org", "password": "wrong-password-1"}

    def attempt(visitor):
        return client.post(
            "/en/accounts/login/", data, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert [attempt("192.0.2.10") for _ in range(3)] == [200, 200, 429]
    assert attempt("192.0.2.20") == 200


# --- Cache-Control on personal pages ---------------------------------------------------------------


def _staff(client):
    user = UserFactory(role=ICMPD_STAFF)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path",
    ["/en/", "/tr/accounts/email/", "/en/accounts/api-tokens/", "/en/registry/", "/en/meetings/my/", "/en/staff/",
     "/en/admin/", "/api/v1/conference/programme/"],
)
def test_personal_pages_are_private_and_never_stored(client, path):
    _staff(client)
    response = client.get(path)
    assert response.status_code == 200, path
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_api_answers_to_a_token_are_private_and_never_stored(client):
    _row, token = services.create_api_token(user=UserFactory(role=STAKEHOLDER))
    response = client.get(PUBLIC_API, HTTP_AUTHORIZATION=f"Token {token}")
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_stay_cacheable_for_visitors(client):
    response = client.get("/en/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_proxy_and_throttle_settings_come_from_the_environment():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from django.conf import settings as s; r = s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'];"
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, r['anon'], r['user'])"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DEBUG": "1", "TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "API_THROTTLE_ANON": "5/min", "API_THROTTLE_USER": "50/min",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=Path(__file__).resolve().parents[2],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["1", "X-Real-IP", "5/min", "50/min"], result.stderr
