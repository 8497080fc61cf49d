"""The admin staff use daily, checked in Chromium (issue 12): axe-core finds no critical or serious
violation on the admin index and the meeting, conference, organisation, person and field report
changelists and change forms (add and change), in Turkish and English; and adding an inline row with
"Add another" leaves every field in its language, side by side (no tab switch flips them)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests.browser.axe import serious_violations
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_MODELS = ["meetings/meeting", "conference/conference", "stakeholders/organisation", "stakeholders/person",
                "reports/fieldreport"]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )


def _admin_pages(lang):
    from django.apps import apps

    pages = [f"/{lang}/admin/"]
    for label in ADMIN_MODELS:
        model = apps.get_model(*label.split("/"))
        first = model.objects.order_by("pk").first()
        pages += [f"/{lang}/admin/{label}/", f"/{lang}/admin/{label}/add/", f"/{lang}/admin/{label}/{first.pk}/change/"]
    return pages


def test_admin_changelists_and_change_forms_have_no_serious_axe_violations(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _sign_in(page, live_server, UserFactory(is_superuser=True, is_staff=True))
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for lang in ("tr", "en"):
        for path in _admin_pages(lang):
            response = page.goto(path)
            assert response.status == 200, path
            problems += serious_violations(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("lang", "add_another", "save", "tr", "en"), [
    ("tr", "Başka bir Gündem maddesi ekle", "Kaydet ve düzenlemeye devam et", "Başlık (TR)", "Başlık (EN)"),
    ("en", "Add another Agenda item", "Save and continue editing", "Title (TR)", "Title (EN)"),
])
def test_adding_an_agenda_row_leaves_every_field_in_its_language(page, live_server, settings, lang, add_another, save, tr, en):
    settings.MAGNET_REQUIRE_MFA = False
    starts = timezone.make_aware(datetime.datetime(2027, 1, 20, 9, 0))
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, starts_at=starts, ends_at=starts + datetime.timedelta(hours=8))
    _sign_in(page, live_server, UserFactory(is_superuser=True, is_staff=True))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/{lang}/admin/meetings/meeting/{meeting.pk}/change/")
    page.locator("#id_title_en").fill("Four-pillar meeting on the eastern border")

    page.get_by_text(add_another).click()
    page.get_by_text(add_another).click()
    # every language version of every text is on screen: the meeting's, and both new rows'
    for field in ("title_tr", "title_en", "summary_tr", "summary_en", "agenda_items-0-title_tr",
                  "agenda_items-0-title_en", "agenda_items-1-title_tr", "agenda_items-1-title_en"):
        assert page.locator(f"#id_{field}").is_visible(), field
    assert page.locator("#id_title_en").input_value() == "Four-pillar meeting on the eastern border"
    # the new rows' fields are labelled with their language; Turkish typed in the Turkish field stays there
    row = page.locator("#agenda_items-1")
    row.get_by_label(tr).fill("Kapanış")
    row.get_by_label(en).fill("Closing")
    first = page.locator("#agenda_items-0")
    first.get_by_label(tr).fill("Açılış")
    first.get_by_label(en).fill("Opening")
    for index, (begin, end) in enumerate([("09:30", "10:00"), ("16:00", "16:30")]):
        page.fill(f"#id_agenda_items-{index}-starts_at_0", "20.01.2027" if lang == "tr" else "20/01/2027")
        page.fill(f"#id_agenda_items-{index}-starts_at_1", begin)
        page.fill(f"#id_agenda_items-{index}-ends_at_0", "2027-01-20")
        page.fill(f"#id_agenda_items-{index}-ends_at_1", end)
    page.get_by_role("button", name=save).click()
    page.locator(".messagelist .success").wait_for()

    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("starts_at").values_list("title_tr", "title_en"))
    assert items == [("Açılış", "Opening"), ("Kapanış", "Closing")]
    meeting.refresh_from_db()
    assert meeting.title_en == "Four-pillar meeting on the eastern border"
