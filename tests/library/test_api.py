import pytest
from rest_framework.test import APIClient

from library.models import Document
from tests.library.helpers import TURKISH_PARAGRAPH, add, pdf_bytes
from tests.stakeholders.factories import approved_stakeholder

pytestmark = pytest.mark.django_db
URL = "/api/v1/library/documents/"


@pytest.fixture
def documents():
    public = add("Uyum hizmetleri notu", content=pdf_bytes(TURKISH_PARAGRAPH), visibility=Document.Visibility.PUBLIC)
    members = add("Üyelere özel sunum", content=pdf_bytes("Sığınmacı kayıtları"), visibility=Document.Visibility.MEMBERS)
    return public, members


def test_anonymous_callers_search_the_public_documents_only(documents):
    public, members = documents
    client = APIClient()

    answer = client.get(URL, {"q": "sığınmacı"}).json()

    assert [row["title"] for row in answer["results"]] == ["Uyum hizmetleri notu"]
    assert "<mark>" in answer["results"][0]["snippet"]
    assert answer["results"][0]["download_url"].endswith(f"/library/{public.pk}/download/")
    assert client.get(f"{URL}{members.pk}/").status_code == 404
    assert client.get(f"{URL}{public.pk}/").status_code == 200


def test_members_search_every_listed_document_ranked(documents):
    client = APIClient()
    client.force_authenticate(approved_stakeholder())

    answer = client.get(URL, {"q": "goc", "language": "tr"}).json()

    assert {row["title"] for row in answer["results"]} == {"Uyum hizmetleri notu"}
    rows = client.get(URL, {"q": "sığınmacı"}).json()["results"]
    assert {row["title"] for row in rows} == {"Uyum hizmetleri notu", "Üyelere özel sunum"}
    assert rows[0]["rank"] >= rows[1]["rank"]


def test_bad_filters_answer_400():
    client = APIClient()
    for query in ({"year": "abc"}, {"kind": "nope"}, {"pillar": "x"}, {"q": "x" * 201}):
        assert client.get(URL, query).status_code == 400


def test_the_list_takes_the_same_number_of_queries_for_few_and_many(django_assert_max_num_queries):
    client = APIClient()
    client.force_authenticate(approved_stakeholder())
    add("Göç 0")
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL, {"q": "göç"}).status_code == 200
    for number in range(60):
        add(f"Göç {number + 1}")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(URL, {"q": "göç"}).json()["results"]) == 50
