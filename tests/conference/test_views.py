import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conference.models import Registration, Session
from conference.tokens import badge_token
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL
from tests.factories import MembershipFactory, PersonFactory, UserFactory

from .factories import ConferenceFactory, RegistrationFactory, RegistrationTypeFactory, SessionFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def staff_client(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    client.force_login(UserFactory(role=ICMPD_STAFF))
    return client


@pytest.mark.parametrize(("language", "text"), [("tr", "Programı"), ("en", "Programme")])
def test_home_is_public_in_both_languages_with_programme_and_register_links(client, language, text):
    conference = ConferenceFactory(title_en="Regional Conference", title_tr="Bölgesel Konferans")

    response = client.get(f"/{language}/conference/")

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("conference:programme", args=[conference.slug]).replace("/tr/", f"/{language}/") in html
    assert f"/{language}/conference/{conference.slug}/register/" in html


def test_unpublished_conference_is_not_found_for_the_public(client):
    conference = ConferenceFactory(is_published=False)

    assert client.get(f"/en/conference/{conference.slug}/programme/").status_code == 404


def test_programme_lists_sessions_by_day_with_calendar_links(client, django_assert_max_num_queries):
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference, title_en="Opening plenary", speakers=[PersonFactory(given_name="Gülay")])

    response = client.get(f"/en/conference/{conference.slug}/programme/")

    html = response.content.decode()
    assert "Opening plenary" in html
    assert "Gülay" in html
    assert f"/en/conference/sessions/{session.pk}.ics" in html


@pytest.mark.parametrize("sessions", [2, 30])
def test_programme_query_count_does_not_grow_with_sessions(client, django_assert_max_num_queries, sessions):
    conference = ConferenceFactory()
    for _ in range(sessions):
        SessionFactory(conference=conference, speakers=[PersonFactory()], moderators=[PersonFactory()])

    with django_assert_max_num_queries(8):
        assert client.get(f"/en/conference/{conference.slug}/programme/").status_code == 200


def test_programme_is_served_from_cache_per_language_until_it_changes(client, django_assert_max_num_queries):
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference, title_en="Opening plenary", title_tr="Açılış oturumu",
                             speakers=[PersonFactory(given_name="Gülay")])
    url = f"/en/conference/{conference.slug}/programme/"
    client.get(url)
    with django_assert_max_num_queries(2):  # the conference; the sessions come from the cache
        assert "Opening plenary" in client.get(url).content.decode()
    assert "Açılış oturumu" in client.get(url.replace("/en/", "/tr/")).content.decode()

    session.title_en = "Opening plenary, moved"
    session.save()
    assert "Opening plenary, moved" in client.get(url).content.decode()
    speaker = session.speakers.get()
    speaker.given_name = "Gülsüm"
    speaker.save()
    assert "Gülsüm" in client.get(url).content.decode()
    session.moderators.add(PersonFactory(given_name="Nermin"))
    assert "Nermin" in client.get(url).content.decode()


def test_cached_programme_shows_a_workshop_full_once_its_seats_are_taken(client, django_capture_on_commit_callbacks):
    from conference.services.registration import register
    from tests.conference.factories import details

    conference = ConferenceFactory()
    workshop = SessionFactory(conference=conference, kind=Session.Kind.WORKSHOP, capacity=1, title_en="Workshop A")
    registration_type = RegistrationTypeFactory(conference=conference, asks_workshops=True)
    url = f"/en/conference/{conference.slug}/programme/"
    assert "Full: waiting list" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        register(person=PersonFactory(), conference=conference, registration_type=registration_type,
                 details=details(), workshop_ids=[workshop.pk])
    assert "Full: waiting list" in client.get(url).content.decode()


def test_session_calendar_file_keeps_its_uid(client):
    session = SessionFactory()

    response = client.get(f"/en/conference/sessions/{session.pk}.ics")

    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:conference-session-{session.pk}@magnet" in response.content.decode()


