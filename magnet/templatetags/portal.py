from django import template

from magnet.sanitize import safe_html
from magnet.text import turkish_upper

register = template.Library()


@register.filter
def rich_text(value):
    """Show stored rich text, sanitised again on the way out."""
    return safe_html(value)


@register.filter
def upper_tr(value):
    """Turkish-aware upper case: "istanbul" → "İSTANBUL"."""
    return turkish_upper(str(value))
