"""Upload validation by content, not by name: the first bytes (and, for Office files, the zip's
contents) must match what the extension claims, within a size limit. Images are decoded in full on
upload (within a pixel limit) and stored re-encoded at print size (`reencode_image`), so nothing
stored can stop a PDF later: every image upload goes through both."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

KINDS = {
    "pdf": {"magic": (b"%PDF-",), "zip_member": None},
    "docx": {"magic": (b"PK\x03\x04",), "zip_member": "word/document.xml"},
    "xlsx": {"magic": (b"PK\x03\x04",), "zip_member": "xl/workbook.xml"},
    "pptx": {"magic": (b"PK\x03\x04",), "zip_member": "ppt/presentation.xml"},
    "png": {"magic": (b"\x89PNG\r\n\x1a\n",), "zip_member": None},
    "jpg": {"magic": (b"\xff\xd8\xff",), "zip_member": None},
    "jpeg": {"magic": (b"\xff\xd8\xff",), "zip_member": None},
}
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx")
IMAGE_KINDS = ("png", "jpg", "jpeg")
# A decoded image larger than this is refused (a 48 KB PNG can claim 20000 × 20000 pixels).
IMAGE_MAX_PIXELS = 40_000_000
# Stored images are downscaled to this longest side: 20 cm at 300 dpi, more than any page needs.
PRINT_MAX_SIDE = 2400


class ContentValidator:
    """Form/model field validator: `ContentValidator(DOCUMENT_KINDS, max_bytes=20 * 1024 * 1024)`."""

    def __init__(self, kinds, max_bytes: int):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, upload):
        name = getattr(upload, "name", "") or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in self.kinds:
            raise ValidationError(
                _("Files of this type are not accepted. Accepted: %(kinds)s."),
                code="file_type",
                params={"kinds": ", ".join(k.upper() for k in self.kinds)},
            )
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is too large (%(size)s). The limit is %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(self.max_bytes)},
            )
        if not _content_matches(upload, KINDS[extension]):
            raise ValidationError(
                _("The file's content is not a %(kind)s file, whatever its name says."),
                code="file_content",
                params={"kind": extension.upper()},
            )
        if extension in IMAGE_KINDS:
            _decode_image(upload)

    def __eq__(self, other):
        return isinstance(other, ContentValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)

    def deconstruct(self):
        return ("magnet.uploads.ContentValidator", (self.kinds,), {"max_bytes": self.max_bytes})


def _content_matches(upload, spec) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(spec["magic"]):
        return False
    if spec["zip_member"]:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = spec["zip_member"] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
        return ok
    return True


def _decode_image(upload):
    """Decode the whole image, refusing pixel bombs and anything Pillow cannot draw."""
    from PIL import Image

    damaged = ValidationError(
        _("The image cannot be read: the file is damaged or is not really an image."), code="image_damaged"
    )
    too_large = ValidationError(
        _("The image is too large: it has more than %(limit)s million pixels."),
        code="image_pixels", params={"limit": IMAGE_MAX_PIXELS // 1_000_000},
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:  # Pillow itself refuses the grossest bombs here
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise too_large
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Image.DecompressionBombError as error:
        raise too_large from error
    except (OSError, SyntaxError, ValueError) as error:
        raise damaged from error
    finally:
        upload.seek(0)


def reencode_image(upload, *, name: str) -> ContentFile:
    """The upload decoded, turned upright, downscaled to print size and encoded afresh (metadata
    such as GPS position dropped): PNG stays PNG, anything else becomes JPEG. Call after validation."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((PRINT_MAX_SIDE, PRINT_MAX_SIDE))
        buffer = io.BytesIO()
        if name.lower().endswith(".png"):
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG", optimize=True)
        else:
            image.convert("RGB").save(buffer, "JPEG", quality=85)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=name)
