"""While PDF editions are generated, the progress box and the table show the same state, and
Generate / Approve / Compile are disabled on the page and refused by the server (issue 11, item 20)."""

import re

import pytest
from django.urls import reverse

from reports.models import PeriodicReport, ReportDocument

from .factories import compiled_report

pytestmark = pytest.mark.django_db


def _in_progress(report, staff):
    for language, state in (("tr", "done"), ("en", "rendering"), ("bilingual", "queued")):
        ReportDocument.objects.create(report=report, version=1, language=language, requested_by=staff, state=state)


def test_the_box_and_the_table_agree_and_the_buttons_are_disabled_during_a_run(client, staff, period):
    report = compiled_report(staff=staff, period=period)
    _in_progress(report, staff)
    client.force_login(staff)

    page = client.get(reverse("reports:periodic_report_detail", kwargs={"pk": report.pk})).content.decode()

    for document in ReportDocument.objects.filter(report=report):
        row = re.search(rf'data-document-row="{document.pk}".*?class="state-cell">(.*?)</td>', page, re.S).group(1)
        assert str(document.get_state_display()) in row
        if document.state != "done":  # the box lists the editions still running, with the same words
            box = re.search(rf'data-document="{document.pk}".*?class="state">(.*?)</span>', page, re.S).group(1)
            assert box == str(document.get_state_display())
    for action in ("generate", "approve", "refresh"):
        form = re.search(rf'action="{reverse("reports:periodic_report_action", args=[report.pk, action])}".*?</form>',
                         page, re.S).group(0)
        assert " disabled>" in form, action


@pytest.mark.parametrize("action", ["approve", "refresh", "generate"])
def test_a_second_submission_during_a_run_is_refused_or_harmless(client, staff, period, action):
    report = compiled_report(staff=staff, period=period)
    _in_progress(report, staff)
    compiled_at = report.figures_compiled_at
    client.force_login(staff)

    response = client.post(reverse("reports:periodic_report_action", kwargs={"pk": report.pk, "action": action}),
                           follow=True)

    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.DRAFT and report.figures_compiled_at == compiled_at
    assert ReportDocument.objects.filter(report=report).count() == 3
    if action != "generate":
        assert "PDF baskıları oluşturuluyor" in response.content.decode()
