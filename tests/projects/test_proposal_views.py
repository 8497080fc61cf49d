import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from magnet.roles import FIELD_REPORTER
from projects.models import LetterDownload, OpinionLetter, Project
from projects.services import proposals as services
from tests.factories import OrganisationFactory, UserFactory

from .proposal_factories import complete_data, iom, member, pmm, proposal, staff, target_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups():
    return target_groups()


def _form(data: dict) -> dict:
    post = {}
    for key, value in data.items():
        if isinstance(value, bool):
            if value:
                post[key] = "on"
        elif value is None:
            post[key] = ""
        else:
            post[key] = value
    return post


def test_a_member_saves_a_draft_then_submits_it(client):
    organisation = iom()
    author = member(organisation)
    client.force_login(author)
    response = client.post(reverse("projects:proposal_create"),
                           {"organisation": organisation.pk, "title_tr": "Yarım kalan taslak", "save": "1"})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:proposal_detail", args=[project.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Taslak" in page and "Başlığı Türkçe ve İngilizce yazın." in page
    data = complete_data(implementing=[organisation.pk])
    response = client.post(reverse("projects:proposal_edit", args=[project.pk]), {**_form(data), "submit": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "Göç İdaresi Başkanlığının yanıtı için son tarih" in page


def test_saving_from_the_english_page_keeps_each_language_in_its_place(client):
    organisation = iom()
    client.force_login(member(organisation, language="en"))
    data = complete_data(implementing=[organisation.pk])
    response = client.post("/en" + reverse("projects:proposal_create")[3:],
                           {**_form(data), "organisation": organisation.pk, "submit": "1"})
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.title_tr, project.title_en) == (data["title_tr"], data["title_en"])
    assert (project.summary_tr, project.summary_en) == (data["summary_tr"], data["summary_en"])
    page = client.get("/en" + reverse("projects:proposal_detail", args=[project.pk])[3:]).content.decode()
    assert data["summary_en"] in page and data["summary_tr"] in page


def test_submitting_an_incomplete_form_keeps_what_was_typed_and_names_the_gaps(client):
    organisation = iom()
    client.force_login(member(organisation))
    data = complete_data(implementing=[organisation.pk], summary_en="")
    response = client.post(reverse("projects:proposal_create"),
                           {**_form(data), "organisation": organisation.pk, "submit": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Özeti Türkçe ve İngilizce yazın." in page
    assert "Gaziantep&#x27;te göçmen işçilerin işe uyumu" in page
    assert Project.objects.get().state == Project.State.DRAFT


@pytest.mark.parametrize("who", ["other_member", "no_organisation", "field_reporter"])
def test_who_has_no_part_in_a_proposal_gets_404(client, who):
    project = proposal(member(iom()), submit=True)
    user = {
        "other_member": lambda: member(OrganisationFactory()),
        "no_organisation": lambda: UserFactory(),
        "field_reporter": lambda: UserFactory(role=FIELD_REPORTER),
    }[who]()
    client.force_login(user)
    for name in ("proposal_detail", "proposal_edit"):
        assert client.get(reverse(f"projects:{name}", args=[project.pk])).status_code == 404
    for name in ("proposal_submit", "proposal_withdraw", "proposal_message", "proposal_overlap_note"):
        assert client.post(reverse(f"projects:{name}", args=[project.pk]), {"body": "x", "other": project.pk,
                                                                            "explanation": "x"}).status_code == 404
    assert client.post(reverse("projects:proposal_opinion", args=[project.pk]), {}).status_code == 403
    if who != "other_member":
        assert client.get(reverse("projects:proposal_create")).status_code == 404
    assert Project.objects.get(pk=project.pk).state == Project.State.SUBMITTED


def test_a_draft_is_invisible_to_pmm_and_staff(client):
    draft = proposal(member(iom()))
    for user in (pmm(), staff()):
        client.force_login(user)
        assert client.get(reverse("projects:proposal_detail", args=[draft.pk])).status_code == 404


def test_staff_read_but_cannot_give_the_opinion(client):
    project = proposal(member(iom()), submit=True)
    client.force_login(staff())
    page = client.get(reverse("projects:proposal_detail", args=[project.pk])).content.decode()
    assert "Göç İdaresi Başkanlığı görüşünü verin" not in page
    response = client.post(reverse("projects:proposal_opinion", args=[project.pk]),
                           {"kind": "favourable", "reasons_tr": "a", "reasons_en": "b"})
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).state == Project.State.SUBMITTED


def test_pmm_gives_an_opinion_and_the_letter_is_downloaded_by_those_allowed(client, django_capture_on_commit_callbacks):
    organisation = iom()
    author = member(organisation)
    project = proposal(author, submit=True)
    official = pmm()
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:proposal_opinion", args=[project.pk]), {
            "kind": "favourable_conditions",
            "reasons_tr": "Teklif, ildeki ihtiyaçla örtüşmeyen yeni bir alanı kapsıyor.",
            "reasons_en": "The proposal covers a need not yet served in the province.",
            "conditions_tr": "Ara raporları üç ayda bir gönderin.",
            "conditions_en": "Send interim reports every three months.",
        })
    assert response.status_code == 302
    letter = OpinionLetter.objects.get()
    assert letter.state == "done"
    url = reverse("projects:letter_download", args=[letter.token])
    for user, allowed in ((official, True), (staff(), True), (author, True), (member(OrganisationFactory()), False),
                          (UserFactory(role=FIELD_REPORTER), False)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404)
        if allowed:
            content = b"".join(response.streaming_content)
            assert response["X-Checksum-SHA256"] == letter.sha256
            import hashlib

            assert hashlib.sha256(content).hexdigest() == letter.sha256
    assert LetterDownload.objects.count() == 3
    assert set(LetterDownload.objects.values_list("sha256", flat=True)) == {letter.sha256}
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.file.open("rb").read())).pages)
    assert "Proje teklifi hakkında Göç İdaresi Başkanlığı görüşü" in text
    assert "PMM's opinion on a project proposal" in text
    assert "Şartlı uygun" in text and "Favourable with conditions" in text
    assert "Send interim reports every three months." in text and "Ara raporları üç ayda bir gönderin." in text


