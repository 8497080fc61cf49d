"""Pages and downloads for each role: who sees what, who gets 404, bad input kept, query counts."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from reports.models import DownloadLog, FieldReport, FieldReportAttachment, PeriodicReport, ReportDocument

from .factories import (
    FieldReportFactory,
    FigureFactory,
    PeriodFactory,
    approved_report,
    compiled_report,
    make_document,
    png_bytes,
    reporter_user,
    sent_report,
)

pytestmark = pytest.mark.django_db
PNG = png_bytes()


def form_data(period, **overrides):
    data = {
        "title_tr": "Van saha raporu", "title_en": "", "period": period.pk, "province": "65", "place": "Kapıköy",
        "meetings_held": "1", "organisations_engaged": "2", "participants_public": "3", "participants_civil": "0",
        "participants_international": "0", "participants_private_academia": "0",
        "situation_overview_tr": "Durum sakin.", "situation_overview_en": "",
        "stakeholder_engagement_tr": "", "stakeholder_engagement_en": "", "needs_and_challenges_tr": "",
        "needs_and_challenges_en": "", "recommendations_tr": "", "recommendations_en": "",
        "figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "0", "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "30", "figures-0-label_tr": "", "figures-0-label_en": "", "figures-0-value": "",
        "figures-0-unit_tr": "", "figures-0-unit_en": "", "save": "1",
    }
    data.update(overrides)
    return data


# --- Field reports ------------------------------------------------------------------------------


def test_a_reporter_writes_a_draft_and_sees_the_completeness_indicator(client, reporter, period):
    client.force_login(reporter)

    response = client.post(reverse("reports:field_report_create"), form_data(period))

    report = FieldReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:field_report_edit", kwargs={"pk": report.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Zorunlu 10 metinden 2 tanesi yazıldı." in page
    assert "İngilizcesi eksik olanlar" in page


def test_a_validation_error_keeps_everything_typed_and_saves_nothing(client, reporter, period):
    client.force_login(reporter)
    data = form_data(period, meetings_held="-3", situation_overview_tr="Uzun bir gözlem metni. İĞDIR")

    response = client.post(reverse("reports:field_report_create"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert not FieldReport.objects.exists()
    assert "Uzun bir gözlem metni. İĞDIR" in page
    assert "Henüz hiçbir şey kaydedilmedi" in page


def test_a_fake_image_is_refused_with_a_clear_message_and_the_text_is_kept(client, reporter, period):
    client.force_login(reporter)
    fake = SimpleUploadedFile("foto.png", b"GIF89a not a png", content_type="image/png")

    response = client.post(reverse("reports:field_report_create"),
                           {**form_data(period, title_tr="Korunan başlık"), "new_attachment": fake})

    assert response.status_code == 400
    assert "Korunan başlık" in response.content.decode()
    assert not FieldReport.objects.exists() and not FieldReportAttachment.objects.exists()


def test_submitting_an_incomplete_report_says_what_is_missing(client, reporter, period):
    client.force_login(reporter)

    response = client.post(reverse("reports:field_report_create"), {**form_data(period), "submit": "1"}, follow=True)

    report = FieldReport.objects.get()
    assert report.status == FieldReport.Status.DRAFT
    assert "Göndermeden önce her iki dil de gereklidir." in response.content.decode()


def test_the_author_submits_a_complete_report(client, reporter):
    report = FieldReportFactory(author=reporter)
    client.force_login(reporter)

    response = client.post(reverse("reports:field_report_submit", kwargs={"pk": report.pk}))

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == FieldReport.Status.SUBMITTED


def test_reporters_see_only_their_own_reports_and_others_answer_404(client, reporter, other_reporter):
    mine = FieldReportFactory(author=reporter, title_tr="Benim raporum")
    theirs = FieldReportFactory(author=other_reporter, title_tr="Başkasının raporu")
    client.force_login(reporter)

    page = client.get(reverse("reports:field_report_list")).content.decode()

    assert "Benim raporum" in page and "Başkasının raporu" not in page
    assert client.get(reverse("reports:field_report_detail", kwargs={"pk": mine.pk})).status_code == 200
    for name in ("field_report_detail", "field_report_edit"):
        assert client.get(reverse(f"reports:{name}", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("reports:field_report_submit", kwargs={"pk": theirs.pk})).status_code == 404


def test_staff_see_every_field_report_and_review_it(client, staff, reporter):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)
    client.force_login(staff)

    assert report.title_tr in client.get(reverse("reports:field_report_list")).content.decode()
    response = client.post(reverse("reports:field_report_review", kwargs={"pk": report.pk}),
                           {"action": "request_changes", "comment": "Lütfen İngilizce özeti tamamlayın."})

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == FieldReport.Status.CHANGES_REQUESTED


def test_an_invalid_review_is_refused_with_a_message(client, staff, reporter):
    report = FieldReportFactory(author=reporter)  # still a draft
    client.force_login(staff)

    response = client.post(reverse("reports:field_report_review", kwargs={"pk": report.pk}),
                           {"action": "approve", "comment": ""}, follow=True)

    report.refresh_from_db()
    assert report.status == FieldReport.Status.DRAFT
    assert "Yalnızca gönderilmiş bir rapor onaylanabilir." in response.content.decode()


@pytest.mark.parametrize("role", ["pmm", "stakeholder", "reporter"])
def test_who_may_not_review_cannot(client, role, request, reporter):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("reports:field_report_review", kwargs={"pk": report.pk}), {"action": "approve"})

    report.refresh_from_db()
    assert response.status_code == 403
    assert report.status == FieldReport.Status.SUBMITTED


@pytest.mark.parametrize("role", ["pmm", "stakeholder"])
def test_pmm_and_stakeholders_have_no_field_report_pages(client, role, request, reporter):
    report = FieldReportFactory(author=reporter)
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("reports:field_report_list")).status_code == 403
    assert client.get(reverse("reports:field_report_detail", kwargs={"pk": report.pk})).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:field_report_list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/tr/accounts/login/")


def test_attachments_download_only_for_those_who_see_the_report(client, reporter, other_reporter, staff):
    from reports.services.field_reports import save_field_report

    report = FieldReportFactory(author=reporter)
    save_field_report(author=reporter, report=report, values={},
                      new_attachment=SimpleUploadedFile("kapı.png", PNG, content_type="image/png"))
    attachment = report.attachments.get()
    url = reverse("reports:attachment_download", kwargs={"pk": report.pk, "attachment_pk": attachment.pk})

    client.force_login(other_reporter)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, no-store"


def test_the_field_report_list_makes_the_same_number_of_queries_for_few_and_many(client, staff,
                                                                               django_assert_max_num_queries):
    period = PeriodFactory()
    FieldReportFactory(period=period)
    client.force_login(staff)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:field_report_list"))
    for _ in range(30):
        FieldReportFactory(period=period, author=reporter_user())
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("reports:field_report_list"))
    assert len(few.captured_queries) == len(many.captured_queries)


# --- Periodic reports ---------------------------------------------------------------------------


def test_staff_compile_a_report_from_the_form(client, staff, period):
    approved_report(period=period)
    client.force_login(staff)

    response = client.post(reverse("reports:periodic_report_create"), {
        "kind": "interim", "period": period.pk, "title_tr": "Ara rapor", "title_en": "Interim report",
        "executive_summary_tr": "Özet", "executive_summary_en": "Summary",
    })

    report = PeriodicReport.objects.get()
    assert response.status_code == 302
    assert report.field_reports.count() == 1
    page = client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()
    assert "Derlenen veriler" in page and "1 onaylı saha raporu ektedir." in page


def test_pressing_generate_twice_queues_one_version(client, staff, period, django_capture_on_commit_callbacks):
    report = compiled_report(staff=staff, period=period)
    client.force_login(staff)
    url = reverse("reports:periodic_report_action", kwargs={"pk": report.pk, "action": "generate"})

    client.post(url)
    client.post(url)

    assert ReportDocument.objects.count() == 3
    status = client.get(reverse("reports:generation_status", kwargs={"pk": report.pk})).json()
    assert status["busy"] is True
    assert [d["state"] for d in status["documents"]] == ["queued"] * 3


def test_the_generation_status_shows_failures_with_their_reason(client, staff, period):
    report = compiled_report(staff=staff, period=period)
    ReportDocument.objects.create(report=report, version=1, language="tr", requested_by=staff,
                                  state=ReportDocument.State.FAILED, error="OSError: disk full")
    client.force_login(staff)

    page = client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()

    assert "OSError: disk full" in page and "Yeniden dene" in page


def test_pmm_sees_only_reports_sent_to_pmm(client, staff, pmm):
    sent = sent_report(staff=staff, period=PeriodFactory())
    draft = compiled_report(staff=staff, period=PeriodFactory(), title_tr="Gönderilmemiş taslak")
    client.force_login(pmm)

    page = client.get(reverse("reports:periodic_report_list")).content.decode()

    assert escape(sent.title_tr) in page and "Gönderilmemiş taslak" not in page
    assert client.get(reverse("reports:periodic_report_detail", kwargs={"pk": sent.pk})).status_code == 200
    assert client.get(reverse("reports:periodic_report_detail", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("reports:data_annex", kwargs={"pk": draft.pk, "fmt": "csv"})).status_code == 404


def test_pmm_filters_reports_by_kind(client, staff, pmm):
    sent_report(staff=staff, period=PeriodFactory())
    client.force_login(pmm)

    page = client.get(reverse("reports:periodic_report_list"), {"kind": "final"}).content.decode()

    assert "Göç İdaresi Başkanlığına rapor gönderilmedi" in page


def test_pmm_cannot_download_an_edition_not_sent_to_them(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    unsent = make_document(report, requested_by=staff, version=2, language="tr")
    client.force_login(pmm)

    assert client.get(reverse("reports:document_download", kwargs={"token": unsent.token})).status_code == 404


def test_a_download_is_logged_and_carries_its_checksum(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    document = report.documents.get(language="tr")
    client.force_login(pmm)

    response = client.get(reverse("reports:document_download", kwargs={"token": document.token}))

    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["X-Checksum-SHA256"] == hashlib.sha256(content).hexdigest() == document.sha256
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    log = DownloadLog.objects.get()
    assert (log.user, log.document, log.kind, log.sha256) == (pmm, document, "pdf", document.sha256)


@pytest.mark.parametrize("role", ["stakeholder", "reporter"])
def test_stakeholders_and_reporters_cannot_reach_periodic_reports_or_files(client, role, request, staff):
    report = sent_report(staff=staff, period=PeriodFactory())
    document = report.documents.first()
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("reports:periodic_report_list")).status_code == 403
    assert client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).status_code == 403
    assert client.get(reverse("reports:document_download", kwargs={"token": document.token})).status_code == 403


def test_the_data_annex_comes_as_xlsx_and_csv_in_the_users_language(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    client.force_login(pmm)

    csv = client.get(reverse("reports:data_annex", kwargs={"pk": report.pk, "fmt": "csv"}))
    xlsx = client.get(reverse("reports:data_annex", kwargs={"pk": report.pk, "fmt": "xlsx"}))
    english = client.get(f"/en/reports/{report.pk}/figures.csv")

    text = csv.content.decode("utf-8-sig")
    with translation.override("tr"):
        registry, new_organisations = gettext("Stakeholder registry"), gettext("New organisations")
    assert text.splitlines()[0] == "Bölüm,Grup,Gösterge,Değer"
    assert f"{registry},Kamu kurumları,{new_organisations},0" in text
    assert xlsx.content[:2] == b"PK"
    assert english.content.decode("utf-8-sig").splitlines()[0] == "Section,Group,Metric,Value"
    assert DownloadLog.objects.filter(kind__in=["csv", "xlsx"]).count() == 3
    assert client.get(f"/tr/reports/{report.pk}/figures.exe").status_code == 404


def test_pmm_acknowledges_with_a_comment(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    client.force_login(pmm)

    response = client.post(reverse("reports:periodic_report_acknowledge", kwargs={"pk": report.pk}),
                           {"comment": "Teslim alınmıştır."}, follow=True)

    page = response.content.decode()
    assert "Teslim alındığı bildirildi." in page
    assert "1. sürümü" in page and "teslim aldığınızı bildirdiniz" in page
    assert report.acknowledgements.get().comment == "Teslim alınmıştır."


def test_staff_cannot_acknowledge_for_pmm(client, staff):
    report = sent_report(staff=staff, period=PeriodFactory())
    client.force_login(staff)

    response = client.post(reverse("reports:periodic_report_acknowledge", kwargs={"pk": report.pk}))

    assert response.status_code == 403
    assert not report.acknowledgements.exists()


def test_pmm_clears_a_statistic_of_a_report_sent_to_them(client, staff, pmm):
    period = PeriodFactory()
    field_report = approved_report(period=period)
    figure = FigureFactory(report=field_report, is_statistic=True)
    report = sent_report(staff=staff, period=period)
    client.force_login(pmm)
    page = client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()
    assert "Göç İdaresi Başkanlığının onayını bekleyen istatistikler" in page

    client.post(reverse("reports:statistic_clear", kwargs={"pk": report.pk, "figure_pk": figure.pk}))

    figure.refresh_from_db()
    assert figure.cleared_by == pmm


def test_pmm_cannot_clear_statistics_of_reports_not_sent_to_them(client, staff, pmm):
    period = PeriodFactory()
    figure = FigureFactory(report=approved_report(period=period), is_statistic=True)
    report = compiled_report(staff=staff, period=period)
    client.force_login(pmm)

    response = client.post(reverse("reports:statistic_clear", kwargs={"pk": report.pk, "figure_pk": figure.pk}))

    figure.refresh_from_db()
    assert response.status_code == 404
    assert figure.cleared_at is None


def test_staff_must_enrol_two_factor_before_reports(client):
    from magnet.roles import ICMPD_STAFF
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=ICMPD_STAFF))

    assert client.get(reverse("reports:periodic_report_list")).status_code == 302


def test_the_periodic_report_list_query_count_does_not_grow(client, staff, pmm, django_assert_max_num_queries):
    sent_report(staff=staff, period=PeriodFactory())
    client.force_login(pmm)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:periodic_report_list"))
    for _ in range(12):
        sent_report(staff=staff, period=PeriodFactory())
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("reports:periodic_report_list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_english_pages_are_in_english(client, staff, period):
    report = compiled_report(staff=staff, period=period)
    client.force_login(staff)

    page = client.get(f"/en/reports/{report.pk}/").content.decode()

    assert '<html lang="en">' in page
    assert "Generate PDF" in page and "Figures pulled in" in page
    assert report.title_en in page
