"""The agenda builder's rules (meetings.agenda): checks, shift later, moving, templates, new people,
the atomic save and one notification per save."""

import datetime

import pytest
from django.utils import timezone, translation

from magnet.outbox import OutboxMail
from meetings import agenda, services
from meetings.models import AgendaItem, AgendaRevision, AgendaTemplate, Meeting
from stakeholders.models import Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _day(meeting):
    return timezone.localtime(meeting.starts_at).date()


def _row(meeting, start, duration, title_tr="Oturum", title_en="Session", **fields):
    hour, minute = map(int, start.split(":"))
    return agenda.Row(day=_day(meeting), start=datetime.time(hour, minute), duration=duration,
                      title_tr=title_tr, title_en=title_en, **fields)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_overlapping_items_are_refused_on_the_later_row():
    meeting = MeetingFactory()  # 10:00–16:00
    problems = agenda.check_agenda(meeting=meeting, rows=[_row(meeting, "10:00", 60, "Açılış", "Opening"), _row(meeting, "10:30", 30)])
    assert problems == {1: ["Overlaps “Opening” (10:00–11:00)."]}


def test_items_outside_the_meetings_hours_are_refused():
    meeting = MeetingFactory()
    problems = agenda.check_agenda(meeting=meeting, rows=[_row(meeting, "09:30", 30), _row(meeting, "15:45", 30)])
    assert problems == {0: ["Outside the meeting's hours (10:00–16:00)."], 1: ["Outside the meeting's hours (10:00–16:00)."]}


def test_a_speaker_in_two_meetings_at_once_is_a_clash():
    meeting = MeetingFactory()
    other = MeetingFactory(title_en="Working group on returns", starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    speaker = PersonFactory(given_name="Deniz", family_name="Aksoy")
    elsewhere = AgendaItemFactory(meeting=other, starts_at=meeting.starts_at + datetime.timedelta(hours=1),
                                  ends_at=meeting.starts_at + datetime.timedelta(hours=2))
    elsewhere.moderators.add(speaker)
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    AgendaItemFactory(meeting=cancelled).speakers.add(speaker)  # a cancelled meeting keeps nobody busy
    rows = [_row(meeting, "10:00", 30, speakers=[speaker.pk]), _row(meeting, "11:30", 30, speakers=[speaker.pk])]
    problems = agenda.check_agenda(meeting=meeting, rows=rows)
    assert problems == {1: ["Deniz Aksoy is on the agenda of “Working group on returns” at the same time (11:00–12:00)."]}


def test_the_same_person_in_two_overlapping_items_of_the_meeting_is_named():
    meeting = MeetingFactory()
    person = PersonFactory(given_name="Deniz", family_name="Aksoy")
    rows = [_row(meeting, "10:00", 60, "A", "A", moderators=[person.pk]), _row(meeting, "10:30", 30, "B", "B", speakers=[person.pk])]
    assert agenda.check_agenda(meeting=meeting, rows=rows)[1] == [
        "Overlaps “A” (10:00–11:00).", "Deniz Aksoy is also in “A” at the same time."
    ]


def test_the_checks_speak_turkish_on_turkish_pages():
    meeting = MeetingFactory()
    with translation.override("tr"):
        problems = agenda.check_agenda(meeting=meeting, rows=[_row(meeting, "10:00", 60, "Açılış"), _row(meeting, "10:30", 30, "")])
    assert problems == {1: ["Türkçe başlığı girin.", "“Açılış” ile çakışıyor (10:00–11:00)."]}


def test_shift_later_moves_the_later_items_and_keeps_their_durations_and_order():
    meeting = MeetingFactory()
    rows = [_row(meeting, "10:00", 45, "A"), _row(meeting, "10:30", 30, "B"), _row(meeting, "11:00", 15, "C"), _row(meeting, "13:00", 60, "D")]
    shifted = agenda.shift_later_items(rows)
    assert [(r.title_tr, r.start.strftime("%H:%M"), r.duration) for r in shifted] == [
        ("A", "10:00", 45), ("B", "10:45", 30), ("C", "11:15", 15), ("D", "13:00", 60)
    ]


def test_save_with_shift_later_makes_room_for_an_inserted_item():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    agenda.save_agenda(meeting=meeting, items=[_row(meeting, "10:00", 30, "A"), _row(meeting, "10:30", 30, "B")])
    a, b = agenda.rows_of(meeting)
    inserted = _row(meeting, "10:30", 20, "Yeni")
    with pytest.raises(agenda.AgendaInvalid):
        agenda.save_agenda(meeting=meeting, items=[a, inserted, b])
    agenda.save_agenda(meeting=meeting, items=[a, inserted, b], shift_later=True)
    assert [(i.title_tr, timezone.localtime(i.starts_at).strftime("%H:%M"), i.order) for i in meeting.agenda_items.order_by("starts_at")] == [
        ("A", "10:00", 1), ("Yeni", "10:30", 2), ("B", "10:50", 3)
    ]


def test_moving_an_item_up_swaps_the_slots_and_keeps_the_gaps():
    meeting = MeetingFactory()
    rows = [_row(meeting, "10:00", 30, "A"), _row(meeting, "10:45", 60, "B"), _row(meeting, "12:00", 30, "C")]
    moved = agenda.move(rows, 1, 0)
    assert [(r.title_tr, r.start.strftime("%H:%M")) for r in moved] == [("B", "10:00"), ("A", "11:15"), ("C", "12:00")]


def test_a_save_with_one_bad_row_writes_nothing():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    existing = AgendaItemFactory(meeting=meeting, title_tr="Eski", title_en="Old")
    rows = [_row(meeting, "11:00", 30, "İyi", "Good"), _row(meeting, "18:00", 30, "Geç", "Late")]
    with pytest.raises(agenda.AgendaInvalid) as refused:
        agenda.save_agenda(meeting=meeting, items=rows, actor=UserFactory())
    assert refused.value.rows == {1: ["Outside the meeting's hours (10:00–16:00)."]}
    assert list(meeting.agenda_items.all()) == [existing]
    assert not AgendaRevision.objects.exists()


def test_a_save_writes_items_speakers_and_order_and_deletes_the_rows_left_out():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    gone = AgendaItemFactory(meeting=meeting, title_tr="Silinecek")
    speaker, moderator = PersonFactory(), PersonFactory()
    rows = [
        _row(meeting, "11:00", 30, "Panel", "Panel", kind=AgendaItem.Kind.PANEL, speakers=[speaker.pk], moderators=[moderator.pk]),
        _row(meeting, "10:00", 60, "Açılış", "Opening", description_tr="Hoş geldiniz", description_en="Welcome"),
    ]
    result = agenda.save_agenda(meeting=meeting, items=rows)
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.title_tr, i.title_en, i.kind) for i in items] == [
        (1, "Açılış", "Opening", "session"), (2, "Panel", "Panel", "panel")
    ]
    assert list(items[1].speakers.all()) == [speaker] and list(items[1].moderators.all()) == [moderator]
    assert items[0].description_en == "Welcome"
    assert not AgendaItem.objects.filter(pk=gone.pk).exists()
    assert sorted(c["action"] for c in result.changes) == ["added", "added", "removed"]
    assert not result.notified  # a draft has no invitees to tell


