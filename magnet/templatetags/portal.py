import phonenumbers
from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape, format_html
from django.utils.translation import get_language

from magnet.sanitize import safe_html
from magnet.text import find_match, turkish_upper

register = template.Library()


@register.filter
def rich_text(value: str):
    """Minutes, summaries and descriptions: plain paragraphs, or the few formatting tags nh3 keeps
    (it removes everything unsafe)."""
    if value and "<" not in value:
        value = "".join(f"<p>{linebreaksbr(escape(p.strip()))}</p>" for p in value.split("\n\n") if p.strip())
    return safe_html(value)


@register.filter
def caps(text) -> str:
    """Upper-case in the rules of the active language: Turkish keeps the dot (i -> İ, ı -> I)."""
    text = str(text or "")
    return turkish_upper(text) if (get_language() or "").startswith("tr") else text.upper()


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
