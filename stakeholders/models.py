from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from magnet import limits
from magnet.limits import limited_text
from magnet.text import SORT_KEY_LENGTH, search_key, sort_key

from .provinces import PROVINCES


class Pillar(models.Model):
    """One of the four fixed pillars of the MAGNET network."""

    class Code(models.TextChoices):
        PUBLIC = "public", _("Public institutions")
        CIVIL = "civil", _("Civil society")
        INTERNATIONAL = "international", _("International community")
        PRIVATE_ACADEMIA = "private_academia", _("Private sector and academia")

    code = models.CharField(_("code"), max_length=32, choices=Code.choices, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = limited_text(_("description"), limits.DESCRIPTION, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class OrganisationType(models.Model):
    """Ministry, governorate, NGO, UN agency, university… Each belongs to one pillar."""

    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="organisation_types", verbose_name=_("pillar"))
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")
        ordering = ["pillar__order", "order", "pk"]

    def __str__(self):
        return self.name


class ThematicArea(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        SUSPENDED = "suspended", _("Suspended")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=255)
    description = limited_text(_("description"), limits.DESCRIPTION, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("pillar"))
    type = models.ForeignKey(
        OrganisationType, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("organisation type")
    )
    country = CountryField(_("country"), default="TR")
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Outside Türkiye."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="organisations", verbose_name=_("thematic areas")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_reason = limited_text(_("reason"), limits.NOTE, blank=True, help_text=_("Told to the proposer when rejected."))
    proposed_by = models.ForeignKey(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposed by")
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("merged into")
    )
    search_text = models.TextField(editable=False, default="", help_text="search_key() of names and acronym")
    acronym_key = models.CharField(editable=False, max_length=32, default="", db_index=True)
    # sort_key() of the name as each language shows it (English falls back to the Turkish name).
    sort_tr = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    sort_en = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The change history is registered in translation.py, after modeltranslation has added the name_tr/…
    # columns, so the historical model records every language.

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.type_id and self.pillar_id and self.type.pillar_id != self.pillar_id:
            errors["type"] = _("This organisation type belongs to another pillar.")
        if self.country == "TR" and not self.province:
            errors["province"] = _("Choose the province for an organisation in Türkiye.")
        if self.country != "TR" and self.province:
            errors["province"] = _("A province is only given for organisations in Türkiye; use the city field.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot be its own parent.")
        if errors:
            raise ValidationError(errors)

    def refresh_search_columns(self) -> None:
        """Set the normalised search columns; bulk_create skips save(), so bulk paths call this."""
        name_tr = getattr(self, "name_tr", "") or self.name
        name_en = getattr(self, "name_en", "") or name_tr
        place = self.get_province_display() if self.province else self.city
        parts = [self.acronym, name_tr, name_en, self.name, place]
        self.search_text = search_key(" ".join(dict.fromkeys(p for p in parts if p)))
        self.acronym_key = search_key(self.acronym)
        self.sort_tr = sort_key(name_tr, "tr")
        self.sort_en = sort_key(name_en, "en")

    @property
    def location(self) -> str:
        if self.country == "TR" and self.province:
            return str(self.get_province_display())
        return ", ".join(p for p in (self.city, str(self.country.name)) if p)


class Person(models.Model):
    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = PhoneNumberField(_("phone"), blank=True, help_text=_("International format, e.g. +90 312 555 01 02."))
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.TURKISH
    )
    languages_spoken = models.JSONField(_("languages spoken"), default=list, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="people", verbose_name=_("organisations")
    )
    in_directory = models.BooleanField(
        _("appears in the directory"), default=False, help_text=_("Only with the person's explicit consent.")
    )
    receives_communications = models.BooleanField(
        _("receives network communications"), default=False, help_text=_("Only with the person's explicit consent.")
    )
    profile_completed_at = models.DateTimeField(_("profile completed"), null=True, blank=True)
    added_by_staff = models.BooleanField(
        _("added by staff"), default=False, help_text=_("Added by ICMPD staff (e.g. from the agenda builder), not by the person.")
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="", help_text="search_key() of names and e-mail (staff)")
    directory_text = models.TextField(
        editable=False, default="", help_text="search_key() of the names only: the directory never matches an e-mail"
    )
    # sort_key() of "family name given name" in each language.
    sort_tr = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    sort_en = models.CharField(editable=False, max_length=3 * SORT_KEY_LENGTH, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "directory_text", "sort_tr", "sort_en"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        super().save(*args, **kwargs)

    def refresh_search_columns(self) -> None:
        """Set the normalised search and sort columns; bulk_create skips save(), so bulk paths call this."""
        self.directory_text = search_key(f"{self.given_name} {self.family_name}")
        self.search_text = search_key(f"{self.directory_text} {self.email}")
        self.sort_tr = sort_key(f"{self.family_name} {self.given_name}", "tr")
        self.sort_en = sort_key(f"{self.family_name} {self.given_name}", "en")

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Membership(models.Model):
    """A person's place in an organisation. New memberships wait for staff approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_reason = limited_text(_("reason"), limits.NOTE, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "pk"]
        # The approval queue walks the oldest pending requests in order and stops at its page size,
        # instead of joining every person and sorting.
        indexes = [models.Index(fields=["status", "created_at", "id"], name="membership_status_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(until__isnull=True),
                name="one_current_membership_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(since__isnull=True) | models.Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"


class LegalText(models.Model):
    """A version of the KVKK information notice or of a consent text. Published versions are never
    edited: a change is a new version, so every consent record points at the exact words shown."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Information notice (KVKK)")
        DIRECTORY = "directory", _("Consent to appear in the directory")
        COMMUNICATIONS = "communications", _("Consent to receive network communications")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = limited_text(_("text"), limits.LEGAL_TEXT)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice or consent text")
        verbose_name_plural = _("notice and consent texts")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_legal_text_per_kind_version")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class ConsentRecord(models.Model):
    """One act of a person: acknowledging the notice, giving or withdrawing a consent. Records are
    only added, never changed; the latest record of a kind is the person's current choice."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        ADMIN = "admin", _("Entered by staff")
        IMPORT = "import", _("Import")
        API = "api", _("API")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    text = models.ForeignKey(LegalText, on_delete=models.PROTECT, related_name="records", verbose_name=_("text"))
    kind = models.CharField(_("kind"), max_length=32, choices=LegalText.Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    given = models.BooleanField(_("given"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["person", "kind", "-recorded_at"])]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} v{self.version}: {self.given}"


class ImportJob(models.Model):
    """An uploaded import file and its progress: checked row by row in a background task (the dry
    run, whose result is kept in ImportJobRow for the paginated preview), then, once staff confirm
    a file without errors, written in one transaction by another task."""

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        VALIDATING = "validating", _("Being checked")
        READY = "ready", _("Checked")
        IMPORTING = "importing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.IMPORTING)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(_("language"), max_length=2, default="tr", help_text="of the upload: errors are written in it")
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    processed_count = models.PositiveIntegerField(_("rows processed"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    file_errors = models.JSONField(_("errors in the file"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        return min(100, self.processed_count * 100 // self.row_count) if self.row_count else 0

    @property
    def can_import(self) -> bool:
        return self.status == self.Status.READY and not self.error_count and not self.file_errors and self.row_count > 0


class ImportJobRow(models.Model):
    """One checked row of an import file, for the paginated preview. Deleted once the file is imported."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows", verbose_name=_("import"))
    line = models.PositiveIntegerField(_("line"))
    values = models.JSONField(_("values"), default=dict)
    errors = models.JSONField(_("errors"), default=list)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["job", "line"]
        indexes = [models.Index(fields=["job", "line"])]

    def __str__(self):
        return f"{self.job} — {self.line}"
