import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from library.models import Document
from tests.factories import UserFactory, pillar
from tests.library.helpers import TURKISH_PARAGRAPH, add, pdf_bytes
from tests.stakeholders.factories import approved_stakeholder, staff_user

pytestmark = pytest.mark.django_db


def _url(name, *args, language="tr"):
    with translation.override(language):
        return reverse(f"library:{name}", args=args)


@pytest.fixture
def member_client():
    client = Client()
    client.force_login(approved_stakeholder())
    return client


@pytest.fixture
def documents():
    public = add("Uyum hizmetleri notu", content=pdf_bytes(TURKISH_PARAGRAPH), visibility=Document.Visibility.PUBLIC,
                 pillars=[pillar("civil")])
    members = add("Üyelere özel sunum", content=pdf_bytes("Göç İdaresi toplantısında sığınmacı kayıtları ele alındı."),
                  visibility=Document.Visibility.MEMBERS)
    return public, members


def test_a_member_searches_and_sees_the_highlighted_snippet_in_both_languages(member_client, documents):
    for language in ("tr", "en"):
        response = member_client.get(_url("document_list", language=language), {"q": "sığınmacı"})
        content = response.content.decode()
        assert response.status_code == 200
        assert "Uyum hizmetleri notu" in content and "Üyelere özel sunum" in content
        assert "<mark>sığınmacıların</mark>" in content or "<mark>Sığınmacıların</mark>" in content
    assert "2 belge" in member_client.get(_url("document_list"), {"q": "goc"}).content.decode()
    assert "2 documents" in member_client.get(_url("document_list", language="en"), {"q": "goc"}).content.decode()


def test_anonymous_visitors_never_see_a_members_only_document(client, documents):
    public, members = documents

    listing = client.get(_url("document_list")).content.decode()
    searched = client.get(_url("document_list"), {"q": "sığınmacı"}).content.decode()

    assert "Uyum hizmetleri notu" in listing and "Üyelere özel sunum" not in listing
    assert "Üyelere özel sunum" not in searched
    assert client.get(_url("document_detail", members.pk)).status_code == 404
    assert client.get(_url("document_download", members.pk)).status_code == 404
    assert client.get(_url("document_detail", public.pk)).status_code == 200
    download = client.get(_url("document_download", public.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_signed_in_user_without_an_approved_membership_sees_public_documents_only(documents):
    _public, members = documents
    client = Client()
    client.force_login(UserFactory())

    assert "Üyelere özel sunum" not in client.get(_url("document_list")).content.decode()
    assert client.get(_url("document_download", members.pk)).status_code == 404


def test_a_member_opens_the_detail_and_downloads_a_members_only_document(member_client, documents):
    _public, members = documents

    detail = member_client.get(_url("document_detail", members.pk, language="en"))
    assert detail.status_code == 200
    assert "Download (PDF)" in detail.content.decode()
    assert member_client.get(_url("document_download", members.pk)).status_code == 200


def test_the_detail_links_back_to_the_meeting():
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory()
    document = add("Toplantı sunumu", visibility=Document.Visibility.PUBLIC, meeting=meeting,
                   event_title_tr=meeting.title_tr, event_title_en=meeting.title_en)

    content = Client().get(_url("document_detail", document.pk)).content.decode()

    assert f'href="/tr/meetings/{meeting.pk}/"' in content
    assert meeting.title_tr in content


def test_filters_and_a_bad_filter_value_never_fail(member_client, documents):
    civil = pillar("civil")
    content = member_client.get(_url("document_list"), {"pillar": civil.pk}).content.decode()
    assert "Uyum hizmetleri notu" in content and "Üyelere özel sunum" not in content
    for query in ({"pillar": "abc"}, {"year": "20x6"}, {"kind": "nope"}, {"page": "999"}, {"q": "x" * 500}):
        assert member_client.get(_url("document_list"), query).status_code == 200


def test_staff_see_the_add_link_and_the_text_state():
    client = Client()
    client.force_login(staff_user())
    document = add("Sunum", content=b"%PDF-1.4 broken", name="bozuk.pdf")

    assert "/admin/library/document/add/" in client.get(_url("document_list")).content.decode()
    assert "Dosya okunamadı" in client.get(_url("document_detail", document.pk)).content.decode()


def test_the_list_page_takes_the_same_number_of_queries_for_few_and_many(member_client, django_assert_max_num_queries):
    add("Göç 0", visibility=Document.Visibility.PUBLIC, pillars=[pillar("civil")])
    with django_assert_max_num_queries(14) as few:
        member_client.get(_url("document_list"), {"q": "göç"})
    for number in range(30):
        add(f"Göç {number + 1}", pillars=[pillar("public"), pillar("civil")])
    with django_assert_max_num_queries(len(few)):
        response = member_client.get(_url("document_list"), {"q": "göç"})
    assert response.content.decode().count('class="card library-card"') == 20


def test_staff_make_documents_public_from_the_admin_list(settings):
    settings.MAGNET_REQUIRE_MFA = False
    client = Client()
    client.force_login(staff_user())
    documents = [add("Birinci"), add("İkinci")]

    assert client.get("/en/admin/library/document/").status_code == 200
    response = client.post("/en/admin/library/document/", {
        "action": "make_public", "_selected_action": [d.pk for d in documents],
    }, follow=True)

    assert "2 documents are now public." in response.content.decode()
    assert set(Document.objects.values_list("visibility", flat=True)) == {"public"}
