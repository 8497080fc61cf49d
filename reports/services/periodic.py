"""Periodic reports: ICMPD staff compile them from the approved field reports and the portal's own
figures, approve them, send them to PMM; PMM officials acknowledge receipt. Re-opening a sent report
and sending it again issues a new version; older versions stay downloadable, marked superseded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role

from ..models import Acknowledgement, DownloadLog, FieldReport, PeriodicReport, ReportDocument, SentVersion
from ..submission import source_of
from .common import NOT_ALLOWED, record_transition, refuse
from .notifications import notify_periodic_report

Status = PeriodicReport.Status
EDITABLE_FIELDS = ("kind", "period", "title_tr", "title_en", "executive_summary_tr", "executive_summary_en")


def _require_staff(actor):
    if not has_role(actor, ICMPD_STAFF):
        refuse(NOT_ALLOWED, "forbidden")


def _lock(report: PeriodicReport) -> PeriodicReport:
    return PeriodicReport.objects.select_for_update().get(pk=report.pk)


def _refuse_while_generating(report: PeriodicReport) -> None:
    """Approving or recompiling while editions render would send PMM PDFs of other figures."""
    if report.documents.filter(state__in=(ReportDocument.State.QUEUED, ReportDocument.State.RENDERING)).exists():
        refuse(_("The PDF editions are being generated. Wait until they are done."), "generating")


def _snapshot(report: PeriodicReport) -> None:
    """Freeze the figures as the report's source makes them (reports.submission: the portal's own
    figures, or another app's report); the portal's reports annex the period's approved field reports."""
    source = source_of(report)
    report.figures = source.snapshot(report)
    report.figures_compiled_at = timezone.now()
    report.save(update_fields=["figures", "figures_compiled_at", "updated_at"])
    if source.annexes_field_reports:
        report.field_reports.set(
            FieldReport.objects.filter(period=report.period, status=FieldReport.Status.APPROVED)
        )


@transaction.atomic
def create_periodic_report(*, actor, values: dict, source: tuple[str, int] | None = None) -> PeriodicReport:
    """A new draft, with the figures of its period compiled and the approved field reports annexed.
    `source` (name, id) is given by `reports.submission.open_report` for another app's report."""
    _require_staff(actor)
    report = PeriodicReport(created_by=actor)
    if source is not None:
        report.source, report.source_id = source
    _assign(report, values)
    report.full_clean()
    report.save()
    _snapshot(report)
    return report


def _assign(report, values):
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in values.items():
        setattr(report, name, value)


@transaction.atomic
def update_periodic_report(*, report: PeriodicReport, actor, values: dict) -> PeriodicReport:
    """Edit a draft. A change of period compiles the figures again."""
    _require_staff(actor)
    report = _lock(report)
    if report.status != Status.DRAFT:
        refuse(_("Only a draft can be edited. Re-open the report to issue a new version."))
    old_period = report.period_id
    _assign(report, values)
    report.full_clean()
    report.save()
    if report.period_id != old_period:
        _snapshot(report)
    return report


@transaction.atomic
def refresh_figures(*, report: PeriodicReport, actor) -> PeriodicReport:
    """Compile the figures again and re-annex the approved field reports (drafts only)."""
    _require_staff(actor)
    report = _lock(report)
    if report.status != Status.DRAFT:
        refuse(_("Only a draft's figures can be refreshed."))
    _refuse_while_generating(report)
    _snapshot(report)
    return report


@transaction.atomic
def approve_periodic_report(*, report: PeriodicReport, actor, comment: str = "") -> PeriodicReport:
    """Draft -> approved. Requires the executive summary in Turkish and English."""
    _require_staff(actor)
    report = _lock(report)
    if report.status != Status.DRAFT:
        refuse(_("Only a draft can be approved."))
    _refuse_while_generating(report)
    if not ((report.executive_summary_tr or "").strip() and (report.executive_summary_en or "").strip()):
        refuse(_("Write the executive summary in Turkish and English before approving."), "incomplete")
    report.status = Status.APPROVED
    report.save(update_fields=["status", "updated_at"])
    record_transition(actor=actor, from_state=Status.DRAFT, to_state=Status.APPROVED, comment=comment,
                      periodic_report=report)
    return report


def latest_version(report: PeriodicReport) -> int:
    return report.documents.aggregate(v=Max("version"))["v"] or 0


