"""Turkish text: the one helper for search normalisation, upper-casing and sorting; and
`clean_input`, which strips control characters from every text input (magnet/forms.py applies it at
the form and serializer boundary, exports.py again when writing).

Search compares `search_key(text)` of both sides: Turkish-aware lower-casing (I→ı, İ→i), then
folding ş ğ ç ö ü ı (and other accents) to ASCII, so "IŞIK", "ışık" and "isik" all match and
"istanbul" finds "İstanbul".

Sorting is in the reader's language and the same on every database: `sort_key(text, language)` turns
a name into a string of digits whose plain order is the alphabetical order of that language (Turkish:
Ç after C, Ğ after G, I before İ, Ö after O, Ş after S, Ü after U; English: accents ignored). Names
store it per language in indexed columns (`sort_tr`, `sort_en`), so SQLite and Postgres order alike,
on an index, whatever the database collation; `reader_order()` picks the column of the active language.
Lists built in Python (countries, provinces, pillars) sort with `sort_key` too.
"""

import re
import unicodedata

from django.db.models import F
from django.utils import translation

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


def find_match(text: str, query: str) -> tuple[int, int] | None:
    """Where `query` occurs in `text` the way search compares them (Turkish-aware, accents
    optional): (start, end) in `text`, or None."""
    key = search_key(query)
    if not key:
        return None
    folded, origin = [], []
    for index, ch in enumerate(text or ""):
        piece = " " if ch.isspace() else search_key(ch) or ch
        folded.append(piece)
        origin.extend([index] * len(piece))
    position = "".join(folded).find(key)
    if position < 0:
        return None
    return origin[position], origin[position + len(key) - 1] + 1


_ALPHABETS = {
    "tr": "abcçdefgğhıijklmnoöpqrsştuüvwxyz",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
# Each character becomes three digits: only digits, so every collation (C, en_US, ICU, SQLite's
# BINARY) orders the keys the same way. Separators < digits < letters < anything else.
_SEPARATOR, _DIGIT, _LETTER, _OTHER = 100, 110, 200, 300
SORT_KEY_LENGTH = 80  # characters of the name that decide the order; ties fall back to the pk


def _letter_ranks(language: str) -> dict[str, int]:
    return {letter: _LETTER + rank for rank, letter in enumerate(_ALPHABETS[language])}


_RANKS = {language: _letter_ranks(language) for language in _ALPHABETS}


def reader_language(language: str | None = None) -> str:
    return "en" if (language or translation.get_language() or "tr").startswith("en") else "tr"


def sort_key(text, language: str | None = None) -> str:
    """A string whose plain (binary) order is the alphabetical order of `text` in `language`
    (the active language by default): case-insensitive, and accents the language does not count
    as letters of their own (é, â) ignored."""
    language = reader_language(language)
    ranks = _RANKS[language]
    text = unicodedata.normalize("NFC", str(text or ""))  # "C" + combining cedilla is "Ç"
    lowered = turkish_lower(text) if language == "tr" else text.lower().replace("ı", "i")
    codes = []
    for ch in lowered[:SORT_KEY_LENGTH]:
        if unicodedata.combining(ch):
            continue  # a decomposed accent, or the dot of "İ".lower() in English: not a letter of its own
        if ch not in ranks:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            ch = base[:1] or ch
        if ch in ranks:
            code = ranks[ch]
        elif ch.isdigit():
            code = _DIGIT + (int(ch) if ch in "0123456789" else 9)
        elif ch.isspace() or not ch.isalnum():
            code = _SEPARATOR
        else:
            code = _OTHER + ord(ch) % 700
        codes.append(f"{code:03d}")
    return "".join(codes)


def reader_order(prefix: str = "sort", descending: bool = False):
    """ORDER BY the stored sort key of the active language (`<prefix>_tr` or `<prefix>_en`)."""
    expression = F(f"{prefix}_{reader_language()}")
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


def sorted_choices(choices, language: str | None = None) -> list:
    """(value, label) pairs sorted by label in the reader's language."""
    return sorted(choices, key=lambda choice: sort_key(choice[1], language))
