"""PDF generation jobs. A job is a `ReportDocument` row, written (queued) in the request's transaction
before anything is sent to Celery; the task only carries its id. So:

- a broker that is down when the request commits loses nothing: the row stays queued and
  `resend_stalled_jobs` (beat, every 20 seconds) sends it again;
- a worker that dies mid-render leaves the row "rendering" with an old heartbeat; it is queued again;
- a job delivered twice renders once: `render_document` locks the row and skips finished or live jobs.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet.roles import ICMPD_STAFF, has_role

from ..documents import store_rendered
from ..models import PeriodicReport, ReportDocument
from .common import NOT_ALLOWED, refuse
from .periodic import latest_version

log = logging.getLogger(__name__)
State = ReportDocument.State

# A queued job not picked up within this time is sent again (its message may be lost).
QUEUED_GRACE = timedelta(minutes=2)
# A rendering job whose worker has shown no sign of life for this long is presumed dead: the worker
# beats every HEARTBEAT_EVERY while it renders, and beat sweeps every 20 s, so a job whose worker was
# killed is taken up again within a minute.
RENDER_STALE_AFTER = timedelta(seconds=30)
HEARTBEAT_EVERY = timedelta(seconds=5)
MAX_ERROR_LENGTH = 2000


def dispatch(document_id: int) -> bool:
    """Send one job to the broker; on failure the row stays queued for `resend_stalled`."""
    from ..tasks import render_report_document

    try:
        render_report_document.delay(document_id)
    except Exception:  # noqa: BLE001 — connection errors come in many classes
        log.warning("broker unavailable: report document %s stays queued", document_id, exc_info=True)
        return False
    ReportDocument.objects.filter(pk=document_id, dispatched_at__isnull=True).update(dispatched_at=timezone.now())
    return True


def _dispatch_on_commit(document_ids) -> None:
    ids = list(document_ids)
    transaction.on_commit(lambda: [dispatch(document_id) for document_id in ids])


@transaction.atomic
def request_generation(*, report: PeriodicReport, actor) -> list[ReportDocument]:
    """"Generate PDF": a new version with the Turkish, English and bilingual editions, each a queued job.

    Returns at once. A double click does not start two jobs: while a version is queued or rendering,
    the same documents are returned and nothing new is created (the report row is locked)."""
    if not has_role(actor, ICMPD_STAFF):
        refuse(NOT_ALLOWED, "forbidden")
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (PeriodicReport.Status.DRAFT, PeriodicReport.Status.APPROVED):
        refuse(_("A report sent to PMM cannot be regenerated. Re-open it to issue a new version."))
    if not report.figures_compiled_at:
        refuse(_("Compile the figures before generating the PDF."))
    in_progress = list(report.documents.filter(state__in=(State.QUEUED, State.RENDERING)).order_by("pk"))
    if in_progress:
        return in_progress
    version = latest_version(report) + 1
    documents = [
        ReportDocument.objects.create(report=report, version=version, language=language, requested_by=actor)
        for language in (ReportDocument.Language.TURKISH, ReportDocument.Language.ENGLISH,
                         ReportDocument.Language.BILINGUAL)
    ]
    _dispatch_on_commit(d.pk for d in documents)
    return documents


@transaction.atomic
def retry_document(*, document: ReportDocument, actor) -> ReportDocument:
    """A failed edition is queued again (same version, same row)."""
    if not has_role(actor, ICMPD_STAFF):
        refuse(NOT_ALLOWED, "forbidden")
    document = ReportDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != State.FAILED:
        refuse(_("Only a failed document can be retried."))
    _requeue(document)
    return document


def _requeue(document: ReportDocument) -> None:
    document.state = State.QUEUED
    document.progress = 0
    document.error = ""
    document.queued_at = timezone.now()
    document.dispatched_at = None
    document.save(update_fields=["state", "progress", "error", "queued_at", "dispatched_at"])
    _dispatch_on_commit([document.pk])


def resend_stalled(*, now=None) -> list[int]:
    """Send again the jobs that were never sent, never picked up, or whose worker died mid-render.
    Idempotent and safe to run while workers are busy: a live job is left alone."""
    now = now or timezone.now()
    resent = []
    with transaction.atomic():
        stalled = (
            ReportDocument.objects.select_for_update(skip_locked=True)
            .filter(state__in=(State.QUEUED, State.RENDERING))
            .order_by("pk")
        )
        for document in stalled:
            if document.state == State.QUEUED:
                never_sent = document.dispatched_at is None and document.queued_at < now - timedelta(seconds=30)
                if not (never_sent or document.queued_at < now - QUEUED_GRACE):
                    continue
            elif (document.heartbeat_at or document.started_at or document.queued_at) >= now - RENDER_STALE_AFTER:
                continue
            _requeue(document)
            resent.append(document.pk)
    if resent:
        log.info("re-sent stalled report documents %s", resent)
    return resent


def _claim(document_id: int) -> ReportDocument | None:
    """Mark a job as rendering, unless it is finished or another worker is on it right now."""
    with transaction.atomic():
        document = ReportDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state in (State.DONE, State.FAILED):
            return None
        now = timezone.now()
        if document.state == State.RENDERING and document.heartbeat_at and document.heartbeat_at >= now - RENDER_STALE_AFTER:
            return None
        document.state = State.RENDERING
        document.attempts += 1
        document.started_at = now
        document.heartbeat_at = now
        document.progress = 5
        document.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "progress"])
        return document


def _progress(document: ReportDocument, percent: int) -> None:
    ReportDocument.objects.filter(pk=document.pk, state=State.RENDERING).update(
        progress=percent, heartbeat_at=timezone.now()
    )


@contextmanager
def _heartbeat(document_id: int):
    """Show the job is alive while WeasyPrint works (one long call), from a thread of its own."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
                ReportDocument.objects.filter(pk=document_id, state=State.RENDERING).update(heartbeat_at=timezone.now())
        except Exception:  # noqa: BLE001 — a missed beat only means the sweep may take the job over
            log.warning("heartbeat of report document %s failed", document_id, exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def render_document(*, document_id: int, timings: dict | None = None) -> ReportDocument | None:
    """The worker's side of a job: render the edition and store it with its SHA-256, size and page
    count. Idempotent: a finished job is left as it is; a job delivered twice renders once. An error
    marks the job failed with its reason (staff can retry); nothing half-stored remains.
    `timings`, when given, receives the seconds spent collecting, templating, in WeasyPrint and storing."""
    from ..rendering import render_periodic_report

    document = _claim(document_id)
    if document is None:
        return None
    try:
        with _heartbeat(document.pk):
            rendered = render_periodic_report(
                document.report, language=document.language, version=document.version,
                progress=lambda percent: _progress(document, percent), timings=timings,
            )
    except Exception as error:
        log.exception("rendering report document %s failed", document_id)
        ReportDocument.objects.filter(pk=document.pk, state=State.RENDERING).update(
            state=State.FAILED, error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH], finished_at=timezone.now()
        )
        return ReportDocument.objects.get(pk=document.pk)
    started = time.perf_counter()
    stored = _store(document.pk, rendered)
    if timings is not None:
        timings["store"] = time.perf_counter() - started
    return stored


@transaction.atomic
def _store(document_id: int, rendered) -> ReportDocument | None:
    document = ReportDocument.objects.select_for_update().get(pk=document_id)
    if document.state == State.DONE:  # another delivery finished first
        return document
    store_rendered(document, rendered)
    document.progress = 100
    document.save()
    return document
