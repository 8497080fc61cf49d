"""reports.submission: the one door through which another app's report travels the trail, and the
proof that reports' own periodic reports use the same door (the source "portal")."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports import submission
from reports.models import PeriodicReport, ReminderLog, ReportingPeriod
from reports.selectors import open_periods
from reports.services import periodic, reminders
from reports.services.periodic import create_periodic_report

pytestmark = pytest.mark.django_db

SOURCE = "tests.dummy"
submission.register_source(SOURCE, snapshot=lambda report: {"dummy": report.source_id},
                           template="pdf/projects/project_report.html", detail_template="reports/_narrative.html")


def _open(staff, source_id=7, **overrides):
    values = {"source": SOURCE, "source_id": source_id, "kind": submission.Kind.INTERIM, "title_tr": "Ara rapor",
              "title_en": "Interim report", "summary_tr": "Özet", "summary_en": "Summary",
              "starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2026, 6, 30),
              "due_on": datetime.date(2026, 7, 30), "actor": staff}
    values.update(overrides)
    return submission.open_report(**values)


def test_the_portals_own_reports_are_a_source_like_any_other(staff, period):
    report = create_periodic_report(actor=staff, values={"kind": "monthly", "period": period, "title_tr": "Ekim",
                                                        "title_en": "October"})
    assert report.source == submission.PORTAL
    assert submission.source_of(report).template == "pdf/reports/periodic_report.html"
    assert "tr" in report.figures and "field" in report.figures  # compiled by reports.figures


def test_open_report_puts_a_draft_with_its_sources_snapshot_on_the_trail(staff):
    report_id = _open(staff)
    report = PeriodicReport.objects.get(pk=report_id)
    assert (report.status, report.kind, report.figures, report.executive_summary_en) == ("draft", "interim",
                                                                                           {"dummy": 7}, "Summary")
    assert report.period.kind == ReportingPeriod.Kind.PROJECT


def test_open_report_is_idempotent_and_leaves_a_sent_report_alone(staff, pmm):
    report_id = _open(staff)
    assert _open(staff, summary_en="Better summary") == report_id
    report = PeriodicReport.objects.get(pk=report_id)
    assert report.executive_summary_en == "Better summary"
    periodic.approve_periodic_report(report=report, actor=staff)
    assert _open(staff, summary_en="Too late") == report_id
    report.refresh_from_db()
    assert report.executive_summary_en == "Better summary"
    assert PeriodicReport.objects.filter(source=SOURCE).count() == 1


def test_only_staff_open_and_only_registered_sources(staff, pmm):
    with pytest.raises(ValidationError):
        _open(pmm)
    with pytest.raises(ValueError):
        _open(staff, source="nobody")
    with pytest.raises(ValueError):
        _open(staff, source=submission.PORTAL)


def test_states_show_pmm_only_what_was_sent(staff, pmm):
    report_id = _open(staff)
    assert submission.states([report_id], user=pmm) == {}
    state = submission.states([report_id], user=staff)[report_id]
    assert (state.status, state.sent, state.url) == ("draft", False, f"/tr/reports/{report_id}/")


def test_project_periods_are_not_offered_to_field_reporters_nor_reminded(staff, reporter):
    _open(staff, due_on=datetime.date(2026, 7, 3))
    assert not open_periods().filter(kind=ReportingPeriod.Kind.PROJECT).exists()
    assert reminders.send_due_date_reminders(today=datetime.date(2026, 7, 1)) == 0
    assert not ReminderLog.objects.exists()
