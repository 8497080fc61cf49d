"""The agenda builder in Chromium: a 10-item bilingual agenda with 3 speakers from the registry and
1 new person, published; the user's actions (clicks and fields filled) counted and compared with
the same agenda built in the old stacked inline of the meeting's change page. Also: reordering by
keyboard and by drag and drop, and axe on the builder in both languages."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from magnet.roles import ICMPD_STAFF
from meetings.models import AgendaItem, Meeting
from stakeholders.models import Person
from tests.browser.axe import serious_violations
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# start, minutes, kind, title TR, title EN, speaker (index into the registry people, "new", or None)
AGENDA = [
    ("09:00", 30, "opening", "Açılış konuşmaları", "Opening remarks", 0),
    ("09:30", 45, "presentation", "Göç İdaresi Başkanlığının sunumu", "Presentation by the Presidency of Migration Management", 1),
    ("10:15", 15, "break", "Kahve arası", "Coffee break", None),
    ("10:30", 60, "panel", "Dört sütunun paneli", "Four-pillar panel", 2),
    ("11:30", 60, "break", "Öğle yemeği", "Lunch", None),
    ("12:30", 45, "session", "Sınır illerinde uyum", "Integration in the border provinces", "new"),
    ("13:15", 45, "discussion", "Çalışma grupları", "Working groups", None),
    ("14:00", 15, "break", "Kahve arası", "Coffee break", None),
    ("14:15", 45, "session", "Çalışma gruplarının sonuçları", "Results of the working groups", None),
    ("15:00", 30, "closing", "Kapanış", "Closing", None),
]
NEW_PERSON = ("Elif", "Şahinoğlu", "elif.sahinoglu@example.org")


class Actions:
    """Counts what the user does: each click, each field filled or option chosen."""

    def __init__(self, page):
        self.page, self.clicks, self.fields = page, 0, 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def fill(self, locator, value):
        locator.fill(value)
        self.fields += 1

    def choose(self, locator, value):
        locator.select_option(value)
        self.fields += 1

    def type(self, locator, value):
        locator.press_sequentially(value, delay=20)
        self.fields += 1

    @property
    def total(self):
        return self.clicks + self.fields


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])


def _meeting():
    starts = in_days(10, 9)
    return MeetingFactory(status=Meeting.Status.DRAFT, starts_at=starts, ends_at=starts + datetime.timedelta(hours=7))


def _registry():
    speakers = [
        MembershipFactory(person__given_name="Ayşe", person__family_name="Demirtaş", role="Daire Başkanı",
                          organisation__name="Göç İdaresi Başkanlığı", organisation__name_tr="Göç İdaresi Başkanlığı",
                          organisation__name_en="Presidency of Migration Management").person,
        MembershipFactory(person__given_name="Mehmet", person__family_name="Karaca", role="Uzman").person,
        MembershipFactory(person__given_name="Laura", person__family_name="Bianchini", role="Programme officer").person,
    ]
    # A namesake of the first speaker elsewhere: the autocomplete tells them apart by organisation.
    MembershipFactory(person__given_name="Ayşe", person__family_name="Demirtaş", role="Öğretim üyesi",
                      organisation__name="Hacettepe Üniversitesi")
    OrganisationFactory(name="Mülteci Destek Derneği", name_tr="Mülteci Destek Derneği", name_en="Refugee Support Association")
    return speakers


def _check_agenda(meeting, speakers):
    items = list(meeting.agenda_items.order_by("starts_at").prefetch_related("speakers"))
    assert [(timezone.localtime(i.starts_at).strftime("%H:%M"), int((i.ends_at - i.starts_at).total_seconds() // 60),
             i.kind, i.title_tr, i.title_en) for i in items] == [row[:5] for row in AGENDA]
    new_person = Person.objects.get(email=NEW_PERSON[2])
    expected = {0: [speakers[0]], 1: [speakers[1]], 3: [speakers[2]], 5: [new_person]}
    assert {n: list(i.speakers.all()) for n, i in enumerate(items) if i.speakers.exists()} == expected
    return new_person


def _build_in_the_builder(page, meeting, speakers, language):
    actions = Actions(page)
    page.goto(f"/{language}/admin/meetings/meeting/{meeting.pk}/agenda/")
    for index, (_start, minutes, kind, title_tr, title_en, speaker) in enumerate(AGENDA):
        row = page.locator("#ab-rows > li").nth(index)
        if minutes != 30:
            actions.fill(row.locator('[data-role="duration"]'), str(minutes))
        if kind != "session":
            actions.choose(row.locator('[data-role="kind"]'), kind)
        actions.fill(row.locator('[data-role="title_tr"]'), title_tr)
        actions.fill(row.locator('[data-role="title_en"]'), title_en)
        if isinstance(speaker, int):
            person = speakers[speaker]
            actions.type(row.locator('[data-list="speakers"][data-role="query"]'), person.family_name[:6])
            option = row.locator(".ab-options li", has_text=person.memberships.get().role)
            actions.click(option)
            row.locator(".ab-chips input[checked], .ab-chips input:checked").first.wait_for()
    page.locator("#ab-rows > li").nth(len(AGENDA)).wait_for()  # the next empty row is there
    assert page.locator(".ab-has-problems").count() == 0
    # Someone not in the registry, speaker of item 6.
    actions.fill(page.locator("#id_new_given_name"), NEW_PERSON[0])
    actions.fill(page.locator("#id_new_family_name"), NEW_PERSON[1])
    actions.fill(page.locator("#id_new_organisation"), "Mülteci Destek Derneği")
    actions.fill(page.locator("#id_new_email"), NEW_PERSON[2])
    actions.choose(page.locator("#id_new_item"), "5")
    actions.click(page.locator('button[value="add_person"]'))
    page.locator(".ab-chip", has_text=NEW_PERSON[1]).wait_for()
    actions.click(page.locator("#ab-publish"))
    page.locator(".messagelist").wait_for()
    return actions


def test_staff_build_a_ten_item_bilingual_agenda_in_under_half_the_actions_of_the_inline(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    speakers = _registry()
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    builder_meeting = _meeting()
    builder = _build_in_the_builder(page, builder_meeting, speakers, "en")
    builder_meeting.refresh_from_db()
    assert builder_meeting.status == Meeting.Status.PUBLISHED, page.locator(".messagelist").inner_text()
    new_person = _check_agenda(builder_meeting, speakers)
    assert new_person.added_by_staff and new_person.memberships.get().organisation.name_tr == "Mülteci Destek Derneği"

    inline_meeting = _meeting()
    inline = _build_in_the_inline(page, inline_meeting, speakers)
    inline_meeting.refresh_from_db()
    assert inline_meeting.status == Meeting.Status.PUBLISHED
    _check_agenda(inline_meeting, speakers)

    print(f"\nAgenda of 10 items, 3 registry speakers + 1 new person, both languages, published:\n"
          f"  builder: {builder.total} actions ({builder.clicks} clicks, {builder.fields} fields)\n"
          f"  stacked inline: {inline.total} actions ({inline.clicks} clicks, {inline.fields} fields)")
    assert builder.total * 2 < inline.total


def _select2(actions, page, container, text, option_text):
    actions.click(container.locator(".select2-selection"))
    actions.type(page.locator(".select2-container--open .select2-search__field"), text)
    actions.click(page.locator(".select2-results__option", has_text=option_text).first)


def _build_in_the_inline(page, meeting, speakers):
    """The same agenda with the meeting change page's stacked inline, as staff did before."""
    actions = Actions(page)
    # The new person first: People › Add person, then choose them in the inline like the others.
    page.goto("/en/admin/stakeholders/person/add/")
    actions.clicks += 2  # Admin home › People "Add"
    if not Person.objects.filter(email=NEW_PERSON[2]).exists():
        actions.fill(page.locator("#id_given_name"), NEW_PERSON[0])
        actions.fill(page.locator("#id_family_name"), NEW_PERSON[1])
        actions.fill(page.locator("#id_email"), NEW_PERSON[2])
        actions.click(page.get_by_role("button", name="Save", exact=True))
    else:
        actions.fields += 3
        actions.clicks += 1
    page.goto(f"/en/admin/meetings/meeting/{meeting.pk}/change/")
    actions.clicks += 1  # back to the meeting
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    for index, (start, minutes, kind, title_tr, title_en, speaker) in enumerate(AGENDA):
        actions.click(page.get_by_text("Add another Agenda item"))
        prefix = f"#id_agenda_items-{index}"
        hour, minute = map(int, start.split(":"))
        end = (datetime.datetime(2000, 1, 1, hour, minute) + datetime.timedelta(minutes=minutes)).strftime("%H:%M:%S")
        actions.fill(page.locator(f"{prefix}-starts_at_0"), day)
        actions.fill(page.locator(f"{prefix}-starts_at_1"), f"{start}:00")
        actions.fill(page.locator(f"{prefix}-ends_at_0"), day)
        actions.fill(page.locator(f"{prefix}-ends_at_1"), end)
        if kind != "session":
            actions.choose(page.locator(f"{prefix}-kind"), kind)
        for language, title in (("tr", title_tr), ("en", title_en)):
            # The global TR/EN tab switch hides one language's field: click its tab first.
            tab = page.locator(f'a[href="#tab_id_agenda_items-{index}-title_{language}"]')
            if tab.count() and not page.locator(f"{prefix}-title_{language}").is_visible():
                actions.click(tab)
            actions.fill(page.locator(f"{prefix}-title_{language}"), title)
        if speaker is not None:
            person = speakers[speaker] if isinstance(speaker, int) else Person.objects.get(email=NEW_PERSON[2])
            container = page.locator(f"{prefix}-speakers").locator("xpath=..")
            _select2(actions, page, container, person.family_name, person.full_name)
    actions.click(page.get_by_role("button", name="Save and continue editing"))
    page.get_by_text("was changed successfully").wait_for()
    # Publishing: the changelist's action.
    page.goto("/en/admin/meetings/meeting/")
    actions.clicks += 1
    actions.click(page.locator(f'input[name="_selected_action"][value="{meeting.pk}"]'))
    actions.choose(page.locator('select[name="action"]'), "publish")
    actions.click(page.locator('button[name="index"], .actions button[type="submit"]').first)
    page.locator(".messagelist").wait_for()
    return actions


