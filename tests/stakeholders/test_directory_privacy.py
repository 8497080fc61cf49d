"""What stakeholders may never learn from the registry: who is a member (by e-mail address), and
which organisations are pending, rejected or merged."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from stakeholders import services
from stakeholders.models import Organisation, OrganisationType, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

from .factories import approved_stakeholder, staff_user

pytestmark = pytest.mark.django_db


def _member(email="gizli.uye@kurum.example.org"):
    organisation = OrganisationFactory(name_tr="Kuzey Dayanışma Derneği", name_en="North Solidarity Association")
    MembershipFactory(
        organisation=organisation, status="approved",
        person=PersonFactory(given_name="Zerrin", family_name="Öztürk", email=email, in_directory=True),
    )
    return organisation


@pytest.mark.parametrize("query", ["gizli.uye@kurum.example.org", "gizli.uye", "kurum.example"])
def test_directory_never_matches_a_members_email_address(client, query):
    _member()
    client.force_login(approved_stakeholder())
    html = client.get("/en/registry/", {"q": query}).content.decode()
    assert "North Solidarity" not in html and "Kuzey Dayanışma" not in html


def test_directory_still_finds_an_organisation_by_a_members_name(client):
    organisation = _member()
    client.force_login(approved_stakeholder())
    response = client.get("/tr/registry/", {"q": "zerrin ozturk"})
    assert [o.pk for o in response.context["page"]] == [organisation.pk]


def test_staff_still_find_people_by_email_in_the_admin_and_the_api(client):
    _member()
    user = staff_user()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    admin = site._registry[Person]
    found, _ = admin.get_search_results(request, Person.objects.all(), "Gizli.Uye@kurum")
    assert [p.family_name for p in found] == ["Öztürk"]
    response = client.get("/api/v1/people/", {"search": "gizli.uye@kurum.example.org"})
    assert [p["family_name"] for p in response.json()["results"]] == ["Öztürk"]


def _onboarded(client):
    user = UserFactory()
    person = services.ensure_person_for_user(user=user)
    services.complete_profile(person=person, notice_acknowledged=True, directory_consent=False,
                              communications_consent=False, given_name=user.first_name, family_name=user.last_name)
    client.force_login(user)
    return person


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_propose_page_never_shows_an_organisation_that_is_not_approved(client, status):
    _onboarded(client)
    OrganisationFactory(name_tr="Mersin Göç Platformu", name_en="Mersin Migration Platform", acronym="MGP", status=status)
    form = {
        "name_tr": "Mersin Göç Platformu", "name_en": "Mersin Migration Platform", "acronym": "MGP",
        "type": OrganisationType.objects.get(code="ngo").pk, "country": "TR", "province": "33", "role": "Üye",
    }
    response = client.post("/en/registry/propose/", form)
    # Nothing approved looks alike, so the proposal goes straight through: no "is it one of these?".
    assert response.status_code == 302
    assert Organisation.objects.filter(name_tr="Mersin Göç Platformu").count() == 2


def test_propose_page_offers_to_join_an_approved_lookalike(client):
    _onboarded(client)
    approved = OrganisationFactory(name_tr="Mersin Göç Platformu", name_en="Mersin Migration Platform", acronym="MGP")
    form = {
        "name_tr": "Mersin Göç Platformu", "name_en": "", "acronym": "MGP",
        "type": OrganisationType.objects.get(code="ngo").pk, "country": "TR", "province": "33", "role": "Üye",
    }
    html = client.post("/en/registry/propose/", form).content.decode()
    assert "Is it one of these?" in html and f'value="{approved.pk}"' in html
    assert Organisation.objects.count() == 1


def test_organisation_page_hides_a_parent_that_is_not_approved(client):
    parent = OrganisationFactory(name_tr="Gizli Üst Kurum", status="pending")
    child = OrganisationFactory(parent=parent)
    client.force_login(approved_stakeholder())
    html = client.get(f"/tr/registry/organisations/{child.pk}/").content.decode()
    assert "Gizli Üst Kurum" not in html
    client.force_login(staff_user())
    html = client.get(f"/tr/registry/organisations/{child.pk}/").content.decode()
    assert "Gizli Üst Kurum" in html


def test_api_never_gives_a_stakeholder_the_id_of_a_pending_parent(client):
    parent = OrganisationFactory(status="pending")
    child = OrganisationFactory(parent=parent)
    client.force_login(approved_stakeholder())
    rows = {row["id"]: row for row in client.get("/api/v1/organisations/").json()["results"]}
    assert parent.pk not in rows and rows[child.pk]["parent"] is None
    assert client.get(f"/api/v1/organisations/{child.pk}/").json()["parent"] is None
