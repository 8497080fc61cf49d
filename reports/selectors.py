"""Every read of the reports app takes the acting user and returns only what that user may see:
field reporters their own field reports, ICMPD staff everything, PMM officials only the periodic
reports (and the editions) sent to PMM, stakeholders nothing. Callers use get_object_or_404 on
these querysets, so someone else's report or file answers 404.

PMM officials read a periodic report only as it was last sent to them: every page, API response and
export passes the report through `as_seen_by`, which puts the newest `SentVersion` in place of the
live (possibly re-opened and edited) texts, figures and state."""

import copy

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, has_role

from .models import (
    Acknowledgement,
    FieldReport,
    FieldReportAttachment,
    FieldReportFigure,
    PeriodicReport,
    ReportDocument,
    ReportingPeriod,
    SentVersion,
)


def field_reports_for(user):
    queryset = FieldReport.objects.select_related("author", "period")
    if has_role(user, ICMPD_STAFF):
        return queryset
    if has_role(user, FIELD_REPORTER):
        return queryset.filter(author=user)
    return queryset.none()


def field_report_list(*, user, status: str = "", period_id=None):
    queryset = field_reports_for(user).annotate(
        statistic_count=Count("figures", filter=Q(figures__is_statistic=True), distinct=True)
    )
    if status:
        queryset = queryset.filter(status=status)
    if period_id:
        queryset = queryset.filter(period_id=period_id)
    return queryset.order_by("-updated_at", "-pk")


def field_report_detail(*, user, pk):
    return field_reports_for(user).prefetch_related("figures", "attachments", "comments__author",
                                                    "transitions__actor").filter(pk=pk)


def attachments_for(user):
    return FieldReportAttachment.objects.filter(report__in=field_reports_for(user)).select_related("report")


def open_periods():
    """Periods a report can be written or compiled for, newest first."""
    return ReportingPeriod.objects.exclude(kind=ReportingPeriod.Kind.PROJECT).order_by("-starts_on", "pk")


def periodic_reports_for(user):
    queryset = PeriodicReport.objects.select_related("period", "created_by")
    if has_role(user, ICMPD_STAFF):
        return queryset
    if has_role(user, PMM_OFFICIAL):
        return queryset.filter(Exists(SentVersion.objects.filter(report=OuterRef("pk")))).prefetch_related(
            Prefetch("sent_versions", queryset=SentVersion.objects.select_related("period").order_by("-version"),
                     to_attr="snapshots"),
            "acknowledgements",
        )
    return queryset.none()


def newest_sent_versions():
    """The newest `SentVersion` of every report: what PMM currently holds."""
    newest = SentVersion.objects.filter(report=OuterRef("report")).order_by("-version").values("version")[:1]
    return SentVersion.objects.filter(version=Subquery(newest))


SNAPSHOT_FIELDS = ("version", "kind", "period", "title_tr", "title_en", "executive_summary_tr",
                   "executive_summary_en", "figures", "figures_compiled_at", "sent_at")


def as_seen_by(user, report: PeriodicReport) -> PeriodicReport:
    """Staff: the live report. PMM officials: an unsaved copy carrying the newest version sent to
    them (its texts, figures, state "sent" or "acknowledged"), never the draft of the next one."""
    if has_role(user, ICMPD_STAFF):
        return report
    snapshots = getattr(report, "snapshots", None)
    if snapshots is None:
        snapshots = list(report.sent_versions.select_related("period").order_by("-version")[:1])
    if not snapshots:
        raise PeriodicReport.DoesNotExist
    snapshot = snapshots[0]
    shown = copy.copy(report)
    shown._state = copy.copy(report._state)
    shown._state.fields_cache = dict(report._state.fields_cache)
    for name in SNAPSHOT_FIELDS:
        setattr(shown, name, getattr(snapshot, name))
    acknowledged = any(a.version == snapshot.version for a in report.acknowledgements.all())
    shown.status = PeriodicReport.Status.ACKNOWLEDGED if acknowledged else PeriodicReport.Status.SENT
    shown.sent_snapshot = snapshot
    return shown


