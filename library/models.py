"""The shared library: one row per document anyone may look up between the events.

Documents come from two doors: staff upload them (admin), and the meetings' documents, minutes and
outcomes are published into the library by `library.sync` (library reads meetings; meetings know
nothing of the library). The file's text is extracted by a task into `text`; the search columns
are written only by `library.services.refresh_search`."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.limits import limited_text
from magnet.uploads import ContentValidator
from meetings.models import Meeting, MeetingDocument
from stakeholders.models import Pillar, ThematicArea

FILE_KINDS = ("pdf", "docx", "xlsx", "pptx")
FILE_MAX_BYTES = 20 * 1024 * 1024


class Document(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        BACKGROUND = "background", _("Background paper")
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Minutes")
        OUTCOME = "outcome", _("Outcome document")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")
        BILINGUAL = "tr_en", _("Turkish and English")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class TextState(models.TextChoices):
        NONE = "none", _("No file text")
        PENDING = "pending", _("Reading the file")
        DONE = "done", _("File text searchable")
        FAILED = "failed", _("File could not be read")

    class Part(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        OUTCOMES = "outcomes", _("Outcomes")

    title = models.CharField(_("title"), max_length=255)
    description = limited_text(_("description"), limits.DESCRIPTION, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    language = models.CharField(
        _("language of the document"), max_length=5, choices=Language.choices, default=Language.TURKISH
    )
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="library_documents", verbose_name=_("pillars"))
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="library_documents", verbose_name=_("thematic areas")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS,
        help_text=_("Public documents are open to everyone; members-only ones to approved members, "
                    "ICMPD staff and Göç İdaresi Başkanlığı."),
    )
    is_listed = models.BooleanField(
        _("listed"), default=True,
        help_text=_("Documents of a meeting that is not published (or was cancelled) stay out of the library."),
    )
    file = models.FileField(
        _("file"), upload_to="library/%Y/%m/", blank=True,
        validators=[ContentValidator(FILE_KINDS, max_bytes=FILE_MAX_BYTES)],
        help_text=_("PDF, DOCX, XLSX or PPTX, at most 20 MB. The text of PDF and DOCX files is searchable."),
    )
    # Where the document comes from: a meeting (its document, or its minutes/outcomes), or the
    # event named by staff for an upload (the conference, a workshop).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    meeting_document = models.OneToOneField(
        MeetingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    meeting_part = models.CharField(max_length=10, choices=Part.choices, blank=True, editable=False)
    event_title = models.CharField(_("event"), max_length=255, blank=True)
    event_url = models.URLField(_("event page"), blank=True)

    text = models.TextField(_("text of the file"), blank=True, editable=False)
    text_state = models.CharField(
        _("file text"), max_length=8, choices=TextState.choices, default=TextState.NONE, editable=False
    )
    text_error = models.CharField(max_length=255, blank=True, editable=False)
    text_file = models.CharField(max_length=255, blank=True, editable=False)  # the file the text was read from
    pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Postgres: tsvectors (without positions) of the folded titles, descriptions and file text, and
    # the folded titles and descriptions in `search_text`; SQLite: `search_text` holds the folded
    # text of everything. Written only by services.refresh_search.
    search_tr = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # Postgres: weighted vectors of the titles (A) and descriptions (B) only, which ranking reads.
    rank_tr = SearchVectorField(null=True, editable=False)
    rank_en = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["-year", "-created_at", "-pk"]
        # The GIN indexes on search_tr/search_en are made on Postgres only (migration 0002).
        indexes = [
            models.Index(fields=["is_listed", "visibility", "-year", "-created_at", "-id"], name="library_doc_listing"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "meeting_part"], condition=~models.Q(meeting_part=""), name="library_one_part_per_meeting"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("library:document_detail", args=[self.pk])

    @property
    def content_lang(self) -> str:
        """The `lang` of text quoted from the file: "mul" (several languages) for a bilingual one."""
        return "mul" if self.language == self.Language.BILINGUAL else self.language

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def extension(self) -> str:
        name = self.filename
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""
