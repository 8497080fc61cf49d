import pytest
from rest_framework.test import APIClient

from magnet.roles import PMM_OFFICIAL
from stakeholders.models import Organisation, OrganisationType, Pillar
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, thematic_area

from .factories import approved_stakeholder, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_gets_nothing(api):
    assert api.get("/api/v1/organisations/").status_code in (401, 403)
    assert api.get("/api/v1/people/").status_code in (401, 403)


def test_members_read_approved_organisations_only(api):
    approved = OrganisationFactory(name_tr="Göç İdaresi Başkanlığı", thematic_areas=[thematic_area("asylum")])
    OrganisationFactory(status="pending")
    user = approved_stakeholder(organisation=approved)
    api.force_authenticate(user)
    data = api.get("/api/v1/organisations/").json()
    assert data["count"] == 1
    assert data["results"][0]["name_tr"] == "Göç İdaresi Başkanlığı"
    assert data["results"][0]["thematic_areas"] == ["asylum"]
    assert data["results"][0]["pillar"] == "public"


def test_unapproved_users_see_no_organisations(api):
    OrganisationFactory()
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/organisations/").json()["count"] == 0


def test_organisation_search_and_filters(api):
    user = approved_stakeholder(organisation=OrganisationFactory(name_tr="Ankara Valiliği"))
    OrganisationFactory(name_tr="Göç Vakfı", pillar=Pillar.objects.get(code="civil"),
                        type=OrganisationType.objects.get(code="foundation"))
    OrganisationFactory(name_tr="Viyana Ofisi", country="AT", province="", city="Wien")
    api.force_authenticate(user)
    assert [o["name_tr"] for o in api.get("/api/v1/organisations/", {"search": "GOC"}).json()["results"]] == ["Göç Vakfı"]
    assert [o["name_tr"] for o in api.get("/api/v1/organisations/", {"pillar": "civil"}).json()["results"]] == ["Göç Vakfı"]
    assert [o["name_tr"] for o in api.get("/api/v1/organisations/", {"country": "AT"}).json()["results"]] == ["Viyana Ofisi"]


def test_members_cannot_write_organisations(api):
    organisation = OrganisationFactory()
    api.force_authenticate(approved_stakeholder(organisation=organisation))
    assert api.patch(f"/api/v1/organisations/{organisation.pk}/", {"name_tr": "Hacked"}, format="json").status_code == 403
    assert api.post("/api/v1/organisations/", {}, format="json").status_code == 403


