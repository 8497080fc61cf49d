"""The document machinery of reports, as a small interface other apps reuse (projects' opinion
letters) without importing reports' internals:

- `GeneratedPdf`: the abstract fields of a stored PDF (state, file, SHA-256, size, pages, when);
- `render_once(model, pk, render)`: the worker's side of a job, idempotent — claims the row (a
  finished or live job is left alone), calls `render(document) -> magnet.pdf.RenderedPdf` (PDF/A),
  stores the file with its SHA-256 (`store_rendered`), or records the failure;
- `store_rendered(document, rendered)`: file, SHA-256, size and page count set in one place (reports'
  own ReportDocument goes through it too);
- `checksum_headers(response, sha256)`: the headers every download of a stored PDF carries;
- `DownloadRecord`: the abstract download log row (who, which file by its hash, when).
"""

import hashlib
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 2000


class GeneratedPdf(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    error = models.TextField(_("reason of failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)

    class Meta:
        abstract = True

    @property
    def filename(self) -> str:  # pragma: no cover — each concrete model names its files
        raise NotImplementedError


class DownloadRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


def store_rendered(document, rendered) -> None:
    """Put a rendered PDF into a document row (not saved): file, SHA-256 of the exact bytes stored,
    size, page count, done."""
    document.file.save(document.filename, ContentFile(rendered.content), save=False)
    document.sha256 = hashlib.sha256(rendered.content).hexdigest()
    document.size = len(rendered.content)
    document.page_count = rendered.page_count
    document.state = "done"
    document.error = ""
    document.finished_at = timezone.now()


def render_once(model, pk: int, render: Callable) -> object | None:
    """Render and store one document row of `model` (a GeneratedPdf). Idempotent: a done or failed
    row is returned unchanged, a row another worker holds is skipped (None); an error marks the row
    failed with its reason, nothing half-stored remains."""
    with transaction.atomic():
        document = model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if document is None:
            return None
        if document.state in ("done", "failed"):
            return document
        document.state = "rendering"
        document.attempts += 1
        document.save(update_fields=["state", "attempts"])
    try:
        rendered = render(document)
    except Exception as error:
        log.exception("rendering %s %s failed", model.__name__, pk)
        model.objects.filter(pk=pk, state="rendering").update(
            state="failed", error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH], finished_at=timezone.now(),
        )
        return model.objects.get(pk=pk)
    with transaction.atomic():
        document = model.objects.select_for_update().get(pk=pk)
        if document.state == "done":
            return document
        store_rendered(document, rendered)
        document.save()
    return document


def checksum_headers(response, sha256: str):
    """The SHA-256 of a stored PDF travels with every download (reports' editions, opinion letters)."""
    response["Digest"] = f"sha-256={sha256}"
    response["X-Checksum-SHA256"] = sha256
    return response
