"""Each approved project's reports (the circular's item ç): the plan, the writing, ICMPD's review and
the hand-over to the submission trail to PMM (reports.submission), reminders, PMM's clearance of the
figures (magnet.statistics: the same rule as field reports' statistics)."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet import outbox, statistics
from magnet.roles import ICMPD_STAFF, has_role
from reports import submission

from ..models import Project, ProjectFigure, ProjectReport, ReportingPlan
from ..reporting_notifications import reminder_mails, report_mails
from ..selectors import figures_awaiting_clearance, is_member

FINAL_DUE_AFTER = timedelta(days=60)
RESULTS_DUE_AFTER = timedelta(days=90)
INTERIM_DUE_AFTER = timedelta(days=30)
REMIND_DAYS_BEFORE = 14
NOT_ALLOWED = _("You may not do this.")


def _refuse(message, code="invalid_transition"):
    raise ValidationError(message, code=code)


def plan_dates(*, starts_on: date, ends_on: date, interval_months: int) -> list[tuple]:
    """(kind, number, period start, period end, due date) of every report of a project: an interim
    report for every `interval_months` (the last one ends with the project; none when the project is
    shorter than one interval), due INTERIM_DUE_AFTER its period; the final report and the results
    report cover the whole project, due FINAL_DUE_AFTER and RESULTS_DUE_AFTER its end."""
    slots = []
    number, start = 1, starts_on
    while True:
        end = min(starts_on + relativedelta(months=interval_months * number) - timedelta(days=1), ends_on)
        if end >= ends_on:
            break
        slots.append((ProjectReport.Kind.INTERIM, number, start, end, end + INTERIM_DUE_AFTER))
        number, start = number + 1, end + timedelta(days=1)
    slots.append((ProjectReport.Kind.FINAL, 1, starts_on, ends_on, ends_on + FINAL_DUE_AFTER))
    slots.append((ProjectReport.Kind.RESULTS, 1, starts_on, ends_on, ends_on + RESULTS_DUE_AFTER))
    return slots


@transaction.atomic
def ensure_reporting_plan(*, project: Project, actor=None, interval_months: int = 6) -> ReportingPlan:
    """A project with PMM's favourable opinion (with or without conditions) gets its reporting plan
    and one ProjectReport per due report. Idempotent: a project that has a plan keeps it (and the
    reports already written). Refused for a project without a favourable opinion or without dates.
    `actor` is None when the opinion service calls it; otherwise only ICMPD staff."""
    if actor is not None and not has_role(actor, ICMPD_STAFF):
        _refuse(NOT_ALLOWED, "forbidden")
    project = Project.objects.select_for_update().get(pk=project.pk)
    existing = ReportingPlan.objects.filter(project=project).first()
    if existing is not None:
        return existing
    if not project.is_approved:
        _refuse(_("Only a project with PMM's favourable opinion has a reporting plan."))
    if not (project.starts_on and project.ends_on):
        _refuse(_("The project needs its planned start and end first."))
    plan = ReportingPlan(project=project, interval_months=interval_months, created_by=actor)
    plan.full_clean()
    plan.save()
    ProjectReport.objects.bulk_create([
        ProjectReport(project=project, kind=kind, sequence=number, starts_on=start, ends_on=end, due_on=due)
        for kind, number, start, end, due in plan_dates(starts_on=project.starts_on, ends_on=project.ends_on,
                                                        interval_months=interval_months)
    ])
    return plan


@dataclass(frozen=True)
class FigureInput:
    kind: str
    value: int
    target_group_id: int | None = None
    province: str = ""


def _lock_for_member(report: ProjectReport, actor) -> ProjectReport:
    report = ProjectReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if not is_member(actor, report.project):
        _refuse(NOT_ALLOWED, "forbidden")
    if not report.is_editable:
        _refuse(_("This report can no longer be changed: it has been submitted or accepted."))
    return report


@transaction.atomic
def save_project_report(*, report: ProjectReport, actor, summary_tr: str, summary_en: str,
                        figures: list[FigureInput] | None = None) -> ProjectReport:
    """A member of the project's organisation writes the report (a draft may lack a language).
    The figures given replace the report's figures; all or nothing."""
    report = _lock_for_member(report, actor)
    report.summary_tr, report.summary_en = summary_tr.strip(), summary_en.strip()
    report.full_clean()
    report.save()
    if figures is not None:
        report.figures.all().delete()
        for item in figures:
            if item.kind == ProjectFigure.Kind.PEOPLE_REACHED and not item.target_group_id:
                raise ValidationError({"figures": _("Say which target group the people reached belong to.")})
            figure = ProjectFigure(report=report, kind=item.kind, value=item.value,
                                   target_group_id=item.target_group_id, province=item.province)
            figure.full_clean()
            figure.save()
    return report


@transaction.atomic
def submit_project_report(*, report: ProjectReport, actor) -> ProjectReport:
    """To be written (or sent back) -> submitted for ICMPD's review. Both languages required."""
    report = _lock_for_member(report, actor)
    if not (report.summary_tr and report.summary_en):
        _refuse(_("Write the summary in Turkish and English before submitting."), "incomplete")
    report.status = ProjectReport.Status.SUBMITTED
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at"])
    outbox.enqueue(*report_mails(report, "submitted"))
    return report


def _lock_for_review(report: ProjectReport, actor) -> ProjectReport:
    if not has_role(actor, ICMPD_STAFF):
        _refuse(NOT_ALLOWED, "forbidden")
    report = ProjectReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if report.status != ProjectReport.Status.SUBMITTED:
        _refuse(_("Only a submitted report can be reviewed."))
    return report


