"""What PMM reads is only ever the last version sent to them (issue 9, item 3): re-opening a sent
report, retitling it and compiling its figures again changes nothing on PMM's page, API or data annex
until the next version is sent."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from reports.models import SentVersion
from reports.services import periodic as periodic_services

from .factories import PeriodFactory, approved_report, make_document, sent_report

pytestmark = pytest.mark.django_db
DRAFT_TITLE = "Taslak başlık: henüz gönderilmedi"


def _annex_value(client, report, metric):
    text = client.get(reverse("reports:data_annex", kwargs={"pk": report.pk, "fmt": "csv"})).content.decode("utf-8-sig")
    with translation.override("tr"):
        label = gettext(metric)
    return next(line.rsplit(",", 1)[1] for line in text.splitlines() if f",{label}," in line)


def _reopen_and_edit(report, staff):
    periodic_services.reopen_periodic_report(report=report, actor=staff, comment="Rakamlar güncellenecek.")
    periodic_services.update_periodic_report(report=report, actor=staff, values={
        "title_tr": DRAFT_TITLE, "title_en": "Draft title, not sent yet",
        "executive_summary_tr": "Yeni özet", "executive_summary_en": "New summary"})
    approved_report(period=report.period)  # a new approved field report: the compiled figures change
    periodic_services.refresh_figures(report=report, actor=staff)


def test_pmm_reads_the_sent_version_while_the_next_one_is_drafted(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    sent_title = report.title_tr
    _reopen_and_edit(report, staff)
    client.force_login(pmm)

    page = client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()
    listing = client.get(reverse("reports:periodic_report_list")).content.decode()
    api = client.get(f"/api/v1/periodic-reports/{report.pk}/").json()

    assert escape(sent_title) in page and DRAFT_TITLE not in page
    assert "Rakamlar güncellenecek" not in page  # the re-opening is staff's business
    assert escape(sent_title) in listing and DRAFT_TITLE not in listing
    assert (api["title_tr"], api["status"]) == (sent_title, "sent")
    assert _annex_value(client, report, "Approved field reports") == "0"

    client.force_login(staff)
    assert DRAFT_TITLE in client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()
    assert _annex_value(client, report, "Approved field reports") == "1"


def test_the_next_version_reaches_pmm_only_when_sent(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    _reopen_and_edit(report, staff)
    periodic_services.approve_periodic_report(report=report, actor=staff)
    for language in ("tr", "en", "bilingual"):
        make_document(report, requested_by=staff, version=2, language=language)
    client.force_login(pmm)
    assert client.get(f"/api/v1/periodic-reports/{report.pk}/").json()["title_tr"] != DRAFT_TITLE

    periodic_services.send_to_pmm(report=report, actor=staff)

    api = client.get(f"/api/v1/periodic-reports/{report.pk}/").json()
    assert (api["title_tr"], api["status"]) == (DRAFT_TITLE, "sent")
    assert {d["version"] for d in api["documents"]} == {1, 2}
    assert _annex_value(client, report, "Approved field reports") == "1"
    assert list(SentVersion.objects.filter(report=report).values_list("version", flat=True)) == [2, 1]


def test_pmm_acknowledges_the_version_they_hold_not_the_draft(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    _reopen_and_edit(report, staff)
    client.force_login(pmm)

    client.post(reverse("reports:periodic_report_acknowledge", kwargs={"pk": report.pk}), {"comment": "Alındı."})

    assert report.acknowledgements.get().version == 1
    api = client.get(f"/api/v1/periodic-reports/{report.pk}/").json()
    assert api["status"] == "acknowledged"
    report.refresh_from_db()
    assert report.status == "draft"  # the live report stays staff's draft


def test_a_snapshot_is_never_rewritten_by_editing_the_report(staff):
    report = sent_report(staff=staff, period=PeriodFactory())
    frozen = SentVersion.objects.get(report=report)
    figures = frozen.figures
    _reopen_and_edit(report, staff)

    frozen.refresh_from_db()
    assert frozen.title_tr != DRAFT_TITLE and frozen.executive_summary_en != "New summary"
    assert frozen.figures == figures and frozen.field_reports.count() == 0


def test_pmm_filters_on_the_version_they_hold_not_on_the_draft(client, staff, pmm):
    report = sent_report(staff=staff, period=PeriodFactory())
    _reopen_and_edit(report, staff)
    periodic_services.update_periodic_report(report=report, actor=staff, values={"kind": "final"})
    client.force_login(pmm)

    def found(query):
        return [r["id"] for r in client.get(f"/api/v1/periodic-reports/?{query}").json()["results"]]

    assert found("status=sent") == [report.pk] and found("status=draft") == []
    assert found("kind=quarterly") == [report.pk] and found("kind=final") == []
    page = client.get(reverse("reports:periodic_report_list") + "?kind=final").content.decode()
    assert escape(report.sent_versions.get().title_tr) not in page
    client.post(reverse("reports:periodic_report_acknowledge", kwargs={"pk": report.pk}))
    assert found("status=acknowledged") == [report.pk] and found("status=sent") == []
