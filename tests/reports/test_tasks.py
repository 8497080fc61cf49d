"""Generation jobs and the beat tasks: queued before sending, idempotent, resent when stalled, a real
worker on Redis rendering end to end, and a broker outage that loses nothing."""

import hashlib
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports import tasks
from reports.models import ReminderLog, ReportDocument
from reports.services import generation

from .factories import FieldReportFactory, PeriodFactory, approved_report, compiled_report

State = ReportDocument.State


@pytest.mark.django_db
def test_generate_queues_three_editions_and_a_double_click_starts_nothing_new(staff, period):
    report = compiled_report(staff=staff, period=period)

    first = generation.request_generation(report=report, actor=staff)  # not committed: nothing dispatched
    second = generation.request_generation(report=report, actor=staff)

    assert [(d.version, d.language, d.state) for d in first] == [(1, "tr", "queued"), (1, "en", "queued"),
                                                                   (1, "bilingual", "queued")]
    assert {d.pk for d in second} == {d.pk for d in first}
    assert ReportDocument.objects.count() == 3


@pytest.mark.django_db
def test_generation_renders_each_edition_after_commit_with_checksum_size_and_pages(
    staff, period, django_capture_on_commit_callbacks
):
    approved_report(period=period)
    report = compiled_report(staff=staff, period=period)

    with django_capture_on_commit_callbacks(execute=True):
        generation.request_generation(report=report, actor=staff)

    for document in ReportDocument.objects.all():
        content = document.file.read()
        assert document.state == State.DONE
        assert (document.progress, document.attempts, document.error) == (100, 1, "")
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content)
        assert document.page_count >= 8
        assert document.dispatched_at is not None
        assert document.file.name.startswith("reports/documents/magnet-report-")


@pytest.mark.django_db
def test_rendering_a_finished_job_again_changes_nothing(staff, period, django_capture_on_commit_callbacks):
    report = compiled_report(staff=staff, period=period)
    with django_capture_on_commit_callbacks(execute=True):
        generation.request_generation(report=report, actor=staff)
    document = ReportDocument.objects.get(language="tr")

    tasks.render_report_document(document.pk)

    again = ReportDocument.objects.get(pk=document.pk)
    assert (again.sha256, again.file.name, again.attempts) == (document.sha256, document.file.name, 1)


@pytest.mark.django_db
def test_a_job_another_worker_is_rendering_is_left_alone(staff, period):
    report = compiled_report(staff=staff, period=period)
    document = ReportDocument.objects.create(report=report, version=1, language="tr", requested_by=staff,
                                             state=State.RENDERING, heartbeat_at=timezone.now(), attempts=1)

    assert generation.render_document(document_id=document.pk) is None
    document.refresh_from_db()
    assert (document.state, document.attempts) == (State.RENDERING, 1)


