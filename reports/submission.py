"""The submission trail to PMM, as every kind of report travels it: the one module of `reports` that
another app imports (projects' interim, final and results reports use it; nothing else of reports).

The trail: a draft `PeriodicReport` carrying a frozen figures snapshot → ICMPD staff generate the PDF
editions (Turkish, English, bilingual; PDF/A, SHA-256) → approve → send to PMM, which freezes a
`SentVersion` (PMM reads only what was sent) → a PMM official acknowledges receipt; every download is
logged. Staff and PMM work on the report's page in reports (/reports/<id>/), the same for every source.

A *source* says what a report is about and how it is printed: the portal's own periodic reports are
the source "portal" (registered below: figures compiled from the registry, meetings, conference and
field reports); another app registers its own in its AppConfig.ready() with `register_source`.
`reports.services.periodic` and `reports.rendering` ask `source_of(report)` for the snapshot and the
template, so the portal's reports and a project's go through the same code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magnet.roles import ICMPD_STAFF, has_role

from .models import PeriodicReport, ReportingPeriod

PORTAL = "portal"
Kind = PeriodicReport.Kind  # INTERIM, FINAL, RESULTS are the kinds a project's report takes
Status = PeriodicReport.Status


@dataclass(frozen=True)
class Source:
    name: str
    snapshot: Callable[[PeriodicReport], dict]  # the frozen figures (JSON-ready) of a report of this source
    template: str  # the PDF template; it receives the context of reports.rendering plus `context(...)`
    context: Callable[[PeriodicReport, dict, str], dict] | None = None  # (report, figures, language) -> extras
    detail_template: str = ""  # included on the report's page to show the snapshot (staff and PMM)
    annexes_field_reports: bool = False


_SOURCES: dict[str, Source] = {}


def register_source(name: str, *, snapshot, template: str, context=None, detail_template: str = "",
                    annexes_field_reports: bool = False) -> Source:
    source = Source(name, snapshot, template, context, detail_template, annexes_field_reports)
    _SOURCES[name] = source
    return source


def source_of(report: PeriodicReport) -> Source:
    return _SOURCES[report.source or PORTAL]


def _portal_snapshot(report: PeriodicReport) -> dict:
    from .figures import compile_figures

    return compile_figures(period=report.period)


register_source(PORTAL, snapshot=_portal_snapshot, template="pdf/reports/periodic_report.html",
                annexes_field_reports=True)


@dataclass(frozen=True)
class TrailState:
    """Where one report stands on the trail, as the other app shows it."""

    report_id: int
    status: str
    status_label: str
    sent_at: object
    url: str

    @property
    def sent(self) -> bool:
        return self.status in (Status.SENT, Status.ACKNOWLEDGED)

    @property
    def acknowledged(self) -> bool:
        return self.status == Status.ACKNOWLEDGED


def _period(*, starts_on: date, ends_on: date, due_on: date) -> ReportingPeriod:
    period, _created = ReportingPeriod.objects.get_or_create(
        kind=ReportingPeriod.Kind.PROJECT, starts_on=starts_on, ends_on=ends_on,
        defaults={"due_on": due_on,
                  "name_tr": f"{starts_on:%d.%m.%Y} – {ends_on:%d.%m.%Y}",
                  "name_en": f"{starts_on:%d/%m/%Y} – {ends_on:%d/%m/%Y}",
                  "name": f"{starts_on:%d.%m.%Y} – {ends_on:%d.%m.%Y}"},
    )
    return period


@transaction.atomic
def open_report(*, source: str, source_id: int, kind: str, title_tr: str, title_en: str, summary_tr: str,
                summary_en: str, starts_on: date, ends_on: date, due_on: date, actor) -> int:
    """ICMPD staff put another app's report on the trail: a draft periodic report with that source's
    snapshot, ready to generate, approve and send. Returns its id.

    Idempotent: an object already on the trail keeps its one report (a database constraint); while
    that report is a draft its texts and snapshot are refreshed, once approved or sent it is left alone."""
    from .services.periodic import create_periodic_report, refresh_figures, update_periodic_report

    if source not in _SOURCES or source == PORTAL:
        raise ValueError(source)
    if not has_role(actor, ICMPD_STAFF):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("You may not do this."), code="forbidden")
    values = {"kind": kind, "period": _period(starts_on=starts_on, ends_on=ends_on, due_on=due_on),
              "title_tr": title_tr, "title_en": title_en,
              "executive_summary_tr": summary_tr, "executive_summary_en": summary_en}
    existing = PeriodicReport.objects.select_for_update().filter(source=source, source_id=source_id).first()
    if existing is None:
        return create_periodic_report(actor=actor, values=values, source=(source, source_id)).pk
    if existing.status == Status.DRAFT:
        update_periodic_report(report=existing, actor=actor, values=values)
        refresh_figures(report=existing, actor=actor)
    return existing.pk


def report_url(report_id: int) -> str:
    return reverse("reports:periodic_report_detail", kwargs={"pk": report_id})


def states(report_ids, *, user) -> dict[int, TrailState]:
    """The trail state of each report, as `user` may see it (one query): staff the live state; PMM
    officials only reports sent to them, in the state of the version they hold; others nothing."""
    from .selectors import as_seen_by, periodic_reports_for

    ids = [i for i in report_ids if i]
    if not ids:
        return {}
    result = {}
    for report in periodic_reports_for(user).filter(pk__in=ids):
        shown = as_seen_by(user, report)
        result[report.pk] = TrailState(report.pk, shown.status, str(shown.get_status_display()), shown.sent_at,
                                       report_url(report.pk))
    return result


def sent_snapshot(report_id: int, *, user) -> dict | None:
    """The figures snapshot `user` may read of a report: staff the live draft's, PMM officials the
    newest version sent to them (None when nothing reached them)."""
    from .selectors import as_seen_by, periodic_reports_for

    report = periodic_reports_for(user).filter(pk=report_id).first()
    if report is None:
        return None
    try:
        return as_seen_by(user, report).figures
    except PeriodicReport.DoesNotExist:
        return None


def acknowledge(report_id: int, *, actor, comment: str = ""):
    """A PMM official acknowledges receipt of the newest version sent (the same service as the
    report's page: reports.services.periodic.acknowledge_receipt). Refused when nothing was sent to
    PMM or this official already acknowledged it; a report they cannot see raises DoesNotExist."""
    from .selectors import periodic_reports_for
    from .services.periodic import acknowledge_receipt

    report = periodic_reports_for(actor).get(pk=report_id)
    return acknowledge_receipt(report=report, actor=actor, comment=comment)
