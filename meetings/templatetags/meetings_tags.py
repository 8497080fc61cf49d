from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape

from magnet.sanitize import safe_html

register = template.Library()

_BADGES = {"accepted": "ok", "waiting": "warn", "tentative": "warn", "declined": "bad", "none": ""}
_STATUS_BADGES = {"published": "ok", "draft": "warn", "cancelled": "bad", "held": ""}


@register.filter
def response_badge(response: str) -> str:
    return _BADGES.get(response or "none", "")


@register.filter
def status_badge(status: str) -> str:
    return _STATUS_BADGES.get(status, "")


@register.filter
def rich_text(value: str):
    """Minutes and summaries: plain paragraphs, or a few formatting tags that nh3 keeps (it removes
    everything unsafe)."""
    if value and "<" not in value:
        value = "".join(f"<p>{linebreaksbr(escape(p.strip()))}</p>" for p in value.split("\n\n") if p.strip())
    return safe_html(value)
