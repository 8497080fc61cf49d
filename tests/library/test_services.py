import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from library import services
from library.models import Document
from tests.library.helpers import TURKISH_PARAGRAPH, add, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def test_a_pdf_upload_is_read_by_the_task_with_its_turkish_letters():
    document = add("Göç raporu", content=pdf_bytes(TURKISH_PARAGRAPH, "Sığınmacı kayıtları"))

    assert document.text_state == Document.TextState.DONE
    assert "Göç İdaresi Başkanlığı" in document.text
    assert "sığınmacıların" in document.text
    assert "Sığınmacı kayıtları" in document.text
    assert document.pages == 1
    assert document.text_file == document.file.name


def test_a_docx_upload_is_read_with_its_tables():
    document = add(
        "Toplantı notları", name="notlar.docx",
        content=docx_bytes("Geri kabul anlaşmaları görüşüldü.", table=[["İl", "Başvuru"], ["Şanlıurfa", "1.240"]]),
    )

    assert document.text_state == Document.TextState.DONE
    assert "Geri kabul anlaşmaları görüşüldü." in document.text
    assert "Şanlıurfa | 1.240" in document.text
    assert document.pages is None


def test_a_damaged_pdf_is_recorded_as_failed_and_stays_findable_by_title():
    document = add("Bozuk dosya", content=b"%PDF-1.7\n this is not really a pdf \x00\x01", name="bozuk.pdf")

    assert document.text_state == Document.TextState.FAILED
    assert document.text_error.startswith("damaged PDF")
    assert document.text == ""
    assert Document.objects.filter(pk=document.pk, search_text__contains="bozuk").exists()


def test_an_encrypted_pdf_is_recorded_as_failed():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="gizli", owner_password="gizli")
    buffer = io.BytesIO()
    writer.write(buffer)

    document = add("Şifreli", content=buffer.getvalue(), name="sifreli.pdf")

    assert (document.text_state, document.text_error, document.text) == (Document.TextState.FAILED, "encrypted", "")


def test_extraction_is_idempotent_and_a_missing_document_is_skipped():
    document = add("Göç raporu", content=pdf_bytes())
    Document.objects.filter(pk=document.pk).update(text="elle düzeltildi")

    services.extract_text(document_id=document.pk)  # same file: left alone
    assert Document.objects.get(pk=document.pk).text == "elle düzeltildi"
    assert services.extract_text(document_id=10**9) is None


def test_stored_text_is_capped_and_cleaned(monkeypatch):
    monkeypatch.setattr(services, "MAX_TEXT_CHARS", 50)
    document = add("Uzun", name="uzun.docx", content=docx_bytes("kelime   " * 100))

    assert len(document.text) == 50
    assert "  " not in document.text
    assert services.clean_text("a\x02b\x03c\x00") == "a b c"


def test_a_file_whose_content_is_not_its_name_is_refused_and_nothing_is_stored():
    with pytest.raises(ValidationError) as error:
        services.add_document(
            title_tr="Sahte", kind=Document.Kind.REPORT, language="tr", year=2026,
            file=ContentFile(b"MZ\x90\x00 an executable", name="rapor.pdf"),
        )
    assert "file" in error.value.message_dict
    assert not Document.objects.exists()


def test_set_visibility_changes_only_what_differs():
    public = add("Açık", visibility=Document.Visibility.PUBLIC)
    members = add("Üyelere")

    changed = services.set_visibility(documents=[public, members], visibility=Document.Visibility.PUBLIC)

    assert changed == 1
    assert set(Document.objects.values_list("visibility", flat=True)) == {"public"}
