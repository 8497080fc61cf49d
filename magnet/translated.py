"""Reading modeltranslation fields inside queries. modeltranslation rewrites `name` to the active
language on model instances, but not inside annotations and subqueries; this does it explicitly."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation


def localised(field_path: str):
    """`field_path` (e.g. "organisation__name") in the active language, falling back to the other."""
    language = "en" if (translation.get_language() or "tr").startswith("en") else "tr"
    other = "tr" if language == "en" else "en"
    return Coalesce(
        NullIf(F(f"{field_path}_{language}"), Value("")), F(f"{field_path}_{other}"), output_field=CharField()
    )
