from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(obj, field_name: str):
    """The field's text in the active language ({% language %} switches it in bilingual PDFs)."""
    return getattr(obj, f"{field_name}_{(get_language() or 'tr')[:2]}", "") or ""


@register.filter
def lang_part(value: dict, language: str):
    """`figures|lang_part:"tr"`: one language's half of a snapshot."""
    return (value or {}).get(language, {})