def test_the_live_overlap_check_answers_json_in_the_readers_language(client):
    workers = target_groups()["migrant-workers"].pk
    earlier = proposal(member(OrganisationFactory()), submit=True)
    organisation = iom()
    client.force_login(member(organisation))
    data = _form(complete_data(groups=[workers]))
    data["provinces"] = ["27"]
    response = client.post("/en" + reverse("projects:overlaps_live")[3:], data)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [earlier.pk]
    assert results[0]["reason"].startswith("same province: Gaziantep")
    assert results[0]["score"] == 1.0


def test_the_live_check_is_for_members_pmm_and_staff_only(client):
    client.force_login(UserFactory())
    assert client.post(reverse("projects:overlaps_live"), {"title_tr": "göçmen"}).status_code == 404


def test_a_member_explains_an_overlap_and_pmm_reads_it(client):
    earlier = proposal(member(OrganisationFactory()), submit=True)
    author = member(iom())
    project = proposal(author, submit=True)
    client.force_login(author)
    response = client.post(reverse("projects:proposal_overlap_note", args=[project.pk]),
                           {"other": earlier.pk, "explanation": "Bizimki yalnızca kadın işçilere yönelik."})
    assert response.status_code == 302
    client.force_login(pmm())
    page = client.get(reverse("projects:proposal_detail", args=[project.pk])).content.decode()
    assert "Bizimki yalnızca kadın işçilere yönelik." in page
    assert str(earlier.title_tr).replace("'", "&#x27;") in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_makes_the_same_number_of_queries_for_few_and_many(client):
    organisation = iom()
    author = member(organisation)
    official = pmm()
    proposal(author, submit=True)
    client.force_login(official)
    few_pmm = _queries(client, reverse("projects:proposal_list"))
    client.force_login(author)
    few_member = _queries(client, reverse("projects:proposal_list"))
    for _ in range(6):
        proposal(author, submit=True)
        proposal(member(OrganisationFactory()), submit=True)
    client.force_login(official)
    assert _queries(client, reverse("projects:proposal_list")) == few_pmm
    client.force_login(author)
    assert _queries(client, reverse("projects:proposal_list")) == few_member


def test_the_detail_page_makes_the_same_number_of_queries_with_few_and_many_overlaps(client):
    author = member(iom())
    project = proposal(author, submit=True)
    official = pmm()
    client.force_login(official)
    url = reverse("projects:proposal_detail", args=[project.pk])
    proposal(member(OrganisationFactory()), submit=True)
    services.ask_question(project=project, actor=official, body="Soru?")
    few = _queries(client, url)
    for _ in range(8):
        proposal(member(OrganisationFactory()), submit=True)
    services.answer(project=project, actor=author, body="Yanıt.")
    services.ask_question(project=project, actor=official, body="Bir soru daha?")
    assert _queries(client, url) == few


def test_coverage_is_for_pmm_and_staff(client):
    workers = target_groups()["migrant-workers"]
    hosts = target_groups()["host-communities"]
    proposal(member(iom()), submit=True, groups=[workers.pk], budget="1000")
    official = pmm()
    services.save_province_need(actor=official, province="63", target_group=workers, number=50000,
                                as_of="2026-10-01", source="Göç İdaresi Başkanlığı")
    services.save_province_need(actor=official, province="27", target_group=workers, number=80000,
                                as_of="2026-10-01", source="Göç İdaresi Başkanlığı")
    services.save_province_need(actor=official, province="27", target_group=hosts, number=900,
                                as_of="2026-10-01", source="TÜİK")
    client.force_login(official)
    response = client.get(reverse("projects:coverage"))
    assert response.status_code == 200
    assert [(g.province, g.target_group.code) for g in response.context["gaps"]] == [("63", "migrant-workers")]
    assert [(b["currency"], str(b["total"])) for b in response.context["budgets"]] == [("EUR", "1000.00")]
    assert "<svg" in response.content.decode()
    client.force_login(member(iom()))
    assert client.get(reverse("projects:coverage")).status_code == 403
