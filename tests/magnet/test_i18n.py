import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_language_switch_keeps_the_user_on_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tr/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"


@pytest.mark.django_db
def test_language_switch_is_remembered_for_signed_in_users(client):
    user = UserFactory(preferred_language="tr")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/tr/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_language_switch_ignores_unknown_languages(client):
    user = UserFactory(preferred_language="tr")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/tr/"})
    user.refresh_from_db()
    assert user.preferred_language == "tr"


@pytest.mark.django_db
def test_every_page_offers_the_other_language(client):
    html = client.get("/tr/accounts/login/").content.decode()
    assert 'name="language" value="en"' in html
    html = client.get("/en/accounts/login/").content.decode()
    assert 'name="language" value="tr"' in html
    assert '<html lang="en">' in html


def test_dates_and_numbers_are_localised():
    from datetime import datetime

    from django.utils import formats, timezone, translation

    moment = timezone.make_aware(datetime(2026, 3, 5, 14, 30))
    with translation.override("tr"):
        assert formats.date_format(moment, "DATE_FORMAT") == "05 Mart 2026"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1.234,5"
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "March 5, 2026"
