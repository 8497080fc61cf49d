"""An owner updates a commitment on a phone (issue 13), in Turkish and in English; staff filter the
list across meetings. Pages are checked with axe."""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from magnet.roles import ICMPD_STAFF
from meetings.models import ActionItem
from tests.browser.axe import serious_violations
from tests.factories import OrganisationFactory, UserFactory, pillar
from tests.meetings.commitment_factories import ActionItemFactory, owner_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("MAGNET_SCREENSHOTS")  # a folder: save what the test saw, to look at


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


TEXTS = {
    "tr": {"menu": "Taahhütlerim", "update": "Güncelle", "done": "Tamamlandı", "dropped": "Vazgeçildi",
           "note": "İlerleme notu", "save": "Güncellemeyi kaydet", "saved": "Güncellemeniz kaydedildi.",
           "reason": "Taahhütten neden vazgeçildiğini yazın."},
    "en": {"menu": "My commitments", "update": "Update", "done": "Done", "dropped": "Dropped",
           "note": "Progress note", "save": "Save the update", "saved": "Your update is saved.",
           "reason": "Say why the commitment is dropped."},
}


@pytest.mark.parametrize("language", ["tr", "en"])
def test_an_owner_updates_a_commitment_with_a_note_on_a_phone(page, live_server, language):
    text = TEXTS[language]
    item = ActionItemFactory(
        title_tr="Gezici sınıflar için gönüllü öğretmen havuzu", title_en="A pool of volunteer teachers for mobile classrooms",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    _sign_in(page, live_server, owner_user(item, language=language))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/{language}/")
    page.goto(f"/{language}/meetings/commitments/")
    title = item.title_tr if language == "tr" else item.title_en
    page.get_by_role("heading", name=text["menu"]).wait_for()
    page.get_by_role("link", name=title, exact=True).wait_for()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, f"my-commitments-{language}")

    page.locator("a.button", has_text=text["update"]).click()
    # Dropping without a reason is refused, with the reason asked for, and nothing changes.
    page.get_by_label(text["dropped"], exact=True).check()
    page.get_by_role("button", name=text["save"]).click()
    page.get_by_text(text["reason"]).wait_for()
    assert ActionItem.objects.get(pk=item.pk).status == "open"

    page.get_by_label(text["done"], exact=True).check()
    page.get_by_label(text["note"]).fill("Üç üniversiteden 18 gönüllü öğretmen kaydoldu.")
    page.get_by_role("button", name=text["save"]).click()
    page.get_by_text(text["saved"]).wait_for()
    page.get_by_text("Üç üniversiteden 18 gönüllü öğretmen kaydoldu.").wait_for()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, f"commitment-detail-{language}")

    item.refresh_from_db()
    assert item.status == "done" and item.closed_at is not None
    assert item.updates.get().note == "Üç üniversiteden 18 gönüllü öğretmen kaydoldu."


def test_staff_filter_the_commitments_of_every_meeting(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    civil = OrganisationFactory(pillar=pillar("civil"), name_en="Refugee Rights Association")
    ActionItemFactory(title_en="Guide to civil society participation", owner_organisation=civil,
                      due_date=timezone.localdate() - datetime.timedelta(days=4))
    ActionItemFactory(title_en="Health screening calendar")
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    page.goto("/en/meetings/staff/commitments/")
    page.get_by_role("link", name="Health screening calendar", exact=True).wait_for()
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Guide to civil society participation").wait_for()
    assert page.get_by_role("link", name="Health screening calendar").count() == 0
    assert serious_violations(page) == []
    _shot(page, "staff-commitments-en")
