"""The whole API, fuzzed from its own OpenAPI schema (schemathesis), for each role: every operation
gets a few generated requests through the WSGI application (no server), on the demo data (a
conference, meetings, reports, organisations), and every answer must be no 5xx and match the
schema (status code, content type, body). A new endpoint is fuzzed without touching this file."""

import io
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from magnet.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CSRF_TOKEN = "fuzz" * 8  # a fixed CSRF secret, sent as cookie and header (session auth checks it)
ROLES = {"anonymous": None, **{role: email for email, _given, _family, role, _language in DEMO_ACCOUNTS}}


def _document() -> dict:
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def _schema():
    # Generated requests only (positive and negative), a few per operation: the exhaustive coverage
    # phase would send hundreds per operation and the fuzz must fit in CI.
    config = schemathesis.config.SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
    loaded = schemathesis.openapi.from_dict(DOCUMENT, config=config)
    from magnet.wsgi import application

    loaded.app = application
    return loaded


DOCUMENT = _document()
schema = _schema()
WITH_BODY = [
    (path, method) for path, operations in DOCUMENT["paths"].items() for method, operation in operations.items()
    if "requestBody" in operation
]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module inside a transaction rolled back at its end (each
    test's own writes are rolled back after the test, as usual)."""
    # A WSGI request closes the database connection when it ends (Django's test client prevents
    # that the same way): here it would end the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=list(ROLES))
def signed_in(request, demo_data, db, settings):
    """Signs the role's demo account in with a Django session (independent of how API tokens work)."""
    settings.MAGNET_REQUIRE_MFA = False  # two-factor is tested elsewhere; here every role gets in
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    headers = {"X-CSRFToken": CSRF_TOKEN, "Accept-Language": "en"}
    cookies = {"csrftoken": CSRF_TOKEN}
    email = ROLES[request.param]
    if email is not None:
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        cookies["sessionid"] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"headers": headers, "cookies": cookies}


@schema.parametrize()
@hypothesis_settings(
    max_examples=int(os.environ.get("MAGNET_FUZZ_EXAMPLES", "4")),  # more for a deeper run by hand
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_role_without_5xx_and_as_documented(case, signed_in):
    case.call_and_validate(checks=CHECKS, **signed_in)


@pytest.mark.parametrize(("path", "method"), WITH_BODY)
def test_a_json_body_that_is_not_an_object_is_refused_without_5xx(path, method, signed_in):
    """Generated bodies are mostly objects; a list, a string, a number or null must be a 4xx too."""
    client = Client()
    client.cookies.load(signed_in["cookies"])
    url = path.replace("{id}", "1").replace("{code}", "x")
    for body in ("[]", '["x"]', '"x"', "3", "null"):
        response = getattr(client, method)(url, body, content_type="application/json", headers=signed_in["headers"])
        assert 400 <= response.status_code < 500, (method, url, body, response.status_code)
