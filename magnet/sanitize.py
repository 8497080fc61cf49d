"""Rich text (minutes, summaries, descriptions) is cleaned with nh3 before it is stored or shown:
only a small set of formatting tags survives; scripts, handlers and styles never do."""

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def clean_html(value: str) -> str:
    return nh3.clean(value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def safe_html(value: str):
    """For templates: the cleaned markup, marked safe."""
    return mark_safe(clean_html(value))  # noqa: S308 — nh3 has removed everything unsafe
