"""The periodic report's "Follow-up of commitments" chapter (issue 13) comes from the frozen figures
snapshot: what PMM received never changes when a commitment is updated later."""

import datetime

import pytest
from django.utils import timezone

from meetings import commitments
from reports.models import SentVersion
from reports.rendering import render_html
from tests.meetings.commitment_factories import ActionItemFactory

from .factories import PeriodFactory, sent_report

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return PeriodFactory(starts_on=today - datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=30))


def test_the_snapshot_holds_the_chapter_in_both_languages_and_a_sent_version_keeps_it(staff):
    item = ActionItemFactory(title_tr="Gönüllü öğretmen havuzu", title_en="A pool of volunteer teachers",
                             due_date=timezone.localdate() - datetime.timedelta(days=3))
    report = sent_report(staff=staff, period=_period())
    frozen = SentVersion.objects.get(report=report).figures

    commitments.update_commitment(item=item, user=staff, status="done", note="Tamamlandı.")

    assert frozen["tr"]["commitments"]["overdue"][0]["title"] == "Gönüllü öğretmen havuzu"
    assert frozen["en"]["commitments"]["overdue"][0]["title"] == "A pool of volunteer teachers"
    assert frozen["en"]["commitments"]["by_status"][0] == {"status": "open", "label": "Open", "count": 1}
    assert SentVersion.objects.get(report=report).figures == frozen
    report.refresh_from_db()
    html = render_html(report, language="bilingual", version=1)
    assert "Taahhütlerin takibi" in html and "Follow-up of commitments" in html
    assert "A pool of volunteer teachers" in html and "<svg" in html


def test_a_snapshot_compiled_before_the_chapter_existed_prints_no_such_chapter(staff):
    report = sent_report(staff=staff, period=_period())
    for language in ("tr", "en"):
        report.figures[language].pop("commitments")

    html = render_html(report, language="en", version=1)

    assert "Follow-up of commitments" not in html
