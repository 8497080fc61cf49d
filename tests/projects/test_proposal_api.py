import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from magnet.roles import FIELD_REPORTER
from projects.models import Project
from tests.factories import OrganisationFactory, UserFactory

from .proposal_factories import complete_data, iom, member, pmm, proposal, staff, target_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups():
    return target_groups()


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def test_a_member_creates_a_draft_patches_it_and_submits_through_the_same_rules():
    organisation = iom()
    author = member(organisation, language="en")
    client = _client(author)
    response = client.post("/api/v1/proposals/", {"organisation": organisation.pk, "title_tr": "Taslak"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["state"] == "draft"
    response = client.post(f"/api/v1/proposals/{pk}/submit/")
    assert response.status_code == 400
    assert "title_en" in response.json() and "summary_tr" in response.json()
    data = _json(complete_data(implementing=[organisation.pk]))
    assert client.patch(f"/api/v1/proposals/{pk}/", data, format="json").status_code == 200
    response = client.post(f"/api/v1/proposals/{pk}/submit/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted" and body["provinces"] == ["27"] and body["due_on"]
    assert client.patch(f"/api/v1/proposals/{pk}/", {"title_tr": "x"}, format="json").status_code == 409
    assert client.post(f"/api/v1/proposals/{pk}/submit/").status_code == 409


def test_a_member_cannot_create_for_another_organisation_or_see_its_proposals():
    author = member(iom())
    theirs = proposal(member(OrganisationFactory()), submit=True)
    client = _client(author)
    response = client.post("/api/v1/proposals/", {"organisation": theirs.organisation_id, "title_tr": "x"}, format="json")
    assert response.status_code == 400
    assert client.get(f"/api/v1/proposals/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/proposals/").json()["results"] == []
    for user in (UserFactory(), UserFactory(role=FIELD_REPORTER)):
        assert _client(user).get(f"/api/v1/proposals/{theirs.pk}/").status_code == 404
        assert _client(user).get(f"/api/v1/proposal-reviews/{theirs.pk}/").status_code == 403


def test_pmm_reviews_the_queue_and_gives_an_opinion_staff_read_only():
    project = proposal(member(iom()), submit=True)
    draft = proposal(member(iom()))
    official = pmm()
    queue = _client(official).get("/api/v1/proposal-reviews/?state=submitted").json()["results"]
    assert [p["id"] for p in queue] == [project.pk]
    assert _client(official).get(f"/api/v1/proposal-reviews/{draft.pk}/").status_code == 404
    opinion = {"kind": "favourable_conditions", "reasons_tr": "Uygun.", "reasons_en": "Favourable.",
               "conditions_tr": "Ara rapor gönderin.", "conditions_en": "Send interim reports."}
    assert _client(staff()).get(f"/api/v1/proposal-reviews/{project.pk}/").status_code == 200
    assert _client(staff()).post(f"/api/v1/proposal-reviews/{project.pk}/opinion/", opinion, format="json").status_code == 403
    response = _client(official).post(f"/api/v1/proposal-reviews/{project.pk}/opinion/", {**opinion, "conditions_en": ""},
                                      format="json")
    assert response.status_code == 400 and "conditions_en" in response.json()
    response = _client(official).post(f"/api/v1/proposal-reviews/{project.pk}/opinion/", opinion, format="json")
    assert response.status_code == 201
    assert Project.objects.get(pk=project.pk).state == "favourable_conditions"
    again = _client(official).post(f"/api/v1/proposal-reviews/{project.pk}/opinion/", opinion, format="json")
    assert again.status_code == 409


def test_overlaps_through_the_api():
    earlier = proposal(member(OrganisationFactory()), submit=True)
    author = member(iom())
    mine = proposal(author)
    response = _client(author).get(f"/api/v1/proposals/{mine.pk}/overlaps/")
    assert response.status_code == 200
    assert [(o["project"], o["score"]) for o in response.json()] == [(earlier.pk, 1.0)]


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_make_the_same_number_of_queries_for_few_and_many():
    organisation = iom()
    author = member(organisation)
    official = pmm()
    proposal(author, submit=True)
    _count(_client(author), "/api/v1/proposals/")  # roles and memberships are cached on the user object
    _count(_client(official), "/api/v1/proposal-reviews/")
    few_own = _count(_client(author), "/api/v1/proposals/")
    few_reviews = _count(_client(official), "/api/v1/proposal-reviews/")
    for _ in range(5):
        proposal(author, submit=True)
        proposal(member(OrganisationFactory()), submit=True)
    assert _count(_client(author), "/api/v1/proposals/") == few_own
    assert _count(_client(official), "/api/v1/proposal-reviews/") == few_reviews
