import re

import pytest
from knox.models import AuthToken

from tests.factories import UserFactory


@pytest.mark.django_db
def test_api_requires_authentication(client):
    response = client.get("/api/v1/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_api_accepts_a_token(client):
    _row, token = AuthToken.objects.create(user=UserFactory())
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_api_refuses_a_wrong_token(client):
    response = client.get("/api/v1/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "MAGNET Portal API"


@pytest.mark.django_db
def test_api_docs_load_nothing_from_outside_the_portal(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


@pytest.mark.django_db
def test_there_is_no_api_sign_in_that_bypasses_the_portals_own(client):
    # DRF's login page would skip e-mail verification, rate limits and two-factor.
    assert client.get("/api/v1/auth/login/").status_code == 404
