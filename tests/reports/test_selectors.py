import pytest

from reports import selectors
from reports.models import FieldReport

from .factories import (
    FieldReportFactory,
    FigureFactory,
    PeriodFactory,
    approved_report,
    compiled_report,
    sent_report,
)

pytestmark = pytest.mark.django_db


def test_field_reports_for_each_role(reporter, other_reporter, staff, pmm, stakeholder):
    mine = FieldReportFactory(author=reporter)
    theirs = FieldReportFactory(author=other_reporter)

    assert list(selectors.field_reports_for(reporter)) == [mine]
    assert set(selectors.field_reports_for(staff)) == {mine, theirs}
    assert list(selectors.field_reports_for(pmm)) == []
    assert list(selectors.field_reports_for(stakeholder)) == []


def test_periodic_reports_for_each_role(staff, pmm, reporter, stakeholder):
    sent = sent_report(staff=staff, period=PeriodFactory())
    draft = compiled_report(staff=staff, period=PeriodFactory())

    assert set(selectors.periodic_reports_for(staff)) == {sent, draft}
    assert list(selectors.periodic_reports_for(pmm)) == [sent]
    assert list(selectors.periodic_reports_for(reporter)) == []
    assert list(selectors.periodic_reports_for(stakeholder)) == []


def test_statistics_awaiting_clearance_are_scoped_to_what_pmm_received(staff, pmm):
    period = PeriodFactory()
    received = FigureFactory(report=approved_report(period=period), is_statistic=True)
    FigureFactory(report=approved_report(period=period), is_statistic=False)
    elsewhere = FigureFactory(report=approved_report(period=PeriodFactory()), is_statistic=True)
    FigureFactory(report=FieldReportFactory(status=FieldReport.Status.SUBMITTED), is_statistic=True)
    sent_report(staff=staff, period=period)

    assert list(selectors.statistics_awaiting_clearance(user=pmm)) == [received]
    assert set(selectors.statistics_awaiting_clearance(user=staff)) == {received, elsewhere}
