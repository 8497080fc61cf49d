"""API tokens (issue 9, item 2): stored only as a digest and shown once, made and revoked by their
owner on their account page, unreadable by staff, and held to the rules a browser session meets."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.utils import translation
from knox.models import AuthToken

from magnet import services
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/accounts/api-tokens/"


def _enrolled(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _api(client, token):
    return client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}")


def _make_on_the_page(client):
    response = client.post(PAGE)
    assert response.status_code == 200
    return response, response.context["new_token"]


def test_staff_cannot_read_anyones_token_in_the_admin(client):
    owner = UserFactory(role=STAKEHOLDER)
    _row, token = AuthToken.objects.create(user=owner)
    staff = _enrolled(UserFactory(role=ICMPD_STAFF))
    client.force_login(staff)
    assert client.get("/en/admin/authtoken/tokenproxy/").status_code == 404  # DRF's plain keys are gone
    assert client.get("/en/admin/knox/authtoken/").status_code == 403
    assert token not in client.get("/en/admin/").content.decode()
    assert not [p for p in staff.get_all_permissions() if p.startswith(("knox.", "authtoken."))]


def test_superusers_see_whose_tokens_exist_but_never_the_token(client):
    owner = UserFactory(role=STAKEHOLDER, first_name="Tokenli")
    _row, token = AuthToken.objects.create(user=owner)
    client.force_login(_enrolled(UserFactory(is_superuser=True, is_staff=True)))
    html = client.get("/en/admin/knox/authtoken/").content.decode()
    assert "Tokenli" in html
    assert token not in html
    assert client.get("/en/admin/knox/authtoken/add/").status_code == 403


def test_a_token_is_shown_once_stored_as_a_digest_and_works(client):
    user = UserFactory(role=STAKEHOLDER)
    client.force_login(user)
    response, token = _make_on_the_page(client)
    assert token in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    row = AuthToken.objects.get(user=user)
    assert token not in (row.digest, row.token_key) and row.digest != token
    assert token not in client.get(PAGE).content.decode()  # never again
    client.logout()
    assert _api(client, token).status_code == 200


def test_the_owner_revokes_a_token_and_it_stops_working_at_once(client):
    user = UserFactory(role=STAKEHOLDER)
    client.force_login(user)
    _response, token = _make_on_the_page(client)
    digest = AuthToken.objects.get(user=user).digest
    assert client.post("/en/accounts/api-tokens/revoke/", {"token": digest}).status_code == 302
    assert not AuthToken.objects.exists()
    client.logout()
    assert _api(client, token).status_code == 401


def test_nobody_revokes_someone_elses_token(client):
    row, token = AuthToken.objects.create(user=UserFactory(role=STAKEHOLDER))
    client.force_login(UserFactory(role=STAKEHOLDER))
    assert client.post("/en/accounts/api-tokens/revoke/", {"token": row.digest}).status_code == 404
    assert client.get("/en/accounts/api-tokens/revoke/").status_code == 405
    client.logout()
    assert _api(client, token).status_code == 200


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_page_is_linked_from_the_account_pages_in_both_languages(client, language):
    client.force_login(UserFactory(role=STAKEHOLDER))
    html = client.get(f"/{language}/accounts/email/").content.decode()
    assert f'href="/{language}/accounts/api-tokens/"' in html
    page = client.get(f"/{language}/accounts/api-tokens/").content.decode()
    assert ("API anahtarları" if language == "tr" else "API tokens") in page


def test_a_user_holds_a_bounded_number_of_tokens(client):
    user = UserFactory(role=STAKEHOLDER)
    for _ in range(services.MAX_API_TOKENS):
        services.create_api_token(user=user)
    client.force_login(user)
    response = client.post(PAGE)
    assert response.status_code == 400
    assert "Revoke one you no longer use first." in response.content.decode()
    assert AuthToken.objects.filter(user=user).count() == services.MAX_API_TOKENS


@pytest.mark.parametrize("role", [ICMPD_STAFF, PMM_OFFICIAL])
def test_privileged_tokens_need_two_factor_to_be_made(client, role):
    user = UserFactory(role=role)
    with translation.override("en"), pytest.raises(ValidationError, match="two-factor"):
        services.create_api_token(user=user)
    client.force_login(user)
    response = client.post(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    assert not AuthToken.objects.exists()
    _enrolled(user)
    _response, token = _make_on_the_page(client)
    client.logout()
    assert _api(client, token).status_code == 200


@pytest.mark.parametrize("role", [ICMPD_STAFF, PMM_OFFICIAL])
def test_a_privileged_token_stops_working_without_two_factor(client, role):
    user = _enrolled(UserFactory(role=role))
    _row, token = services.create_api_token(user=user)
    Authenticator.objects.filter(user=user).delete()  # two-factor removed later
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="tr")
    assert response.status_code == 401
    assert response.json()["detail"] == "Önce iki adımlı doğrulamayı etkinleştirin."


def test_without_the_two_factor_requirement_privileged_tokens_work(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    _row, token = services.create_api_token(user=UserFactory(role=PMM_OFFICIAL))
    assert _api(client, token).status_code == 200


def test_a_token_of_a_closed_account_stops_working(client):
    user = UserFactory(role=STAKEHOLDER)
    _row, token = services.create_api_token(user=user)
    user.is_active = False
    user.save()
    assert _api(client, token).status_code == 401


def test_a_token_of_an_unconfirmed_address_is_refused(client):
    user = UserFactory(role=STAKEHOLDER)
    _row, token = services.create_api_token(user=user)
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert _api(client, token).status_code == 401
    with pytest.raises(ValidationError):
        services.create_api_token(user=user)
