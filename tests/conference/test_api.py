from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from conference.models import Registration
from magnet.roles import ICMPD_STAFF
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

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


# --- One rule, many doors: the API registers under exactly the rules of the form -------------------

MY_REGISTRATIONS = "/api/v1/conference/my-registrations/"


def _payload(conference, **overrides):
    payload = {
        "conference": conference.slug, "type": "delegate", "organisation_name": "IOM", "pillar": 3,
        "country": "TR", "nationality": "TR", "interpretation_language": "en",
    }
    payload.update(overrides)
    return payload


def _post(client, payload):
    return client.post(MY_REGISTRATIONS, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_api_refuses_an_organisation_the_caller_is_not_a_member_of(client, status):
    rtype = RegistrationTypeFactory(requires_approval=False)
    foreign = OrganisationFactory(status=status, name="Someone Else's Association")
    client.force_login(UserFactory())

    response = _post(client, _payload(rtype.conference, organisation=foreign.pk, organisation_name=""))

    assert response.status_code == 400
    assert response.json()["organisation"] == ["Choose one of your organisations in the registry, or write its name."]
    assert Registration.objects.count() == 0


def test_api_refuses_an_own_organisation_that_is_still_pending(client):
    rtype = RegistrationTypeFactory(requires_approval=False)
    user = UserFactory()
    membership = MembershipFactory(person=PersonFactory(user=user), organisation=OrganisationFactory(status="pending"))
    client.force_login(user)

    response = _post(client, _payload(rtype.conference, organisation=membership.organisation.pk))

    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]
    assert Registration.objects.count() == 0


def test_api_takes_an_own_approved_organisation_and_its_pillar(client):
    rtype = RegistrationTypeFactory(requires_approval=False)
    user = UserFactory()
    membership = MembershipFactory(person=PersonFactory(user=user))
    client.force_login(user)

    response = _post(client, _payload(rtype.conference, organisation=membership.organisation.pk, organisation_name="", pillar=None))

    assert response.status_code == 201, response.json()
    registration = Registration.objects.get()
    assert registration.badge_organisation == membership.organisation.name
    assert registration.pillar == membership.organisation.pillar


def test_api_refuses_an_unpublished_conference(client):
    rtype = RegistrationTypeFactory(conference=ConferenceFactory(is_published=False))
    client.force_login(UserFactory())

    response = _post(client, _payload(rtype.conference))

    assert response.status_code == 400
    assert list(response.json()) == ["conference"]
    assert Registration.objects.count() == 0


def test_api_refuses_a_conference_whose_registration_is_closed(client):
    conference = ConferenceFactory(registration_closes_at=timezone.now() - timedelta(minutes=1),
                                   registration_opens_at=timezone.now() - timedelta(days=9))
    RegistrationTypeFactory(conference=conference)
    client.force_login(UserFactory())

    response = _post(client, _payload(conference))

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Registration for this conference is closed."]}


def test_api_puts_the_caller_on_the_waiting_list_when_the_type_is_full(client):
    rtype = RegistrationTypeFactory(capacity=1, requires_approval=False)
    RegistrationFactory(conference=rtype.conference, type=rtype)
    client.force_login(UserFactory())

    response = _post(client, _payload(rtype.conference))

    assert response.status_code == 201
    assert response.json()["status"] == "waiting"


def test_api_requests_a_visa_letter_with_the_passport_details(client):
    rtype = RegistrationTypeFactory(requires_approval=False)
    client.force_login(UserFactory())
    passport = {
        "needs_visa_letter": True, "passport_name": "AHMADI FARID", "passport_number": "P1234567",
        "passport_country": "AF", "passport_expires_on": str(rtype.conference.ends_on + timedelta(days=200)),
        "date_of_birth": "1984-03-02",
    }

    response = _post(client, _payload(rtype.conference, **passport))

    assert response.status_code == 201, response.json()
    assert "passport_number" not in response.json()
    registration = Registration.objects.get()
    assert (registration.needs_visa_letter, registration.passport_number, registration.date_of_birth) == (
        True, "P1234567", date(1984, 3, 2)
    )


def test_api_visa_letter_without_passport_details_names_the_missing_fields(client):
    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())

    response = _post(client, _payload(rtype.conference, needs_visa_letter=True, passport_number="P1"))

    assert response.status_code == 400
    assert set(response.json()) == {"passport_name", "passport_country", "passport_expires_on", "date_of_birth"}


