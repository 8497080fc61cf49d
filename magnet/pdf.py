"""PDF rendering with WeasyPrint: one place that knows the fonts, the base URL and PDF/A.

Templates live in templates/pdf/ and extend pdf/base.html, which embeds Noto Sans (every Turkish
glyph) from static/fonts. Call inside `translation.override(lang)`, or render both languages.

One footer rule for all printed matter (`page_label`): "Sayfa 3 / 40" in Turkish, "Page 3 of 40" in
English; a bilingual document prints both, Turkish first, separated by " · "."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

_STATIC = Path(settings.BASE_DIR) / "static"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def page_label(languages) -> str:
    """The footer as the inside of a CSS `content: "…"` string (pdf/base.html adds the outer quotes)."""
    labels = []
    for language in languages:
        with translation.override(language):
            labels.append(gettext("Page {page} of {pages}"))
    text = " · ".join(labels).replace('"', "")
    return mark_safe(text.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "'))  # noqa: S308 — our own translated constant, quotes removed


def _local_only_fetcher():
    """Fonts, images and styles come from the repository; nothing is ever fetched from the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, timeout=5)


def html_to_pdf(html: str, *, pdf_variant: str | None = "pdf/a-3b") -> RenderedPdf:
    from weasyprint import HTML

    document = HTML(string=html, base_url=_STATIC.as_uri() + "/", url_fetcher=_local_only_fetcher()).render()
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_variant=pdf_variant, uncompressed_pdf=False)
    return RenderedPdf(content=buffer.getvalue(), page_count=len(document.pages))


def render_pdf(template_name: str, context: dict, *, pdf_variant: str | None = "pdf/a-3b") -> RenderedPdf:
    """Render a Django template to PDF. Paths in the template are relative to static/."""
    html = render_to_string(template_name, context)
    return html_to_pdf(html, pdf_variant=pdf_variant)
