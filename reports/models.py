"""Field reports written by field staff, periodic reports compiled by ICMPD for PMM, and the PDF
editions generated from them. Every state change is a `Transition`; every download a `DownloadLog`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.limits import limited_text
from magnet.statistics import Statistic
from magnet.uploads import ContentValidator
from stakeholders.provinces import PROVINCES

ATTACHMENT_KINDS = ("pdf", "png", "jpg", "jpeg")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The narrative sections of a field report, each kept in Turkish and English.
NARRATIVE_FIELDS = ("situation_overview", "stakeholder_engagement", "needs_and_challenges", "recommendations")
# Participants by pillar, one column per pillar code (the four pillars are fixed reference data).
PILLAR_PARTICIPANT_FIELDS = {
    "public": "participants_public",
    "civil": "participants_civil",
    "international": "participants_international",
    "private_academia": "participants_private_academia",
}


class ReportingPeriod(models.Model):
    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        INTERIM = "interim", _("Project interim")
        FINAL = "final", _("Project final")
        # A period of one project's report, put on the trail by another app (reports.submission):
        # not offered to field reporters and never the subject of their reminders.
        PROJECT = "project", _("One project's reporting period")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("reports due on"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-starts_on", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"),
            models.UniqueConstraint(fields=["kind", "starts_on", "ends_on"], name="one_period_per_kind_and_dates"),
        ]

    def __str__(self):
        return self.name


class FieldReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="field_reports", verbose_name=_("author")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="field_reports", verbose_name=_("reporting period")
    )
    title = models.CharField(_("title"), max_length=200)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES)
    place = models.CharField(
        _("place or border area"), max_length=200, blank=True, help_text=_("For example a district or a border gate.")
    )
    situation_overview = limited_text(_("situation overview"), limits.NARRATIVE, blank=True)
    stakeholder_engagement = limited_text(_("stakeholder engagement"), limits.NARRATIVE, blank=True)
    needs_and_challenges = limited_text(_("observed needs and challenges"), limits.NARRATIVE, blank=True)
    recommendations = limited_text(_("recommendations"), limits.NARRATIVE, blank=True)
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    organisations_engaged = models.PositiveIntegerField(_("organisations engaged"), default=0)
    participants_public = models.PositiveIntegerField(_("participants: public institutions"), default=0)
    participants_civil = models.PositiveIntegerField(_("participants: civil society"), default=0)
    participants_international = models.PositiveIntegerField(_("participants: international community"), default=0)
    participants_private_academia = models.PositiveIntegerField(
        _("participants: private sector and academia"), default=0
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def participants_total(self) -> int:
        return sum(getattr(self, field) for field in PILLAR_PARTICIPANT_FIELDS.values())


class FieldReportFigure(Statistic):
    """A figure the reporter adds with its own label and unit. Figures marked as statistics stay
    internal until PMM clears them (the coordination of statistical data the circular requires):
    the rule is `magnet.statistics`, shared with projects' figures and the key-figures release."""

    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("field report"))
    label = models.CharField(_("label"), max_length=160)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()


def _attachment_path(instance, filename):
    # A random name: nothing stored is reachable by a guessable path (and media is never served).
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/attachments/{uuid.uuid4().hex}.{extension}"


class FieldReportAttachment(models.Model):
    report = models.ForeignKey(
        FieldReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("field report")
    )
    file = models.FileField(
        _("file"),
        upload_to=_attachment_path,
        validators=[ContentValidator(ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)],
    )
    original_name = models.CharField(_("file name"), max_length=255)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.original_name.rsplit(".", 1)[-1].lower() in ("png", "jpg", "jpeg")


class ReviewComment(models.Model):
    report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("field report"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    body = limited_text(_("comment"), limits.NOTE)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} — {self.created_at:%Y-%m-%d}"