def _long_date(day, language):
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def test_api_date_of_birth_in_the_future_and_passport_expiring_before_the_end_are_refused(client):
    rtype = RegistrationTypeFactory()
    conference = rtype.conference
    client.force_login(UserFactory())
    payload = _payload(
        conference, needs_visa_letter=True, passport_name="A B", passport_number="P1", passport_country="AF",
        passport_expires_on=str(conference.ends_on - timedelta(days=1)),
        date_of_birth=str(timezone.localdate() + timedelta(days=1)),
    )

    english = _post(client, payload)
    turkish = client.post(MY_REGISTRATIONS, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="tr")

    assert english.status_code == turkish.status_code == 400
    assert english.json()["date_of_birth"] == ["The date of birth cannot be in the future."]
    assert english.json()["passport_expires_on"] == [
        f"The passport must be valid at least until the last day of the conference ({_long_date(conference.ends_on, 'en')})."
    ]
    assert turkish.json()["date_of_birth"] == ["Doğum tarihi ileri bir tarih olamaz."]
    assert turkish.json()["passport_expires_on"] == [
        f"Pasaport en az konferansın son gününe ({_long_date(conference.ends_on, 'tr')}) kadar geçerli olmalıdır."
    ]
    assert Registration.objects.count() == 0


def test_a_passport_valid_until_the_last_day_is_enough(client):
    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())
    payload = _payload(
        rtype.conference, needs_visa_letter=True, passport_name="A B", passport_number="P1", passport_country="AF",
        passport_expires_on=str(rtype.conference.ends_on), date_of_birth=str(timezone.localdate()),
    )

    assert _post(client, payload).status_code == 201


# --- No 500s -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [[], ["x"], "text", 3, None])
def test_a_body_that_is_not_an_object_is_a_400(client, body):
    client.force_login(UserFactory())

    response = _post(client, body)

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_a_type_slug_shared_by_two_conferences_registers_for_the_named_one(client):
    ours = RegistrationTypeFactory(requires_approval=False)
    RegistrationTypeFactory(conference=ConferenceFactory())  # another "delegate" type
    client.force_login(UserFactory())

    response = _post(client, _payload(ours.conference))

    assert response.status_code == 201, response.json()
    assert Registration.objects.get().type == ours


def test_a_type_the_conference_does_not_have_is_a_400(client):
    rtype = RegistrationTypeFactory()
    RegistrationTypeFactory(conference=ConferenceFactory(), kind="speaker")
    client.force_login(UserFactory())

    response = _post(client, _payload(rtype.conference, type="speaker"))

    assert response.status_code == 400
    assert response.json() == {"type": ["This conference has no registration of this type."]}


@pytest.mark.parametrize("workshops", [[99999999999999999999999], [0], ["x"]])
def test_workshop_ids_out_of_range_are_a_400(client, workshops):
    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())

    assert _post(client, _payload(rtype.conference, workshops=workshops)).status_code == 400


@pytest.mark.parametrize("pk", ["abc", "1.5", "²", "99999999999999999999999"])
def test_cancel_with_an_id_that_is_not_a_number_is_a_404(client, pk):
    client.force_login(UserFactory())

    assert client.post(f"{MY_REGISTRATIONS}{pk}/cancel/").status_code == 404


@pytest.mark.parametrize("query", ["type=99999999999999999999999", "type=²", "type=abc", "page=99999999999999999999"])
def test_staff_registrations_page_ignores_a_bad_number(client, settings, query):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    client.force_login(UserFactory(role=ICMPD_STAFF))

    response = client.get(f"/tr/conference/{registration.conference.slug}/staff/registrations/?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize("session", ["²", "99999999999999999999999"])
def test_checkin_pages_ignore_a_bad_session_id(client, settings, session):
    settings.MAGNET_REQUIRE_MFA = False
    conference = ConferenceFactory()
    client.force_login(UserFactory(role=ICMPD_STAFF))

    assert client.get(f"/tr/conference/{conference.slug}/check-in/?session={session}").status_code == 200
    assert client.get(f"/tr/conference/{conference.slug}/check-in/counts/?session={session}").status_code == 200


def test_a_decision_on_an_id_the_database_cannot_hold_is_refused_without_500(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    client.force_login(UserFactory(role=ICMPD_STAFF))

    response = client.post(
        f"/tr/conference/{registration.conference.slug}/staff/registrations/",
        {"registrations": ["99999999999999999999999", str(registration.pk)], "decision": "approve"},
    )

    assert response.status_code == 200  # the form refuses the unknown id; nothing changes
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
