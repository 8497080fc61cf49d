"""The conference programme builder: its one conflict service, the atomic save, templates and
copies, permissions, the plain-form (no JavaScript) path and the page's query count."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conference.builder import stored_rows
from conference.cache import programme_version
from conference.models import (
    ProgrammeRevision,
    ProgrammeTemplate,
    Registration,
    Room,
    Session,
    WorkshopChoice,
)
from conference.services import programme as service
from magnet.models import OutboxMail
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER
from tests.conference.factories import (
    ConferenceFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    at,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(settings):
    settings.MAGNET_REQUIRE_MFA = False
    return UserFactory(role=ICMPD_STAFF)


def _conference(**kwargs):
    conference = ConferenceFactory(is_published=False, **kwargs)
    hall_a = RoomFactory(conference=conference, name_tr="Salon A", name_en="Hall A", order=0, capacity=30)
    hall_b = RoomFactory(conference=conference, name_tr="Salon B", name_en="Hall B", order=1, capacity=200)
    return conference, hall_a, hall_b


def _session(conference, room, day=0, hour=9, minutes=60, **kwargs):
    starts = at(conference, day, hour)
    return SessionFactory(conference=conference, room=room, starts_at=starts, ends_at=starts + timedelta(minutes=minutes), **kwargs)


def _rows(conference):
    return {row.key: row for row in stored_rows(conference)}


def _codes(conflicts):
    return sorted(c.code for c in conflicts)


def _url(conference, language="en", suffix=""):
    return f"/{language}/admin/conference/conference/{conference.pk}/programme/{suffix}"


def _form(conference, **changes):
    """The builder's plain form for the stored programme, with some fields changed: {"<pk>-room": ...}."""
    data = {"rows": []}
    for row in stored_rows(conference):
        k = row.key
        data["rows"].append(k)
        data.update({
            f"s-{k}-day": row.day.isoformat(), f"s-{k}-start": f"{row.start:%H:%M}", f"s-{k}-minutes": str(row.minutes),
            f"s-{k}-room": str(row.room_id or ""), f"s-{k}-kind": row.kind,
            f"s-{k}-capacity": "" if row.capacity is None else str(row.capacity),
            f"s-{k}-title_tr": row.title_tr, f"s-{k}-title_en": row.title_en,
            f"s-{k}-abstract_tr": row.abstract_tr, f"s-{k}-abstract_en": row.abstract_en,
            f"s-{k}-speakers": ", ".join(map(str, row.speaker_ids)), f"s-{k}-moderators": ", ".join(map(str, row.moderator_ids)),
        })
    for name, value in changes.items():
        key, _sep, field = name.partition("-")
        data[f"s-{key}-{field}"] = value
    return data


# --- The one conflict service ------------------------------------------------------------------------


def test_a_clean_programme_has_no_conflicts():
    conference, hall_a, hall_b = _conference()
    _session(conference, hall_a, hour=9)
    _session(conference, hall_a, hour=10)  # back to back is fine
    _session(conference, hall_b, hour=9)

    assert service.check_for_save(conference=conference, rows=stored_rows(conference)) == []


def test_a_room_booked_twice_is_flagged_on_both_sessions():
    conference, hall_a, _hall_b = _conference()
    first = _session(conference, hall_a, hour=9, minutes=90)
    second = _session(conference, hall_a, hour=10)

    conflicts = service.check_programme(conference=conference, rows=stored_rows(conference))

    assert _codes(conflicts) == ["room"]
    assert conflicts[0].keys == (str(first.pk), str(second.pk))
    assert "Salon A is booked twice" in conflicts[0].message or "Hall A is booked twice" in conflicts[0].message


def test_a_speaker_or_chair_in_two_rooms_at_once_is_flagged():
    conference, hall_a, hall_b = _conference()
    speaker, chair = PersonFactory(given_name="Elif", family_name="Şahin"), PersonFactory()
    _session(conference, hall_a, hour=9, speakers=[speaker])
    _session(conference, hall_b, hour=9, minutes=30, speakers=[speaker])
    _session(conference, hall_a, hour=11, moderators=[chair])
    _session(conference, hall_b, hour=11, speakers=[chair])

    conflicts = service.check_programme(conference=conference, rows=stored_rows(conference))

    assert _codes(conflicts) == ["person", "person"]
    assert "Elif Şahin is in two places at once" in conflicts[0].message