def test_a_published_agenda_save_is_recorded_and_tells_each_invitee_once():
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    invitations = [InvitationFactory(meeting=meeting) for _ in range(2)]
    sequence = meeting.sequence
    rows = agenda.rows_of(meeting)
    rows[0].duration = 90
    rows += [_row(meeting, "12:00", 30, f"Madde {n}", f"Item {n}") for n in range(3)]
    rows[2].start = datetime.time(12, 30)
    rows[3].start = datetime.time(13, 0)
    editor = UserFactory()
    result = agenda.save_agenda(meeting=meeting, items=rows, actor=editor)
    meeting.refresh_from_db()
    assert meeting.sequence == sequence + 1
    mails = OutboxMail.objects.filter(template="meetings/updated")
    assert sorted(m.recipient for m in mails) == sorted(i.person.email for i in invitations)
    revision = AgendaRevision.objects.get(meeting=meeting)
    assert (revision.actor, revision.published, revision.sequence) == (editor, True, meeting.sequence)
    assert [c["action"] for c in revision.changes].count("added") == 3
    changed = next(c for c in revision.changes if c["action"] == "changed")
    assert changed["fields"] == ["ends_at"] and changed["title_tr"] == item.title_tr
    assert agenda.describe_change(changed) == f"Changed “{item.title_en}”: end"
    assert result.notified
    # Saving again without a change tells nobody and records nothing.
    again = agenda.save_agenda(meeting=meeting, items=agenda.rows_of(meeting), actor=editor)
    assert (again.changes, again.notified) == ([], False)
    assert OutboxMail.objects.filter(template="meetings/updated").count() == 2
    assert AgendaRevision.objects.count() == 1


