"""The directory's result pages and the organisation list API are rendered once per registry version,
language, audience and question (stakeholders/cache.py). These tests prove that a cached answer
changes as soon as the registry does, and that one audience's answer never reaches another."""

import pytest

from stakeholders import services
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory

from .factories import approved_stakeholder, staff_user

pytestmark = pytest.mark.django_db


def test_the_cached_directory_page_shows_a_renamed_organisation_at_once(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(name_tr="Eski Ad Derneği", name_en="Old Name Association")
    client.force_login(approved_stakeholder())
    assert "Eski Ad Derneği" in client.get("/tr/registry/").content.decode()
    # Answered from the cache: session, user, roles, the approved-stakeholder check; no organisation query.
    with django_assert_max_num_queries(5):
        assert "Eski Ad Derneği" in client.get("/tr/registry/").content.decode()

    organisation.name_tr, organisation.name = "Yeni Ad Derneği", "Yeni Ad Derneği"
    organisation.save()

    html = client.get("/tr/registry/").content.decode()
    assert "Yeni Ad Derneği" in html and "Eski Ad Derneği" not in html


def test_the_cached_directory_page_is_in_the_readers_language(client):
    OrganisationFactory(name_tr="Göç Çalışmaları Merkezi", name_en="Centre for Migration Studies")
    client.force_login(approved_stakeholder())
    assert "Göç Çalışmaları Merkezi" in client.get("/tr/registry/").content.decode()
    english = client.get("/en/registry/").content.decode()
    assert "Centre for Migration Studies" in english and "Göç Çalışmaları Merkezi" not in english


def test_an_organisation_approved_after_a_search_was_cached_appears_in_that_search(client):
    pending = OrganisationFactory(name_tr="Sınır Ötesi Vakfı", name_en="Cross-Border Foundation",
                                  status=Organisation.Status.PENDING)
    client.force_login(approved_stakeholder())
    assert "Ötesi Vakfı" not in client.get("/tr/registry/", {"q": "sinir"}).content.decode()

    services.approve_organisation(organisation=pending)

    assert "<mark>Sınır</mark> Ötesi Vakfı" in client.get("/tr/registry/", {"q": "sinir"}).content.decode()


def test_what_staff_see_is_never_served_to_a_stakeholder_from_the_cache(client):
    OrganisationFactory(name_tr="Beklemedeki Kurum", status=Organisation.Status.PENDING)
    client.force_login(staff_user())
    assert "Beklemedeki Kurum" in client.get("/tr/registry/").content.decode()
    staff_api = client.get("/api/v1/organisations/", {"search": "beklemedeki"}).json()
    assert [o["name_tr"] for o in staff_api["results"]] == ["Beklemedeki Kurum"]

    client.force_login(approved_stakeholder())
    assert "Beklemedeki Kurum" not in client.get("/tr/registry/").content.decode()
    assert client.get("/api/v1/organisations/", {"search": "beklemedeki"}).json()["results"] == []


def test_the_cached_organisation_list_api_follows_the_registry(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(name_tr="Liman Derneği", name_en="Harbour Association")
    client.force_login(approved_stakeholder())
    first = client.get("/api/v1/organisations/", {"search": "liman"}).json()
    assert [o["name_tr"] for o in first["results"]] == ["Liman Derneği"]
    with django_assert_max_num_queries(3):  # session, user, roles: the answer comes from the cache
        assert client.get("/api/v1/organisations/", {"search": "liman"}).json() == first

    organisation.website = "https://liman.example.org"
    organisation.save()

    again = client.get("/api/v1/organisations/", {"search": "liman"}).json()
    assert again["results"][0]["website"] == "https://liman.example.org"


def test_a_refused_api_question_is_refused_every_time(client):
    client.force_login(approved_stakeholder())
    assert client.get("/api/v1/organisations/", {"status": "nonsense"}).status_code == 400
    assert client.get("/api/v1/organisations/", {"status": "nonsense"}).status_code == 400
    assert client.get("/api/v1/organisations/", {"page": "999"}).status_code == 404
