import datetime
import io

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from openpyxl import load_workbook

from magnet.roles import ICMPD_STAFF
from meetings import tokens
from meetings.models import CalendarFeed, Invitation, Meeting, MeetingDocument
from stakeholders.models import Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, pillar
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def stakeholder(client):
    user = UserFactory()
    person = PersonFactory(user=user, email=user.email)
    client.force_login(user)
    return person


@pytest.fixture
def staff_client(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    client.force_login(UserFactory(role=ICMPD_STAFF))
    return client


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"meetings:{name}", args=args)


# --- My meetings and the list ---------------------------------------------------------------------


def test_my_meetings_lists_upcoming_and_past_meetings_with_the_answer_given(client, stakeholder):
    upcoming = InvitationFactory(person=stakeholder, response="accepted").meeting
    past = InvitationFactory(
        person=stakeholder, meeting=MeetingFactory(status=Meeting.Status.HELD, starts_at=in_days(-5), ends_at=in_days(-5, 15))
    ).meeting
    InvitationFactory(person=stakeholder, meeting=MeetingFactory(status=Meeting.Status.DRAFT))
    MeetingFactory(title_en="Someone else's meeting")

    response = client.get(_url("my_meetings"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [i.meeting for i in response.context["upcoming"]] == [upcoming]
    assert [i.meeting for i in response.context["past"]] == [past]
    assert "Accepted" in html
    assert "Someone else" not in html


@pytest.mark.parametrize("name", ["my_meetings", "meeting_list"])
def test_list_pages_take_the_same_number_of_queries_with_few_and_many_meetings(
    client, stakeholder, django_assert_max_num_queries, name
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(name)).status_code == 200
        return len(captured)

    InvitationFactory(person=stakeholder, meeting=MeetingFactory(pillars=[pillar("civil")]))
    few = count_queries()
    for _ in range(15):
        InvitationFactory(person=stakeholder, meeting=MeetingFactory(pillars=[pillar("civil"), pillar("public")]))
    many = count_queries()

    assert many == few
    assert few <= 12


def test_meeting_list_shows_a_page_at_a_time_soonest_last_first(client, stakeholder, django_assert_max_num_queries):
    from meetings.views import PAGE_SIZE

    meetings = [InvitationFactory(person=stakeholder).meeting for _ in range(PAGE_SIZE + 2)]
    first = client.get(_url("meeting_list"))
    second = client.get(_url("meeting_list") + "?page=2")

    assert len(first.context["meetings"]) == PAGE_SIZE
    assert len(second.context["meetings"]) == 2
    assert {m.pk for m in first.context["meetings"] + second.context["meetings"]} == {m.pk for m in meetings}
    assert "Page 1 of 2" in first.content.decode() and 'href="?page=2"' in first.content.decode()


def test_a_meeting_the_user_is_not_invited_to_answers_404(client, stakeholder):
    meeting = MeetingFactory()

    assert client.get(_url("meeting_detail", meeting.pk)).status_code == 404
    assert client.get(_url("meeting_calendar", meeting.pk)).status_code == 404


def test_an_invitee_answers_from_the_meeting_page_and_can_change_it(client, stakeholder):
    invitation = InvitationFactory(person=stakeholder)

    client.post(_url("meeting_answer", invitation.meeting.pk), {"response": "accepted", "dietary_needs": "Helal"})
    client.post(_url("meeting_answer", invitation.meeting.pk), {"response": "declined"})

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.DECLINED
    assert invitation.history.count() == 3


def test_a_member_joins_a_meeting_open_to_their_pillar(client, stakeholder):
    MembershipFactory(person=stakeholder, organisation=OrganisationFactory(pillar=pillar("civil")))
    meeting = MeetingFactory(visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=[pillar("civil")])

    response = client.post(_url("meeting_answer", meeting.pk), {"response": "accepted"})

    assert response.status_code == 302
    assert Invitation.objects.get(meeting=meeting, person=stakeholder).response == "accepted"


# --- The personal link ----------------------------------------------------------------------------


def test_the_personal_link_works_without_signing_in_and_records_the_answer(client):
    invitation = InvitationFactory()
    token = tokens.make_rsvp_token(invitation)

    page = client.get(_url("rsvp", token))
    answer = client.post(_url("rsvp", token), {"response": "tentative", "note": "Takvimime bakıyorum"})

    invitation.refresh_from_db()
    assert page.status_code == 200
    assert answer.status_code == 302
    assert invitation.opened_at is not None
    assert (invitation.response, invitation.note) == ("tentative", "Takvimime bakıyorum")


def test_opening_the_personal_link_changes_nothing_only_the_answer_does(client):
    # Mail scanners and link previews open links too: a GET must not count as the invitee's act.
    invitation = InvitationFactory()
    token = tokens.make_rsvp_token(invitation)
    before = Invitation.objects.filter(pk=invitation.pk).values().get()

    for _ in range(2):
        page = client.get(_url("rsvp", token))
        assert page.status_code == 200
    client.get(_url("rsvp_calendar", token))

    assert Invitation.objects.filter(pk=invitation.pk).values().get() == before
    assert {"private", "no-store"} <= {part.strip() for part in page["Cache-Control"].split(",")}


def test_a_tampered_link_is_refused_with_a_clear_message_and_changes_nothing(client):
    invitation = InvitationFactory()
    other = InvitationFactory()
    token = tokens.make_rsvp_token(invitation)
    forged = signing.dumps({"i": other.pk, "p": invitation.person_id, "m": other.meeting_id}, salt="another-salt")

    responses = [
        client.post(_url("rsvp", token[:-2] + "xx"), {"response": "accepted"}),
        client.post(_url("rsvp", forged), {"response": "accepted"}),
    ]

    assert [r.status_code for r in responses] == [400, 400]
    assert "This answer link is not valid" in responses[0].content.decode()
    assert not Invitation.objects.exclude(response="none").exists()


def test_a_link_bound_to_another_person_is_refused(client):
    invitation = InvitationFactory()
    someone_else = PersonFactory()
    token = signing.dumps({"i": invitation.pk, "p": someone_else.pk, "m": invitation.meeting_id}, salt=tokens.RSVP_SALT)

    response = client.post(_url("rsvp", token), {"response": "accepted"})

    assert response.status_code == 400
    assert Invitation.objects.get(pk=invitation.pk).response == "none"


def test_an_expired_link_says_so_in_turkish(client, monkeypatch):
    invitation = InvitationFactory()
    token = tokens.make_rsvp_token(invitation)
    monkeypatch.setattr(tokens, "RSVP_LINK_MAX_AGE", -1)

    response = client.get(_url("rsvp", token, language="tr"))

    assert response.status_code == 400
    assert "Bu yanıt bağlantısının süresi dolmuş" in response.content.decode()


def test_an_answer_after_the_deadline_shows_why_and_changes_nothing(client):
    invitation = InvitationFactory(meeting=MeetingFactory(rsvp_deadline=timezone.now() - datetime.timedelta(minutes=1)))

    response = client.post(_url("rsvp", tokens.make_rsvp_token(invitation)), {"response": "accepted"})

    assert response.status_code == 400
    assert "Answers for this meeting are closed." in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).response == "none"


def test_the_calendar_file_of_a_link_carries_the_times_in_istanbul_time(client):
    meeting = MeetingFactory(starts_at=in_days(7, 9), ends_at=in_days(7, 17))
    invitation = InvitationFactory(meeting=meeting)

    response = client.get(_url("rsvp_calendar", tokens.make_rsvp_token(invitation)))

    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Istanbul"
    assert event.decoded("dtstart").hour == 9
    assert event["dtstart"].params["TZID"] == "Europe/Istanbul"
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert str(event["uid"]) == f"meeting-{meeting.pk}@magnet"


# --- Calendar feed and documents ------------------------------------------------------------------


def test_the_private_feed_lists_the_persons_meetings_until_it_is_revoked(client, stakeholder):
    first = InvitationFactory(person=stakeholder).meeting
    second = InvitationFactory(person=stakeholder).meeting
    client.post(_url("calendar_feed_manage"), {"action": "renew"})
    feed_url = _url("calendar_feed", CalendarFeed.objects.get(person=stakeholder).token)
    client.logout()

    subscribed = client.get(feed_url)
    client.force_login(stakeholder.user)
    client.post(_url("calendar_feed_manage"), {"action": "revoke"})
    client.logout()

    uids = {str(e["uid"]) for e in Calendar.from_ical(subscribed.content).walk("VEVENT")}
    assert uids == {first.calendar_uid, second.calendar_uid}
    assert client.get(feed_url).status_code == 404


def test_documents_are_served_to_invitees_only(client, stakeholder):
    meeting = MeetingFactory()
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Gündem", file=SimpleUploadedFile("gundem.pdf", b"%PDF-1.4 demo")
    )
    url = _url("document_download", meeting.pk, document.pk)

    refused = client.get(url)
    InvitationFactory(meeting=meeting, person=stakeholder)
    served = client.get(url)

    assert refused.status_code == 404
    assert served.status_code == 200
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content) == b"%PDF-1.4 demo"