@transaction.atomic
def request_changes(*, report: ProjectReport, actor, comment: str) -> ProjectReport:
    """ICMPD staff send a submitted report back to the organisation with a comment (required)."""
    report = _lock_for_review(report, actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the organisation what to change.")})
    report.status = ProjectReport.Status.CHANGES_REQUESTED
    report.review_comment, report.reviewed_by, report.reviewed_at = comment.strip(), actor, timezone.now()
    report.full_clean()
    report.save()
    outbox.enqueue(*report_mails(report, "changes_requested"))
    return report


def snapshot(trail_report) -> dict:
    """The frozen figures of a project report on the trail (reports.submission's snapshot hook)."""
    report = ProjectReport.objects.select_related("project", "project__organisation").get(pk=trail_report.source_id)
    project = report.project
    figures = report.figures.select_related("target_group").order_by("kind", "pk")
    return {
        "project": {"reference": project.reference, "title_tr": project.title_tr or "", "title_en": project.title_en or "",
                    "organisation": str(project.organisation), "starts_on": str(project.starts_on),
                    "ends_on": str(project.ends_on)},
        "report": {"kind": report.kind, "number": report.sequence, "starts_on": str(report.starts_on),
                   "ends_on": str(report.ends_on)},
        "figures": [{"kind": f.kind, "value": f.value, "province": f.province,
                     "province_name": f.get_province_display() if f.province else "",
                     "target_group_tr": f.target_group.name_tr if f.target_group else "",
                     "target_group_en": f.target_group.name_en if f.target_group else ""} for f in figures],
    }


@transaction.atomic
def accept_and_put_on_trail(*, report: ProjectReport, actor, comment: str = "") -> ProjectReport:
    """ICMPD staff accept a submitted report: it is put on the submission trail to PMM
    (reports.submission.open_report: a draft with the report's texts and frozen figures), where staff
    generate the PDF editions, approve and send it, and PMM acknowledges it."""
    report = _lock_for_review(report, actor)
    project = report.project
    label = {"tr": report.get_kind_display, "en": report.get_kind_display}
    from django.utils import translation

    titles = {}
    for language in ("tr", "en"):
        with translation.override(language):
            kind = str(label[language]())
            number = f" {report.sequence}" if report.kind == ProjectReport.Kind.INTERIM else ""
            titles[language] = f"{getattr(project, f'title_{language}') or project.title} — {kind}{number}"[:200]
    report.trail_report_id = submission.open_report(
        source=SOURCE, source_id=report.pk, kind=report.kind, title_tr=titles["tr"], title_en=titles["en"],
        summary_tr=report.summary_tr, summary_en=report.summary_en, starts_on=report.starts_on,
        ends_on=report.ends_on, due_on=report.due_on, actor=actor,
    )
    report.status = ProjectReport.Status.ACCEPTED
    report.review_comment, report.reviewed_by, report.reviewed_at = comment.strip(), actor, timezone.now()
    report.save()
    outbox.enqueue(*report_mails(report, "accepted"))
    return report


def clear_figure(*, figure: ProjectFigure, actor) -> ProjectFigure:
    """A PMM official clears a figure of a report sent to PMM (magnet.statistics.clear: the one rule).
    A figure PMM has not received is refused as not found."""
    if not figures_awaiting_clearance(user=actor).filter(pk=figure.pk).exists() and figure.cleared_at is None:
        _refuse(NOT_ALLOWED, "forbidden")
    return statistics.clear(figure, actor=actor)


def send_due_reminders(*, today: date | None = None) -> int:
    """Daily: every report not yet submitted and due within REMIND_DAYS_BEFORE days is reminded once
    to the members of the project's organisation, each in their language. Idempotent: the report's
    `reminded_at` is set in the same transaction as the outbox rows; a second run sends nothing."""
    today = today or timezone.localdate()
    ids = list(ProjectReport.objects.filter(
        status__in=ProjectReport.EDITABLE, reminded_at__isnull=True,
        due_on__gte=today, due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
    ).values_list("pk", flat=True))
    sent = 0
    for pk in ids:
        with transaction.atomic():
            report = ProjectReport.objects.select_for_update(skip_locked=True).filter(
                pk=pk, reminded_at__isnull=True).select_related("project").first()
            if report is None:
                continue
            report.reminded_at = timezone.now()
            report.save(update_fields=["reminded_at"])
            outbox.enqueue(*reminder_mails(report, days_left=(report.due_on - today).days))
            sent += 1
    return sent


SOURCE = "projects.report"


def pdf_context(trail_report, figures: dict, language: str) -> dict:
    """Per language, what the PDF template of a project report prints (reports.submission's hook)."""
    from stakeholders.provinces import PROVINCES

    names = dict(PROVINCES)
    rows = [{**row, "target_group": row.get(f"target_group_{language}", ""),
             "province_name": str(names.get(row.get("province"), "")) if row.get("province") else ""}
            for row in figures.get("figures", [])]
    return {
        "project": figures.get("project", {}),
        "project_title": figures.get("project", {}).get(f"title_{language}", ""),
        "reached": [row for row in rows if row["kind"] == ProjectFigure.Kind.PEOPLE_REACHED],
        "activities": sum(row["value"] for row in rows if row["kind"] == ProjectFigure.Kind.ACTIVITIES_HELD),
    }
