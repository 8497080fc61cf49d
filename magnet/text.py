"""Turkish text: the one helper for search normalisation, upper-casing and sorting; and
`clean_input`, which strips control characters from every text input (magnet/forms.py applies it at
the form and serializer boundary, exports.py again when writing).

Search compares `search_key(text)` of both sides: Turkish-aware lower-casing (I→ı, İ→i), then
folding ş ğ ç ö ü ı (and other accents) to ASCII, so "IŞIK", "ışık" and "isik" all match and
"istanbul" finds "İstanbul". Sorting uses Postgres ICU collation "tr-x-icu" (Ç after C, İ after I).
"""

import re
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


# C0 controls, DEL and C1 controls; and the bidi embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069) that make text display in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n?|[\t\n]")


def clean_input(text: str, *, multiline: bool = False) -> str:
    """Text as typed minus the characters that break exports and mislead readers: control and bidi
    override characters. Tab and line breaks stay in multi-line text (\r\n becomes \n); in a
    single-line value each becomes a space."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)
