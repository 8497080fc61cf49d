"""Search, ranking, filters and visibility through the selectors (Postgres full-text search)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from library import selectors
from library.models import Document
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL
from tests.factories import UserFactory, pillar, thematic_area
from tests.library.helpers import TURKISH_PARAGRAPH, add, docx_bytes, pdf_bytes
from tests.stakeholders.factories import approved_stakeholder

pytestmark = pytest.mark.django_db


def _titles(user, **filters):
    return [d.title for d in selectors.search_documents(user=user, filters=selectors.Filters(**filters))]


@pytest.fixture
def staff():
    return UserFactory(role=ICMPD_STAFF)


@pytest.mark.parametrize("query", [
    "istanbul", "İSTANBUL", "Göç İdaresi", "goc idaresi", "GÖÇ İDARESİ", "sığınmacılar", "siginmacilarin",
    "sığınmacı", "işbirliği", "isbirligi", "düzensiz göç",
])
def test_words_inside_a_pdf_are_found_whatever_the_casing_accents_or_suffixes(staff, query):
    add("Saha notu", content=pdf_bytes(TURKISH_PARAGRAPH))
    add("Başka bir belge", content=pdf_bytes("Sınır yönetimi eğitimi Edirne'de yapıldı."))

    assert _titles(staff, q=query) == ["Saha notu"]


def test_words_inside_a_docx_and_english_words_are_found(staff):
    add("Notlar", name="notlar.docx", content=docx_bytes("Readmission agreements were discussed in Van."))

    assert _titles(staff, q="agreement") == ["Notlar"]
    assert _titles(staff, q="readmission van") == ["Notlar"]
    assert _titles(staff, q="kayıp kelime") == []


def test_a_title_match_ranks_above_a_match_deep_in_the_text_and_the_snippet_is_marked(staff):
    add("Genel rapor", content=pdf_bytes("Bu raporda pek çok konu var; sonunda geri kabul da anılıyor."))
    add("Geri kabul rehberi", description_tr="Geri kabul süreçleri üzerine.")

    results = list(selectors.search_documents(user=staff, filters=selectors.Filters(q="geri kabul")))
    selectors.attach_snippets(results, "geri kabul")

    assert [d.title for d in results] == ["Geri kabul rehberi", "Genel rapor"]
    assert results[0].rank > results[1].rank
    assert "<mark>geri</mark> <mark>kabul</mark>" in str(results[1].snippet)


def test_the_snippet_is_escaped_text_with_only_our_marks(staff):
    add("Kod", name="kod.docx", content=docx_bytes("Göç <b>verisi</b> & <script>alert(1)</script>"))

    (result,) = selectors.search_documents(user=staff, filters=selectors.Filters(q="goc"))
    selectors.attach_snippets([result], "goc")

    assert str(result.snippet).startswith("<mark>Göç</mark>")
    assert "<b>" not in str(result.snippet) and "<script>" not in str(result.snippet)


def test_filters_by_pillar_thematic_area_year_kind_and_language(staff):
    add("A", pillars=[pillar("civil")], thematic_areas=[thematic_area("asylum")], year=2025,
        kind=Document.Kind.MINUTES, language=Document.Language.ENGLISH)
    add("B", pillars=[pillar("public")], thematic_areas=[thematic_area("border-management")], year=2026,
        kind=Document.Kind.PRESENTATION, language=Document.Language.BILINGUAL)
    add("C", pillars=[pillar("public")], year=2026, kind=Document.Kind.REPORT, language=Document.Language.TURKISH)

    assert _titles(staff, pillar="civil") == ["A"]
    assert sorted(_titles(staff, pillar="public")) == ["B", "C"]
    assert _titles(staff, thematic_area="border-management") == ["B"]
    assert _titles(staff, year=2025) == ["A"]
    assert _titles(staff, kind=Document.Kind.PRESENTATION) == ["B"]
    assert sorted(_titles(staff, language="en")) == ["A", "B"]  # bilingual documents count as both
    assert sorted(_titles(staff, language="tr")) == ["B", "C"]
    assert _titles(staff, pillar="public", year=2026, kind=Document.Kind.REPORT) == ["C"]


def test_members_only_documents_are_seen_by_members_staff_and_pmm_only(staff):
    add("Açık belge", visibility=Document.Visibility.PUBLIC, content=pdf_bytes())
    add("Üyelere özel belge", visibility=Document.Visibility.MEMBERS, content=pdf_bytes())
    hidden = add("Listelenmeyen", visibility=Document.Visibility.PUBLIC)
    Document.objects.filter(pk=hidden.pk).update(is_listed=False)

    for user in (AnonymousUser(), UserFactory(), UserFactory(role=FIELD_REPORTER)):  # not approved, no role
        assert _titles(user) == ["Açık belge"]
        assert _titles(user, q="göç") == ["Açık belge"]
    for user in (approved_stakeholder(), staff, UserFactory(role=PMM_OFFICIAL)):
        assert sorted(_titles(user)) == ["Açık belge", "Üyelere özel belge"]
        assert sorted(_titles(user, q="göç")) == ["Açık belge", "Üyelere özel belge"]


def test_an_empty_or_punctuation_only_query_lists_everything_newest_first(staff):
    add("Eski", year=2024)
    add("Yeni", year=2026)

    assert _titles(staff, q="") == ["Yeni", "Eski"]
    assert _titles(staff, q=" !!! ") == ["Yeni", "Eski"]
    assert _titles(staff, q="&|!:*()'") == ["Yeni", "Eski"]


def test_search_takes_the_same_number_of_queries_for_few_and_many_documents(staff, django_assert_max_num_queries):
    def run():
        documents = list(selectors.search_documents(user=staff, filters=selectors.Filters(q="göç"))[:20])
        selectors.attach_snippets(documents, "göç")
        for document in documents:
            list(document.pillars.all())
        return documents

    add("Göç 1", pillars=[pillar("civil")])
    with django_assert_max_num_queries(5):  # role, page, texts for the snippets, pillars, thematic areas
        assert len(run()) == 1
    for number in range(25):
        add(f"Göç {number + 2}", pillars=[pillar("public"), pillar("civil")])
    staff = type(staff).objects.get(pk=staff.pk)  # no cached role
    with django_assert_max_num_queries(5):  # role, page, texts for the snippets, pillars, thematic areas
        assert len(run()) == 20