def test_minutes_are_shown_to_invitees_who_attended_only(client, stakeholder):
    meeting = MeetingFactory(status=Meeting.Status.HELD, starts_at=in_days(-2), ends_at=in_days(-2, 15), minutes_en="Agreed to meet quarterly.")
    invitation = InvitationFactory(meeting=meeting, person=stakeholder, response="accepted")

    absent = client.get(_url("meeting_detail", meeting.pk)).content.decode()
    invitation.attended = True
    invitation.save()
    present = client.get(_url("meeting_detail", meeting.pk)).content.decode()

    assert "Agreed to meet quarterly." not in absent
    assert "Agreed to meet quarterly." in present


# --- Staff pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["staff_meeting", "staff_invite", "staff_attendance", "staff_attendees_xlsx"]
)
def test_staff_pages_are_refused_to_stakeholders(client, stakeholder, name):
    meeting = MeetingFactory()

    assert client.get(_url(name, meeting.pk)).status_code == 403


def test_staff_preview_how_many_will_be_invited_then_send(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    civil = pillar("civil")
    for _ in range(3):
        MembershipFactory(organisation=OrganisationFactory(pillar=civil))
    InvitationFactory(meeting=meeting, person=MembershipFactory(organisation=OrganisationFactory(pillar=civil)).person)

    preview = staff_client.post(_url("staff_invite", meeting.pk), {"pillars": [civil.pk], "action": "preview"})
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff_client.post(_url("staff_invite", meeting.pk), {"pillars": [civil.pk], "action": "send"})

    assert preview.context["preview"]["total"] == 4
    assert preview.context["preview"]["new"] == 3
    assert sent.status_code == 302
    assert len(mailoutbox) == 3
    assert meeting.invitations.count() == 4


def test_staff_find_organisations_and_people_by_search_and_keep_what_they_ticked(staff_client):
    meeting = MeetingFactory()
    wanted = OrganisationFactory(name="Şanlıurfa İl Göç İdaresi Müdürlüğü", acronym="")
    for number in range(60):
        OrganisationFactory(name=f"Göç Derneği {number}")
    member = MembershipFactory(organisation=wanted).person
    person = PersonFactory(given_name="Işıl", family_name="Öztürk")
    url = _url("staff_invite", meeting.pk)

    found = staff_client.post(url, {"find": "sanliurfa", "action": "find"})
    assert list(found.context["form"].fields["organisations"].queryset) == [wanted]
    assert "Choose at least one" not in found.content.decode()  # a search is not a submission
    crowded = staff_client.post(url, {"find": "goc dernegi", "action": "find"})
    assert len(crowded.context["form"].fields["organisations"].queryset) == 50  # never the whole registry

    ticked = staff_client.post(url, {"organisations": [wanted.pk], "find": "isil ozturk", "action": "find"})
    choices = ticked.context["form"].fields
    assert list(choices["organisations"].queryset) == [wanted]
    assert list(choices["people"].queryset) == [person]

    preview = staff_client.post(url, {"organisations": [wanted.pk], "people": [person.pk], "action": "preview"})
    assert preview.context["preview"]["total"] == 2
    assert {p.pk for p in preview.context["preview"]["sample"]} == {member.pk, person.pk}


def test_inviting_with_nothing_chosen_is_refused(staff_client):
    meeting = MeetingFactory()

    response = staff_client.post(_url("staff_invite", meeting.pk), {"action": "send"})

    assert response.status_code == 200
    assert "Choose at least one" in response.content.decode()
    assert meeting.invitations.count() == 0


def test_staff_check_in_from_the_attendance_list(staff_client):
    meeting = MeetingFactory(starts_at=in_days(0, 0), ends_at=in_days(0, 23))
    invitation = InvitationFactory(meeting=meeting, response="accepted")

    listing = staff_client.get(_url("staff_attendance", meeting.pk))
    staff_client.post(_url("staff_check_in", meeting.pk, invitation.pk), {"attended": "1"})

    assert invitation.person.family_name in listing.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).attended is True