def test_a_workshop_with_more_registrations_than_its_new_room_or_capacity_is_flagged():
    conference, hall_a, hall_b = _conference()
    workshop = _session(conference, hall_b, kind=Session.Kind.WORKSHOP, capacity=50)
    for _ in range(31):
        WorkshopChoice.objects.create(session=workshop, registration=RegistrationFactory(conference=conference), status=WorkshopChoice.Status.HELD)
    rows = _rows(conference)
    assert service.check_programme(conference=conference, rows=list(rows.values())) == []

    rows[str(workshop.pk)].room_id = hall_a.pk  # Salon A holds 30
    into_small_room = service.check_programme(conference=conference, rows=list(rows.values()))
    rows[str(workshop.pk)].room_id, rows[str(workshop.pk)].capacity = hall_b.pk, 20
    smaller_capacity = service.check_programme(conference=conference, rows=list(rows.values()))
    rows[str(workshop.pk)].capacity, rows[str(workshop.pk)].delete = 50, True
    removed = service.check_programme(conference=conference, rows=list(rows.values()))

    assert _codes(into_small_room) == ["capacity"] and "31 registrations but Hall A holds 30" in into_small_room[0].message
    assert _codes(smaller_capacity) == ["capacity"] and "a capacity of 20" in smaller_capacity[0].message
    assert _codes(removed) == ["seats"]


def test_a_session_outside_the_conference_days_is_flagged():
    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a)
    rows = _rows(conference)
    rows[str(session.pk)].day = conference.ends_on + timedelta(days=1)

    conflicts = service.check_programme(conference=conference, rows=list(rows.values()))

    assert _codes(conflicts) == ["outside"]


def test_a_session_running_past_midnight_of_the_last_day_is_outside():
    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a, day=1, hour=23)
    rows = _rows(conference)
    rows[str(session.pk)].minutes = 120

    assert _codes(service.check_programme(conference=conference, rows=list(rows.values()))) == ["outside"]


def test_unknown_registry_numbers_are_flagged_not_saved():
    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a)
    rows = _rows(conference)
    rows[str(session.pk)].speaker_ids = [987654321]

    assert _codes(service.check_programme(conference=conference, rows=list(rows.values()))) == ["unknown_person"]


# --- Saving ------------------------------------------------------------------------------------------


