"""Every write of the library: documents uploaded by staff, visibility, text extraction and the
search columns. Each function is keyword-only and says what it guarantees."""

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.utils.html import strip_tags

from magnet.tasks import enqueue_on_commit
from magnet.text import search_key

from .models import Document

log = logging.getLogger(__name__)

# At most this much text is kept per document (about 100 printed pages): a tsvector holds at most
# 1 MB, and nobody needs page 900 of a file to find it.
MAX_TEXT_CHARS = 300_000
# Pages read from one PDF at most (a 20 MB scan of 5,000 empty pages must not keep a worker busy).
MAX_PDF_PAGES = 1_000
EXTRACTABLE = ("pdf", "docx")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class UnreadableFile(Exception):
    """The file's text cannot be read (damaged, encrypted, not what its name says)."""


def clean_text(text: str) -> str:
    """Control characters out (the highlighter's markers must never occur in stored text), spaces
    collapsed, capped at MAX_TEXT_CHARS."""
    text = _CONTROL.sub(" ", text or "")
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


def read_pdf(data) -> tuple[str, int]:
    """Text and page count of a PDF (file-like). Encrypted PDFs are read only when they open with
    an empty password; reading stops at MAX_TEXT_CHARS or MAX_PDF_PAGES."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(data)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as error:  # noqa: BLE001 — pypdf raises several kinds for ciphers
                raise UnreadableFile("encrypted") from error
            if not opened:
                raise UnreadableFile("encrypted")
        pages = len(reader.pages)
        parts, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_TEXT_CHARS:
                break
            piece = page.extract_text() or ""
            parts.append(piece)
            size += len(piece)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as error:
        raise UnreadableFile(f"damaged PDF: {type(error).__name__}") from error
    return "\n\n".join(parts), pages


def read_docx(data) -> tuple[str, int | None]:
    """Paragraphs and table cells of a DOCX (file-like), in document order."""
    import zipfile

    from docx import Document as DocxDocument

    try:
        document = DocxDocument(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(f"damaged DOCX: {type(error).__name__}") from error
    except Exception as error:  # noqa: BLE001 — lxml and python-docx raise their own classes
        raise UnreadableFile(f"damaged DOCX: {type(error).__name__}") from error
    parts, size = [], 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        size += len(paragraph.text)
        if size >= MAX_TEXT_CHARS:
            break
    for table in document.tables:
        if size >= MAX_TEXT_CHARS:
            break
        for row in table.rows:
            line = " | ".join(cell.text for cell in row.cells)
            parts.append(line)
            size += len(line)
    return "\n".join(parts), None


def extract_text(*, document_id: int) -> Document | None:
    """Read the text of the document's file into `text` and refresh the search columns.

    Idempotent: a document whose text was already read from this very file is left alone; a
    document deleted meanwhile is skipped. A damaged or encrypted file is recorded as failed (the
    document stays findable by title and description), never raised."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return None
        if not document.file:
            _store_text(document, text=_own_text(document), state=Document.TextState.NONE, pages=None)
            return document
        if document.text_state == Document.TextState.DONE and document.text_file == document.file.name:
            return document
        if document.extension not in EXTRACTABLE:
            _store_text(document, text=_own_text(document), state=Document.TextState.NONE, pages=None)
            return document
        error, pages, text = "", None, ""
        try:
            with document.file.open("rb") as handle:
                data = io.BytesIO(handle.read())
            reader = read_pdf if document.extension == "pdf" else read_docx
            text, pages = reader(data)
        except UnreadableFile as problem:
            error = str(problem)
        except OSError as problem:  # the stored file is missing
            error = f"file missing: {type(problem).__name__}"
        if error:
            log.warning("library document %s: text not read (%s)", document.pk, error)
            _store_text(document, text=_own_text(document), state=Document.TextState.FAILED, pages=None, error=error)
        else:
            _store_text(document, text=clean_text(text), state=Document.TextState.DONE, pages=pages)
        return document


def _own_text(document: Document) -> str:
    """The text a document without a readable file carries itself (minutes and outcomes)."""
    return document.text if document.meeting_part else ""


def _store_text(document, *, text, state, pages, error=""):
    document.text, document.text_state, document.pages = text, state, pages
    document.text_error = error[:255]
    document.text_file = document.file.name if document.file else ""
    document.save(update_fields=["text", "text_state", "pages", "text_error", "text_file", "updated_at"])
    refresh_search(document=document)


def search_parts(document: Document) -> tuple[str, str, str]:
    """The folded text of the three weighted parts: titles, descriptions and event, file text."""
    title = search_key(" ".join(filter(None, [document.title_tr, document.title_en])))
    description = search_key(" ".join(filter(None, [
        document.description_tr, document.description_en, document.event_title_tr, document.event_title_en,
    ])))
    return title, description, search_key(document.text)


PREFIX = 5
_WORD = re.compile(r"\w+")


