"""Reads of the library. Every function takes the acting user and returns only what they may see:
public documents for everyone, members-only ones for approved stakeholders, ICMPD staff and
Göç İdaresi Başkanlığı officials; never a document that is not listed."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import mark_safe

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from magnet.text import search_key
from stakeholders.selectors import is_approved_stakeholder

from .models import Document
from .services import _WORD, PREFIX

MAX_QUERY_WORDS = 12


def is_member(user) -> bool:
    """May see members-only documents."""
    return has_role(user, ICMPD_STAFF, PMM_OFFICIAL) or is_approved_stakeholder(user)


def visible_documents(*, user) -> QuerySet:
    documents = Document.objects.filter(is_listed=True)
    if not is_member(user):
        documents = documents.filter(visibility=Document.Visibility.PUBLIC)
    return documents


def document_for(*, user, pk) -> Document | None:
    """One document the user may see (with its pillars and thematic areas), or None (the view answers 404)."""
    return (
        visible_documents(user=user).select_related("meeting").prefetch_related("pillars", "thematic_areas")
        .defer("search_tr", "search_en", "search_text", "rank_tr", "rank_en", "text").filter(pk=pk).first()
    )


@dataclass(frozen=True)
class Filters:
    q: str = ""
    pillar: str = ""  # Pillar.code
    thematic_area: str = ""  # ThematicArea.code
    year: int | None = None
    kind: str = ""
    language: str = ""


def _words(q: str) -> list[str]:
    """The query's words, folded (operators and punctuation dropped: every word must match)."""
    return _WORD.findall(search_key(q))[:MAX_QUERY_WORDS]


def search_documents(*, user, filters: Filters) -> QuerySet:
    """The documents the user may see that match the filters; with a query, only those whose titles,
    descriptions or file text hold every word (Turkish-aware: case, İ/ı, accents and suffixes),
    best first (`rank`), each with a highlighted `snippet` (safe HTML: the text escaped, matches in
    <mark>). Without a query, newest first. A fixed number of queries whatever the rows."""
    documents = visible_documents(user=user)
    if filters.pillar:
        documents = documents.filter(pillars__code=filters.pillar)
    if filters.thematic_area:
        documents = documents.filter(thematic_areas__code=filters.thematic_area)
    if filters.year:
        documents = documents.filter(year=filters.year)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.language:
        documents = documents.filter(language__in=[filters.language, Document.Language.BILINGUAL])
    documents = documents.prefetch_related("pillars", "thematic_areas").defer(
        "text", "search_tr", "search_en", "search_text", "rank_tr", "rank_en"
    )
    words = _words(filters.q)
    if not words:
        return documents.order_by("-year", "-created_at", "-pk")
    if connection.vendor == "postgresql":
        return _postgres_search(documents, words)
    for word in words:
        documents = documents.filter(search_text__contains=word)
    return documents.annotate(rank=Value(1.0)).order_by("-year", "-created_at", "-pk")


def _postgres_search(documents, words):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    folded = " ".join(words)
    # Every word must match: through the Turkish stemmer, its five-letter prefix, or the English
    # stemmer (each sees the folded words).
    stems = " & ".join(f"{word[:PREFIX]}:*" for word in words)
    prefix_query = SearchQuery(stems, config="simple", search_type="raw")
    query_tr = SearchQuery(folded, config="turkish", search_type="websearch") | prefix_query
    query_en = SearchQuery(folded, config="english", search_type="websearch")
    # Ranked on the titles (weight A) and descriptions (B), stored as small vectors: ranking on the
    # full vectors reads every matching document's whole text, and computing the vectors of the
    # titles on the fly costs as much (EXPLAIN ANALYZE on the scale data: 0.15 ms a row, 225 ms for
    # 1,500 matches). Matches only in the file text come after, newest first.
    return (
        documents.filter(Q(search_tr=query_tr) | Q(search_en=query_en))
        .annotate(
            rank=Greatest(SearchRank(F("rank_tr"), query_tr), SearchRank(F("rank_en"), query_en)),
        )
        .order_by("-rank", "-year", "-pk")
    )


# A folded letter and every letter that folds to it (magnet.text.search_key's rules), so the
# snippet's pattern runs on the original text: no copy of a long text is folded.
_LETTERS = {"i": "iıİI", "s": "sşSŞ", "g": "gğGĞ", "c": "cçCÇ", "o": "oöOÖ", "u": "uüûUÜÛ", "a": "aâAÂ"}


def _pattern(stems) -> re.Pattern:
    """Words beginning with any of the folded stems, in the original text, any case and accents."""
    def letter(ch):
        return f"[{_LETTERS[ch]}]" if ch in _LETTERS else re.escape(ch)

    choices = "|".join("".join(letter(ch) for ch in stem) for stem in stems)
    return re.compile(r"\b(?:" + choices + r")\w*", re.IGNORECASE)


def snippet(text: str, q: str, *, before: int = 120, after: int = 260):
    """The excerpt of `text` around the first word that the search matched, as safe HTML: the text
    escaped, every word beginning like a query word (Turkish-aware, accents optional, any suffix) in
    <mark>. "" when the text holds none (the title or description matched). Done in Python on the
    page's rows, the same on every database: ts_headline over a whole document costs ~45 ms a row."""
    stems = sorted({word[:PREFIX] for word in _words(q)}, key=len, reverse=True)
    if not text or not stems:
        return ""
    pattern = _pattern(stems)
    found = pattern.search(text)
    if found is None:
        return ""
    left = max(0, found.start() - before)
    if left:
        space = text.find(" ", left, found.start())
        left = space + 1 if space >= 0 else left
    right = min(len(text), found.end() + after)
    if right < len(text):
        space = text.rfind(" ", found.end(), right)
        right = space if space > 0 else right
    pieces, cursor = [], left
    for match in pattern.finditer(text, left, right):
        pieces.append(escape(text[cursor:match.start()]))
        pieces.append("<mark>" + escape(text[match.start():match.end()]) + "</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:right]))
    html = ("… " if left else "") + "".join(pieces).replace("\n", " ") + (" …" if right < len(text) else "")
    return mark_safe(html)  # noqa: S308 — every piece of the text escaped above


def years(*, user) -> list[int]:
    """The years that have documents the user may see, newest first (the year filter's choices)."""
    return list(visible_documents(user=user).order_by("-year").values_list("year", flat=True).distinct())


def attach_snippets(documents, q: str) -> None:
    """Give each search result its `snippet` (one query for the page's texts)."""
    if not _words(q) or not documents:
        for document in documents:
            document.snippet = ""
        return
    texts = dict(Document.objects.filter(pk__in=[d.pk for d in documents]).values_list("pk", "text"))
    for document in documents:
        document.snippet = snippet(texts.get(document.pk, ""), q)


def event_url(document: Document) -> str:
    """Where the document's event is: the meeting's page, or the address staff gave."""
    if document.meeting_id:
        return document.meeting.get_absolute_url()
    return document.event_url
