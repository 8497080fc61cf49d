"""The PDF itself: text that extracts exactly, Turkish upper-casing, fonts embedded, PDF/A, page
count, footer labels, statistics withheld until PMM clears them."""

import io
import re

import pytest
from pypdf import PdfReader

from reports.charts import bar_chart_svg
from reports.rendering import render_html, render_periodic_report

from .factories import FigureFactory, approved_report, compiled_report

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    # Lines wrap where the layout wraps them; compare words, not line breaks.
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def report(staff, period, pmm):
    field_report = approved_report(period=period, title_tr="Iğdır sınır gözlemi", title_en="Iğdır border observation")
    FigureFactory(report=field_report, label_tr="Açık istatistik", label_en="Cleared statistic", is_statistic=True)
    FigureFactory(report=field_report, label_tr="Gizli istatistik", label_en="Pending statistic", is_statistic=True)
    FigureFactory(report=field_report, label_tr="Dağıtılan broşür", label_en="Leaflets handed out", value=300)
    from reports.services.field_reports import clear_statistic

    clear_statistic(figure=field_report.figures.get(label_tr="Açık istatistik"), actor=pmm)
    return compiled_report(staff=staff, period=period)


def test_the_turkish_edition_reads_back_exactly_with_turkish_capitals(report):
    rendered = render_periodic_report(report, language="tr", version=1)

    reader, text = pdf_text(rendered.content)
    assert rendered.page_count == len(reader.pages) >= 8
    assert "Göç İdaresi Başkanlığı" in text
    assert "GÖÇ İDARESİ BAŞKANLIĞINA ÇEYREK DÖNEM FAALİYET RAPORU" in text
    assert "İçindekiler" in text and "Yönetici özeti" in text
    assert "Sayfa 2 / " in text
    assert "Iğdır sınır gözlemi" in text
    assert "Page 2 of" not in text and "Executive summary" not in text


def test_the_english_edition_has_english_footer_and_text(report):
    rendered = render_periodic_report(report, language="en", version=1)

    _reader, text = pdf_text(rendered.content)
    assert f"Page 2 of {rendered.page_count}" in text
    assert "QUARTERLY ACTIVITY REPORT TO THE PRESIDENCY OF MIGRATION MANAGEMENT" in text
    assert "Presidency of Migration Management (Göç İdaresi Başkanlığı)" in text
    assert "Contents" in text and "Sayfa" not in text


def test_the_bilingual_edition_has_every_section_in_both_languages(report):
    rendered = render_periodic_report(report, language="bilingual", version=3)

    _reader, text = pdf_text(rendered.content)
    for turkish, english in (("Yönetici özeti", "Executive summary"), ("Paydaş sicili", "Stakeholder registry"),
                             ("Genel durum", "Situation overview")):
        assert turkish in text and english in text
    assert "İçindekiler / Contents" in text
    assert re.search(r"Sayfa 2 / \d+ · Page 2 of \d+", text)


def test_statistics_not_cleared_by_pmm_are_withheld(report):
    _reader, text = pdf_text(render_periodic_report(report, language="tr", version=1).content)

    assert "Açık istatistik" in text
    assert "Dağıtılan broşür" in text
    assert "Gizli istatistik" not in text
    assert "Göç İdaresi Başkanlığının onayını bekleyen 1 istatistik gösterilmemektedir." in text


def test_the_pdf_claims_pdfa_and_embeds_its_fonts(report):
    reader, _text = pdf_text(render_periodic_report(report, language="tr", version=1).content)

    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.get_nodes_in_namespace("", "http://www.aiim.org/pdfa/ns/id/") or b"pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    fonts = set()
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            fonts.add(str(font["/BaseFont"]))
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.add(str(font["/BaseFont"]))
    assert fonts and fonts == embedded
    assert all("Noto-Sans" in name for name in fonts)


def test_the_table_of_contents_points_at_page_numbers(report):
    html = render_html(report, language="tr", version=1)

    assert 'href="#summary"' in html and 'id="summary"' in html
    assert "target-counter(attr(href), page)" in html


def test_charts_are_svg_drawn_on_the_server_with_escaped_labels():
    svg = bar_chart_svg(title="Katılım <b>", categories=["Kamu kurumları", "Sivil toplum"],
                        series=[("Davet edilen", [10, 4]), ("Katılan", [5, 0])])

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Katılım &lt;b&gt;</title>" in svg
    assert svg.count("<rect") == 2 + 4  # legend swatches + bars
    assert ">10</text>" in svg and ">0</text>" in svg


def test_photos_from_the_field_are_embedded_in_the_annex(staff, period):
    from django.core.files.base import ContentFile
    from PIL import Image

    from reports.models import FieldReportAttachment

    field_report = approved_report(period=period, title_tr="Van sınır gözlemi", title_en="Van border observation")
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), (11, 61, 110)).save(buffer, "PNG")
    FieldReportAttachment.objects.create(
        report=field_report, file=ContentFile(buffer.getvalue(), name="kapi.png"), original_name="kapı.png",
        caption="Kapıköy sınır kapısı", size=len(buffer.getvalue()), uploaded_by=field_report.author,
    )
    report = compiled_report(staff=staff, period=period)

    reader, text = pdf_text(render_periodic_report(report, language="tr", version=1).content)

    images = {image.name: image for page in reader.pages for image in page.images}  # pages share resources
    assert len(images) == 1
    assert next(iter(images.values())).image.size == (1200, 800)  # print size, not the 2400 px original
    assert "Kapıköy sınır kapısı" in text
