"""Commitments (issue 13, "Commitments that are followed up"): ownership and who may update, status
changes with progress notes, reminders once each, the owner's and the staff's pages, the review of
commitments on the next agenda, the API, and the report chapter frozen in the figures snapshot."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from magnet.celery import app
from magnet.models import OutboxMail
from magnet.roles import ICMPD_STAFF
from meetings import commitments, tasks
from meetings.models import ActionItem, ActionItemUpdate, AgendaItem, Meeting
from stakeholders.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, pillar
from tests.meetings.commitment_factories import ActionItemFactory, owner_user
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _days(n):
    return TODAY() + datetime.timedelta(days=n)


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def staff(settings):
    settings.MAGNET_REQUIRE_MFA = False
    return UserFactory(role=ICMPD_STAFF)


# --- Who owns a commitment ----------------------------------------------------------------------


def test_the_owner_person_and_members_of_the_owner_organisation_own_it_others_do_not():
    item = ActionItemFactory()
    member = owner_user(item)
    person_user = UserFactory()
    item.owner_person = PersonFactory(user=person_user, email=person_user.email)
    item.save()
    stranger = UserFactory()
    PersonFactory(user=stranger, email=stranger.email)
    former = owner_user(item)
    Membership.objects.filter(person__user=former).update(until=_days(-1))
    pending = owner_user(item)
    Membership.objects.filter(person__user=pending).update(status=Membership.Status.PENDING)

    assert commitments.is_owner(user=member, item=item)
    assert commitments.is_owner(user=person_user, item=item)
    assert not commitments.is_owner(user=stranger, item=item)
    assert not commitments.is_owner(user=former, item=item)
    assert not commitments.is_owner(user=pending, item=item)
    assert list(commitments.my_commitments(user=stranger)) == []


def test_my_commitments_lists_open_ones_first_by_due_date():
    item = ActionItemFactory(due_date=_days(20))
    user = owner_user(item)
    organisation = item.owner_organisation
    sooner = ActionItemFactory(owner_organisation=organisation, due_date=_days(3))
    done = ActionItemFactory(owner_organisation=organisation, due_date=_days(1), status="done")
    ActionItemFactory()  # another organisation's

    assert list(commitments.my_commitments(user=user)) == [sooner, item, done]


# --- Updating with a note -----------------------------------------------------------------------


def test_the_owner_updates_the_status_with_a_note_and_it_is_recorded():
    item = ActionItemFactory()
    user = owner_user(item)

    commitments.update_commitment(item=item, user=user, status="in_progress", note="  İlk taslak hazır.\x07 ")

    item.refresh_from_db()
    update = item.updates.get()
    assert item.status == "in_progress" and item.closed_at is None
    assert (update.old_status, update.new_status, update.note) == ("open", "in_progress", "İlk taslak hazır.")
    assert update.author.user == user and not update.author_is_staff


def test_someone_who_is_not_the_owner_cannot_update_and_nothing_changes():
    item = ActionItemFactory()
    stranger = UserFactory()
    PersonFactory(user=stranger, email=stranger.email)

    with pytest.raises(PermissionDenied):
        commitments.update_commitment(item=item, user=stranger, status="done", note="Bitti")

    item.refresh_from_db()
    assert item.status == "open" and not item.updates.exists()


def test_done_sets_the_closing_time_and_only_staff_may_reopen(staff):
    item = ActionItemFactory()
    user = owner_user(item)
    commitments.update_commitment(item=item, user=user, status="done")
    item.refresh_from_db()
    assert item.closed_at is not None

    with pytest.raises(ValidationError) as refused:
        commitments.update_commitment(item=item, user=user, status="open", note="Yeniden açıyorum")
    assert "status" in refused.value.message_dict

    commitments.update_commitment(item=item, user=staff, status="in_progress", note="Eksik kaldı.")
    item.refresh_from_db()
    assert item.status == "in_progress" and item.closed_at is None
    assert item.updates.last().author_is_staff


@pytest.mark.parametrize(
    ("status", "note", "field"),
    [("dropped", "", "note"), ("open", "", "note"), ("finished", "x", "status")],
    ids=["dropping-needs-a-reason", "no-change-no-note", "unknown-status"],
)
def test_unsound_updates_are_refused_with_a_reason(status, note, field):
    item = ActionItemFactory()
    user = owner_user(item)

    with pytest.raises(ValidationError) as refused:
        commitments.update_commitment(item=item, user=user, status=status, note=note)

    assert field in refused.value.message_dict
    assert ActionItem.objects.get(pk=item.pk).status == "open" and not ActionItemUpdate.objects.exists()


def test_a_note_alone_keeps_the_status():
    item = ActionItemFactory(status="in_progress")
    user = owner_user(item)

    commitments.update_commitment(item=item, user=user, status="in_progress", note="Toplantı ayarlandı.")

    assert item.updates.get().old_status == item.updates.get().new_status == "in_progress"


def test_a_commitment_needs_a_source_and_an_owner():
    with pytest.raises(ValidationError) as refused:
        commitments.create_commitment(title_tr="Rehber", title_en="Guide")
    assert {"meeting", "owner_organisation"} <= set(refused.value.message_dict)

    from_session = commitments.create_commitment(
        title_tr="Rehberin çevirisi", title_en="Translating the guide", owner_organisation=OrganisationFactory(),
        source_title_tr="Bölgesel Konferans · Çalıştay A", source_title_en="Regional Conference · Workshop A",
        source_url="/en/conference/",
    )
    assert from_session.meeting is None and from_session.source == "Bölgesel Konferans · Çalıştay A"


# --- Reminders ----------------------------------------------------------------------------------


def test_owners_get_one_reminder_before_the_due_date_and_one_when_overdue(mailoutbox, django_capture_on_commit_callbacks):
    item = ActionItemFactory(due_date=_days(5), owner_person=PersonFactory(preferred_language="en", email="owner@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        first = commitments.send_commitment_reminders()
        again = commitments.send_commitment_reminders()
    assert (first, again) == (1, 0)
    assert mailoutbox[0].to == ["owner@example.org"]
    assert "Your commitment is due on" in mailoutbox[0].subject
    assert item.title_en in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        overdue = commitments.send_commitment_reminders(today=_days(6))
        overdue_again = commitments.send_commitment_reminders(today=_days(9))
    assert (overdue, overdue_again) == (1, 0)
    assert len(mailoutbox) == 2 and "was due on" in mailoutbox[1].subject
    item.refresh_from_db()
    assert item.reminder_before_sent_at and item.reminder_overdue_sent_at


def test_an_organisation_without_an_owner_person_reminds_its_focal_points_in_their_language(mailoutbox, django_capture_on_commit_callbacks):
    item = ActionItemFactory(due_date=_days(-2))
    focal = MembershipFactory(organisation=item.owner_organisation, is_focal_point=True,
                              person=PersonFactory(preferred_language="tr", email="odak@example.org"))
    MembershipFactory(organisation=item.owner_organisation, person=PersonFactory(email="other@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_commitment_reminders.delay().get() == 1

    assert [m.to for m in mailoutbox] == [[focal.person.email]]
    assert "Taahhüdünüzün son tarihi" in mailoutbox[0].subject
    assert "/tr/meetings/commitments/" in mailoutbox[0].body


def test_no_reminder_for_closed_far_or_undated_commitments_nor_once_closed_in_between(mailoutbox, django_capture_on_commit_callbacks):
    owner = PersonFactory()
    ActionItemFactory(due_date=_days(3), status="done", owner_person=owner)
    ActionItemFactory(due_date=_days(30), owner_person=owner)
    ActionItemFactory(due_date=None, owner_person=owner)
    closed_later = ActionItemFactory(due_date=_days(2), owner_person=owner)

    commitments.send_commitment_reminders()  # the row is written, the mail not yet sent
    ActionItem.objects.filter(pk=closed_later.pk).update(status="done")
    with django_capture_on_commit_callbacks(execute=True):
        from magnet import outbox

        outbox.send_batch(list(OutboxMail.objects.values_list("pk", flat=True)))

    assert mailoutbox == []
    assert OutboxMail.objects.get().state == OutboxMail.State.SKIPPED


def test_beat_runs_the_commitment_reminders_by_name():
    assert app.conf.beat_schedule["meetings-commitment-reminders"]["task"] == tasks.send_commitment_reminders.name


# --- Review of commitments on the next agenda ---------------------------------------------------


def test_the_next_meeting_gets_a_review_item_listing_open_commitments_of_earlier_meetings():
    earlier = ActionItemFactory(title_en="Share the model agenda", title_tr="Örnek gündemi paylaşın")
    ActionItemFactory(status="done", title_en="Finished already")
    session_item = ActionItemFactory(meeting=None, source_title="Konferans oturumu", title_en="From the session")
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.starts_at + datetime.timedelta(hours=1))
    later = ActionItemFactory(meeting=MeetingFactory(starts_at=in_days(40), ends_at=in_days(40, 16)))

    assert set(commitments.open_items_before(meeting=meeting)) == {earlier, session_item}
    review = commitments.add_review_of_commitments(meeting=meeting)
    again = commitments.add_review_of_commitments(meeting=meeting)

    assert review.pk == again.pk and meeting.agenda_items.count() == 2
    review.refresh_from_db()
    assert (review.title_tr, review.title_en) == ("Taahhütlerin gözden geçirilmesi", "Review of commitments")
    assert review.starts_at == meeting.starts_at + datetime.timedelta(hours=1)
    assert "Share the model agenda" in review.description_en and "Örnek gündemi paylaşın" in review.description_tr
    assert "Finished already" not in review.description_en and later.title_en not in review.description_en


def test_no_review_item_when_the_agenda_is_full_or_the_meeting_is_held():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    with pytest.raises(ValidationError):
        commitments.add_review_of_commitments(meeting=meeting)
    with pytest.raises(ValidationError):
        commitments.add_review_of_commitments(meeting=MeetingFactory(status=Meeting.Status.HELD))
    assert not AgendaItem.objects.filter(title_en="Review of commitments").exists()


def test_the_admin_action_adds_the_review_item(client, staff):
    staff.is_staff = True
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    ActionItemFactory()
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)

    client.post(reverse("admin:meetings_meeting_changelist"),
                {"action": "add_review_of_commitments", "_selected_action": [meeting.pk]})

    assert meeting.agenda_items.filter(title_en="Review of commitments").exists()


# --- Pages --------------------------------------------------------------------------------------


def test_my_commitments_page_and_update_form_in_both_languages(client):
    item = ActionItemFactory(title_tr="Gönüllü öğretmen havuzu", title_en="A pool of volunteer teachers")
    user = owner_user(item)
    client.force_login(user)

    assert "A pool of volunteer teachers" in client.get(_url("my_commitments")).content.decode()
    assert "Gönüllü öğretmen havuzu" in client.get(_url("my_commitments", language="tr")).content.decode()
    response = client.post(_url("commitment_detail", item.pk), {"status": "done", "note": "18 gönüllü kaydoldu."})

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "18 gönüllü kaydoldu." in page and "Your update is saved." in page


def test_a_refused_update_shows_a_clear_error_and_keeps_what_was_typed(client):
    item = ActionItemFactory()
    client.force_login(owner_user(item))

    response = client.post(_url("commitment_detail", item.pk, language="tr"), {"status": "dropped", "note": ""})

    assert response.status_code == 400
    assert "Taahhütten neden vazgeçildiğini yazın." in response.content.decode()
    assert ActionItem.objects.get(pk=item.pk).status == "open"


def test_someone_elses_commitment_answers_404_to_see_and_to_update(client):
    item = ActionItemFactory()
    stranger = UserFactory()
    PersonFactory(user=stranger, email=stranger.email)
    client.force_login(stranger)

    assert client.get(_url("commitment_detail", item.pk)).status_code == 404
    assert client.post(_url("commitment_detail", item.pk), {"status": "done", "note": "x"}).status_code == 404
    assert ActionItem.objects.get(pk=item.pk).status == "open"


def test_the_staff_list_is_only_for_staff(client):
    client.force_login(UserFactory())
    assert client.get(_url("staff_commitments")).status_code in (403, 404)
    assert client.get(_url("staff_commitments_xlsx")).status_code in (403, 404)


def test_staff_filter_by_pillar_meeting_overdue_and_status(client, staff):
    civil = OrganisationFactory(pillar=pillar("civil"))
    overdue = ActionItemFactory(due_date=_days(-3), owner_organisation=civil)
    due_later = ActionItemFactory(due_date=_days(10))
    ActionItemFactory(status="done")
    person_only = ActionItemFactory(owner_organisation=None, owner_person=MembershipFactory(organisation=civil).person)
    client.force_login(staff)

    def listed(**query):
        return list(client.get(_url("staff_commitments"), query).context["items"])

    assert listed() == [overdue, due_later, person_only]
    assert listed(pillar=pillar("civil").pk) == [overdue, person_only]
    assert listed(meeting=due_later.meeting_id) == [due_later]
    assert listed(overdue="on") == [overdue]
    assert [i.status for i in listed(status="done")] == ["done"]
    assert len(listed(status="all")) == 4
    assert listed(meeting="not-a-number") == listed()


def test_staff_export_is_an_xlsx_with_the_filtered_rows(client, staff):
    ActionItemFactory(title_en="Overdue guide", due_date=_days(-3))
    ActionItemFactory(title_en="Later guide", due_date=_days(10))
    client.force_login(staff)

    response = client.get(_url("staff_commitments_xlsx"), {"overdue": "on"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert response["Content-Disposition"] == 'attachment; filename="commitments.xlsx"'
    assert rows[0][:2] == ("Commitment", "Agreed at")
    assert [(r[0], r[-1]) for r in rows[1:]] == [("Overdue guide", "yes")]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staff_list_and_my_commitments_take_the_same_queries_for_few_and_many(client, staff):
    organisation = OrganisationFactory()
    ActionItemFactory(owner_organisation=organisation)
    user = owner_user(ActionItem.objects.get())
    client.force_login(staff)
    few_staff = _queries(client, _url("staff_commitments"))
    client.force_login(user)
    few_mine = _queries(client, _url("my_commitments"))
    for number in range(20):
        ActionItemFactory(owner_organisation=organisation, owner_person=PersonFactory() if number % 2 else None)
    client.force_login(staff)
    many_staff = _queries(client, _url("staff_commitments"))
    client.force_login(user)
    many_mine = _queries(client, _url("my_commitments"))

    assert many_staff == few_staff
    assert many_mine == few_mine


def test_the_meeting_page_lists_its_commitments_to_attendees(client):
    item = ActionItemFactory(title_en="Share the model agenda", status="in_progress")
    user = UserFactory()
    InvitationFactory(meeting=item.meeting, person=PersonFactory(user=user, email=user.email), response="accepted", attended=True)
    absent = UserFactory()
    InvitationFactory(meeting=item.meeting, person=PersonFactory(user=absent, email=absent.email), response="declined")
    client.force_login(user)

    page = client.get(_url("meeting_detail", item.meeting_id)).content.decode()
    assert "Share the model agenda" in page and "In progress" in page

    client.force_login(absent)
    assert "Share the model agenda" not in client.get(_url("meeting_detail", item.meeting_id)).content.decode()


# --- API ----------------------------------------------------------------------------------------


def test_the_api_shows_owners_their_own_and_staff_all(client, staff):
    mine = ActionItemFactory()
    user = owner_user(mine)
    other = ActionItemFactory()
    client.force_login(user)

    own = client.get("/api/v1/commitments/").json()
    assert [row["id"] for row in own["results"]] == [mine.pk]
    assert client.get(f"/api/v1/commitments/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/commitments/{other.pk}/progress/", {"status": "done"}).status_code == 404

    client.force_login(staff)
    assert {row["id"] for row in client.get("/api/v1/commitments/").json()["results"]} == {mine.pk, other.pk}


def test_the_api_update_follows_the_same_rules_as_the_form(client):
    item = ActionItemFactory()
    client.force_login(owner_user(item))

    refused = client.post(f"/api/v1/commitments/{item.pk}/progress/", {"status": "dropped"}, content_type="application/json")
    done = client.post(f"/api/v1/commitments/{item.pk}/progress/", {"status": "done", "note": "Tamam."},
                       content_type="application/json")

    assert refused.status_code == 400
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "done" and body["updates"][0]["note"] == "Tamam."


def test_the_api_list_takes_the_same_queries_for_few_and_many(client, staff):
    ActionItemFactory()
    client.force_login(staff)
    few = _queries(client, "/api/v1/commitments/")
    for _ in range(15):
        item = ActionItemFactory()
        ActionItemUpdate.objects.create(action_item=item, old_status="open", new_status="open", note="not")
    many = _queries(client, "/api/v1/commitments/")
    assert many == few


# --- Erasure ------------------------------------------------------------------------------------


def test_erasing_a_person_removes_their_progress_notes_text_and_authorship():
    from magnet import erasure

    item = ActionItemFactory()
    user = owner_user(item)
    commitments.update_commitment(item=item, user=user, status="in_progress", note="Adım adım ilerliyoruz.")
    person = item.updates.get().author

    erasure.erase(erasure.Subject(person_id=person.pk, user_id=user.pk, addresses=frozenset({user.email})))

    update = item.updates.get()
    assert (update.author, update.note, update.new_status) == (None, "", "in_progress")


# --- The periodic report ------------------------------------------------------------------------


def test_the_report_figures_count_by_status_and_pillar_overdue_and_closed_in_the_period(staff):
    civil = OrganisationFactory(pillar=pillar("civil"))
    overdue = ActionItemFactory(due_date=_days(-5), owner_organisation=civil)
    ActionItemFactory(due_date=_days(5))
    closed = ActionItemFactory()
    commitments.update_commitment(item=closed, user=staff, status="done", note="Tamamlandı.")

    with translation.override("en"):
        figures = commitments.commitment_figures(start=_days(-30), end=_days(30))

    assert figures["total"] == 3
    assert {row["status"]: row["count"] for row in figures["by_status"]} == {"open": 2, "in_progress": 0, "done": 1, "dropped": 0}
    by_pillar = {row["pillar_code"]: row for row in figures["by_pillar"]}
    assert (by_pillar["civil"]["open"], by_pillar["public"]["open"], by_pillar["public"]["done"]) == (1, 1, 1)
    assert [row["id"] for row in figures["overdue"]] == [overdue.pk]
    assert [row["id"] for row in figures["closed_in_period"]] == [closed.pk]
    assert figures["by_status"][2]["label"] == "Done"


def test_the_owner_of_a_closed_commitment_is_offered_only_closed_statuses(client):
    item = ActionItemFactory(status="done")
    client.force_login(owner_user(item))

    form = client.get(_url("commitment_detail", item.pk)).context["form"]
    refused = client.post(_url("commitment_detail", item.pk), {"status": "open", "note": "Tekrar açalım."})

    assert [value for value, _label in form.fields["status"].choices] == ["done", "dropped"]
    assert refused.status_code == 400 and "ask ICMPD staff to reopen it" in refused.content.decode()
    assert ActionItem.objects.get(pk=item.pk).status == "done"
