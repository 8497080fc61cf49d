"""From a periodic report to a PDF edition: collect (the frozen figures and the annexed field reports),
template (pdf/reports/periodic_report.html), WeasyPrint (magnet.pdf, PDF/A). The three phases are
timed separately when a `timings` dict is given (the benchmark prints them)."""

import base64
import io
import logging
import time
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from magnet.pdf import RenderedPdf, html_to_pdf, page_label
from magnet.uploads import IMAGE_MAX_PIXELS

from .chapters import feedback_part, network_part
from .charts import bar_chart_svg
from .models import FieldReport, ReportDocument
from .submission import source_of

log = logging.getLogger(__name__)
TEMPLATE = "pdf/reports/periodic_report.html"
EDITION_LANGUAGES = {"tr": ["tr"], "en": ["en"], "bilingual": ["tr", "en"]}


def _pillar_names(figures: dict, language: str) -> dict:
    return {p["code"]: p[f"name_{language}"] for p in figures.get("pillars", [])}


def _language_part(report, figures: dict, language: str) -> dict:
    """What one language's sections need: its half of the snapshot and its charts."""
    part = figures.get(language, {})
    names = _pillar_names(figures, language)
    meetings = part.get("meetings", {})
    conference = part.get("conference", {})
    field = figures.get("field", {})
    with translation.override(language):
        charts = {}
        if meetings.get("by_pillar"):
            rows = meetings["by_pillar"]
            charts["meetings"] = bar_chart_svg(
                title=_("Meeting participation by pillar"),
                categories=[r["pillar_name"] for r in rows],
                series=[(pgettext("participation", "Invited"), [r["invited"] for r in rows]), (pgettext("participation", "Accepted"), [r["accepted"] for r in rows]),
                        (pgettext("participation", "Attended"), [r["attended"] for r in rows])],
            )
        if conference.get("by_pillar"):
            rows = conference["by_pillar"]
            charts["conference"] = bar_chart_svg(
                title=_("Conference participation by pillar"),
                categories=[r["pillar_name"] for r in rows],
                series=[(pgettext("participation", "Registered"), [r["registered"] for r in rows]), (pgettext("participation", "Approved"), [r["approved"] for r in rows]),
                        (pgettext("participation", "Checked in"), [r["checked_in"] for r in rows])],
            )
        participants = field.get("participants", {})
        if participants:
            charts["field"] = bar_chart_svg(
                title=_("Participants reported from the field by pillar"),
                categories=[names.get(code, code) for code in participants],
                series=[(_("Participants"), list(participants.values()))],
            )
        charts.update(_commitment_charts(part.get("commitments")))
    return {
        "lang": language,
        "commitments": part.get("commitments"),
        "registry": part.get("registry", []),
        "meetings": meetings,
        "conference": conference,
        "field": field,
        "field_participants": [(names.get(code, code), count) for code, count in field.get("participants", {}).items()],
        "charts": {key: mark_safe(svg) for key, svg in charts.items()},  # noqa: S308 — built by charts.py, text escaped
        "network": network_part(figures.get("network"), language),
        "feedback": feedback_part(figures.get("feedback"), language),
    }


def _commitment_charts(commitments: dict | None) -> dict:
    """The "Follow-up of commitments" chart, in the active language: by pillar, one bar per status.
    Absent from snapshots compiled before the chapter existed (a sent version stays as it was)."""
    if not commitments or not commitments.get("by_pillar"):
        return {}
    rows = commitments["by_pillar"]
    labels = {row["status"]: row["label"] for row in commitments.get("by_status", [])}
    statuses = [row["status"] for row in commitments.get("by_status", [])]
    return {"commitments": bar_chart_svg(
        title=_("Commitments by pillar and status"),
        categories=[r["pillar_name"] for r in rows],
        series=[(labels[status], [r.get(status, 0) for r in rows]) for status in statuses],
    )}


PHOTO_MAX_PIXELS = 1200


def _photo_data_uri(attachment) -> str:
    """A photo from the field, scaled to print size and embedded, so the PDF fetches nothing; ""
    when the stored file cannot be drawn (stored before uploads were re-encoded, or damaged since):
    the edition shows a placeholder instead of failing as a whole."""
    from PIL import Image

    try:
        with attachment.file.open("rb") as stored, Image.open(stored) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise Image.DecompressionBombError(f"{image.width} × {image.height} pixels")
            image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        log.warning("attachment %s cannot be drawn; a placeholder is printed", attachment.pk, exc_info=True)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _annexed_field_reports(report) -> list:
    reports = list(
        report.field_reports.filter(status=FieldReport.Status.APPROVED)
        .select_related("author", "period")
        .prefetch_related("figures", "attachments")
        .order_by("province", "pk")
    )
    for field_report in reports:
        # Statistics not yet cleared by PMM are withheld from every edition.
        figures = list(field_report.figures.all())
        field_report.published_figures = [f for f in figures if f.is_publishable]
        field_report.withheld_statistics = len(figures) - len(field_report.published_figures)
        field_report.photos = [
            {"src": _photo_data_uri(attachment), "caption": attachment.caption or attachment.original_name}
            for attachment in field_report.attachments.all()
            if attachment.is_image
        ]
    return reports


def document_context(report, *, language: str, version: int) -> dict:
    """What every source's template receives; a source (reports.submission) may add to each
    language part through its `context` hook."""
    source = source_of(report)
    languages = EDITION_LANGUAGES[language]
    figures = report.figures or {}
    parts = [_language_part(report, figures, lang) for lang in languages]
    if source.context is not None:
        for part in parts:
            with translation.override(part["lang"]):
                part.update(source.context(report, figures, part["lang"]))
    return {
        "report": report,
        "version": version,
        "edition": language,
        "languages": languages,
        "html_lang": languages[0],
        "page_label": page_label(languages),
        "parts": parts,
        "field_reports": _annexed_field_reports(report) if source.annexes_field_reports else [],
        "compiled_at": report.figures_compiled_at,
    }


def render_html(report, *, language: str, version: int, timings: dict | None = None) -> str:
    started = time.perf_counter()
    context = document_context(report, language=language, version=version)
    collected = time.perf_counter()
    with translation.override(EDITION_LANGUAGES[language][0]):
        html = render_to_string(source_of(report).template, context)
    if timings is not None:
        timings["collect"] = timings.get("collect", 0) + collected - started
        timings["template"] = timings.get("template", 0) + time.perf_counter() - collected
    return html


def render_periodic_report(
    report, *, language: str, version: int, progress: Callable[[int], None] | None = None, timings: dict | None = None
) -> RenderedPdf:
    """Render one edition. `language` is "tr", "en" or "bilingual"."""
    if language not in ReportDocument.Language.values:
        raise ValueError(language)
    progress = progress or (lambda percent: None)
    timings = timings if timings is not None else {}
    progress(10)
    html = render_html(report, language=language, version=version, timings=timings)
    progress(40)
    started = time.perf_counter()
    rendered = html_to_pdf(html)
    timings["weasyprint"] = timings.get("weasyprint", 0) + time.perf_counter() - started
    progress(90)
    return rendered
