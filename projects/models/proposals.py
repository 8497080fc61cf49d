"""Project proposals for PMM's opinion (the circular's item c): the project itself, its provinces,
the target groups staff curate, PMM's opinions, the question-and-answer thread, the trail of every
transition, the submitter's notes on overlapping projects and the figures PMM enters for the
coverage view's gaps."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.limits import limited_text
from magnet.text import SORT_KEY_LENGTH, search_key, sort_key
from reports.documents import DownloadRecord, GeneratedPdf
from stakeholders.provinces import PROVINCES

# Trigram similarity is computed on the first characters of the folded summaries (200 of each language):
# enough to tell two projects apart, short enough to keep the comparison cheap on thousands of rows
# (benchmarks/project_overlap.py: 1,000 characters made one check take over a second).
SUMMARY_KEY_LENGTH = 400


class TargetGroup(models.Model):
    """A group of people projects serve (persons under temporary protection, migrant workers…);
    a bilingual list ICMPD staff curate."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Currency(models.TextChoices):
    TRY = "TRY", _("Turkish lira (TRY)")
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")


class Project(models.Model):
    """A project as registered by a member organisation: a proposal at the preparation stage until
    PMM gives its opinion, then (when favourable) a project that reports (projects/models/reporting.py).

    Only `projects.services.proposals` writes the state; every change is a ProjectEvent."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for PMM's opinion")
        MORE_INFORMATION = "more_information", _("More information needed")
        FAVOURABLE = "favourable", _("Favourable opinion")
        FAVOURABLE_WITH_CONDITIONS = "favourable_conditions", _("Favourable opinion with conditions")
        NOT_FAVOURABLE = "not_favourable", _("Not favourable")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # States in which PMM has the proposal in its queue.
    AWAITING_PMM = (State.SUBMITTED,)
    # States in which the submitting organisation may edit it.
    EDITABLE = (State.DRAFT, State.MORE_INFORMATION)
    # States with PMM's favourable opinion: the project may go ahead and reports on its work.
    APPROVED = (State.FAVOURABLE, State.FAVOURABLE_WITH_CONDITIONS)
    # States that count as earlier or ongoing work in the overlap check (not drafts, not withdrawn).
    VISIBLE_FOR_OVERLAP = (State.SUBMITTED, State.MORE_INFORMATION, State.FAVOURABLE,
                           State.FAVOURABLE_WITH_CONDITIONS, State.NOT_FAVOURABLE)

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, blank=True, db_index=True,
                                 help_text=_("Given on first submission, e.g. PRJ-2026-0007."))
    organisation = models.ForeignKey(
        "stakeholders.Organisation", on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("submitting organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    summary = limited_text(_("summary"), limits.DESCRIPTION, blank=True)
    implementing_organisations = models.ManyToManyField(
        "stakeholders.Organisation", related_name="implemented_projects", blank=True,
        verbose_name=_("implementing organisations"),
    )
    partner_organisations = models.ManyToManyField(
        "stakeholders.Organisation", related_name="partner_projects", blank=True,
        verbose_name=_("partner organisations"),
    )
    donors = models.CharField(_("donors"), max_length=500, blank=True,
                              help_text=_("Separate several donors with commas."))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    nationwide = models.BooleanField(_("nationwide"), default=False)
    thematic_areas = models.ManyToManyField(
        "stakeholders.ThematicArea", related_name="projects", blank=True, verbose_name=_("thematic areas"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="projects", blank=True, verbose_name=_("target groups"),
    )
    planned_activities = limited_text(_("planned activities"), limits.DESCRIPTION, blank=True)
    expected_results = limited_text(_("expected results"), limits.DESCRIPTION, blank=True)
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_on = models.DateField(_("PMM's answer due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("opinion given"), null=True, blank=True)
    # search_key() of the titles and of the summaries (both languages): the overlap check's trigram
    # similarity runs on these (GIN gin_trgm_ops indexes on Postgres, migration 0002).
    title_key = models.TextField(editable=False, default="")
    summary_key = models.TextField(editable=False, default="")
    sort_tr = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    sort_en = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "submitted_at", "id"], name="project_state_submitted"),
            models.Index(fields=["organisation", "-created_at"], name="project_org_created"),
            models.Index(fields=["starts_on", "ends_on"], name="project_dates"),
        ]

    def __str__(self):
        return self.title or self.reference or str(_("Untitled project"))

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The planned end cannot be before the planned start.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("The budget cannot be negative.")})

    def refresh_search_columns(self) -> None:
        """Set the folded title/summary keys and sort keys; bulk_create skips save(), so bulk paths
        call this."""
        title_tr = getattr(self, "title_tr", "") or self.title or ""
        title_en = getattr(self, "title_en", "") or ""
        summary_tr = getattr(self, "summary_tr", "") or self.summary or ""
        summary_en = getattr(self, "summary_en", "") or ""
        self.title_key = search_key(" ".join(dict.fromkeys(t for t in (title_tr, title_en) if t)))
        half = SUMMARY_KEY_LENGTH // 2
        self.summary_key = search_key(" ".join(s[:half] for s in (summary_tr, summary_en) if s))[:SUMMARY_KEY_LENGTH]
        self.sort_tr = sort_key(title_tr, "tr")
        self.sort_en = sort_key(title_en or title_tr, "en")

    @property
    def is_approved(self) -> bool:
        return self.state in self.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE


class ProjectProvince(models.Model):
    """One province (il) where a project works; a nationwide project has none and `nationwide` set.
    A row per province (rather than an array) works on SQLite and Postgres alike and groups by
    province with a plain GROUP BY."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="province_rows")
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES)

    class Meta:
        verbose_name = _("project province")
        verbose_name_plural = _("project provinces")
        constraints = [models.UniqueConstraint(fields=["project", "province"], name="project_province_once")]
        indexes = [models.Index(fields=["province", "project"], name="project_province_lookup")]

    def __str__(self):
        return self.get_province_display()