def test_a_save_with_one_bad_row_saves_nothing(staff):
    conference, hall_a, hall_b = _conference()
    first = _session(conference, hall_a, hour=9)
    second = _session(conference, hall_b, hour=9)
    rows = _rows(conference)
    rows[str(first.pk)].title_en = "Opening, renamed"
    rows[str(second.pk)].room_id = hall_a.pk  # double-books Salon A
    new = service.Row(key="new-1", day=conference.starts_on, start=at(conference, 0, 14).time(), minutes=30, room_id=hall_b.pk, title_tr="Yeni", title_en="New")

    with pytest.raises(service.ProgrammeConflicts) as refused:
        service.save_programme(conference=conference, rows=[*rows.values(), new], by=staff)

    assert _codes(refused.value.conflicts) == ["room"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title_en != "Opening, renamed" and second.room_id == hall_b.pk
    assert Session.objects.filter(conference=conference).count() == 2
    assert not ProgrammeRevision.objects.exists()


def test_a_save_moves_adds_and_removes_sessions_and_records_one_revision(staff, django_capture_on_commit_callbacks):
    conference, hall_a, hall_b = _conference()
    moved = _session(conference, hall_a, hour=9)
    dropped = _session(conference, hall_a, hour=11)
    speaker = PersonFactory()
    rows = _rows(conference)
    rows[str(moved.pk)].room_id, rows[str(moved.pk)].start = hall_b.pk, at(conference, 0, 10).time()
    rows[str(moved.pk)].speaker_ids = [speaker.pk]
    rows[str(dropped.pk)].delete = True
    new = service.Row(key="new-1", day=conference.ends_on, start=at(conference, 0, 14).time(), minutes=45,
                      room_id=hall_a.pk, kind=Session.Kind.BREAK, title_tr="Kahve arası", title_en="Coffee break")
    version = programme_version()

    with django_capture_on_commit_callbacks(execute=True):
        revision = service.save_programme(conference=conference, rows=[*rows.values(), new], by=staff)

    moved.refresh_from_db()
    assert (moved.room_id, timezone.localtime(moved.starts_at).hour, list(moved.speakers.all())) == (hall_b.pk, 10, [speaker])
    assert timezone.localtime(moved.ends_at).hour == 11
    assert not Session.objects.filter(pk=dropped.pk).exists()
    added = Session.objects.get(conference=conference, title_en="Coffee break")
    assert (added.title_tr, added.kind, timezone.localtime(added.starts_at).date()) == ("Kahve arası", "break", conference.ends_on)
    assert sorted(c["action"] for c in revision.changes) == ["added", "changed", "removed"]
    assert revision.by == staff and revision.notified == 0  # not published: nobody is told
    assert programme_version() != version


def test_a_published_programme_tells_each_registrant_once_per_save_and_only_for_times_and_rooms(staff):
    conference, hall_a, hall_b = _conference()
    conference.is_published = True
    conference.save()
    session = _session(conference, hall_a)
    holders = [RegistrationFactory(conference=conference) for _ in range(2)]
    RegistrationFactory(conference=conference, status=Registration.Status.CANCELLED)
    rows = _rows(conference)
    rows[str(session.pk)].room_id = hall_b.pk
    sequence = conference.sequence

    revision = service.save_programme(conference=conference, rows=list(rows.values()), by=staff)
    rows[str(session.pk)].abstract_tr, rows[str(session.pk)].abstract_en = "Düzeltilmiş özet", "Corrected abstract"
    text_only = service.save_programme(conference=conference, rows=list(rows.values()), by=staff)
    unchanged = service.save_programme(conference=conference, rows=list(rows.values()), by=staff)

    mails = OutboxMail.objects.filter(template="conference/programme_changed")
    assert revision.notified == 2 and mails.count() == 2
    assert sorted(mails.values_list("recipient", flat=True)) == sorted(h.person.email for h in holders)
    assert text_only.notified == 0 and unchanged is None
    conference.refresh_from_db()
    assert conference.sequence > sequence  # the calendar entry attached to the mail replaces the old one


def test_a_published_programme_refuses_a_session_missing_english(staff):
    conference, hall_a, _hall_b = _conference()
    conference.is_published = True
    conference.save()
    new = service.Row(key="new-1", day=conference.starts_on, start=at(conference, 0, 9).time(), minutes=30, room_id=hall_a.pk, title_tr="Açılış")

    with pytest.raises(service.ProgrammeConflicts) as refused:
        service.save_programme(conference=conference, rows=[new], by=staff)

    assert _codes(refused.value.conflicts) == ["language"]
    assert "missing English" in refused.value.conflicts[0].message
    assert new.language_status == service.MISSING_EN


def test_publishing_is_refused_while_a_session_misses_a_language(staff, client):
    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a)
    Session.objects.filter(pk=session.pk).update(abstract_tr="Yalnız Türkçe özet", abstract_en="")

    with pytest.raises(ValidationError):
        service.check_publishable(conference=conference)
    Session.objects.filter(pk=session.pk).update(abstract_en="English abstract")
    service.check_publishable(conference=conference)


# --- Templates and earlier editions -------------------------------------------------------------------


def test_copying_an_earlier_edition_shifts_the_days_and_keeps_rooms_and_people(staff):
    earlier, hall_a, hall_b = _conference()
    speaker = PersonFactory()
    _session(earlier, hall_a, day=0, hour=9, speakers=[speaker])
    _session(earlier, hall_b, day=1, hour=14, minutes=90, kind=Session.Kind.WORKSHOP, capacity=25)
    later = ConferenceFactory(is_published=False, starts_on=earlier.starts_on + timedelta(days=365), ends_on=earlier.starts_on + timedelta(days=366))

    revision, skipped = service.copy_programme(conference=later, source=earlier, by=staff)

    sessions = list(Session.objects.filter(conference=later).order_by("starts_at"))
    assert skipped == 0 and len(sessions) == 2
    assert [timezone.localtime(s.starts_at).date() for s in sessions] == [later.starts_on, later.starts_on + timedelta(days=1)]
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in sessions] == ["09:00", "14:00"]
    assert (sessions[1].ends_at - sessions[1].starts_at) == timedelta(minutes=90)
    assert [r.name_en for r in Room.objects.filter(conference=later).order_by("order")] == ["Hall A", "Hall B"]
    assert sessions[1].room.capacity == 200 and sessions[1].capacity == 25
    assert list(sessions[0].speakers.all()) == [speaker]
    assert revision.changes[0]["action"] == "copied"
    with pytest.raises(ValidationError):  # only into an empty programme
        service.copy_programme(conference=later, source=earlier, by=staff)


def test_a_saved_template_starts_a_new_programme_without_people(staff):
    source, hall_a, _hall_b = _conference()
    _session(source, hall_a, day=1, hour=10, speakers=[PersonFactory()], title_tr="Kapanış", title_en="Closing")

    template = service.save_template(conference=source, title_tr="İki günlük program", title_en="Two-day programme", by=staff)
    target = ConferenceFactory(is_published=False)
    service.apply_template(conference=target, template=template, by=staff)

    session = Session.objects.get(conference=target)
    assert (session.title_tr, session.title_en) == ("Kapanış", "Closing")
    assert timezone.localtime(session.starts_at).date() == target.starts_on + timedelta(days=1)
    assert session.room.name_en == "Hall A" and not session.speakers.exists()
    assert ProgrammeTemplate.objects.get().title_en == "Two-day programme"


