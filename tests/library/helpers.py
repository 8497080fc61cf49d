"""Library test helpers: real PDF and DOCX files with Turkish text, and documents made through the
services."""

import io

from django.core.files.base import ContentFile
from django.test import TestCase

from library import services
from library.demo import make_pdf
from library.models import Document

TURKISH_PARAGRAPH = (
    "Göç İdaresi Başkanlığı, Gaziantep ve İstanbul'daki sığınmacıların uyum hizmetlerine erişimini "
    "değerlendirdi. Düzensiz göçle mücadelede illerin işbirliği güçlendirildi."
)


def pdf_bytes(*paragraphs, title="Uyum hizmetleri raporu") -> bytes:
    return make_pdf(title, [("Bulgular", paragraphs or (TURKISH_PARAGRAPH,))])


def docx_bytes(*paragraphs, table=None) -> bytes:
    from docx import Document as DocxDocument

    document = DocxDocument()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add(title_tr="Belge", *, content: bytes | None = None, name="belge.pdf", **fields) -> Document:
    fields.setdefault("kind", Document.Kind.REPORT)
    fields.setdefault("language", Document.Language.TURKISH)
    fields.setdefault("year", 2026)
    upload = ContentFile(content, name=name) if content is not None else None
    with TestCase.captureOnCommitCallbacks(execute=True):  # the extraction task runs (eagerly) after commit
        document = services.add_document(title_tr=title_tr, file=upload, **fields)
    document.refresh_from_db()
    return document
