"""A signed-in request does not write the session row, yet idle sessions still expire (issue 10)."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from magnet.middleware import SessionRefreshMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_writes(client, path="/tr/"):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]]


def test_signed_in_requests_write_the_session_once_per_refresh_interval(client, settings):
    settings.SESSION_REFRESH_SECONDS = 300
    client.force_login(UserFactory())  # signing in stamps the refresh time
    assert _session_writes(client) == []
    assert _session_writes(client) == []


def test_a_session_used_after_the_refresh_interval_gets_a_later_expiry(client, settings):
    client.force_login(UserFactory())
    _session_writes(client)
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    session = client.session
    session[SessionRefreshMiddleware.KEY] -= settings.SESSION_REFRESH_SECONDS + 1
    session.save()
    assert len(_session_writes(client)) == 1
    assert Session.objects.get(session_key=key).expire_date > before


def test_anonymous_requests_create_no_session(client):
    assert _session_writes(client) == []
    assert Session.objects.count() == 0
