import datetime

import phonenumbers
from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.translation import get_language

from magnet.navigation import address as _address
from magnet.pdf import page_label
from magnet.sanitize import safe_html
from magnet.text import find_match, upper_name

register = template.Library()


@register.simple_tag
def address(url_name: str) -> str:
    """{% url %} for an address without arguments, remembered per language (magnet.navigation)."""
    return _address(url_name)


@register.filter
def rich_text(value: str):
    """Minutes, summaries and descriptions: plain paragraphs, or the few formatting tags nh3 keeps
    (it removes everything unsafe)."""
    if value and "<" not in value:
        value = "".join(f"<p>{linebreaksbr(escape(p.strip()))}</p>" for p in value.split("\n\n") if p.strip())
    return safe_html(value)


@register.filter
def caps(text) -> str:
    """Upper-case in the rules of the active language (Turkish keeps the dot: i -> İ, ı -> I); Turkish
    names keep Turkish rules on English pages too."""
    return upper_name(str(text or ""), language=get_language() or "")


@register.simple_tag
def pdf_page_label(*languages):
    """The footer of printed matter (magnet.pdf.page_label); no argument: the active language."""
    return page_label(languages or [get_language() or "tr"])


@register.filter
def time_range(start, end) -> str:
    """"23 Aralık 2026, 09:30–16:30" for a same-day span (the date once), else both dates in full."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    first = f"{formats.date_format(start, 'DATE_FORMAT')}, {start:%H:%M}"
    if start.date() == end.date():
        return f"{first}–{end:%H:%M}"
    return f"{first} – {formats.date_format(end, 'DATE_FORMAT')}, {end:%H:%M}"


@register.filter
def local_date(value) -> str:
    """A date or an ISO timestamp (as stored in report figures) in the active language's format."""
    if isinstance(value, str):
        value = parse_datetime(value) or datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@register.filter
def highlight(text, query: str):
    """`text` with the part that a search for `query` matched marked (<mark>), escaped."""
    text = str(text or "")
    span = find_match(text, query)
    if span is None:
        return text
    start, end = span
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


@register.filter
def phone(value) -> str:
    """A phone number as people write it: "+90 312 555 01 02" (stored and exported as E.164)."""
    text = str(value or "")
    try:
        number = phonenumbers.parse(text, "TR")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
