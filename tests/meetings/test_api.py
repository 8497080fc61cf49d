import pytest
from rest_framework.test import APIClient

from meetings.models import Invitation
from tests.factories import PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    user = UserFactory()
    person = PersonFactory(user=user)
    client = APIClient()
    client.force_authenticate(user)
    client.person = person
    return client


def test_the_meeting_list_shows_only_meetings_the_caller_may_see_with_their_agenda(api):
    mine = InvitationFactory(person=api.person).meeting
    AgendaItemFactory(meeting=mine, title_en="Opening")
    AgendaItemFactory(meeting=MeetingFactory())

    response = api.get("/api/v1/meetings/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [m["id"] for m in response.json()["results"]] == [mine.pk]
    assert [item["title"] for item in response.json()["results"][0]["agenda"]] == ["Opening"]


def test_agenda_items_of_other_meetings_are_not_listed(api):
    mine = AgendaItemFactory(meeting=InvitationFactory(person=api.person).meeting)
    AgendaItemFactory()

    response = api.get("/api/v1/meeting-agenda-items/")

    assert [item["id"] for item in response.json()["results"]] == [mine.pk]


def test_the_meeting_list_takes_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    for _ in range(12):
        AgendaItemFactory(meeting=InvitationFactory(person=api.person).meeting)

    with django_assert_max_num_queries(9):
        assert api.get("/api/v1/meetings/").status_code == 200


def test_the_caller_answers_their_own_invitation(api):
    invitation = InvitationFactory(person=api.person)

    response = api.post(f"/api/v1/my-invitations/{invitation.pk}/rsvp/", {"response": "accepted", "note": "API"}, format="json")

    assert response.status_code == 200
    assert response.json()["response"] == "accepted"
    assert Invitation.objects.get(pk=invitation.pk).note == "API"


def test_someone_elses_invitation_answers_404_and_stays_unchanged(api):
    other = InvitationFactory()

    response = api.post(f"/api/v1/my-invitations/{other.pk}/rsvp/", {"response": "declined"}, format="json")

    assert response.status_code == 404
    assert Invitation.objects.get(pk=other.pk).response == "none"


def test_an_invalid_answer_is_a_400_with_the_reason(api):
    invitation = InvitationFactory(person=api.person)

    response = api.post(f"/api/v1/my-invitations/{invitation.pk}/rsvp/", {"response": "waiting"}, format="json")

    assert response.status_code == 400
    assert "response" in response.json()


def test_anonymous_callers_are_refused():
    assert APIClient().get("/api/v1/meetings/").status_code in (401, 403)


def test_the_schema_documents_the_meeting_endpoints(client):
    response = client.get("/api/schema/")

    schema = response.content.decode()
    assert "/api/v1/meetings/" in schema
    assert "/api/v1/my-invitations/{id}/rsvp/" in schema
