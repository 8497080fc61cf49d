"""The agenda builder page in the admin: who may open it, the form without JavaScript, queries."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER
from meetings.models import AgendaItem, AgendaRevision, Meeting
from stakeholders.models import Person
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _url(meeting, language="en", suffix=""):
    with translation.override(language):
        return reverse("admin:meetings_meeting_agenda", args=[meeting.pk]) + suffix


@pytest.fixture
def staff(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    user = UserFactory(role=ICMPD_STAFF)
    client.force_login(user)
    return user


def _local(meeting, hour, minute=0):
    return timezone.localtime(meeting.starts_at).replace(hour=hour, minute=minute)


def _post_rows(rows, **extra):
    """The form as the page posts it: row-N-field for each row, in order."""
    data = {"rows": str(len(rows)), "shift_later": "1", **extra}
    for index, row in enumerate(rows):
        prefix = f"row-{index}-"
        data[prefix + "position"] = str(index)
        for name, value in row.items():
            data[prefix + name] = value
    return data


def _row(meeting, start, duration, title_tr, title_en="", **fields):
    return {"id": "", "day": timezone.localtime(meeting.starts_at).date().isoformat(), "start": start,
            "duration": str(duration), "kind": "session", "title_tr": title_tr, "title_en": title_en, **fields}


@pytest.mark.parametrize("role", [STAKEHOLDER, PMM_OFFICIAL, FIELD_REPORTER])
def test_other_roles_cannot_open_the_builder(client, settings, role):
    settings.MAGNET_REQUIRE_MFA = False
    meeting = MeetingFactory()
    client.force_login(UserFactory(role=role))
    for suffix in ("", "people/?q=ay", "preview/"):
        response = client.get(_url(meeting, suffix=suffix))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(_url(meeting), _post_rows([_row(meeting, "10:00", 30, "X")])).status_code == 302
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    meeting = MeetingFactory()
    response = client.get(_url(meeting))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_change_permission_get_403(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    user = UserFactory(role=ICMPD_STAFF)
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(user)
    meeting = MeetingFactory()
    assert client.get(_url(meeting)).status_code == 403
    assert client.post(_url(meeting), _post_rows([_row(meeting, "10:00", 30, "X")])).status_code == 403
    assert client.get(_url(meeting, suffix="people/?q=ay")).status_code == 403


def test_the_page_shows_rows_side_by_side_with_their_state_in_both_languages(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, title_tr="Açılış", title_en="Opening")
    AgendaItemFactory(meeting=meeting, starts_at=_local(meeting, 11), ends_at=_local(meeting, 12), title_tr="Panel", title_en="")
    english = client.get(_url(meeting, "en")).content.decode()
    turkish = client.get(_url(meeting, "tr")).content.decode()
    assert "Title (TR)" in english and "Title (EN)" in english
    assert "complete" in english and "missing English" in english
    assert "Başlık (TR)" in turkish and "İngilizcesi eksik" in turkish and "Save and publish" not in turkish
    change_page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert _url(meeting, "tr") in change_page


def test_the_change_page_and_the_list_link_to_the_builder(client, staff):
    meeting = MeetingFactory()
    with translation.override("en"):
        change = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
        changelist = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert _url(meeting) in change and _url(meeting) in changelist


def test_without_javascript_a_saved_form_writes_the_agenda_and_records_the_revision(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    data = _post_rows([
        _row(meeting, "10:00", 30, "Açılış", "Opening", kind="opening"),
        _row(meeting, "10:30", 15, "Kahve arası", "Coffee break", kind="break"),
        _row(meeting, "", 30, "", ""),  # the empty row at the end is ignored
    ], action="save")
    response = client.post(_url(meeting), data)
    assert response.status_code == 302
    items = list(meeting.agenda_items.order_by("starts_at"))
    assert [(i.title_tr, i.title_en, i.kind, timezone.localtime(i.starts_at).strftime("%H:%M"),
             timezone.localtime(i.ends_at).strftime("%H:%M")) for i in items] == [
        ("Açılış", "Opening", "opening", "10:00", "10:30"),
        ("Kahve arası", "Coffee break", "break", "10:30", "10:45"),
    ]
    revision = AgendaRevision.objects.get(meeting=meeting)
    assert revision.actor == staff and [c["action"] for c in revision.changes] == ["added", "added"]
    history = client.get(_url(meeting, "tr")).content.decode()
    assert "Eklendi: “Açılış”" in history and "Eklendi: “Kahve arası”" in history


def test_without_javascript_insert_adds_a_row_after_the_item_and_saving_shifts_the_later_ones(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    rows = [_row(meeting, "10:00", 30, "Bir", "One"), _row(meeting, "10:30", 30, "İki", "Two")]
    page = client.post(_url(meeting), _post_rows(rows, insert="0")).content.decode()
    assert page.count("data-prefix=") == 4  # two items, the inserted one, the empty row at the end
    inserted = _row(meeting, "10:30", 20, "Ara", "Break", kind="break")
    client.post(_url(meeting), _post_rows([rows[0], inserted, rows[1]], action="save"))
    assert [(i.title_tr, timezone.localtime(i.starts_at).strftime("%H:%M")) for i in meeting.agenda_items.order_by("starts_at")] == [
        ("Bir", "10:00"), ("Ara", "10:30"), ("İki", "10:50")
    ]


def test_a_save_with_errors_keeps_everything_typed_and_says_what_is_wrong_per_row(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    data = _post_rows([
        _row(meeting, "10:00", 60, "Açılış", "Opening", description_tr="Hoş geldiniz"),
        _row(meeting, "10:30", 30, "Panel", "Panel"),
        _row(meeting, "25:00", 30, "Yanlış saat", "Wrong time"),
    ], action="save", shift_later="")
    response = client.post(_url(meeting, "tr"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hiçbir şey kaydedilmedi" in page
    assert "“Açılış” ile çakışıyor (10:00–11:00)." in page
    assert "Saati SS:DD biçiminde, 24 saat olarak girin (ör. 09:30)." in page
    assert 'value="Yanlış saat"' in page and "Hoş geldiniz" in page and 'value="25:00"' in page
    assert not meeting.agenda_items.exists()


def test_without_javascript_move_buttons_reorder_and_the_times_follow(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    data = _post_rows([
        _row(meeting, "10:00", 30, "Bir", "One"),
        _row(meeting, "10:30", 60, "İki", "Two"),
    ], move="1:up")
    page = client.post(_url(meeting), data).content.decode()
    assert page.index('value="İki"') < page.index('value="Bir"')
    assert 'name="row-0-start" value="10:00"' in page.replace("\n", " ").replace('  ', ' ') or 'value="10:00"' in page
    assert not meeting.agenda_items.exists()  # moving saves nothing
    data = _post_rows([_row(meeting, "10:00", 60, "İki", "Two"), _row(meeting, "11:00", 30, "Bir", "One")], action="save")
    client.post(_url(meeting), data)
    assert [i.title_tr for i in meeting.agenda_items.order_by("starts_at")] == ["İki", "Bir"]


def test_without_javascript_a_speaker_is_found_by_typing_and_saved(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    membership = MembershipFactory(person__given_name="Zeynep", person__family_name="Kılıç", role="Başkan")
    MembershipFactory(person__given_name="Zeynep", person__family_name="Kılınç")
    ambiguous = _post_rows([_row(meeting, "10:00", 30, "Açılış", "Opening", speaker_query="zeynep")], action="save")
    page = client.post(_url(meeting, "en"), ambiguous).content.decode()
    assert "Several people match “zeynep”" in page and "Başkan" in page
    exact = _post_rows([_row(meeting, "10:00", 30, "Açılış", "Opening", speaker_query=membership.person.email)], action="save")
    assert client.post(_url(meeting), exact).status_code == 302
    assert list(meeting.agenda_items.get().speakers.all()) == [membership.person]


def test_the_autocomplete_shows_organisation_and_role_to_tell_namesakes_apart(client, staff):
    meeting = MeetingFactory()
    first = MembershipFactory(person__given_name="Ahmet", person__family_name="Yılmaz", role="Müdür",
                              organisation__name="Göç İdaresi Ankara İl Müdürlüğü")
    MembershipFactory(person__given_name="Ahmet", person__family_name="Yılmaz", role="Araştırmacı")
    PersonFactory(given_name="Ahmet", family_name="Yılmaz", anonymised_at=timezone.now())
    results = client.get(_url(meeting, suffix="people/?q=ahmet yilmaz")).json()["results"]
    assert len(results) == 2
    assert {r["role"] for r in results} == {"Müdür", "Araştırmacı"}
    assert any(r["id"] == first.person_id and r["organisation"] for r in results)


def test_adding_someone_not_in_the_registry_from_the_builder(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    organisation = MembershipFactory().organisation
    data = _post_rows([_row(meeting, "10:00", 30, "Açılış", "Opening")], action="add_person",
                      new_given_name="Elif", new_family_name="Şahin", new_email="elif.sahin@example.org",
                      new_organisation=organisation.name_tr, new_item="0")
    page = client.post(_url(meeting), data).content.decode()
    person = Person.objects.get(email="elif.sahin@example.org")
    assert person.added_by_staff and not person.in_directory
    assert person.memberships.get().organisation == organisation
    assert f'value="{person.pk}" checked' in page and 'value="Açılış"' in page
    again = client.post(_url(meeting), {**data, "new_given_name": "E.", "new_email": "ELIF.SAHIN@example.org"})
    assert Person.objects.filter(email__iexact="elif.sahin@example.org").count() == 1
    assert "already in the registry" in again.content.decode()


def test_the_preview_renders_the_invitees_agenda_in_each_language(client, staff):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title_tr="Açılış konuşmaları", title_en="Opening remarks")
    assert "Açılış konuşmaları" in client.get(_url(meeting, "tr", "preview/")).content.decode()
    assert "Opening remarks" in client.get(_url(meeting, "en", "preview/")).content.decode()


def test_publishing_from_the_builder_is_refused_while_english_is_missing(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    data = _post_rows([_row(meeting, "10:00", 30, "Açılış", "")], action="publish")
    client.post(_url(meeting), data)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and meeting.agenda_items.count() == 1
    data = _post_rows([_row(meeting, "10:00", 30, "Açılış", "Opening", id=str(meeting.agenda_items.get().pk))], action="publish")
    client.post(_url(meeting), data)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_builder_takes_the_same_number_of_queries_with_3_and_30_items(client, staff, django_assert_max_num_queries, language):
    def build(count):
        meeting = MeetingFactory(starts_at=timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + datetime.timedelta(days=5))
        meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=12)
        meeting.save()
        for n in range(count):
            item = AgendaItemFactory(meeting=meeting, starts_at=meeting.starts_at + datetime.timedelta(minutes=20 * n),
                                     ends_at=meeting.starts_at + datetime.timedelta(minutes=20 * n + 20))
            item.speakers.add(MembershipFactory().person)
            item.moderators.add(PersonFactory())
        InvitationFactory(meeting=meeting)
        AgendaRevision.objects.create(meeting=meeting, changes=[{"action": "added", "title_tr": "x", "title_en": "x", "fields": []}])
        return meeting

    few, many = build(3), build(30)
    with django_assert_max_num_queries(22) as few_queries:
        assert client.get(_url(few, language)).status_code == 200
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        response = client.get(_url(many, language))
    assert response.status_code == 200 and response.content.decode().count('data-prefix=') == 31


def test_start_from_a_template_then_save_it_and_save_the_agenda_as_a_new_template(client, staff):
    from meetings.demo import _agenda_template
    from meetings.models import AgendaTemplate

    _agenda_template()
    template = AgendaTemplate.objects.get(name_en="Four-pillar meeting, one day")
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    page = client.post(_url(meeting, "tr"), {"rows": "0", "action": "start_from", "source": f"template:{template.pk}"}).content.decode()
    assert 'value="Açılış ve hoş geldiniz konuşmaları"' in page and 'value="Opening and welcome remarks"' in page
    assert not meeting.agenda_items.exists()  # nothing is saved until staff save
    rows = [
        _row(meeting, f"{10 + item.offset_minutes // 60:02d}:{item.offset_minutes % 60:02d}", item.duration_minutes,
             item.title_tr, item.title_en, kind=item.kind)
        for item in template.items.all()
    ]
    assert client.post(_url(meeting), _post_rows(rows, action="save")).status_code == 302
    assert meeting.agenda_items.count() == template.items.count() == 9
    client.post(_url(meeting), _post_rows([], action="save_template", template_name_tr="Kısa gün", template_name_en="Short day"))
    copy = AgendaTemplate.objects.get(name_en="Short day")
    assert [(i.offset_minutes, i.duration_minutes, i.title_tr) for i in copy.items.all()] == [
        (i.offset_minutes, i.duration_minutes, i.title_tr) for i in template.items.all()
    ]


def test_a_two_day_meeting_offers_the_day_and_saves_items_on_the_second_day(client, staff):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(days=1, hours=6)
    meeting.save()
    first = timezone.localtime(meeting.starts_at).date()
    page = client.get(_url(meeting)).content.decode()
    assert '<select name="row-0-day"' in page and first.isoformat() in page
    second = (first + datetime.timedelta(days=1)).isoformat()
    data = _post_rows([_row(meeting, "10:00", 60, "Birinci gün", "Day one"),
                       {**_row(meeting, "10:00", 60, "İkinci gün", "Day two"), "day": second}], action="save")
    assert client.post(_url(meeting), data).status_code == 302
    assert [timezone.localtime(i.starts_at).date().isoformat() for i in meeting.agenda_items.order_by("starts_at")] == [
        first.isoformat(), second
    ]


def test_templates_revisions_and_people_added_by_staff_have_their_admin_pages(client, staff):
    from meetings.demo import _agenda_template
    from meetings.models import AgendaTemplate

    _agenda_template()
    template = AgendaTemplate.objects.get()
    added = PersonFactory(family_name="Eklenen", added_by_staff=True)
    PersonFactory(family_name="Kendisi")
    with translation.override("tr"):
        assert "Dört sütunlu toplantı, bir gün" in client.get(reverse("admin:meetings_agendatemplate_changelist")).content.decode()
        assert client.get(reverse("admin:meetings_agendatemplate_change", args=[template.pk])).status_code == 200
        assert client.get(reverse("admin:meetings_agendarevision_changelist")).status_code == 200
        people = client.get(reverse("admin:stakeholders_person_changelist") + "?added_by_staff__exact=1").content.decode()
    assert added.family_name in people and "Kendisi" not in people
