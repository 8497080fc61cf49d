from django import template

register = template.Library()

_BADGES = {"accepted": "ok", "waiting": "warn", "tentative": "warn", "declined": "bad", "none": ""}
_STATUS_BADGES = {"published": "ok", "draft": "warn", "cancelled": "bad", "held": ""}


@register.filter
def response_badge(response: str) -> str:
    return _BADGES.get(response or "none", "")


@register.filter
def status_badge(status: str) -> str:
    return _STATUS_BADGES.get(status, "")


_COMMITMENT_BADGES = {"open": "", "in_progress": "warn", "done": "ok", "dropped": "bad"}


@register.filter
def commitment_badge(status: str) -> str:
    return _COMMITMENT_BADGES.get(status, "")