def test_staff_create_validates_like_the_forms(api):
    api.force_authenticate(staff_user())
    bad = api.post("/api/v1/organisations/", {"name_tr": "Yeni", "type": "ngo", "country": "TR", "website": "nope"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"website"}
    no_province = api.post("/api/v1/organisations/", {"name_tr": "Yeni", "type": "ngo", "country": "TR"}, format="json")
    assert no_province.status_code == 400
    assert set(no_province.json()) == {"province"}
    good = api.post("/api/v1/organisations/", {"name_tr": "Yeni Dernek", "type": "ngo", "country": "TR", "province": "34",
                                              "thematic_areas": ["asylum"], "status": "approved"}, format="json")
    assert good.status_code == 201, good.json()
    organisation = Organisation.objects.get(name_tr="Yeni Dernek")
    assert (organisation.pillar.code, organisation.search_text) == ("civil", "yeni dernek istanbul")


def test_people_are_staff_only(api):
    MembershipFactory(person=PersonFactory(given_name="Işıl", family_name="Kaya"))
    for user in (approved_stakeholder(), UserFactory(role=PMM_OFFICIAL)):
        api.force_authenticate(user)
        assert api.get("/api/v1/people/").status_code == 403
    api.force_authenticate(staff_user())
    data = api.get("/api/v1/people/", {"search": "ISIL"}).json()
    assert [p["given_name"] for p in data["results"]] == ["Işıl"]


def test_staff_person_create_rejects_bad_phone_and_email(api):
    api.force_authenticate(staff_user())
    response = api.post("/api/v1/people/", {"given_name": "A", "family_name": "B", "email": "x@"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"email"})
    response = api.post("/api/v1/people/", {"given_name": "A", "family_name": "B", "phone": "12"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"phone"})
    response = api.post("/api/v1/people/", {"given_name": "A", "family_name": "B", "given_name_extra": 1, "phone": "+905320000000"}, format="json")
    assert response.status_code == 201


def test_pillars_and_thematic_areas(api):
    api.force_authenticate(UserFactory())
    assert [p["code"] for p in api.get("/api/v1/pillars/").json()] == ["public", "civil", "international", "private_academia"]
    assert len(api.get("/api/v1/thematic-areas/").json()) == 15


def _list_queries(api, django_assert_max_num_queries, count):
    public = Pillar.objects.get(code="public")
    type_ = OrganisationType.objects.filter(pillar=public).first()
    rows = []
    for i in range(count):
        o = Organisation(name=f"Kurum {i}", name_tr=f"Kurum {i}", pillar=public, type=type_, province="06", status="approved")
        o.refresh_search_columns()
        rows.append(o)
    created = Organisation.objects.bulk_create(rows)
    Through = Organisation.thematic_areas.through
    Through.objects.bulk_create([Through(organisation_id=o.pk, thematicarea_id=thematic_area("asylum").pk) for o in created])
    api.force_authenticate(approved_stakeholder())
    with django_assert_max_num_queries(10) as captured:
        response = api.get("/api/v1/organisations/", {"page": 1})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_organisation_list_runs_the_same_queries_with_10_or_2000_rows(api, django_assert_max_num_queries):
    few = _list_queries(api, django_assert_max_num_queries, 10)
    Organisation.objects.all().delete()
    many = _list_queries(api, django_assert_max_num_queries, 2000)
    assert few == many


def test_the_schema_documents_the_registry_endpoints(api):
    response = api.get("/api/schema/", {"format": "json"})
    paths = response.json()["paths"]
    for path in ("/api/v1/organisations/", "/api/v1/people/", "/api/v1/pillars/", "/api/v1/thematic-areas/"):
        assert path in paths


def _people_queries(api, django_assert_max_num_queries, count):
    from stakeholders.models import Membership, Person

    organisation = OrganisationFactory()
    people = []
    for i in range(count):
        person = Person(given_name="Ayşe", family_name=f"Yılmaz {i}", email=f"p{i}@example.org")
        person.refresh_search_columns()
        people.append(person)
    created = Person.objects.bulk_create(people)
    Membership.objects.bulk_create([Membership(person=p, organisation=organisation, status="approved") for p in created])
    api.force_authenticate(staff_user())
    with django_assert_max_num_queries(10) as captured:
        assert api.get("/api/v1/people/").status_code == 200
    return len(captured.captured_queries)


def test_people_list_runs_the_same_queries_with_few_or_many_rows(api, django_assert_max_num_queries):
    few = _people_queries(api, django_assert_max_num_queries, 10)
    many = _people_queries(api, django_assert_max_num_queries, 2000)
    assert few == many


@pytest.mark.parametrize("languages", [None, "tr", ["xx"], [["tr"]]])
def test_staff_person_languages_must_be_a_list_of_known_languages(api, languages):
    api.force_authenticate(staff_user())

    response = api.post(
        "/api/v1/people/", {"given_name": "A", "family_name": "B", "languages_spoken": languages}, format="json"
    )

    assert (response.status_code, set(response.json())) == (400, {"languages_spoken"})


def test_staff_person_languages_are_saved(api):
    api.force_authenticate(staff_user())

    response = api.post("/api/v1/people/", {"given_name": "A", "family_name": "B", "languages_spoken": ["tr", "ar"]}, format="json")

    assert (response.status_code, response.json()["languages_spoken"]) == (201, ["tr", "ar"])


@pytest.mark.parametrize("value", ["99999999999999999999999", "1.5", "abc", "1e5"])
def test_a_number_filter_the_database_cannot_hold_is_a_400(api, value):
    api.force_authenticate(staff_user())

    response = api.get("/api/v1/people/", {"organisation": value})

    assert (response.status_code, list(response.json())) == (400, ["organisation"])


def test_the_organisation_filter_finds_its_members(api):
    membership = MembershipFactory()
    MembershipFactory()
    api.force_authenticate(staff_user())

    response = api.get("/api/v1/people/", {"organisation": membership.organisation_id})

    assert [p["id"] for p in response.json()["results"]] == [membership.person_id]


@pytest.mark.parametrize("path", ["/api/v1/people/abc/", "/api/v1/organisations/-1/", "/api/v1/people/1.5/"])
def test_an_api_id_that_is_not_a_number_is_a_json_404(api, path):
    api.force_authenticate(staff_user())

    response = api.get(path)

    assert (response.status_code, response["Content-Type"], response.json()) == (
        404, "application/json", {"detail": "Bulunamadı."}
    )


def test_staff_approving_a_proposal_through_the_api_goes_through_the_service(
    api, mailoutbox, django_capture_on_commit_callbacks
):
    from stakeholders.models import Membership

    membership = MembershipFactory(status="pending", organisation=OrganisationFactory(status="pending"))
    organisation = membership.organisation
    organisation.proposed_by = membership.person
    organisation.save()
    api.force_authenticate(staff_user())

    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"/api/v1/organisations/{organisation.pk}/", {"status": "approved"}, format="json")

    assert response.status_code == 200, response.json()
    membership.refresh_from_db()
    assert (response.json()["status"], membership.status) == ("approved", Membership.Status.APPROVED)
    assert [m.to for m in mailoutbox] == [[membership.person.email]]


@pytest.mark.parametrize("status", ["rejected", "suspended", "pending"])
def test_staff_cannot_reject_or_suspend_without_a_reason_through_the_api(api, status):
    organisation = OrganisationFactory(status="approved" if status == "pending" else "pending")
    before = organisation.status
    api.force_authenticate(staff_user())

    response = api.patch(f"/api/v1/organisations/{organisation.pk}/", {"status": status}, format="json",
                         HTTP_ACCEPT_LANGUAGE="en")

    organisation.refresh_from_db()
    assert (response.status_code, list(response.json()), organisation.status) == (400, ["status"], before)
