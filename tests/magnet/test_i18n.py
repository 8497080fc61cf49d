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
        assert formats.date_format(moment, "DATE_FORMAT") == "5 March 2026"


def test_english_pages_use_british_dates_and_a_24_hour_clock():
    from datetime import datetime

    from django.template import Context, Template
    from django.utils import formats, timezone, translation

    moment = timezone.make_aware(datetime(2026, 12, 2, 17, 41))
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2 December 2026, 17:41"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "02/12/2026 17:41"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1,234.5"
        rendered = Template("{{ moment }}|{{ moment|date }}|{{ moment|time }}").render(Context({"moment": moment}))
        assert rendered == "2 December 2026, 17:41|2 December 2026|17:41"


@pytest.mark.parametrize("typed", ["20.01.2027", "20/01/2027", "2027-01-20"])
def test_turkish_date_inputs_accept_what_turkish_readers_type(typed):
    from datetime import date

    from django import forms
    from django.contrib.admin.widgets import AdminSplitDateTime
    from django.utils import translation

    with translation.override("tr"):
        assert forms.DateField().clean(typed) == date(2027, 1, 20)
        field = forms.SplitDateTimeField(widget=AdminSplitDateTime)
        assert field.clean([typed, "09.30"]).strftime("%Y-%m-%d %H:%M") == "2027-01-20 09:30"
        # the admin's calendar writes the first input format
        assert formats_first_date_input() == "%d.%m.%Y"
    with translation.override("tr"), pytest.raises(forms.ValidationError) as error:
        forms.DateField().clean("2027.20.01")
    assert error.value.messages == ["Geçerli bir tarih girin."]


def formats_first_date_input():
    from django.utils import formats

    return formats.get_format("DATE_INPUT_FORMATS")[0]


@pytest.mark.django_db
def test_phone_numbers_are_shown_formatted(client):
    from magnet.templatetags.portal import phone
    from stakeholders.models import Person

    assert phone("+903125550102") == "+90 312 555 01 02"
    assert phone("0312 555 01 02") == "+90 312 555 01 02"
    assert phone("not a number") == "not a number"
    user = UserFactory()
    Person.objects.create(user=user, given_name="Ayşe", family_name="Yılmaz", email=user.email, phone="+903125550102")
    client.force_login(user)
    page = client.get("/tr/registry/my-data/")
    assert page.status_code == 200
    assert "+90 312 555 01 02" in page.content.decode()
