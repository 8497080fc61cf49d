"""Upload validation by content, not by name: the first bytes (and, for Office files, the zip's
contents) must match what the extension claims, within a size limit."""

import zipfile

from django.core.exceptions import ValidationError
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
