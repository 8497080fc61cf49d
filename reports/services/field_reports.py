"""Field reports: the reporter drafts and submits, ICMPD staff comment, send back or approve, and PMM
officials clear the figures marked as statistics."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet import statistics
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, has_role
from magnet.uploads import reencode_image

from ..models import (
    NARRATIVE_FIELDS,
    PILLAR_PARTICIPANT_FIELDS,
    FieldReport,
    FieldReportAttachment,
    FieldReportFigure,
    ReviewComment,
)
from .common import NOT_ALLOWED, record_transition, refuse
from .notifications import notify_field_report

# The fields a reporter writes. Translated ones are written per language (title_tr, title_en ...).
TRANSLATED_FIELDS = ("title", *NARRATIVE_FIELDS)
LANGUAGES = ("tr", "en")
PLAIN_FIELDS = ("period", "province", "place", "meetings_held", "organisations_engaged",
                *PILLAR_PARTICIPANT_FIELDS.values())
EDITABLE_FIELDS = (*PLAIN_FIELDS, *(f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGUAGES))


@dataclass
class Completeness:
    """Which required texts still lack Turkish or English: the indicator shown while writing."""

    missing: dict = field(default_factory=dict)  # language -> [field verbose names]
    filled: int = 0
    required: int = 0

    @property
    def complete(self) -> bool:
        return self.filled == self.required

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.required) if self.required else 100


def completeness(report: FieldReport) -> Completeness:
    result = Completeness(missing={lang: [] for lang in LANGUAGES})
    for name in TRANSLATED_FIELDS:
        label = FieldReport._meta.get_field(name).verbose_name
        for lang in LANGUAGES:
            result.required += 1
            if (getattr(report, f"{name}_{lang}") or "").strip():
                result.filled += 1
            else:
                result.missing[lang].append(label)
    return result


@dataclass(frozen=True)
class FigureInput:
    label_tr: str
    label_en: str
    value: Decimal
    unit_tr: str = ""
    unit_en: str = ""
    is_statistic: bool = False
    id: int | None = None


@transaction.atomic
def save_field_report(
    *,
    author,
    values: dict,
    report: FieldReport | None = None,
    figures: list[FigureInput] | None = None,
    new_attachment=None,
    attachment_caption: str = "",
    remove_attachment_ids=(),
) -> FieldReport:
    """Create or update a draft (or a report sent back for changes) with its figures and attachments.

    Guarantees: only the author (a field reporter) writes, only while the report is editable; either
    everything given is saved or nothing is (a bad figure or attachment leaves the stored report as
    it was). A draft may lack a language; `submit_field_report` requires both."""
    if not has_role(author, FIELD_REPORTER):
        refuse(NOT_ALLOWED, "forbidden")
    if report is None:
        report = FieldReport(author=author)
    else:
        report = FieldReport.objects.select_for_update().get(pk=report.pk)
        if report.author_id != author.pk:
            refuse(NOT_ALLOWED, "forbidden")
        if not report.is_editable:
            refuse(_("This report can no longer be changed: it has been submitted or approved."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in values.items():
        setattr(report, name, value)
    if not any((getattr(report, f"title_{lang}") or "").strip() for lang in LANGUAGES):
        raise ValidationError({"title_tr": _("Give the report a title in at least one language.")})
    report.full_clean()
    report.save()
    if figures is not None:
        _sync_figures(report, figures)
    if remove_attachment_ids:
        report.attachments.filter(pk__in=list(remove_attachment_ids)).delete()
    if new_attachment is not None:
        _add_attachment(report, author, new_attachment, attachment_caption)
    return report


def _sync_figures(report: FieldReport, figures: list[FigureInput]) -> None:
    existing = {figure.pk: figure for figure in report.figures.all()}
    kept = set()
    for order, item in enumerate(figures):
        figure = existing.get(item.id) if item.id else None
        if figure is None:
            figure = FieldReportFigure(report=report)
        if figure.cleared_at and (figure.value != item.value or not item.is_statistic):
            figure.withdraw_clearance()  # a changed statistic must be cleared again
        figure.label_tr, figure.label_en = item.label_tr, item.label_en
        figure.unit_tr, figure.unit_en = item.unit_tr, item.unit_en
        figure.value = item.value
        figure.is_statistic = item.is_statistic
        figure.order = order
        figure.full_clean()
        figure.save()
        kept.add(figure.pk)
    report.figures.exclude(pk__in=kept).delete()


def _add_attachment(report, author, upload, caption) -> FieldReportAttachment:
    attachment = FieldReportAttachment(
        report=report,
        file=upload,
        original_name=upload.name[-255:],
        caption=caption,
        size=upload.size,
        uploaded_by=author,
    )
    attachment.full_clean()  # validates the content (magnet.uploads.ContentValidator)
    if attachment.is_image:  # stored re-encoded at print size: the PDF only meets images it can draw
        attachment.file = reencode_image(upload, name=attachment.original_name)
        attachment.size = attachment.file.size
    attachment.save()
    return attachment


@transaction.atomic
def submit_field_report(*, report: FieldReport, actor) -> FieldReport:
    """Draft or sent-back report -> submitted. Only the author; both languages must be complete."""
    report = FieldReport.objects.select_for_update().get(pk=report.pk)
    if report.author_id != actor.pk:
        refuse(NOT_ALLOWED, "forbidden")
    if not report.is_editable:
        refuse(_("Only a draft or a report sent back for changes can be submitted."))
    check = completeness(report)
    if not check.complete:
        missing = ", ".join(
            f"{label} ({lang.upper()})" for lang in LANGUAGES for label in check.missing[lang]
        )
        refuse(_("Both languages are required before submitting. Missing: %(missing)s.") % {"missing": missing},
               "incomplete")
    previous = report.status
    report.status = FieldReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    record_transition(actor=actor, from_state=previous, to_state=report.status, field_report=report)
    notify_field_report(report.pk, "submitted")
    return report


def _lock_for_review(report: FieldReport, actor) -> FieldReport:
    if not has_role(actor, ICMPD_STAFF):
        refuse(NOT_ALLOWED, "forbidden")
    return FieldReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def comment_on_field_report(*, report: FieldReport, actor, body: str) -> ReviewComment:
    """ICMPD staff add a review comment; the state does not change."""
    report = _lock_for_review(report, actor)
    if report.status == FieldReport.Status.DRAFT:
        refuse(_("A draft has not been submitted for review yet."))
    comment = ReviewComment(report=report, author=actor, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def request_changes(*, report: FieldReport, actor, comment: str) -> FieldReport:
    """Submitted -> changes requested, back to the author with the reviewer's comment (required)."""
    report = _lock_for_review(report, actor)
    if report.status != FieldReport.Status.SUBMITTED:
        refuse(_("Changes can only be requested on a submitted report."))
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the author what to change.")})
    ReviewComment.objects.create(report=report, author=actor, body=comment.strip())
    report.status = FieldReport.Status.CHANGES_REQUESTED
    report.save(update_fields=["status", "updated_at"])
    record_transition(actor=actor, from_state=FieldReport.Status.SUBMITTED, to_state=report.status,
                      comment=comment.strip(), field_report=report)
    notify_field_report(report.pk, "changes_requested")
    return report


@transaction.atomic
def approve_field_report(*, report: FieldReport, actor, comment: str = "") -> FieldReport:
    """Submitted -> approved. An approved report is final: it can be annexed to periodic reports."""
    report = _lock_for_review(report, actor)
    if report.status != FieldReport.Status.SUBMITTED:
        refuse(_("Only a submitted report can be approved."))
    if comment.strip():
        ReviewComment.objects.create(report=report, author=actor, body=comment.strip())
    report.status = FieldReport.Status.APPROVED
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "approved_at", "updated_at"])
    record_transition(actor=actor, from_state=FieldReport.Status.SUBMITTED, to_state=report.status,
                      comment=comment.strip(), field_report=report)
    notify_field_report(report.pk, "approved")
    return report


def clear_statistic(*, figure: FieldReportFigure, actor) -> FieldReportFigure:
    """A PMM official clears a figure marked as a statistic; from then on it may be published.
    The rule (who, which, idempotent) is `magnet.statistics.clear`, the same for every statistic."""
    return statistics.clear(figure, actor=actor)
