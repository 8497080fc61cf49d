"""Turkish text: the one helper for search normalisation, upper-casing and sorting.

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


# Letters only Turkish writes: a word holding one is a Turkish name (İzmir, Iğdır, Çağrı, Şanlıurfa).
_TURKISH_WORD = re.compile(r"\w*[çğışİÇĞŞ]\w*")


def upper_name(text: str, *, language: str = "") -> str:
    """Upper-case a name or a title. Turkish text takes Turkish rules; in any other language the
    Turkish proper nouns inside keep theirs ("İzmir quarterly report" -> "İZMİR QUARTERLY REPORT",
    not "İZMIR"), the rest takes the ordinary rules. Use it (or the `caps` filter), never .upper()."""
    text = text or ""
    if (language or "").startswith("tr"):
        return turkish_upper(text)
    return _TURKISH_WORD.sub(lambda word: turkish_upper(word.group(0)), text).upper()


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
