"""The /api/v1/ endpoints follow the same access rules as the pages."""

import pytest
from rest_framework.test import APIClient

from reports.models import DownloadLog, ReportDocument

from .factories import FieldReportFactory, PeriodFactory, compiled_report, make_document, sent_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_reporters_list_only_their_own_field_reports(api, reporter, other_reporter):
    mine = FieldReportFactory(author=reporter)
    FieldReportFactory(author=other_reporter)
    api.force_authenticate(reporter)

    response = api.get("/api/v1/field-reports/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert response.json()["results"][0]["author"] == reporter.email


def test_someone_elses_field_report_answers_404(api, reporter, other_reporter):
    theirs = FieldReportFactory(author=other_reporter)
    api.force_authenticate(reporter)

    assert api.get(f"/api/v1/field-reports/{theirs.pk}/").status_code == 404


def test_pmm_sees_sent_reports_with_only_the_sent_editions(api, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    make_document(report, requested_by=staff, version=2, language="tr")  # not sent
    compiled_report(staff=staff, period=PeriodFactory())  # not sent at all
    api.force_authenticate(pmm)

    body = api.get("/api/v1/periodic-reports/").json()

    assert [row["id"] for row in body["results"]] == [report.pk]
    documents = body["results"][0]["documents"]
    assert sorted((d["version"], d["language"]) for d in documents) == [(1, "bilingual"), (1, "en"), (1, "tr")]
    assert all(d["download_url"].startswith("http://testserver/api/v1/report-documents/") for d in documents)


def test_api_download_is_logged_and_checked(api, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    unsent = make_document(report, requested_by=staff, version=2, language="tr")
    document = report.documents.get(version=1, language="tr")
    api.force_authenticate(pmm)

    response = api.get(f"/api/v1/report-documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response["X-Checksum-SHA256"] == document.sha256
    assert DownloadLog.objects.get().document == document
    assert api.get(f"/api/v1/report-documents/{unsent.pk}/download/").status_code == 404


@pytest.mark.parametrize("role", ["stakeholder", "reporter"])
def test_stakeholders_and_reporters_get_no_periodic_reports(api, role, request, staff):
    sent_report(staff=staff, period=PeriodFactory())
    api.force_authenticate(request.getfixturevalue(role))

    assert api.get("/api/v1/periodic-reports/").status_code == 403
    assert api.get("/api/v1/report-documents/").status_code == 403


def test_stakeholders_get_no_field_reports(api, stakeholder):
    api.force_authenticate(stakeholder)

    assert api.get("/api/v1/field-reports/").status_code == 403


def test_anonymous_callers_are_refused(api):
    assert api.get("/api/v1/periodic-reports/").status_code == 401


def test_staff_generate_through_the_api_and_a_second_call_returns_the_same_jobs(api, staff, period):
    report = compiled_report(staff=staff, period=period)
    api.force_authenticate(staff)

    first = api.post(f"/api/v1/periodic-reports/{report.pk}/generate/")
    second = api.post(f"/api/v1/periodic-reports/{report.pk}/generate/")

    assert first.status_code == second.status_code == 202
    assert [d["id"] for d in first.json()] == [d["id"] for d in second.json()]
    assert ReportDocument.objects.count() == 3


def test_pmm_acknowledges_through_the_api_once(api, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    api.force_authenticate(pmm)

    first = api.post(f"/api/v1/periodic-reports/{report.pk}/acknowledge/", {"comment": "Alındı"}, format="json")
    second = api.post(f"/api/v1/periodic-reports/{report.pk}/acknowledge/", {}, format="json")

    assert (first.status_code, first.json()["version"]) == (201, 1)
    assert second.status_code == 409


def test_pmm_cannot_generate(api, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    api.force_authenticate(pmm)

    assert api.post(f"/api/v1/periodic-reports/{report.pk}/generate/").status_code == 403


def test_list_api_query_count_does_not_grow(api, staff, pmm, django_assert_max_num_queries):
    sent_report(staff=staff, period=PeriodFactory())
    api.force_authenticate(pmm)
    api.get("/api/v1/periodic-reports/")  # the user's roles are cached on the first request
    with django_assert_max_num_queries(10) as few:
        api.get("/api/v1/periodic-reports/")
    for _ in range(8):
        sent_report(staff=staff, period=PeriodFactory())
    with django_assert_max_num_queries(10) as many:
        api.get("/api/v1/periodic-reports/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_schema_documents_the_report_endpoints(api, staff):
    api.force_authenticate(staff)

    schema = api.get("/api/schema/?format=json").json()

    for path in ("/api/v1/field-reports/", "/api/v1/periodic-reports/{id}/generate/",
                 "/api/v1/report-documents/{id}/download/"):
        assert path in schema["paths"]


@pytest.mark.parametrize("pk", ["abc", "²", "99999999999999999999999"])
def test_download_with_an_id_that_is_not_a_number_is_a_404(api, staff, pk):
    api.force_authenticate(staff)

    assert api.get(f"/api/v1/report-documents/{pk}/download/").status_code == 404
