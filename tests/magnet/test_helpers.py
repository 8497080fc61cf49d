import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from magnet.exports import to_csv, to_xlsx
from magnet.templatetags.portal import caps, rich_text
from magnet.text import search_key, turkish_lower, turkish_upper
from magnet.uploads import DOCUMENT_KINDS, ContentValidator


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("istanbul", "İstanbul"), ("IŞIK", "Işık"), ("ışık", "Işık"), ("goc", "Göç İdaresi"), ("ÇAĞRI", "çağrı")],
)
def test_search_key_matches_the_way_people_type_turkish(typed, stored):
    assert search_key(typed) in search_key(stored)


def test_search_key_keeps_i_and_dotless_i_apart_only_until_folding():
    assert turkish_lower("Iİ") == "ıi"
    assert search_key("  Göç   İdaresi ") == "goc idaresi"


def test_turkish_upper_keeps_the_dot():
    assert turkish_upper("istanbul ılık") == "İSTANBUL ILIK"


def test_caps_follows_the_active_language():
    with translation.override("tr"):
        assert caps("göç idaresi") == "GÖÇ İDARESİ"
    with translation.override("en"):
        assert caps("migration") == "MIGRATION"


def test_rich_text_keeps_formatting_and_drops_scripts():
    html = str(rich_text('<p onclick="x()">Hi <strong>there</strong></p><script>alert(1)</script>'))
    assert html == "<p>Hi <strong>there</strong></p>"
    assert str(rich_text("one\n\nA & B")) == "<p>one</p><p>A &amp; B</p>"


def test_csv_export_neutralises_formulas_and_keeps_turkish_text():
    data = to_csv(["Ad", "Not"], [["Şükrü Öğüt", "=HYPERLINK(\"http://evil\")"], ["Işık", "+1"], ["İlkay", "-2"], ["x", "@SUM(A1)"]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffAd,Not")
    assert "Şükrü Öğüt,\"'=HYPERLINK(\"\"http://evil\"\")\"" in text
    assert "Işık,'+1" in text
    assert "İlkay,'-2" in text
    assert "x,'@SUM(A1)" in text


def test_xlsx_export_stores_formulas_as_text():
    sheet = load_workbook(io.BytesIO(to_xlsx(["Ad"], [["=1+1"], ["Gülşen"]]))).active
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "Gülşen"


def _docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


def test_uploads_are_checked_by_content_not_by_name():
    validate = ContentValidator(DOCUMENT_KINDS, max_bytes=1024 * 1024)
    validate(SimpleUploadedFile("agenda.pdf", b"%PDF-1.7\n..."))
    validate(SimpleUploadedFile("agenda.docx", _docx_bytes()))
    with pytest.raises(ValidationError) as pretend_pdf:
        validate(SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00 an executable"))
    assert pretend_pdf.value.code == "file_content"
    with pytest.raises(ValidationError) as spreadsheet_as_docx:
        validate(SimpleUploadedFile("agenda.docx", _docx_bytes("xl/workbook.xml")))
    assert spreadsheet_as_docx.value.code == "file_content"
    with pytest.raises(ValidationError) as wrong_type:
        validate(SimpleUploadedFile("run.exe", b"MZ"))
    assert wrong_type.value.code == "file_type"
    with pytest.raises(ValidationError) as too_big:
        ContentValidator(DOCUMENT_KINDS, max_bytes=10)(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))
    assert too_big.value.code == "file_size"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), (" 12 ", 12), ("0", None), ("-3", None), ("²", None), ("1.5", None), ("abc", None), ("", None),
     (None, None), ("9223372036854775807", 9223372036854775807), ("9223372036854775808", None), ("9" * 5000, None)],
)
def test_parse_id_takes_only_ids_the_database_can_hold(value, expected):
    from magnet.filters import parse_id

    assert parse_id(value) == expected


@pytest.mark.django_db
def test_an_in_lookup_with_a_number_beyond_the_column_matches_nothing_instead_of_failing():
    from stakeholders.models import Organisation
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()

    assert list(Organisation.objects.filter(pk__in=[10**30, organisation.pk])) == [organisation]
    assert list(Organisation.objects.filter(pk__in=[10**30])) == []