@transaction.atomic
def send_to_pmm(*, report: PeriodicReport, actor, comment: str = "") -> PeriodicReport:
    """Approved -> sent. Sends the newest version, which must have every edition (tr, en, bilingual)
    generated, and freezes what PMM reads from now on (a `SentVersion`: texts, figures, annexed field
    reports); work on the next version stays invisible to PMM until it is sent in turn."""
    _require_staff(actor)
    report = _lock(report)
    if report.status != Status.APPROVED:
        refuse(_("Only an approved report can be sent to PMM."))
    version = latest_version(report)
    editions = ReportDocument.objects.select_for_update().filter(report=report, version=version)
    done = {d.language for d in editions if d.state == ReportDocument.State.DONE}
    if not version or done != set(ReportDocument.Language.values):
        refuse(_("Generate every edition of the newest version (Turkish, English, bilingual) before sending."),
               "not_generated")
    if editions.filter(sent_at__isnull=False).exists():
        refuse(_("This version has already been sent. Re-open the report and generate a new version."))
    now = timezone.now()
    editions.update(sent_at=now)
    snapshot = SentVersion.objects.create(
        report=report, version=version, kind=report.kind, period=report.period,
        title_tr=report.title_tr, title_en=report.title_en,
        executive_summary_tr=report.executive_summary_tr or "", executive_summary_en=report.executive_summary_en or "",
        figures=report.figures, figures_compiled_at=report.figures_compiled_at, sent_by=actor, sent_at=now,
    )
    snapshot.field_reports.set(report.field_reports.all())
    report.status = Status.SENT
    report.sent_at = now
    report.save(update_fields=["status", "sent_at", "updated_at"])
    record_transition(actor=actor, from_state=Status.APPROVED, to_state=Status.SENT, comment=comment,
                      periodic_report=report)
    notify_periodic_report(report.pk, "sent")
    return report


@transaction.atomic
def reopen_periodic_report(*, report: PeriodicReport, actor, comment: str) -> PeriodicReport:
    """Approved, sent or acknowledged -> draft, to correct it and issue a new version. What was sent
    stays visible to PMM; the next version sent supersedes it."""
    _require_staff(actor)
    report = _lock(report)
    if report.status == Status.DRAFT:
        refuse(_("The report is already a draft."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the report is re-opened.")})
    previous = report.status
    report.status = Status.DRAFT
    report.save(update_fields=["status", "updated_at"])
    record_transition(actor=actor, from_state=previous, to_state=Status.DRAFT, comment=comment.strip(),
                      periodic_report=report)
    return report


def sent_version(report: PeriodicReport) -> int:
    return report.sent_versions.aggregate(v=Max("version"))["v"] or 0


@transaction.atomic
def acknowledge_receipt(*, report: PeriodicReport, actor, comment: str = "") -> Acknowledgement:
    """A PMM official acknowledges the newest version sent to PMM, with an optional comment.
    Refused when nothing was sent or when this official already acknowledged that version."""
    if not has_role(actor, PMM_OFFICIAL):
        refuse(NOT_ALLOWED, "forbidden")
    report = _lock(report)
    version = sent_version(report)
    if not version:
        refuse(_("Nothing has been sent to PMM yet."))
    if Acknowledgement.objects.filter(report=report, version=version, user=actor).exists():
        refuse(_("You have already acknowledged version %(version)s.") % {"version": version})
    acknowledgement = Acknowledgement(report=report, version=version, user=actor, comment=comment.strip())
    acknowledgement.full_clean()
    acknowledgement.save()
    if report.status == Status.SENT:
        report.status = Status.ACKNOWLEDGED
        report.save(update_fields=["status", "updated_at"])
        record_transition(actor=actor, from_state=Status.SENT, to_state=Status.ACKNOWLEDGED,
                          comment=comment.strip(), periodic_report=report)
    notify_periodic_report(report.pk, "acknowledged")
    return acknowledgement


def record_download(*, report: PeriodicReport, user, kind: str, document: ReportDocument | None = None,
                    sha256: str = "") -> DownloadLog:
    """Who downloaded which file (and which version) when. Called by the views after the access check."""
    return DownloadLog.objects.create(
        report=report, document=document, kind=kind, user=user, sha256=document.sha256 if document else sha256
    )
