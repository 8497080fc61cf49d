import pytest

from conference.models import Registration
from magnet.roles import ICMPD_STAFF
from tests.factories import PersonFactory, UserFactory

from .factories import ConferenceFactory, RegistrationFactory, RegistrationTypeFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_programme_is_public(client):
    session = SessionFactory(title_en="Opening")
    SessionFactory(conference=ConferenceFactory(is_published=False))

    response = client.get("/api/v1/conference/programme/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [session.pk]


@pytest.mark.parametrize("sessions", [2, 25])
def test_programme_query_count_is_bounded(client, django_assert_max_num_queries, sessions):
    conference = ConferenceFactory()
    for _ in range(sessions):
        SessionFactory(conference=conference, speakers=[PersonFactory()])

    with django_assert_max_num_queries(6):
        client.get("/api/v1/conference/programme/")


def test_own_registrations_list_only_the_callers(client):
    user = UserFactory()
    mine = RegistrationFactory(person=PersonFactory(user=user))
    RegistrationFactory(conference=mine.conference)
    client.force_login(user)

    response = client.get("/api/v1/conference/my-registrations/")

    assert [row["code"] for row in response.json()["results"]] == [mine.code]


def test_register_through_the_api_and_a_second_time_is_refused(client):
    rtype = RegistrationTypeFactory(requires_approval=False)
    client.force_login(UserFactory())
    payload = {
        "conference": rtype.conference.slug, "type": "delegate", "organisation_name": "IOM", "pillar": 3,
        "country": "TR", "nationality": "TR", "interpretation_language": "en",
    }

    first = client.post("/api/v1/conference/my-registrations/", payload, content_type="application/json")
    second = client.post("/api/v1/conference/my-registrations/", payload, content_type="application/json")

    assert first.status_code == 201
    assert first.json()["status"] == "approved"
    assert second.status_code == 400
    assert second.json() == {"non_field_errors": ["Bu konferansa zaten kayıtlısınız."]}  # Turkish by default
    assert Registration.objects.count() == 1


def test_staff_list_is_closed_to_stakeholders_and_never_shows_passport_data(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory(passport_number="U1")
    client.force_login(UserFactory())
    assert client.get("/api/v1/conference/registrations/").status_code == 403

    client.force_login(UserFactory(role=ICMPD_STAFF))
    response = client.get(f"/api/v1/conference/registrations/?conference={registration.conference.slug}&status=approved")

    row = response.json()["results"][0]
    assert row["code"] == registration.code
    assert "passport_number" not in row