def test_a_cancelled_meetings_agenda_cannot_be_changed():
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    with pytest.raises(agenda.AgendaInvalid):
        agenda.save_agenda(meeting=meeting, items=[_row(meeting, "10:00", 30)])


def test_copying_an_earlier_meeting_moves_its_items_to_the_new_date():
    earlier = MeetingFactory(starts_at=timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=40))
    earlier.ends_at = earlier.starts_at + datetime.timedelta(hours=8)
    earlier.save()
    speaker = PersonFactory()
    AgendaItemFactory(meeting=earlier, starts_at=earlier.starts_at + datetime.timedelta(hours=1),
                      ends_at=earlier.starts_at + datetime.timedelta(hours=2), title_tr="Açılış", title_en="Opening").speakers.add(speaker)
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    (row,) = agenda.rows_from_meeting(meeting=meeting, source=earlier)
    assert (row.pk, row.day, row.start, row.duration) == (None, _day(meeting), datetime.time(10, 0), 60)
    assert (row.title_tr, row.title_en, row.speakers) == ("Açılış", "Opening", [speaker.pk])
    agenda.save_agenda(meeting=meeting, items=[row])
    assert meeting.agenda_items.get().starts_at == meeting.starts_at
    assert earlier.agenda_items.count() == 1  # the earlier meeting keeps its agenda


def test_an_agenda_saved_as_a_template_starts_a_new_meeting():
    source = MeetingFactory()
    AgendaItemFactory(meeting=source, title_tr="Açılış", title_en="Opening")
    AgendaItemFactory(meeting=source, starts_at=source.starts_at + datetime.timedelta(minutes=90),
                      ends_at=source.starts_at + datetime.timedelta(minutes=105), kind=AgendaItem.Kind.BREAK,
                      title_tr="Ara", title_en="Break")
    with pytest.raises(Exception, match="Turkish and in English"):
        agenda.save_as_template(meeting=source, name_tr="Şablon", name_en="")
    template = agenda.save_as_template(meeting=source, name_tr="Bir günlük toplantı", name_en="One-day meeting")
    assert [(i.offset_minutes, i.duration_minutes, i.kind, i.title_en) for i in template.items.all()] == [
        (0, 60, "session", "Opening"), (90, 15, "break", "Break")
    ]
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, starts_at=source.starts_at + datetime.timedelta(days=7, hours=-1))
    rows = agenda.rows_from_template(meeting=meeting, template=AgendaTemplate.objects.get(pk=template.pk))
    assert [(r.start.strftime("%H:%M"), r.duration, r.title_tr) for r in rows] == [("09:00", 60, "Açılış"), ("10:30", 15, "Ara")]


def test_someone_new_is_added_marked_as_added_by_staff_and_deduplicated_by_email():
    organisation = OrganisationFactory(name="Mülteci Destek Derneği", name_tr="Mülteci Destek Derneği", name_en="Refugee Support Association")
    person, created = agenda.add_speaker(given_name="Elif", family_name="Şahin", email="elif@example.org",
                                         organisation="refugee support association")
    assert created and person.added_by_staff and not person.in_directory
    assert person.memberships.get().organisation == organisation
    same, created_again = agenda.add_speaker(given_name="Elif", family_name="Şahin-Kaya", email="ELIF@example.org")
    assert (same, created_again) == (person, False)
    assert Person.objects.filter(email__iexact="elif@example.org").count() == 1


def test_an_unknown_organisation_or_no_name_is_refused_and_nobody_is_added():
    with pytest.raises(Exception) as refused:
        agenda.add_speaker(given_name="", family_name="Şahin", email="x@example.org", organisation="Olmayan Kurum")
    assert set(refused.value.message_dict) == {"new_given_name", "new_organisation"}
    assert not Person.objects.filter(email="x@example.org").exists()


def test_the_autocomplete_finds_people_turkish_insensitively_with_organisation_and_role():
    membership = MembershipFactory(person__given_name="Işıl", person__family_name="Çelik", role="Uzman")
    cards = agenda.people_matching(query="isil celik")
    assert cards == [{"id": membership.person_id, "name": "Işıl Çelik", "organisation": str(membership.organisation.name), "role": "Uzman"}]


def test_publishing_waits_for_a_description_written_in_one_language_only():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, description_tr="Açıklama", description_en="")
    assert services.missing_translations(meeting=meeting) == ["Agenda item 1: description (English)"]
    with pytest.raises(Exception, match="description"):
        services.publish_meeting(meeting=meeting)