def test_programme_pdf_is_rendered(client):
    conference = ConferenceFactory()
    SessionFactory(conference=conference, title_tr="Açılış")

    response = client.get(f"/tr/conference/{conference.slug}/programme.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_register_requires_signing_in(client):
    conference = ConferenceFactory()

    response = client.get(f"/en/conference/{conference.slug}/register/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_registration_form_is_prefilled_from_the_registry_and_saves(client, mailoutbox):
    rtype = RegistrationTypeFactory()
    user = UserFactory(first_name="Çağla", last_name="Işık")
    membership = MembershipFactory(person__user=user, person__given_name="Çağla", person__family_name="Işık")
    client.force_login(user)
    url = f"/en/conference/{rtype.conference.slug}/register/?type=delegate"

    form_page = client.get(url)
    response = client.post(
        url,
        {
            "type": "delegate", "organisation": membership.organisation.pk, "country": "TR", "nationality": "TR",
            "interpretation_language": "tr", "photo_consent": "on",
        },
    )

    assert f'value="{membership.organisation.pk}" selected' in form_page.content.decode()
    assert response.status_code == 302
    registration = Registration.objects.get(person=membership.person)
    assert registration.organisation == membership.organisation
    assert registration.pillar == membership.organisation.pillar
    assert registration.status == Status.SUBMITTED


def test_registration_form_shows_a_clear_error_and_saves_nothing_without_passport_details(client):
    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())

    response = client.post(
        f"/en/conference/{rtype.conference.slug}/register/?type=delegate",
        {"type": "delegate", "organisation_name": "UNHCR", "pillar": 3, "country": "TR", "nationality": "SY",
         "interpretation_language": "en", "needs_visa_letter": "on"},
    )

    assert response.status_code == 200
    assert "Needed for the visa invitation letter." in response.content.decode()
    assert Registration.objects.count() == 0


def test_participant_sees_only_their_own_registration_and_badge(client):
    mine = RegistrationFactory(person=PersonFactory(user=UserFactory()))
    RegistrationFactory(conference=mine.conference)
    client.force_login(mine.person.user)

    page = client.get(f"/en/conference/{mine.conference.slug}/my-registration/")
    badge = client.get(f"/en/conference/{mine.conference.slug}/my-registration/badge.pdf")

    assert mine.code in page.content.decode()
    assert badge.status_code == 200
    assert badge.content.startswith(b"%PDF")


def test_badge_of_a_cancelled_registration_is_refused_with_a_message(client):
    registration = RegistrationFactory(person=PersonFactory(user=UserFactory()), status=Status.CANCELLED)
    client.force_login(registration.person.user)

    response = client.get(f"/en/conference/{registration.conference.slug}/my-registration/badge.pdf", follow=True)

    assert "A badge is available once the registration is approved." in response.content.decode()


def test_offer_link_get_changes_nothing_and_a_tampered_link_is_refused(client):
    response = client.post("/en/conference/offer/not-a-real-token/")

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()


@pytest.mark.parametrize("role", [None, FIELD_REPORTER, PMM_OFFICIAL, "Stakeholder"])
@pytest.mark.parametrize("page", ["staff/", "staff/registrations/", "staff/registrations.xlsx", "staff/badges/", "check-in/", "check-in/counts/"])
def test_staff_pages_are_closed_to_everyone_else(client, settings, role, page):
    settings.MAGNET_REQUIRE_MFA = False
    conference = ConferenceFactory()
    if role:
        client.force_login(UserFactory(role=role))

    response = client.get(f"/en/conference/{conference.slug}/{page}")

    assert response.status_code in ((302,) if role is None else (403,))


def test_staff_registration_detail_with_passport_data_is_not_found_for_a_stakeholder(client):
    registration = RegistrationFactory(passport_number="U999")
    client.force_login(UserFactory())

    assert client.get(f"/en/conference/staff/registrations/{registration.pk}/").status_code == 403


def test_staff_approve_in_bulk_from_the_queue(staff_client):
    rtype = RegistrationTypeFactory()
    submitted = [RegistrationFactory(conference=rtype.conference, type=rtype, status=Status.SUBMITTED) for _ in range(3)]

    response = staff_client.post(
        f"/en/conference/{rtype.conference.slug}/staff/registrations/",
        {"registrations": [r.pk for r in submitted[:2]], "decision": "approve", "reason": ""},
    )

    assert response.status_code == 302
    assert [Registration.objects.get(pk=r.pk).status for r in submitted] == [Status.APPROVED, Status.APPROVED, Status.SUBMITTED]


def test_staff_decline_without_reason_changes_nothing(staff_client):
    registration = RegistrationFactory(status=Status.SUBMITTED)

    response = staff_client.post(
        f"/en/conference/{registration.conference.slug}/staff/registrations/",
        {"registrations": [registration.pk], "decision": "decline", "reason": ""},
    )

    assert response.status_code == 200
    assert "Give a reason for declining." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("rows", [2, 40])
def test_staff_queue_query_count_does_not_grow_with_rows(staff_client, django_assert_max_num_queries, rows):
    conference = ConferenceFactory()
    for _ in range(rows):
        RegistrationFactory(conference=conference, status=Status.SUBMITTED)

    with django_assert_max_num_queries(14):
        response = staff_client.get(f"/en/conference/{conference.slug}/staff/registrations/")

    assert response.status_code == 200


def test_dashboard_shows_capacity_and_counts(staff_client):
    registration = RegistrationFactory(country="AL")

    response = staff_client.get(f"/en/conference/{registration.conference.slug}/staff/")

    html = response.content.decode()
    assert "1 of 100 places taken" in html
    assert "Albania" in html


def test_export_leaves_passport_data_out_unless_asked(staff_client):
    registration = RegistrationFactory(needs_visa_letter=True, passport_number="U7654321", passport_name="=HYPERLINK(1)")

    plain = staff_client.get(f"/en/conference/{registration.conference.slug}/staff/registrations.xlsx?status=")
    full = staff_client.get(f"/en/conference/{registration.conference.slug}/staff/registrations.xlsx?status=&passport=1")

    plain_values = [c.value for row in load_workbook(io.BytesIO(plain.content)).active.iter_rows() for c in row]
    full_values = [c.value for row in load_workbook(io.BytesIO(full.content)).active.iter_rows() for c in row]
    assert "U7654321" not in plain_values
    assert "U7654321" in full_values
    assert "'=HYPERLINK(1)" in full_values


def test_staff_checks_in_by_scanned_token_and_is_warned_on_a_second_scan(staff_client):
    registration = RegistrationFactory(person=PersonFactory(given_name="Şeyma", family_name="Işıklı"))
    url = f"/en/conference/{registration.conference.slug}/check-in/"

    first = staff_client.post(url, {"token": badge_token(registration)})
    second = staff_client.post(url, {"token": badge_token(registration)})

    assert "Checked in." in first.content.decode()
    assert "Şeyma Işıklı" in first.content.decode()
    assert "Already checked in." in second.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.CHECKED_IN


def test_check_in_accepts_the_code_printed_on_the_badge_typed_in_the_form(staff_client):
    registration = RegistrationFactory(status=Status.APPROVED, person=PersonFactory(given_name="Şeyma"))

    response = staff_client.post(f"/tr/conference/{registration.conference.slug}/check-in/",
                                 {"token": registration.code.lower().replace("-", " ")})

    assert "Şeyma" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.CHECKED_IN


def test_check_in_search_finds_turkish_names_typed_without_accents(staff_client):
    registration = RegistrationFactory(person=PersonFactory(given_name="Işıl", family_name="Çağlar"))

    response = staff_client.get(f"/en/conference/{registration.conference.slug}/check-in/?q=isil cag")

    assert "Işıl Çağlar" in response.content.decode()


def test_check_in_counts_endpoint_is_live(staff_client):
    registration = RegistrationFactory(status=Status.CHECKED_IN)
    RegistrationFactory(conference=registration.conference)
    workshop = SessionFactory(conference=registration.conference, kind=Session.Kind.WORKSHOP, capacity=3)

    response = staff_client.get(f"/en/conference/{registration.conference.slug}/check-in/counts/?session={workshop.pk}")

    assert response.json() == {"expected": 2, "checked_in": 1, "session_attendance": 0, "session_seats": 0}


def test_staff_generates_and_downloads_a_logged_invitation_letter(staff_client):
    from datetime import date

    registration = RegistrationFactory(
        needs_visa_letter=True, passport_name="ALİ VELİ", passport_number="P1", passport_country="IQ",
        passport_expires_on=date(2031, 1, 1), date_of_birth=date(1990, 1, 1),
    )

    staff_client.post(f"/en/conference/staff/registrations/{registration.pk}/", {"action": "letter"})
    letter = registration.invitation_letters.get()
    response = staff_client.get(f"/en/conference/staff/letters/{letter.pk}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_badge_batch_is_prepared_by_celery_and_downloadable(staff_client, django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/en/conference/{registration.conference.slug}/staff/badges/", {"registration_type": ""})
    batch = registration.conference.badge_batches.get()
    response = staff_client.get(f"/en/conference/staff/badges/{batch.pk}/")

    assert batch.status == "done"
    assert response.status_code == 200


def test_opening_a_real_offer_link_changes_nothing_only_the_answer_takes_the_seat(client):
    from conference.services import registration as services
    from conference.tokens import offer_token
    from tests.conference.test_services import _register

    rtype = RegistrationTypeFactory(capacity=1)
    holder_user = UserFactory()
    holder = _register(rtype.conference, rtype, person=PersonFactory(user=holder_user))
    waiting = _register(rtype.conference, rtype)
    services.cancel_registration(registration=holder, by=holder_user)
    waiting.refresh_from_db()
    before = (waiting.status, waiting.offer_expires_at, waiting.offer_count)
    url = f"/en/conference/offer/{offer_token(waiting)}/"

    page = client.get(url)

    waiting.refresh_from_db()
    assert page.status_code == 200
    assert (waiting.status, waiting.offer_expires_at, waiting.offer_count) == before
    assert {"private", "no-store"} <= {part.strip() for part in page["Cache-Control"].split(",")}
    assert client.post(url).status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED


def test_staff_registration_list_country_filter_keeps_the_chosen_country(staff_client):
    registration = RegistrationFactory(country="AL")
    url = f"/en/conference/{registration.conference.slug}/staff/registrations/"

    chosen = staff_client.get(url, {"country": "AL", "status": ""}).content.decode()
    plain = staff_client.get(url).content.decode()

    assert '<option value="AL" selected>Albania</option>' in chosen
    assert '<option value="AL">Albania</option>' in plain
    assert '<option value="AL">Arnavutluk</option>' in staff_client.get(url.replace("/en/", "/tr/")).content.decode()


def _visa_details(conference, **overrides):
    from datetime import timedelta

    from django.utils import timezone

    values = {
        "needs_visa_letter": "on", "passport_name": "AHMADI FARID", "passport_number": "P1234567",
        "passport_country": "AF", "passport_expires_on": str(conference.ends_on - timedelta(days=1)),
        "date_of_birth": str(timezone.localdate() + timedelta(days=1)),
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("language", "birth", "passport"),
    [
        ("en", "The date of birth cannot be in the future.", "The passport must be valid at least until the last day"),
        ("tr", "Doğum tarihi ileri bir tarih olamaz.", "Pasaport en az konferansın son gününe"),
    ],
)
def test_registration_form_refuses_a_future_birth_date_and_a_passport_expiring_before_the_end(client, language, birth, passport):
    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())

    response = client.post(
        f"/{language}/conference/{rtype.conference.slug}/register/?type=delegate",
        {"type": "delegate", "organisation_name": "UNHCR", "pillar": 3, "country": "TR", "nationality": "AF",
         "interpretation_language": "en", **_visa_details(rtype.conference)},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert birth in html
    assert passport in html
    assert Registration.objects.count() == 0


def test_admin_refuses_a_future_birth_date_and_a_passport_expiring_before_the_end(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/en/admin/conference/registration/{registration.pk}/change/"
    form = {
        "organisation_name": registration.organisation_name, "pillar": registration.pillar_id, "country": "TR",
        "nationality": "AF", "interpretation_language": "en", "needs_hotel": "", "photo_consent": "",
        **_visa_details(registration.conference),
    }

    response = client.post(url, form)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The date of birth cannot be in the future." in html
    assert "The passport must be valid at least until the last day of the conference" in html
    registration.refresh_from_db()
    assert (registration.needs_visa_letter, registration.date_of_birth) == (False, None)


def test_admin_saves_details_through_the_service_and_refuses_a_foreign_organisation(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/en/admin/conference/registration/{registration.pk}/change/"
    form = {
        "organisation_name": "UNHCR Türkiye", "pillar": registration.pillar_id, "country": "TR",
        "nationality": "AF", "interpretation_language": "en",
    }
    from tests.factories import OrganisationFactory

    refused = client.post(url, {**form, "organisation": OrganisationFactory().pk})
    saved = client.post(url, form)

    assert "Choose one of your organisations in the registry, or write its name." in refused.content.decode()
    assert saved.status_code == 302
    registration.refresh_from_db()
    assert (registration.organisation_name, registration.nationality.code) == ("UNHCR Türkiye", "AF")


def test_registration_form_date_pickers_stop_at_today_and_at_the_conference_end(client):
    from django.utils import timezone

    rtype = RegistrationTypeFactory()
    client.force_login(UserFactory())

    html = client.get(f"/en/conference/{rtype.conference.slug}/register/?type=delegate").content.decode()

    assert f'max="{timezone.localdate().isoformat()}"' in html
    assert f'min="{rtype.conference.ends_on.isoformat()}"' in html
