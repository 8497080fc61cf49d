"""Control characters never get in through a form or the API, and never break an export (issue 9,
item 8): BEL, vertical tab and the right-to-left override, typed into the profile, the RSVP link,
an organisation proposal, the sign-up form, the admin and the API."""

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from magnet.exports import to_csv, to_xlsx
from magnet.roles import ICMPD_STAFF
from magnet.text import clean_input
from meetings import tokens
from meetings.models import Invitation
from stakeholders import services
from stakeholders.models import Organisation, OrganisationType, Person, ThematicArea
from tests.conference.factories import RegistrationFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory

BAD = "\x07\x0b\u202e\x00\x1b\x85\u2066"


@pytest.mark.parametrize(
    ("text", "multiline", "expected"),
    [
        ("Ay\x07şe\u202e", False, "Ayşe"),
        ("satır 1\r\nsatır\t2\x0b", True, "satır 1\nsatır\t2"),
        ("satır 1\nsatır\t2", False, "satır 1 satır 2"),
        ("مريم\u200f Öz", False, "مريم\u200f Öz"),  # the right-to-left mark is part of writing Arabic: kept
        ("", False, ""),
    ],
)
def test_clean_input(text, multiline, expected):
    assert clean_input(text, multiline=multiline) == expected


def test_exports_never_fail_on_control_characters_already_stored():
    rows = [[f"Ayşe{BAD}", "=1+1\x07", "satır\nsatır"]]
    sheet = load_workbook(io.BytesIO(to_xlsx(["a", "b", "c"], rows))).active
    assert [c.value for c in sheet[2]] == ["Ayşe", "'=1+1", "satır\nsatır"]
    assert "\x07" not in to_csv(["a"], rows).decode("utf-8")


pytestmark_db = pytest.mark.django_db


def _stakeholder(client):
    user = UserFactory()
    person = services.ensure_person_for_user(user=user)
    services.complete_profile(person=person, notice_acknowledged=True, directory_consent=False,
                              communications_consent=False, given_name=user.first_name, family_name=user.last_name)
    client.force_login(user)
    return person


@pytestmark_db
def test_profile_form_strips_control_characters(client):
    person = _stakeholder(client)
    response = client.post("/tr/registry/profile/", {
        "given_name": f"Ay{BAD}şe", "family_name": "Yıl\x07maz", "position": "Uz\u202eman", "phone": "",
        "preferred_language": "tr",
    })
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.position) == ("Ayşe", "Yılmaz", "Uzman")


@pytestmark_db
def test_rsvp_link_strips_control_characters_but_keeps_line_breaks_in_the_note(client):
    invitation = InvitationFactory()
    token = tokens.make_rsvp_token(invitation)
    response = client.post(f"/en/meetings/rsvp/{token}/", {
        "response": "accepted", "note": f"Geç{BAD} gelirim\r\n\tyarım saat", "dietary_needs": "Vegan\x0b",
    })
    assert response.status_code == 302
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.note, invitation.dietary_needs) == ("Geç gelirim\n\tyarım saat", "Vegan")


@pytestmark_db
def test_organisation_proposal_strips_control_characters(client):
    _stakeholder(client)
    response = client.post("/en/registry/propose/", {
        "name_tr": f"Kızılay{BAD} Mersin", "name_en": "", "acronym": "K\x07M", "country": "TR", "province": "33",
        "type": OrganisationType.objects.get(code="ngo").pk, "description_tr": "Bir\x07\nİki", "role": "Başkan\u202e",
        "confirmed_new": "on",
    })
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name_tr, organisation.acronym, organisation.description_tr) == ("Kızılay Mersin", "KM", "Bir\nİki")


@pytestmark_db
def test_signup_form_of_allauth_strips_control_characters(client, mailoutbox):
    response = client.post("/tr/accounts/signup/", {
        "first_name": f"Çağrı{BAD}", "last_name": "Işık\u202eoğlu", "email": "cagri@example.org",
        "password1": "Göç-yönetimi-2026", "password2": "Göç-yönetimi-2026",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(email="cagri@example.org")
    assert (user.first_name, user.last_name) == ("Çağrı", "Işıkoğlu")


@pytestmark_db
def test_admin_forms_strip_control_characters(client):
    from allauth.mfa.models import Authenticator

    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    response = client.post("/en/admin/stakeholders/thematicarea/add/", {
        "code": "kiyi", "name_tr": f"Kıyı{BAD} güvenliği", "name_en": "Coastal\x07 safety", "order": "9",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    area = ThematicArea.objects.get(code="kiyi")
    assert (area.name_tr, area.name_en) == ("Kıyı güvenliği", "Coastal safety")


@pytestmark_db
def test_api_strips_control_characters_and_keeps_line_breaks_in_text_fields(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    client.force_login(UserFactory(role=ICMPD_STAFF))
    response = client.post("/api/v1/people/", {
        "given_name": f"Ali{BAD}", "family_name": "Veli\u202e", "email": "ali@example.org", "position": "Uz\x07man",
        "languages_spoken": ["tr"],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(email="ali@example.org")
    assert (person.given_name, person.family_name, person.position) == ("Ali", "Veli", "Uzman")
    response = client.post("/api/v1/organisations/", {
        "name_tr": f"Deniz{BAD} Derneği", "type": "ngo", "country": "TR", "province": "33",
        "description_tr": "Satır\x07 1\nSatır 2",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(name_tr="Deniz Derneği")
    assert organisation.description_tr == "Satır 1\nSatır 2"


@pytestmark_db
def test_staff_exports_answer_even_with_control_characters_stored_before(client, settings):
    """Rows written before the boundary cleaned input (or by a bulk path) still export."""
    settings.MAGNET_REQUIRE_MFA = False
    stored = BAD.replace("\x00", "")  # Postgres itself refuses NUL
    registration = RegistrationFactory()
    Person.objects.filter(pk=registration.person_id).update(given_name=f"Ay{stored}şe")
    type(registration).objects.filter(pk=registration.pk).update(dietary_needs=f"Vegan{stored}", passport_name="A\x07B")
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person_id=registration.person_id, response="accepted")
    Organisation.objects.filter(pk=OrganisationFactory().pk).update(name_tr=f"Org{stored}", name=f"Org{stored}")
    client.force_login(UserFactory(role=ICMPD_STAFF))
    for url in (
        f"/en/conference/{registration.conference.slug}/staff/registrations.xlsx?passport=1&status=",
        f"/en/meetings/staff/{meeting.pk}/attendees.xlsx",
        "/en/registry/staff/organisations/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        values = " ".join(str(c.value) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row)
        assert not any(ch in values for ch in BAD), url


@pytestmark_db
def test_staff_cancellation_reason_typed_outside_a_form_is_cleaned_too(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    registration = RegistrationFactory()
    client.force_login(UserFactory(role=ICMPD_STAFF))
    response = client.post(f"/en/conference/staff/registrations/{registration.pk}/",
                           {"action": "cancel", "reason": f"Mükerrer{BAD} kayıt\r\nikinci satır"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.status_reason) == ("cancelled", "Mükerrer kayıt\nikinci satır")