# --- The page: permissions, plain form, live check, people search, query count -----------------------


@pytest.mark.parametrize("role", [STAKEHOLDER, PMM_OFFICIAL, FIELD_REPORTER])
def test_other_roles_are_refused(client, settings, role):
    settings.MAGNET_REQUIRE_MFA = False
    conference, _hall_a, _hall_b = _conference()
    client.force_login(UserFactory(role=role))

    for suffix in ("", "check/", "people/?q=ay"):
        response = client.get(_url(conference, suffix=suffix)) if "check" not in suffix else client.post(_url(conference, suffix=suffix), {})
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_without_the_change_permissions_are_refused(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a)
    user = UserFactory(role=STAKEHOLDER, is_staff=True)
    client.force_login(user)

    page = client.get(_url(conference))
    save = client.post(_url(conference), _form(conference, **{f"{session.pk}-title_en": "Hijacked"}))

    assert (page.status_code, save.status_code) == (403, 403)
    session.refresh_from_db()
    assert session.title_en != "Hijacked"


def test_the_conference_page_links_to_the_builder(client, staff):
    conference, _hall_a, _hall_b = _conference()
    client.force_login(staff)

    response = client.get(f"/en/admin/conference/conference/{conference.pk}/change/")

    assert _url(conference) in response.content.decode()


def test_without_javascript_the_plain_form_moves_a_session(client, staff):
    conference, hall_a, hall_b = _conference()
    session = _session(conference, hall_a, hour=9)
    client.force_login(staff)

    page = client.get(_url(conference, "tr"))
    response = client.post(_url(conference, "tr"), _form(conference, **{
        f"{session.pk}-room": str(hall_b.pk), f"{session.pk}-day": conference.ends_on.isoformat(), f"{session.pk}-start": "15.30",
    }))

    html = page.content.decode()
    assert f'name="s-{session.pk}-room"' in html and f'name="s-{session.pk}-start"' in html and 'name="s-new-1-title_tr"' in html
    assert f'for="s-{session.pk}-title_tr">Başlık (TR)' in html
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.room_id, timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")) == (
        hall_b.pk, f"{conference.ends_on:%Y-%m-%d} 15:30")


def test_a_refused_plain_form_keeps_everything_typed_and_explains_in_the_page_language(client, staff):
    conference, hall_a, hall_b = _conference()
    first = _session(conference, hall_a, hour=9)
    second = _session(conference, hall_b, hour=9)
    client.force_login(staff)
    form = _form(conference, **{
        f"{second.pk}-room": str(hall_a.pk), f"{first.pk}-title_en": "A title typed but not saved",
        "new-1-title_tr": "Yeni oturum", "new-1-title_en": "New session typed", "new-1-day": conference.starts_on.isoformat(),
        "new-1-start": "25:99", "new-1-minutes": "30",
    })
    form["rows"].append("new-1")

    english = client.post(_url(conference, "en"), form)
    turkish = client.post(_url(conference, "tr"), form)

    html = english.content.decode()
    assert english.status_code == 400
    assert "Nothing was saved" in html and "Hall A is booked twice" in html and "check the start time" in html
    assert "A title typed but not saved" in html and "New session typed" in html and 'value="25:99"' in html
    assert "iki kez" in turkish.content.decode()  # the same conflict, in Turkish
    assert Session.objects.filter(conference=conference).count() == 2
    first.refresh_from_db()
    assert first.title_en != "A title typed but not saved"


def test_the_live_check_answers_the_save_rules_and_writes_nothing(client, staff):
    conference, hall_a, hall_b = _conference()
    _first = _session(conference, hall_a, hour=9)
    second = _session(conference, hall_b, hour=9)
    client.force_login(staff)

    response = client.post(_url(conference, suffix="check/"), _form(conference, **{f"{second.pk}-room": str(hall_a.pk)}))

    data = response.json()
    assert [c["code"] for c in data["conflicts"]] == ["room"]
    assert data["status"][str(second.pk)] == "complete"
    second.refresh_from_db()
    assert second.room_id == hall_b.pk