@pytest.mark.django_db
def test_a_failed_render_records_the_reason_and_can_be_retried(staff, period, django_capture_on_commit_callbacks):
    report = compiled_report(staff=staff, period=period)
    report.figures = {"tr": {"meetings": {"by_pillar": [{"pillar_name": "Kamu"}]}}}  # broken snapshot
    report.save(update_fields=["figures"])
    with django_capture_on_commit_callbacks(execute=True):
        generation.request_generation(report=report, actor=staff)
    failed = ReportDocument.objects.get(language="tr")
    assert failed.state == State.FAILED
    assert failed.error == "KeyError: 'invited'"

    report.refresh_from_db()
    from reports.services.periodic import refresh_figures

    refresh_figures(report=report, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        generation.retry_document(document=failed, actor=staff)

    failed.refresh_from_db()
    assert (failed.state, failed.error, failed.attempts) == (State.DONE, "", 2)


@pytest.mark.django_db
def test_only_failed_documents_are_retried_and_only_by_staff(staff, pmm, period):
    report = compiled_report(staff=staff, period=period)
    document = ReportDocument.objects.create(report=report, version=1, language="tr", requested_by=staff)

    with pytest.raises(ValidationError):
        generation.retry_document(document=document, actor=staff)
    with pytest.raises(ValidationError):
        generation.request_generation(report=report, actor=pmm)


@pytest.mark.django_db
def test_resend_picks_up_never_sent_jobs_and_dead_workers_but_not_live_ones(staff, period,
                                                                          django_capture_on_commit_callbacks):
    report = compiled_report(staff=staff, period=period)
    long_ago = timezone.now() - timedelta(minutes=30)
    never_sent = ReportDocument.objects.create(report=report, version=1, language="tr", requested_by=staff)
    dead = ReportDocument.objects.create(report=report, version=1, language="en", requested_by=staff,
                                         state=State.RENDERING, started_at=long_ago, heartbeat_at=long_ago)
    live = ReportDocument.objects.create(report=report, version=1, language="bilingual", requested_by=staff,
                                         state=State.RENDERING, started_at=timezone.now(), heartbeat_at=timezone.now())
    ReportDocument.objects.filter(pk=never_sent.pk).update(queued_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        resent = tasks.resend_stalled_jobs()

    assert sorted(resent) == sorted([never_sent.pk, dead.pk])
    states = dict(ReportDocument.objects.values_list("pk", "state"))
    assert states == {never_sent.pk: State.DONE, dead.pk: State.DONE, live.pk: State.RENDERING}


@pytest.mark.django_db
def test_a_just_queued_job_is_not_resent(staff, period):
    report = compiled_report(staff=staff, period=period)
    ReportDocument.objects.create(report=report, version=1, language="tr", requested_by=staff)

    assert generation.resend_stalled() == []


# --- Reminders ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_due_date_reminders_go_once_to_reporters_who_have_not_submitted(reporter, other_reporter, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    today = timezone.localdate()
    period = PeriodFactory(due_on=today + timedelta(days=3), name_tr="Kasım 2026", name_en="November 2026")
    PeriodFactory(due_on=today + timedelta(days=20))  # too far ahead
    FieldReportFactory(author=other_reporter, period=period, status="submitted")
    FieldReportFactory(author=reporter, period=period)  # a draft still needs a reminder

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_due_date_reminders()
        second = tasks.send_due_date_reminders()

    assert (first, second) == (1, 0)
    assert [m.to for m in mailoutbox] == [[reporter.email]]
    assert mailoutbox[0].subject == "[MAGNET] Saha raporunun teslim tarihi yaklaşıyor: Kasım 2026"
    assert "3 gün sonra" in mailoutbox[0].body
    assert ReminderLog.objects.get().user == reporter


# --- A real worker on Redis -----------------------------------------------------------------------


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.worker
def test_a_real_worker_renders_the_pdf_end_to_end(celery_worker, staff, period):
    approved_report(period=period)
    report = compiled_report(staff=staff, period=period)

    generation.request_generation(report=report, actor=staff)  # autocommit: sent at once

    assert wait_for(lambda: not ReportDocument.objects.exclude(state=State.DONE).exists())
    document = ReportDocument.objects.get(language="bilingual")
    assert document.file.read()[:5] == b"%PDF-"
    assert document.page_count >= 12
    assert len(document.sha256) == 64


@pytest.mark.worker
def test_a_broker_outage_keeps_the_job_which_completes_once_the_broker_is_back(
    celery_worker, broker_down, staff, period
):
    report = compiled_report(staff=staff, period=period)
    with broker_down():
        documents = generation.request_generation(report=report, actor=staff)

    kept = ReportDocument.objects.filter(pk__in=[d.pk for d in documents])
    assert [(d.state, d.dispatched_at) for d in kept] == [(State.QUEUED, None)] * 3

    resent = generation.resend_stalled(now=timezone.now() + timedelta(minutes=1))

    assert sorted(resent) == sorted(d.pk for d in documents)
    assert wait_for(lambda: not kept.exclude(state=State.DONE).exists())
    assert all(d.sha256 and d.dispatched_at for d in kept.all())


@pytest.mark.worker
def test_a_worker_killed_mid_render_has_its_job_taken_up_within_a_minute_and_finished_once(worker_process, staff, period):
    import os
    import signal

    approved_report(period=period)
    report = compiled_report(staff=staff, period=period)
    first = worker_process()
    documents = generation.request_generation(report=report, actor=staff)  # autocommit: sent at once
    jobs = ReportDocument.objects.filter(pk__in=[d.pk for d in documents])
    assert wait_for(lambda: jobs.filter(state=State.RENDERING).exists(), timeout=60)
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-render: its messages are not acknowledged
    first.wait(10)
    killed_at, killed_wall = time.monotonic(), timezone.now()
    assert jobs.exclude(state=State.DONE).exists()

    worker_process()
    while jobs.exclude(state=State.DONE).exists() and time.monotonic() - killed_at < 120:
        generation.resend_stalled()  # what beat does every 20 s
        time.sleep(5)

    assert not jobs.exclude(state=State.DONE).exists()
    assert all(d.sha256 and d.page_count for d in jobs)
    taken_up = jobs.filter(attempts=2)
    assert taken_up.exists()
    assert all(d.started_at - killed_wall < timedelta(seconds=60) for d in taken_up)  # within a minute
