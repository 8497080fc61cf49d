import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from magnet.roles import FIELD_REPORTER, STAKEHOLDER
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


def _signup(client, prefix="tr", **overrides):
    data = {
        "first_name": "Çağrı",
        "last_name": "Işıkoğlu",
        "email": "cagri@example.org",
        "password1": "Göç-yönetimi-2026",
        "password2": "Göç-yönetimi-2026",
        **overrides,
    }
    return client.post(f"/{prefix}/accounts/signup/", data)


@pytest.mark.django_db
def test_signup_keeps_the_name_exactly_and_makes_a_stakeholder(client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="cagri@example.org")
    assert (user.first_name, user.last_name) == ("Çağrı", "Işıkoğlu")
    assert user.preferred_language == "tr"
    assert list(user.groups.values_list("name", flat=True)) == [STAKEHOLDER]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["cagri@example.org"]


@pytest.mark.django_db
def test_signup_in_english_remembers_english(client, mailoutbox):
    _signup(client, prefix="en")
    assert User.objects.get(email="cagri@example.org").preferred_language == "en"
    assert "/en/accounts/confirm-email/" in mailoutbox[0].body


@pytest.mark.django_db
def test_signup_with_a_bad_email_saves_nothing_and_says_why(client):
    response = _signup(client, prefix="en", email="not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_twice_with_the_same_address_creates_no_second_account(client, mailoutbox):
    UserFactory(email="cagri@example.org")
    response = _signup(client, prefix="en")
    # The page does not reveal that the address is taken; the owner is told by e-mail instead.
    assert response.status_code == 302
    assert User.objects.filter(email="cagri@example.org").count() == 1
    assert mailoutbox[0].to == ["cagri@example.org"]
    assert "already" in mailoutbox[0].body


@pytest.mark.django_db
def test_unverified_address_cannot_sign_in(client):
    _signup(client)
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "cagri@example.org", "password": "Göç-yönetimi-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_confirmation_link_verifies_the_address(client, mailoutbox):
    _signup(client, prefix="en")
    link = re.search(r"https?://[^\s]+/confirm-email/[^\s]+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(email="cagri@example.org").verified


@pytest.mark.django_db
def test_expired_or_tampered_confirmation_link_is_a_clear_message(client):
    response = client.get("/en/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "This email confirmation link expired or is invalid." in response.content.decode()
    response = client.get("/tr/accounts/confirm-email/not-a-real-key/")
    assert "Bu e-posta adresi onaylama bağlantısı sona ermiş" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "message"),
    [("en", "The email address and/or password you specified are not correct."),
     ("tr", "Girdiğiniz e-posta adresi ve/veya parola doğru değil.")],
)
def test_wrong_password_is_refused_in_the_users_language(client, prefix, message):
    UserFactory(email="elif@example.org")
    response = client.post(f"/{prefix}/accounts/login/", {"login": "elif@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_login_after_repeated_failures_is_rate_limited(client):
    UserFactory(email="elif@example.org")
    for attempt in range(5):
        client.post("/en/accounts/login/", {"login": "elif@example.org", "password": f"wrong{attempt}"})
    # Even the right password is refused while the limit holds.
    response = client.post("/en/accounts/login/", {"login": "elif@example.org", "password": PASSWORD})
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_right_password_signs_in_and_lands_in_the_users_language(client):
    UserFactory(email="elif@example.org", preferred_language="en", role=FIELD_REPORTER)
    response = client.post("/tr/accounts/login/", {"login": "elif@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_a_newcomer_is_sent_on_to_complete_their_registry_profile(client):
    UserFactory(email="cagri@example.org", preferred_language="tr")
    response = client.post("/en/accounts/login/", {"login": "cagri@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/tr/registry/welcome/"


@pytest.mark.django_db
def test_password_reset_sends_a_link_in_the_users_language(client, mailoutbox):
    UserFactory(email="elif@example.org", preferred_language="en")
    response = client.post("/tr/accounts/password/reset/", {"email": "elif@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    # Idle expiry without a write per request: tests/magnet/test_sessions.py
    assert "magnet.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_REFRESH_SECONDS <= settings.SESSION_COOKIE_AGE / 10


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/en/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
