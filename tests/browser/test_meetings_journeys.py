import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from magnet.roles import ICMPD_STAFF
from meetings import services
from meetings.models import AgendaItem, Invitation, Meeting
from tests.factories import PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invitee_answers_from_the_email_link_changes_their_mind_and_downloads_the_calendar(page, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    meeting = MeetingFactory(title_tr="Göçmen Kaçakçılığı Sektörel Toplantısı", capacity=10)
    AgendaItemFactory(meeting=meeting, title_tr="Açılış")
    person = PersonFactory(given_name="Çağrı", family_name="Işıkoğlu", preferred_language="tr")
    services.invite_people(meeting=meeting, people=[person])
    (mail,) = mailoutbox
    link = re.search(r"http\S+/rsvp/\S+/", mail.body).group(0)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(link)
    page.get_by_label("Katılacağım").check()
    page.get_by_label("Beslenme gereksinimleri").fill("Vejetaryen")
    page.get_by_role("button", name="Yanıtımı kaydet").click()
    page.get_by_text("Teşekkürler, yanıtınız kaydedildi: Katılacak.").wait_for()
    page.get_by_label("Katılamayacağım").check()
    page.get_by_role("button", name="Yanıtımı kaydet").click()
    page.get_by_text("Teşekkürler, yanıtınız kaydedildi: Katılmayacak.").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Takvime ekle").click()
    calendar_text = download_info.value.path().read_text(encoding="utf-8")

    invitation = Invitation.objects.get(meeting=meeting, person=person)
    assert invitation.response == Invitation.Response.DECLINED
    assert invitation.dietary_needs == "Vejetaryen"
    assert f"UID:meeting-{meeting.pk}@magnet" in calendar_text
    assert "TZID=Europe/Istanbul" in calendar_text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def test_staff_build_an_agenda_in_the_admin_in_both_languages(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    page.goto(f"/en/admin/meetings/meeting/{meeting.pk}/change/")
    page.get_by_text("Add another Agenda item").click()
    page.fill("#id_agenda_items-0-starts_at_0", meeting.starts_at.astimezone().strftime("%Y-%m-%d"))
    page.fill("#id_agenda_items-0-starts_at_1", "10:00:00")
    page.fill("#id_agenda_items-0-ends_at_0", meeting.starts_at.astimezone().strftime("%Y-%m-%d"))
    page.fill("#id_agenda_items-0-ends_at_1", "11:00:00")
    page.locator("#id_agenda_items-0-title_tr").fill("Açılış konuşmaları")  # side by side, no tabs
    page.locator("#id_agenda_items-0-title_en").fill("Opening remarks")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()

    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title_tr, item.title_en) == ("Açılış konuşmaları", "Opening remarks")