class PeriodicReport(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY_MONTHLY = "monthly", _("Monthly activity report")
        ACTIVITY_QUARTERLY = "quarterly", _("Quarterly activity report")
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")
        RESULTS = "results", _("Implementation results")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent to PMM")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by PMM")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="periodic_reports", verbose_name=_("reporting period")
    )
    title = models.CharField(_("title"), max_length=200)
    executive_summary = limited_text(_("executive summary"), limits.SUMMARY, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    field_reports = models.ManyToManyField(
        FieldReport, blank=True, related_name="periodic_reports", verbose_name=_("annexed field reports")
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True, help_text="Snapshot made by reports.figures")
    figures_compiled_at = models.DateTimeField(_("figures compiled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("compiled by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("last sent to PMM"), null=True, blank=True)
    # What the report is about: the portal's own activity ("portal"), or another app's object sent
    # through this trail (reports.submission: e.g. "projects.report" and that report's id).
    source = models.CharField(_("source"), max_length=40, default="portal", db_index=True)
    source_id = models.PositiveIntegerField(_("source object"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period__starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], condition=models.Q(source_id__isnull=False),
                                    name="one_trail_report_per_source_object"),
        ]

    def __str__(self):
        return self.title


class SentVersion(models.Model):
    """What PMM received, frozen by `send_to_pmm`: the texts in both languages, the figures, the
    annexed field reports; the PDF editions are the `ReportDocument`s of the same version. Everything
    PMM reads comes from the newest of these, so re-opening and editing the report changes nothing
    PMM sees until the next version is sent. Rows are never updated."""

    report = models.ForeignKey(PeriodicReport, on_delete=models.PROTECT, related_name="sent_versions",
                               verbose_name=_("report"))
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=16, choices=PeriodicReport.Kind.choices)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("reporting period"))
    title_tr = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title"), max_length=200)
    executive_summary_tr = limited_text(_("executive summary"), limits.SUMMARY, blank=True)
    executive_summary_en = limited_text(_("executive summary"), limits.SUMMARY, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_compiled_at = models.DateTimeField(_("figures compiled"), null=True, blank=True)
    field_reports = models.ManyToManyField(FieldReport, blank=True, related_name="+",
                                           verbose_name=_("annexed field reports"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent to PMM"))

    class Meta:
        verbose_name = _("version sent to PMM")
        verbose_name_plural = _("versions sent to PMM")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_snapshot_per_version")]

    def __str__(self):
        return f"{self.report_id} v{self.version}"


class ReportDocument(models.Model):
    """One generated PDF edition. The row is written (queued) before the job is sent to Celery, so a
    broker outage or a dead worker loses nothing; once done, its file and checksum never change."""

    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")
        BILINGUAL = "bilingual", _("Bilingual")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(PeriodicReport, on_delete=models.PROTECT, related_name="documents", verbose_name=_("report"))
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("edition"), max_length=10, choices=Language.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("reason of failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("sent to the worker queue"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="reports/documents/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    sent_at = models.DateTimeField(_("sent to PMM"), null=True, blank=True)

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version", "language"], name="one_edition_per_version"),
        ]
        indexes = [models.Index(fields=["state", "queued_at"])]

    def __str__(self):
        return f"{self.report} v{self.version} ({self.get_language_display()})"

    @property
    def filename(self) -> str:
        return f"magnet-report-{self.report_id}-v{self.version}-{self.language}.pdf"


class Transition(models.Model):
    """Who moved which report from what state to what state, when, with what comment."""

    field_report = models.ForeignKey(
        FieldReport, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions"
    )
    periodic_report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    from_state = models.CharField(_("from"), max_length=20)
    to_state = models.CharField(_("to"), max_length=20)
    comment = limited_text(_("comment"), limits.NOTE, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(field_report__isnull=False, periodic_report__isnull=True)
                           | models.Q(field_report__isnull=True, periodic_report__isnull=False)),
                name="transition_of_exactly_one_report",
            ),
        ]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"

    def _label(self, state: str) -> str:
        choices = FieldReport.Status if self.field_report_id else PeriodicReport.Status
        return dict(choices.choices).get(state, state)

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)


class Acknowledgement(models.Model):
    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="acknowledgements", verbose_name=_("report")
    )
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    comment = limited_text(_("comment"), limits.NOTE, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version", "user"], name="one_acknowledgement_per_version_and_user"),
        ]

    def __str__(self):
        return f"{self.report} v{self.version} — {self.user}"


class DownloadLog(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey(ReportDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="downloads")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} — {self.kind} — {self.at:%Y-%m-%d %H:%M}"


class ReminderLog(models.Model):
    """One due-date reminder per reporter and period: makes the daily reminder job idempotent."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "user"], name="one_reminder_per_period_and_user")]

    def __str__(self):
        return f"{self.user} — {self.period}"


class KeyFiguresRelease(Statistic):
    """The public key figures (the /figures/ page, its CSV and JSON, the API), as ICMPD staff
    compile them on a day and PMM clears them (magnet.statistics: a release is always a statistic).
    The page shows the newest cleared release with its date of clearance; a release being prepared,
    or awaiting PMM, is seen by staff and PMM only. `figures` is frozen JSON: aggregates, no person."""

    as_of = models.DateField(_("figures as of"))
    figures = models.JSONField(_("figures"), default=dict)
    is_statistic = models.BooleanField(_("statistic"), default=True, editable=False)  # always
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("prepared by"))
    prepared_at = models.DateTimeField(_("prepared"), auto_now_add=True)

    class Meta:
        verbose_name = _("key-figures release")
        verbose_name_plural = _("key-figures releases")
        ordering = ["-prepared_at", "-pk"]
        indexes = [models.Index(fields=["-cleared_at"], name="key_figures_cleared")]

    def __str__(self):
        return f"{self.as_of:%Y-%m-%d}"
