"""The periodic report's "Network" and "Participant feedback" chapters: computed once by the same
selectors as the network page, frozen in the figures snapshot and in what PMM received, printed in
both languages with the rule of five."""

import datetime

import pytest

from feedback import services as feedback_services
from reports.models import SentVersion
from reports.network import network_figures
from reports.rendering import render_periodic_report
from reports.services import periodic as periodic_services
from tests.feedback.factories import answers_for, attendee, sent_form
from tests.meetings.factories import MeetingFactory

from .factories import PeriodFactory, compiled_report, make_document
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return PeriodFactory(starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30))


@pytest.fixture
def answered_meeting(period):
    from django.utils import timezone

    starts = timezone.make_aware(datetime.datetime(2026, 3, 10, 10))
    meeting = MeetingFactory(title_tr="Van Dört Sütun Toplantısı", title_en="Van Four-Pillar Meeting", starts_at=starts,
                             ends_at=starts + datetime.timedelta(hours=5), status="held")
    for code in ["public"] * 5 + ["civil"]:
        attendee(meeting, code)
    form = sent_form(meeting)
    for recipient, rating in zip(form.recipients.order_by("pk"), [5, 4, 4, 5, 3, 2], strict=True):
        feedback_services.submit_response(recipient=recipient, answers=answers_for(form, rating=rating))
    return meeting


def _report(staff, period):
    return compiled_report(staff=staff, period=period)


def test_the_snapshot_holds_both_chapters_computed_by_the_same_selectors(staff, period, answered_meeting):
    report = _report(staff, period)

    assert report.figures["network"] == network_figures(start=period.starts_on, end=period.ends_on)
    feedback = report.figures["feedback"]
    assert (feedback["forms"], feedback["recipients"], feedback["responses"]) == (1, 6, 6)
    (event,) = feedback["events"]
    assert (event["title_en"], event["mean_rating"], event["shown"]) == ("Van Four-Pillar Meeting", 3.8, True)
    by_pillar = {row["code"]: row for row in feedback["by_pillar"]}
    assert (by_pillar["public"]["responses"], by_pillar["public"]["mean_rating"]) == (5, 4.2)
    assert (by_pillar["civil"]["shown"], by_pillar["civil"]["mean_rating"]) == (False, None)


def test_what_pmm_received_keeps_its_chapters_when_the_figures_change(staff, period, answered_meeting):
    report = _report(staff, period)
    periodic_services.approve_periodic_report(report=report, actor=staff)
    for language in ("tr", "en", "bilingual"):
        make_document(report, requested_by=staff, version=1, language=language)
    periodic_services.send_to_pmm(report=report, actor=staff)
    sent = SentVersion.objects.get(report=report)

    attendee(answered_meeting, "international")  # a later attendance changes the live figures
    answered_meeting.invitations.update(attended=True)
    periodic_services.reopen_periodic_report(report=report, actor=staff, comment="Güncelleme")
    periodic_services.refresh_figures(report=report, actor=staff)

    sent.refresh_from_db()
    report.refresh_from_db()
    assert sent.figures["network"]["events"][0]["total"] == 6
    assert report.figures["network"]["events"][0]["total"] == 7
    assert report.figures["network"] != sent.figures["network"]
    assert sent.figures["feedback"]["responses"] == 6


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("tr", ["Ağ", "Etkinliklere göre sütun bazında katılım", "Başka bir sütunla ilk kez buluşan kurumlar",
                "Katılımcı geri bildirimi", "Van Dört Sütun Toplantısı", "5 yanıttan az", "4,2"], ["Participant feedback"]),
        ("en", ["Network", "Participation by pillar per event", "Organisations that met another pillar for the first time",
                "Participant feedback", "Van Four-Pillar Meeting", "fewer than 5 answers", "4.2"], ["Katılımcı geri bildirimi"]),
    ],
)
def test_the_pdf_prints_both_chapters_in_each_language(staff, period, answered_meeting, language, expected, absent):
    report = _report(staff, period)
    _reader, text = pdf_text(render_periodic_report(report, language=language, version=1).content)
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text
