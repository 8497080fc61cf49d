"""Reads of the library. Every function takes the acting user and returns only what they may see:
public documents for everyone, members-only ones for approved stakeholders, ICMPD staff and
Göç İdaresi Başkanlığı officials; never a document that is not listed."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import mark_safe

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from magnet.text import search_key, turkish_lower
from stakeholders.selectors import is_approved_stakeholder

from .models import Document
from .services import _WORD, PREFIX

# The highlighter's markers: control characters, which stored text never holds (services.clean_text).
_START, _STOP = "\x02", "\x03"
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
        .defer("search_tr", "search_en", "search_text", "text").filter(pk=pk).first()
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
        "text", "search_tr", "search_en", "search_text"
    )
    words = _words(filters.q)
    if not words:
        return documents.order_by("-year", "-created_at", "-pk")
    if connection.vendor == "postgresql":
        return _postgres_search(documents, words, raw=filters.q)
    for word in words:
        documents = documents.filter(search_text__contains=word)
    return documents.annotate(rank=Value(1.0)).order_by("-year", "-created_at", "-pk")


def _postgres_search(documents, words, *, raw):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    folded = " ".join(words)
    # Every word must match (websearch syntax: quotes make a phrase, "-word" excludes); the
    # Turkish and English stemmers each see the folded query.
    stems = " & ".join(f"{word[:PREFIX]}:*" for word in words)
    prefix_query = SearchQuery(stems, config="simple", search_type="raw")
    query_tr = SearchQuery(folded, config="turkish", search_type="websearch") | prefix_query
    query_en = SearchQuery(folded, config="english", search_type="websearch")
    # The highlighter reads the original text through unaccent + the turkish stemmer, so a folded
    # query marks "Göç" and "GÖÇ"; the original spelling of the words is added for the stemmer's sake.
    original = " ".join(_WORD.findall(turkish_lower(raw))[:MAX_QUERY_WORDS])
    query_mark = (
        SearchQuery(folded, config="magnet_turkish_fold", search_type="websearch")
        | SearchQuery(original, config="magnet_turkish_fold", search_type="websearch")
        | SearchQuery(stems, config="magnet_turkish_fold", search_type="raw")
    )
    return (
        documents.filter(Q(search_tr=query_tr) | Q(search_en=query_en))
        .annotate(
            rank=Greatest(SearchRank(F("search_tr"), query_tr), SearchRank(F("search_en"), query_en)),
            headline=SearchHeadline(
                "text", query_mark, config="magnet_turkish_fold", start_sel=_START, stop_sel=_STOP,
                max_words=28, min_words=12, max_fragments=2, fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-year", "-pk")
    )


def snippet(document: Document, q: str):
    """The highlighted excerpt of a search result as safe HTML, or "" when the file text holds no
    match (the title or description matched)."""
    headline = getattr(document, "headline", None)
    if headline is None or _START not in headline:
        return ""
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped above; only our own <mark> added


def sqlite_snippet(text: str, q: str, *, width: int = 160) -> str:
    """The embedded database's snippet: the text around the first word found, marked."""
    from magnet.text import find_match

    for word in _words(q):
        found = find_match(text or "", word)
        if found:
            start, end = found
            left = max(0, start - width // 2)
            right = min(len(text), end + width // 2)
            before, match, after = text[left:start], text[start:end], text[end:right]
            return mark_safe(  # noqa: S308 — every piece escaped
                ("… " if left else "") + escape(before) + "<mark>" + escape(match) + "</mark>" + escape(after)
                + (" …" if right < len(text) else "")
            )
    return ""


def years(*, user) -> list[int]:
    """The years that have documents the user may see, newest first (the year filter's choices)."""
    return list(visible_documents(user=user).order_by("-year").values_list("year", flat=True).distinct())


def attach_snippets(documents, q: str) -> None:
    """Give each search result its `snippet` (see `snippet`; on the embedded database it is cut from
    the text in Python, one query for the page)."""
    if not _words(q):
        for document in documents:
            document.snippet = ""
        return
    if connection.vendor == "postgresql":
        for document in documents:
            document.snippet = snippet(document, q)
        return
    texts = dict(Document.objects.filter(pk__in=[d.pk for d in documents]).values_list("pk", "text"))
    for document in documents:
        document.snippet = sqlite_snippet(texts.get(document.pk, ""), q)


def event_url(document: Document) -> str:
    """Where the document's event is: the meeting's page, or the address staff gave."""
    if document.meeting_id:
        return document.meeting.get_absolute_url()
    return document.event_url