def test_the_people_search_tells_identical_names_apart(client, staff):
    conference, _hall_a, _hall_b = _conference()
    for city, position in (("Gaziantep", "Uzman"), ("Hatay", "Şube Müdürü")):
        person = PersonFactory(given_name="Ayşe", family_name="Yılmaz", position=position)
        MembershipFactory(person=person, organisation=OrganisationFactory(name=f"{city} Barosu", name_tr=f"{city} Barosu", name_en=f"{city} Bar Association"), status="approved")
    client.force_login(staff)

    results = client.get(_url(conference, "en", "people/"), {"q": "ayse yilmaz"}).json()["results"]
    turkish = client.get(_url(conference, "tr", "people/"), {"q": "AYŞE YILMAZ"}).json()["results"]

    assert [r["name"] for r in results] == ["Ayşe Yılmaz", "Ayşe Yılmaz"]
    assert sorted(r["detail"] for r in results) == ["Uzman · Gaziantep Bar Association", "Şube Müdürü · Hatay Bar Association"]
    assert sorted(r["detail"] for r in turkish) == ["Uzman · Gaziantep Barosu", "Şube Müdürü · Hatay Barosu"]


def _fill(conference, rooms, count):
    """`count` sessions over the conference's days and rooms, two speakers and a chair each."""
    people = [PersonFactory() for _ in range(min(count * 3, 30))]
    days = (conference.ends_on - conference.starts_on).days + 1
    per_room_day = -(-count // (days * len(rooms)))
    n = 0
    for day in range(days):
        for slot in range(per_room_day):
            for room in rooms:
                if n == count:
                    return
                session = _session(conference, room, day=day, hour=9 + slot, minutes=60, title_tr=f"Oturum {n}", title_en=f"Session {n}",
                                   kind=Session.Kind.WORKSHOP if n % 4 == 3 else Session.Kind.PANEL)
                session.speakers.set(people[(3 * n) % len(people):(3 * n) % len(people) + 2])
                session.moderators.set([people[(3 * n + 2) % len(people)]])
                n += 1


def test_the_builder_page_runs_the_same_few_queries_for_3_and_for_120_sessions(client, staff):
    small = ConferenceFactory(is_published=False)
    small_rooms = [RoomFactory(conference=small, order=i, name_tr=f"Salon {i}", name_en=f"Hall {i}") for i in range(2)]
    _fill(small, small_rooms, 3)
    large = ConferenceFactory(is_published=False, ends_on=small.starts_on + timedelta(days=2))
    large_rooms = [RoomFactory(conference=large, order=i, name_tr=f"Salon {i}", name_en=f"Hall {i}") for i in range(6)]
    _fill(large, large_rooms, 120)
    client.force_login(staff)
    client.get(_url(small))  # the session and permission caches warm up

    counts = {}
    for name, conference in (("small", small), ("large", large)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(conference))
        assert response.status_code == 200
        counts[name] = len(queries)

    assert Session.objects.filter(conference=large).count() == 120
    assert counts["small"] == counts["large"] <= 15, counts
    assert response.content.decode().count('class="pb-card ') == 120
    # The whole plain form of 120 sessions (about 1,700 fields) goes through, and saves.
    first = stored_rows(large)[0]
    saved = client.post(_url(large), _form(large, **{f"{first.key}-title_en": "Opening plenary"}))
    assert saved.status_code == 302
    assert Session.objects.get(pk=first.pk).title_en == "Opening plenary"


def test_an_unpublished_programme_saves_a_session_in_one_language_and_marks_it(staff):
    conference, hall_a, _hall_b = _conference()
    new = service.Row(key="new-1", day=conference.starts_on, start=at(conference, 0, 9).time(), minutes=30, room_id=hall_a.pk, title_tr="Açılış")

    service.save_programme(conference=conference, rows=[new], by=staff)

    session = Session.objects.get(conference=conference)
    assert (session.title_tr, session.title_en) == ("Açılış", None)
    assert stored_rows(conference)[0].language_status == service.MISSING_EN
    with pytest.raises(ValidationError):
        service.check_publishable(conference=conference)


def test_the_conference_admin_refuses_to_publish_while_a_session_misses_a_language(staff, rf):
    from django.contrib import admin
    from django.forms.utils import ErrorDict

    from conference.models import Conference

    conference, hall_a, _hall_b = _conference()
    session = _session(conference, hall_a)
    Session.objects.filter(pk=session.pk).update(title_en=None)
    request = rf.get("/")
    request.user = staff
    form = admin.site._registry[Conference].get_form(request, conference, change=True)(instance=conference)
    form.cleaned_data, form._errors = {"is_published": True}, ErrorDict()

    form.clean()

    assert "cannot be published while sessions miss Turkish or English (1)" in str(form.errors["is_published"])
