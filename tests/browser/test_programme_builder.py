"""The conference programme builder in Chromium: move sessions by keyboard (the day, room and start
fields) and by drag and drop, see a conflict flagged live, choose a speaker from the registry, save;
axe finds nothing critical or serious, in Turkish and English, on a desktop and a phone."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from conference.models import ProgrammeRevision, Session
from magnet.roles import ICMPD_STAFF
from tests.browser.axe import serious_violations
from tests.conference.factories import ConferenceFactory, RoomFactory, SessionFactory, at
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def _programme():
    conference = ConferenceFactory(is_published=False)
    hall_a = RoomFactory(conference=conference, order=0, name_tr="Salon A", name_en="Hall A")
    hall_b = RoomFactory(conference=conference, order=1, name_tr="Salon B", name_en="Hall B")
    opening = SessionFactory(conference=conference, room=hall_a, starts_at=at(conference, 0, 9), ends_at=at(conference, 0, 10),
                             title_tr="Açılış", title_en="Opening")
    panel = SessionFactory(conference=conference, room=hall_b, starts_at=at(conference, 0, 9), ends_at=at(conference, 0, 10),
                           title_tr="Geçici koruma paneli", title_en="Temporary protection panel")
    return conference, hall_a, hall_b, opening, panel


def test_staff_move_sessions_by_keyboard_and_drag_see_a_conflict_and_save(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    conference, hall_a, hall_b, opening, panel = _programme()
    speaker = PersonFactory(given_name="Elif", family_name="Şahin", position="Uzman")
    MembershipFactory(person=speaker, organisation=OrganisationFactory(name_tr="Hatay Barosu", name_en="Hatay Bar Association"), status="approved")
    PersonFactory(given_name="Elif", family_name="Şahin", position="Akademisyen")  # the same name, told apart
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    page.goto(f"/tr/admin/conference/conference/{conference.pk}/programme/")
    # Keyboard: the panel goes to Salon A at the same time -> flagged live, by the server's rules.
    page.select_option(f"#s-{panel.pk}-room", str(hall_a.pk))
    page.locator(f'.pb-cell[data-room="{hall_a.pk}"][data-time="09:00"] #card-{panel.pk}').wait_for()
    page.locator("#pb-conflicts").get_by_text("Salon A aynı saatte iki kez ayrılmış").wait_for()
    assert page.locator(f"#card-{opening.pk}.pb-conflict").count() == 1
    # ... and later that morning: the conflict goes.
    page.fill(f"#s-{panel.pk}-start", "11:00")
    page.locator(f'.pb-cell[data-room="{hall_a.pk}"][data-time="11:00"] #card-{panel.pk}').wait_for()
    page.locator("#pb-conflicts.pb-hidden").wait_for(state="attached")
    # Drag and drop: the opening to Salon B at 10:30 (its day, room and start follow).
    page.drag_and_drop(f"#card-{opening.pk} .pb-card-time", f'.pb-cell[data-room="{hall_b.pk}"][data-time="10:30"]')
    page.locator(f'.pb-cell[data-room="{hall_b.pk}"][data-time="10:30"] #card-{opening.pk}').wait_for()
    assert page.input_value(f"#s-{opening.pk}-room") == str(hall_b.pk)
    assert page.input_value(f"#s-{opening.pk}-start") == "10:30"
    # A speaker from the registry: the two Elif Şahins are told apart by position and organisation.
    search = page.locator(f"#row-{opening.pk} .pb-people[data-field=speakers] .pb-search")
    search.fill("elif sahin")
    page.get_by_role("option", name=f"Elif Şahin Uzman · Hatay Barosu #{speaker.pk}").click()
    assert page.input_value(f"#s-{opening.pk}-speakers") == str(speaker.pk)
    assert serious_violations(page) == []

    page.get_by_role("button", name="Programı kaydet").click()
    page.get_by_text("Program kaydedildi.").wait_for()

    opening.refresh_from_db()
    panel.refresh_from_db()
    assert (opening.room_id, timezone.localtime(opening.starts_at).strftime("%H:%M")) == (hall_b.pk, "10:30")
    assert opening.ends_at - opening.starts_at == timedelta(hours=1)
    assert list(opening.speakers.all()) == [speaker]
    assert (panel.room_id, timezone.localtime(panel.starts_at).strftime("%H:%M")) == (hall_a.pk, "11:00")
    assert ProgrammeRevision.objects.filter(conference=conference).count() == 1
    page.locator("#pb-history").scroll_into_view_if_needed()
    assert page.locator(".pb-history li").first.is_visible()


@pytest.mark.parametrize("language,width", [("tr", 1280), ("en", 1280), ("tr", 390), ("en", 390)])
def test_the_builder_has_no_serious_accessibility_violations(page, live_server, settings, language, width):
    settings.MAGNET_REQUIRE_MFA = False
    conference, hall_a, _hall_b, _opening, panel = _programme()
    Session.objects.filter(pk=panel.pk).update(room=hall_a)  # a conflict shown on load
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    page.goto(f"/{language}/admin/conference/conference/{conference.pk}/programme/")
    page.locator(f"#card-{panel.pk}.pb-conflict").wait_for()

    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # the grid scrolls inside its box
