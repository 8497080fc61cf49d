"""Turkish text: the one helper for search normalisation, upper-casing and sorting.

Search compares `search_key(text)` of both sides: Turkish-aware lower-casing (I→ı, İ→i), then
folding ş ğ ç ö ü ı (and other accents) to ASCII, so "IŞIK", "ışık" and "isik" all match and
"istanbul" finds "İstanbul". Sorting uses Postgres ICU collation "tr-x-icu" (Ç after C, İ after I).
"""

import unicodedata

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

TURKISH_COLLATION = "tr-x-icu"

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_FOLD = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"})


def turkish_lower(text: str) -> str:
    return (text or "").translate(_TR_LOWER).lower()


def turkish_upper(text: str) -> str:
    return (text or "").translate(_TR_UPPER).upper()


def search_key(text: str) -> str:
    """Lower-case the Turkish way, fold accents to ASCII, collapse white space."""
    lowered = turkish_lower(text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def turkish_order(field: str, descending: bool = False):
    """An ORDER BY expression that sorts `field` in Turkish alphabetical order on Postgres.

    SQLite (the embedded default) has no ICU collation; there the plain order is used."""
    expression = Collate(F(field), TURKISH_COLLATION) if connection.vendor == "postgresql" else F(field)
    return expression.desc() if descending else expression.asc()