def prefixes(folded: str) -> str:
    """The first five letters of every word: Turkish adds its suffixes to the end of a word, so a
    stem of five letters finds "sığınmacıların" for "sığınmacılar" where the stemmer alone does not
    (prefix stemming of this length works about as well as a full stemmer for Turkish retrieval)."""
    return " ".join(word[:PREFIX] for word in _WORD.findall(folded))


def refresh_search(*, document: Document) -> None:
    """Write the document's search columns from its titles, descriptions and text: on Postgres two
    tsvectors ('turkish' and 'english' configurations over the folded text; the Turkish one also
    holds the words' five-letter prefixes, see `prefixes`), and small weighted vectors of the titles
    and descriptions that ranking reads (`rank_tr`, `rank_en`); elsewhere the
    folded text itself. Call after every change of those fields (the services and the admin do)."""
    title, description, text = search_parts(document)
    rows = Document.objects.filter(pk=document.pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector, SearchVectorField
        from django.db.models import Func

        def vector(config, *, with_prefixes=False, parts=((title, "A"), (description, "B"), (text, "C"))):
            result = None
            for part, weight in parts:
                piece = SearchVector(Value(part), config=config, weight=weight)
                if with_prefixes:
                    piece = piece + SearchVector(Value(prefixes(part)), config="simple", weight=weight)
                result = piece if result is None else result + piece
            return result

        # Stripped of positions: the vectors only decide what matches (ranking reads the titles),
        # and a vector without positions is a sixth of the size (EXPLAIN ANALYZE on the scale data).
        rows.update(
            search_tr=Func(vector("turkish", with_prefixes=True), function="strip", output_field=SearchVectorField()),
            search_en=Func(vector("english"), function="strip", output_field=SearchVectorField()),
            rank_tr=vector("turkish", with_prefixes=True, parts=((title, "A"), (description, "B"))),
            rank_en=vector("english", parts=((title, "A"), (description, "B"))),
            search_text=f"{title} {description}",
        )
    else:
        rows.update(search_text=f"{title} {description} {text}")


def document_saved(*, document: Document, file_changed: bool) -> None:
    """After staff saved a document (admin or service): the search columns follow the titles at
    once; a new or replaced file is read by a task sent after the commit (the row says "pending"
    meanwhile, and the page shows it)."""
    if file_changed and document.file and document.extension in EXTRACTABLE:
        Document.objects.filter(pk=document.pk).update(text_state=Document.TextState.PENDING, text_file="")
        document.text_state = Document.TextState.PENDING
        refresh_search(document=document)
        from .tasks import extract_document_text

        enqueue_on_commit(extract_document_text, document.pk)
    else:
        if file_changed:
            Document.objects.filter(pk=document.pk).update(text_state=Document.TextState.NONE, text="", text_file="")
            document.text = ""
        refresh_search(document=document)


@transaction.atomic
def add_document(
    *, title_tr: str, title_en: str = "", description_tr: str = "", description_en: str = "", kind: str,
    language: str, year: int, visibility: str = Document.Visibility.MEMBERS, file=None, pillars=(),
    thematic_areas=(), event_title_tr: str = "", event_title_en: str = "", event_url: str = "", meeting=None,
) -> Document:
    """Add a document to the library (staff's upload). The file is checked by content
    (magnet.uploads) with every other field before anything is stored; its text is read by a task
    sent after the commit."""
    document = Document(
        title=title_tr, title_tr=title_tr, title_en=title_en, description=description_tr,
        description_tr=description_tr, description_en=description_en, kind=kind, language=language, year=year,
        visibility=visibility, event_title=event_title_tr, event_title_tr=event_title_tr,
        event_title_en=event_title_en, event_url=event_url, meeting=meeting,
    )
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    document.pillars.set(pillars)
    document.thematic_areas.set(thematic_areas)
    document_saved(document=document, file_changed=bool(file))
    return document


@transaction.atomic
def set_visibility(*, documents, visibility: str) -> int:
    """Staff make documents public or members-only; returns how many changed."""
    if visibility not in Document.Visibility.values:
        raise ValidationError({"visibility": "unknown visibility"})
    return Document.objects.filter(pk__in=[d.pk for d in documents]).exclude(visibility=visibility).update(
        visibility=visibility
    )


def resend_pending_extractions() -> int:
    """Beat: documents still "pending" after a while (the broker was down at commit, or a worker
    died) are handed to the worker again; extraction is idempotent."""
    import datetime

    from django.utils import timezone

    from .tasks import extract_document_text

    stale = timezone.now() - datetime.timedelta(minutes=10)
    ids = list(
        Document.objects.filter(text_state=Document.TextState.PENDING, updated_at__lt=stale).values_list("pk", flat=True)[:200]
    )
    for pk in ids:
        Document.objects.filter(pk=pk).update(updated_at=timezone.now())
        enqueue_on_commit(extract_document_text, pk)
    return len(ids)


def plain_text(html: str) -> str:
    """Rich text (minutes, outcomes) as searchable plain text."""
    return clean_text(strip_tags((html or "").replace("</p>", "\n").replace("<br>", "\n")))