def periodic_report_list(*, user, kind: str = "", period_id=None):
    queryset = periodic_reports_for(user).annotate(
        latest_version=Max("documents__version", filter=_visible_document_filter(user, prefix="documents__")),
    )
    return filter_as_seen_by(user, queryset, kind=kind, period=period_id).order_by("-period__starts_on", "-pk")


def filter_as_seen_by(user, queryset, *, kind: str = "", period=None, status: str = ""):
    """Filter periodic reports on what `user` reads: staff the live report, PMM officials the
    version they hold (a re-opened draft's new kind, period or state must not show through)."""
    if has_role(user, ICMPD_STAFF):
        wanted = {"kind": kind, "period": period, "status": status}
        return queryset.filter(**{name: value for name, value in wanted.items() if value})
    held = newest_sent_versions().filter(report=OuterRef("pk"))
    if kind:
        held = held.filter(kind=kind)
    if period:
        held = held.filter(period=period)
    queryset = queryset.filter(Exists(held))
    if status:
        held_version = SentVersion.objects.filter(report=OuterRef("report")).order_by("-version").values("version")[:1]
        acknowledged = Exists(Acknowledgement.objects.filter(report=OuterRef("pk"), version=Subquery(held_version)))
        queryset = {PeriodicReport.Status.SENT: queryset.filter(~acknowledged),
                    PeriodicReport.Status.ACKNOWLEDGED: queryset.filter(acknowledged)}.get(status, queryset.none())
    return queryset


def _visible_document_filter(user, *, prefix: str = "") -> Q:
    if has_role(user, ICMPD_STAFF):
        return Q()
    return Q(**{f"{prefix}sent_at__isnull": False, f"{prefix}state": ReportDocument.State.DONE})


def documents_for(user):
    """The editions a user may download: staff all; PMM officials those sent to PMM."""
    reports = periodic_reports_for(user)
    return ReportDocument.objects.filter(report__in=reports).filter(_visible_document_filter(user)).select_related(
        "report", "requested_by"
    )


def periodic_report_detail(*, user, pk):
    return periodic_reports_for(user).filter(pk=pk).prefetch_related(
        Prefetch("documents", queryset=documents_for(user).order_by("-version", "language"), to_attr="visible_documents"),
        "acknowledgements__user",
        "transitions__actor",
    )


def document_versions(documents) -> list[dict]:
    """Group editions by version, newest first, marking every version older than the newest finished
    one (for PMM: the newest sent one) as superseded."""
    versions = {}
    for document in documents:
        versions.setdefault(document.version, []).append(document)
    done_versions = [v for v, docs in versions.items() if any(d.state == ReportDocument.State.DONE for d in docs)]
    newest_done = max(done_versions, default=0)
    return [
        {"version": version, "documents": docs, "superseded": version < newest_done,
         "sent": any(d.sent_at for d in docs)}
        for version, docs in sorted(versions.items(), reverse=True)
    ]


def statistics_awaiting_clearance(*, user, report: PeriodicReport | None = None):
    """Figures marked as statistics that PMM has not cleared yet. PMM officials see those of the
    field reports annexed to reports sent to them; staff see all of approved reports."""
    queryset = FieldReportFigure.objects.awaiting_clearance().select_related(
        "report", "report__period"
    )
    if has_role(user, ICMPD_STAFF):
        queryset = queryset.filter(report__status=FieldReport.Status.APPROVED)
    elif has_role(user, PMM_OFFICIAL):
        # The field reports annexed to the versions PMM holds, not those of a draft being prepared.
        held = newest_sent_versions().filter(report__in=periodic_reports_for(user))
        if report is not None:
            held = held.filter(report=report)
        return queryset.filter(report__in=held.values("field_reports")).distinct().order_by(
            "report__period__starts_on", "report_id", "order", "pk")
    else:
        return queryset.none()
    if report is not None:
        queryset = queryset.filter(report__periodic_reports=report)
    return queryset.distinct().order_by("report__period__starts_on", "report_id", "order", "pk")
