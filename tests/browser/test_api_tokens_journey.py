import pytest
from django.conf import settings as django_settings
from django.test import Client
from knox.models import AuthToken

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def test_on_a_phone_a_user_makes_a_token_sees_it_once_and_revokes_it(page, live_server, tmp_path):
    user = UserFactory()
    _sign_in(page, live_server, user)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/tr/accounts/email/")
    page.get_by_role("navigation", name="Hesabınız").get_by_role("link", name="API anahtarları").click()
    page.get_by_role("button", name="Yeni anahtar oluştur").click()
    token = page.get_by_label("Anahtar", exact=True).input_value()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "api-tokens-phone.png"), full_page=True)

    assert len(token) == 64
    assert AuthToken.objects.get(user=user).digest != token
    page.goto("/tr/accounts/api-tokens/")
    assert token not in page.content()
    page.get_by_role("button", name="İptal et").first.click()
    page.get_by_text("Anahtar iptal edildi: artık çalışmıyor.").wait_for()
    assert not AuthToken.objects.filter(user=user).exists()