class Opinion(models.Model):
    """PMM's answer to a submitted proposal, with reasons in both languages. A proposal may receive
    several (more information needed, then favourable); the latest decides its state."""

    class Kind(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        FAVOURABLE_WITH_CONDITIONS = "favourable_conditions", _("Favourable with conditions")
        NOT_FAVOURABLE = "not_favourable", _("Not favourable")
        MORE_INFORMATION = "more_information", _("More information needed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("project"))
    kind = models.CharField(_("opinion"), max_length=24, choices=Kind.choices)
    reasons = limited_text(_("reasons"), limits.NOTE)
    conditions = limited_text(_("conditions"), limits.NOTE, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-given_at", "-pk"]

    def __str__(self):
        return f"{self.project} — {self.get_kind_display()}"

    @property
    def has_letter(self) -> bool:
        return self.kind != self.Kind.MORE_INFORMATION


class ProjectEvent(models.Model):
    """The trail: who did what to a proposal, and when. Written by the services only."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Draft created")
        SUBMITTED = "submitted", _("Submitted for PMM's opinion")
        RESUBMITTED = "resubmitted", _("Submitted again with more information")
        OPINION = "opinion", _("Opinion given")
        QUESTION = "question", _("Question asked")
        ANSWER = "answer", _("Answer given")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OVERLAP_NOTE = "overlap_note", _("Overlap explained")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project"))
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=24, choices=Project.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=24, choices=Project.State.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["project", "at"], name="project_event_at")]

    def __str__(self):
        return f"{self.project} — {self.get_kind_display()}"


class ThreadMessage(models.Model):
    """A question from PMM or an answer from the submitting organisation, kept with the proposal."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="messages", verbose_name=_("project"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author"),
    )
    from_pmm = models.BooleanField(_("from PMM"), default=False)
    body = limited_text(_("message"), limits.NOTE)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.project} — {self.created_at:%Y-%m-%d}"


class OverlapNote(models.Model):
    """The submitter's explanation of how their proposal differs from an overlapping project;
    PMM reads it beside the overlap list."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="overlap_notes")
    other = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("overlapping project"))
    explanation = limited_text(_("how this proposal differs"), limits.NOTE)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("overlap explanation")
        verbose_name_plural = _("overlap explanations")
        constraints = [models.UniqueConstraint(fields=["project", "other"], name="overlap_note_once")]

    def __str__(self):
        return f"{self.project} ↔ {self.other}"


class ProvinceNeed(models.Model):
    """How many persons of a target group live in a province, as PMM (or staff) enter it with its
    date and source: the coverage view's gaps are provinces with many and no project."""

    province = models.CharField(_("province"), max_length=2, choices=PROVINCES)
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="needs", verbose_name=_("target group"))
    number = models.PositiveIntegerField(_("number of persons"))
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=255)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target-group figure")
        verbose_name_plural = _("target-group figures")
        ordering = ["province", "target_group"]
        constraints = [
            models.UniqueConstraint(fields=["province", "target_group"], name="province_need_once"),
        ]

    def __str__(self):
        return f"{self.get_province_display()} — {self.target_group}: {self.number}"


class OpinionLetter(GeneratedPdf):
    """The opinion letter: one PDF in both languages per opinion (not for "more information
    needed"), rendered by Celery through reports' document machinery (reports.documents)."""

    opinion = models.OneToOneField(Opinion, on_delete=models.CASCADE, related_name="letter", verbose_name=_("opinion"))
    file = models.FileField(_("file"), upload_to="projects/letters/", blank=True)

    class Meta:
        verbose_name = _("opinion letter")
        verbose_name_plural = _("opinion letters")

    def __str__(self):
        return self.filename

    @property
    def filename(self) -> str:
        return f"magnet-opinion-{self.opinion.project.reference or self.opinion.project_id}-{self.opinion_id}.pdf"


class LetterDownload(DownloadRecord):
    """Who downloaded which opinion letter (by its SHA-256), when."""

    letter = models.ForeignKey(OpinionLetter, on_delete=models.CASCADE, related_name="downloads")

    class Meta(DownloadRecord.Meta):
        verbose_name = _("letter download")
        verbose_name_plural = _("letter downloads")