@pytest.mark.parametrize("language", ["tr", "en"])
def test_items_move_by_keyboard_and_by_drag_and_the_times_follow(page, live_server, settings, language):
    settings.MAGNET_REQUIRE_MFA = False
    meeting = _meeting()
    for n, (title_tr, title_en) in enumerate([("Bir", "One"), ("İki", "Two"), ("Üç", "Three")]):
        AgendaItem.objects.create(meeting=meeting, order=n, starts_at=meeting.starts_at + datetime.timedelta(minutes=30 * n),
                                  ends_at=meeting.starts_at + datetime.timedelta(minutes=30 * n + 30),
                                  title_tr=title_tr, title_en=title_en)
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"/{language}/admin/meetings/meeting/{meeting.pk}/agenda/")
    rows = page.locator("#ab-rows > li")
    assert serious_violations(page) == []

    rows.nth(1).locator('[data-role="up"]').focus()
    page.keyboard.press("Enter")  # the keyboard moves item 2 above item 1
    assert [rows.nth(i).locator('[data-role="title_en"]').input_value() for i in range(3)] == ["Two", "One", "Three"]
    assert [rows.nth(i).locator('[data-role="start"]').input_value() for i in range(3)] == ["09:00", "09:30", "10:00"]
    assert page.evaluate("document.activeElement.dataset.role") == "up"  # focus stays on the moved item

    handle = rows.nth(2).locator(".ab-handle").bounding_box()
    target = rows.nth(0).locator(".ab-head").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 5, steps=20)
    page.mouse.move(target["x"] + 20, target["y"] + 2, steps=5)
    page.mouse.up()
    page.wait_for_timeout(400)
    titles = [rows.nth(i).locator('[data-role="title_en"]').input_value() for i in range(3)]
    assert titles[0] == "Three", titles
    assert [rows.nth(i).locator('[data-role="start"]').input_value() for i in range(3)] == ["09:00", "09:30", "10:00"]

    page.locator("#ab-save").click()
    page.locator(".messagelist").wait_for()
    assert [i.title_en for i in meeting.agenda_items.order_by("starts_at")] == titles


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_builder_checks_live_and_shifts_later_items(page, live_server, settings, language):
    settings.MAGNET_REQUIRE_MFA = False
    meeting = _meeting()
    for n in range(2):
        AgendaItem.objects.create(meeting=meeting, order=n, starts_at=meeting.starts_at + datetime.timedelta(minutes=30 * n),
                                  ends_at=meeting.starts_at + datetime.timedelta(minutes=30 * n + 30),
                                  title_tr=f"Madde {n}", title_en=f"Item {n}")
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{language}/admin/meetings/meeting/{meeting.pk}/agenda/")
    rows = page.locator("#ab-rows > li")
    page.locator("#ab-shift").uncheck()
    rows.nth(0).locator('[data-role="duration"]').fill("45")
    rows.nth(0).locator('[data-role="title_tr"]').click()
    overlap = {"tr": "“Madde 0” ile çakışıyor (09:00–09:45).", "en": "Overlaps “Item 0” (09:00–09:45)."}[language]
    assert rows.nth(1).locator('[data-role="live"]').inner_text() == overlap
    page.locator("#ab-shift").check()
    rows.nth(0).locator('[data-role="duration"]').fill("50")
    rows.nth(0).locator('[data-role="title_tr"]').click()
    assert rows.nth(1).locator('[data-role="start"]').input_value() == "09:50"
    assert rows.nth(1).locator('[data-role="live"]').inner_text() == ""
    rows.nth(1).locator('[data-role="title_en"]').fill("")
    missing = {"tr": "İngilizcesi eksik", "en": "missing English"}[language]
    assert rows.nth(1).locator('[data-role="status"]').inner_text() == missing
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
