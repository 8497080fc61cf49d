"""The admin's conventions (issue 12, "the rest of the admin staff use daily"), for every ModelAdmin at
once: dates typed the Turkish or the English way or ISO, with the expected format shown and a clear
error in the reader's language; times on the 24-hour clock; labelled date and time inputs; Turkish
and English fields side by side, labelled with their language, also in inline rows added later."""

import re
from datetime import date, datetime

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.utils import timezone

from magnet import admin_kit
from meetings.models import Meeting
from reports.models import ReportingPeriod
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(superuser)
    return client


def _period(**dates):
    return {"kind": "quarter", "name_tr": "2027 birinci çeyrek", "name_en": "2027 first quarter", **dates}


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("typed", ["20.01.2027", "20/01/2027", "2027-01-20"])
def test_admin_date_inputs_accept_turkish_english_and_iso_dates(superuser_client, lang, typed):
    response = superuser_client.post(
        f"/{lang}/admin/reports/reportingperiod/add/",
        _period(starts_on=typed, ends_on="31.03.2027", due_on="2027-04-15"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    period = ReportingPeriod.objects.get()
    assert (period.starts_on, period.ends_on, period.due_on) == (date(2027, 1, 20), date(2027, 3, 31), date(2027, 4, 15))


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("tr", "Tarihi gg.aa.yyyy biçiminde girin, örneğin 20.01.2027."),
        ("en", "Enter the date as dd/mm/yyyy, for example 20/01/2027."),
    ],
)
def test_admin_refuses_a_garbled_date_in_the_readers_language_and_keeps_what_was_typed(superuser_client, lang, message):
    response = superuser_client.post(
        f"/{lang}/admin/reports/reportingperiod/add/", _period(starts_on="2027.20.01", ends_on="31.03.2027", due_on="x")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["starts_on"] == [message]
    assert errors["due_on"] == [message]
    assert "ends_on" not in errors
    html = response.content.decode()
    assert 'value="2027.20.01"' in html and 'value="2027 first quarter"' in html
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize(
    ("lang", "date_hint", "time_hint", "date_label", "time_label", "written"),
    [
        ("tr", "gg.aa.yyyy", "SS:DD", "Tarih", "Saat", ("20.01.2027", "09:30")),
        ("en", "dd/mm/yyyy", "HH:MM", "Date", "Time", ("20/01/2027", "09:30")),
    ],
)
def test_split_date_and_time_inputs_are_labelled_and_show_their_format(
    superuser_client, lang, date_hint, time_hint, date_label, time_label, written
):
    meeting = Meeting.objects.create(
        title_tr="Doğu sınırında göç yönetimi",
        kind=Meeting.Kind.FOUR_PILLAR,
        starts_at=timezone.make_aware(datetime(2027, 1, 20, 9, 30)),
        ends_at=timezone.make_aware(datetime(2027, 1, 20, 17, 0)),
        created_by=UserFactory(),
    )
    html = superuser_client.get(f"/{lang}/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    # each of the two inputs has its own label, and both are described by the format hint
    assert re.search(f'<label[^>]*for="id_starts_at_0"[^>]*>{date_label}</label>', html)
    assert re.search(f'<label[^>]*for="id_starts_at_1"[^>]*>{time_label}</label>', html)
    date_input = re.search(r'<input[^>]*name="starts_at_0"[^>]*>', html).group(0)
    time_input = re.search(r'<input[^>]*name="starts_at_1"[^>]*>', html).group(0)
    assert f'placeholder="{date_hint}"' in date_input and f'value="{written[0]}"' in date_input
    assert f'placeholder="{time_hint}"' in time_input and f'value="{written[1]}"' in time_input  # no seconds
    assert 'aria-describedby="id_starts_at_hint' in date_input
    hint = re.search(r'<[^>]*id="id_starts_at_hint"[^>]*>(.*?)</', html, re.S).group(1)
    assert date_hint in hint and time_hint in hint


@pytest.mark.parametrize(("lang", "message"), [
    ("tr", "Saati 24 saat biçiminde SS:DD olarak girin, örneğin 14:30."),
    ("en", "Enter the time on the 24-hour clock as HH:MM, for example 14:30."),
])
def test_times_are_24_hour_and_a_12_hour_time_is_refused_clearly(lang, message):
    from django.utils import translation

    field = admin_kit.SplitDateTimeField()
    with translation.override(lang):
        assert field.clean(["20.01.2027", "14:30"]).strftime("%H:%M") == "14:30"
        with pytest.raises(Exception) as error:
            field.clean(["20.01.2027", "2:30 pm"])
        assert error.value.messages == [message]


@pytest.mark.parametrize(("lang", "tr_label", "en_label"), [("tr", "Başlık (TR)", "Başlık (EN)"), ("en", "Title (TR)", "Title (EN)")])
def test_translation_fields_say_their_language_also_in_a_new_inline_row(superuser_client, lang, tr_label, en_label):
    html = superuser_client.get(f"/{lang}/admin/meetings/meeting/add/").content.decode()
    assert re.search(r'<label[^>]*for="id_title_tr">' + re.escape(tr_label) + ":</label>", html)
    assert re.search(r'<label[^>]*for="id_title_en">' + re.escape(en_label) + ":</label>", html)
    # the empty row "Add another" copies: its Turkish title is labelled as Turkish
    assert re.search(r'<label[^>]*for="id_agenda_items-__prefix__-title_tr">' + re.escape(tr_label) + ":</label>", html)
    assert re.search(r'<label[^>]*for="id_agenda_items-__prefix__-title_en">' + re.escape(en_label) + ":</label>", html)


def test_translation_fields_sit_side_by_side_without_the_tab_switch(superuser_client):
    response = superuser_client.get("/en/admin/meetings/meeting/add/")
    html = response.content.decode()
    assert "tabbed_translation_fields" not in html and "jquery-ui" not in html
    # Turkish and English of one text share a row (two columns), the Turkish first
    row = re.search(r'<div class="form-row[^"]*field-title_tr field-title_en[^"]*">', html)
    assert row, "title_tr and title_en are not on one row"
    assert "field-summary_tr field-summary_en" in html


def test_every_admin_with_translated_fields_uses_the_portals_classes():
    """A new ModelAdmin or inline built on modeltranslation gets the conventions by deriving from
    magnet.admin_kit's classes (one import line); modeltranslation's own (tabbed) classes are not
    used. Plain Django inlines that list the _tr/_en fields themselves are fine."""
    from modeltranslation.admin import TranslationBaseModelAdmin

    wrong = []
    for model_admin in admin.site._registry.values():
        for cls in [type(model_admin), *model_admin.inlines]:
            if issubclass(cls, TranslationBaseModelAdmin) and not issubclass(cls, admin_kit.TranslationFieldsMixin):
                wrong.append(f"{cls.__module__}.{cls.__qualname__}")
    assert wrong == []
