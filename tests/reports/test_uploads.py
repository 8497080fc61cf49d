"""Images are decoded in full on upload, refused when they are pixel bombs or not images, stored
re-encoded at print size; a damaged file already stored prints as a placeholder (issue 9, item 7)."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from magnet.uploads import PRINT_MAX_SIDE
from reports.models import FieldReport, FieldReportAttachment
from reports.rendering import render_html, render_periodic_report

from .factories import FieldReportFactory, approved_report, compiled_report, png_bytes
from .test_rendering import pdf_text
from .test_views import form_data

pytestmark = pytest.mark.django_db


def pixel_bomb(width=20000, height=20000) -> bytes:
    """A small PNG whose header claims width × height pixels (the 48 KB one of the review)."""
    png = png_bytes((1, 1))
    ihdr = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:8] + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + png[33:]


@pytest.mark.parametrize("content, turkish, english", [
    (pixel_bomb(), "Görüntü çok büyük: 40 milyon pikselden fazla.", "The image is too large: it has more than 40 million"),
    (pixel_bomb(7000, 7000), "Görüntü çok büyük", "The image is too large"),
    (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "Görüntü okunamıyor",
     "The image cannot be read"),
])
def test_a_pixel_bomb_or_a_disguised_file_is_refused_in_both_languages(client, reporter, period, content, turkish,
                                                                        english):
    client.force_login(reporter)
    for language, message in (("tr", turkish), ("en", english)):
        upload = SimpleUploadedFile("foto.png", content, content_type="image/png")
        with translation.override(language):
            url = reverse("reports:field_report_create")
        response = client.post(url, {**form_data(period), "new_attachment": upload})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not FieldReport.objects.exists() and not FieldReportAttachment.objects.exists()


def test_a_photo_is_stored_re_encoded_at_print_size_without_its_metadata(reporter, period):
    from reports.services.field_reports import save_field_report

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # any tag: it must not survive
    Image.new("RGB", (4800, 3000), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("kapı.jpg", buffer.getvalue(), content_type="image/jpeg")

    report = save_field_report(author=reporter, values={"title_tr": "Van", "period": period, "province": "65"},
                               new_attachment=upload)

    attachment = report.attachments.get()
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (PRINT_MAX_SIDE, 1500))
        assert not image.getexif()
    assert attachment.size == attachment.file.size < len(buffer.getvalue())


@pytest.mark.parametrize("stored", [b"\x89PNG\r\n\x1a\n<html>not an image</html>", pixel_bomb()])
def test_a_damaged_image_in_an_approved_report_prints_as_a_placeholder(staff, period, stored):
    field_report = approved_report(period=period)
    FieldReportAttachment.objects.create(  # written straight to storage, as before uploads were decoded
        report=field_report, file=ContentFile(stored, name="bozuk.png"), original_name="bozuk.png",
        caption="Bozuk fotoğraf", size=len(stored), uploaded_by=field_report.author,
    )
    report = compiled_report(staff=staff, period=period)

    _reader, text = pdf_text(render_periodic_report(report, language="tr", version=1).content)

    assert "Bu görüntü basılamıyor" in text and "Bozuk fotoğraf" in text
    assert "This image cannot be printed" in render_html(report, language="en", version=1)


def test_a_pdf_attachment_is_not_treated_as_an_image(reporter):
    from reports.services.field_reports import save_field_report

    report = FieldReportFactory(author=reporter)
    save_field_report(author=reporter, report=report, values={},
                      new_attachment=SimpleUploadedFile("not.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf"))

    assert report.attachments.get().file.read() == b"%PDF-1.7\n%%EOF\n"