def test_a_walk_in_who_is_not_in_the_registry_is_added_and_checked_in(staff_client):
    meeting = MeetingFactory(starts_at=in_days(0, 0), ends_at=in_days(0, 23))
    data = {"given_name": "Hüseyin", "family_name": "Çelikkol", "email": "huseyin@example.org", "position": "Uzman"}

    response = staff_client.post(_url("staff_walk_in", meeting.pk), data)

    assert response.status_code == 302
    invitation = meeting.invitations.get()
    assert (invitation.walk_in, invitation.attended) == (True, True)
    assert (invitation.person.full_name, invitation.person.in_directory) == ("Hüseyin Çelikkol", False)
    # The same person coming again is found by e-mail, not added twice.
    staff_client.post(_url("staff_walk_in", MeetingFactory(starts_at=in_days(0, 0), ends_at=in_days(0, 23)).pk), data)
    assert Person.objects.filter(email="huseyin@example.org").count() == 1


def test_a_walk_in_without_a_name_is_refused_and_nothing_is_added(staff_client):
    meeting = MeetingFactory(starts_at=in_days(0, 0), ends_at=in_days(0, 23))
    people_before = Person.objects.count()

    response = staff_client.post(_url("staff_walk_in", meeting.pk), {"given_name": "", "family_name": "", "email": "nope"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "Enter a valid email address." in response.content.decode()
    assert Person.objects.count() == people_before
    assert meeting.invitations.count() == 0


def test_the_attendee_export_neutralises_formulas_and_carries_the_organisation(staff_client):
    meeting = MeetingFactory()
    person = PersonFactory(given_name="=HYPERLINK(\"http://x\")", family_name="Kaya")
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Mülteci Destek Derneği", name_en="Refugee Support Association", country="TR"))
    InvitationFactory(meeting=meeting, person=person, response="accepted")

    response = staff_client.get(_url("staff_attendees_xlsx", meeting.pk))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Family name", "Given name", "E-mail", "Organisation")
    assert rows[1][0] == "Kaya"
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][3] == "Refugee Support Association"
    assert rows[1][5] == "TR"


def test_publishing_from_the_staff_page_lists_what_is_missing(staff_client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, summary_en="")
    AgendaItemFactory(meeting=meeting)

    response = staff_client.post(_url("staff_meeting", meeting.pk), {"action": "publish"}, follow=True)

    assert "Meeting summary (English)" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_staff_figures_page_shows_the_period(staff_client):
    MeetingFactory(status=Meeting.Status.HELD, starts_at=in_days(-1), ends_at=in_days(-1, 15), title_en="Held in Gaziantep")
    today = in_days(0).date()

    response = staff_client.get(_url("staff_figures"), {"start": (today - datetime.timedelta(days=7)).isoformat(), "end": today.isoformat()})

    assert response.status_code == 200
    assert response.context["figures"]["meetings_held"] == 1
    assert "Held in Gaziantep" in response.content.decode()


def test_staff_invite_picker_and_preview_tell_people_of_the_same_name_apart(staff_client):
    meeting = MeetingFactory()
    first = MembershipFactory(
        organisation=OrganisationFactory(name="Gaziantep Barosu", name_tr="Gaziantep Barosu"),
        person=PersonFactory(given_name="Çağrı", family_name="Işıkoğlu", email="cagri@baro.example.org"),
    ).person
    second = MembershipFactory(
        organisation=OrganisationFactory(name="Hatay Göç Derneği", name_tr="Hatay Göç Derneği"),
        person=PersonFactory(given_name="Çağrı", family_name="Işıkoğlu", email="cagri@dernek.example.org"),
    ).person
    url = _url("staff_invite", meeting.pk, language="tr")

    found = staff_client.post(url, {"find": "cagri isikoglu", "action": "find"})
    page = found.content.decode()
    assert "Çağrı Işıkoğlu — Gaziantep Barosu · cagri@baro.example.org" in page
    assert "Çağrı Işıkoğlu — Hatay Göç Derneği · cagri@dernek.example.org" in page

    preview = staff_client.post(url, {"people": [first.pk, second.pk], "action": "preview"})
    assert "Çağrı Işıkoğlu — Gaziantep Barosu · cagri@baro.example.org; Çağrı Işıkoğlu — Hatay Göç Derneği" in preview.content.decode()
