from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from magnet import limits
from magnet.languages import validate_working_languages, working_language_labels
from magnet.limits import limited_text
from magnet.uploads import DOCUMENT_KINDS, ContentValidator
from stakeholders.models import Organisation, Person, Pillar, ThematicArea
from stakeholders.provinces import PROVINCES

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

class Meeting(models.Model):
    """A four-pillar, sectoral, working-group or bilateral meeting, prepared by ICMPD staff."""

    class Kind(models.TextChoices):
        FOUR_PILLAR = "four_pillar", _("Four-pillar meeting")
        SECTORAL = "sectoral", _("Sectoral meeting")
        WORKING_GROUP = "working_group", _("Working group")
        BILATERAL = "bilateral", _("Bilateral meeting")

    class Visibility(models.TextChoices):
        INVITATION_ONLY = "invitation_only", _("Invitation only")
        PILLAR_MEMBERS = "pillar_members", _("Open to approved members of the chosen pillars")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    title = models.CharField(_("title"), max_length=255)
    summary = limited_text(_("summary"), limits.SUMMARY, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FOUR_PILLAR)
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="meetings", verbose_name=_("pillars"))
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="meetings", verbose_name=_("thematic areas")
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Türkiye time (Europe/Istanbul)."))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.CharField(_("address"), max_length=255, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Outside Türkiye."))
    online_url = models.URLField(_("online meeting link"), blank=True)
    working_languages = models.JSONField(
        _("working languages"), default=list, blank=True, validators=[validate_working_languages]
    )
    interpretation = models.BooleanField(_("interpretation provided"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats for accepted invitees; empty means no limit.")
    )
    rsvp_deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before)"), default=2, help_text=_("0 sends no reminder.")
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.INVITATION_ONLY
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, editable=False, help_text="iCalendar SEQUENCE: raised on every change invitees must see"
    )
    minutes = limited_text(_("minutes"), limits.MINUTES, blank=True)
    outcomes = limited_text(_("outcomes"), limits.MINUTES, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if self.rsvp_deadline and self.starts_at and self.rsvp_deadline > self.starts_at:
            errors["rsvp_deadline"] = _("The answer deadline must be before the meeting starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def calendar_uid(self) -> str:
        return f"meeting-{self.pk}@magnet"

    @property
    def location_text(self) -> str:
        parts = [self.venue_name, self.venue_address, self.get_province_display() or self.city]
        return ", ".join(p for p in parts if p)

    @property
    def working_language_labels(self) -> list:
        return working_language_labels(self.working_languages)

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def answers_open(self) -> bool:
        """Answers may be given or changed: published, not started, deadline not passed."""
        now = timezone.now()
        if self.status != self.Status.PUBLISHED or self.starts_at <= now:
            return False
        return self.rsvp_deadline is None or now <= self.rsvp_deadline


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        SESSION = "session", _("Session")
        PANEL = "panel", _("Panel")
        PRESENTATION = "presentation", _("Presentation")
        BREAK = "break", _("Break")
        DISCUSSION = "discussion", _("Discussion")
        CLOSING = "closing", _("Closing")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SESSION)
    title = models.CharField(_("title"), max_length=255)
    description = limited_text(_("description"), limits.DESCRIPTION, blank=True)
    speakers = models.ManyToManyField(Person, blank=True, related_name="agenda_items_speaking", verbose_name=_("speakers"))
    moderators = models.ManyToManyField(
        Person, blank=True, related_name="agenda_items_moderating", verbose_name=_("moderators")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "starts_at", "order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An agenda item must end after it starts.")})


class MeetingDocument(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        BACKGROUND = "background", _("Background paper")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents", verbose_name=_("agenda item")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.BACKGROUND)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="meetings/documents/%Y/%m/",
        validators=[ContentValidator(DOCUMENT_KINDS, max_bytes=DOCUMENT_MAX_BYTES)],
        help_text=_("PDF, DOCX, XLSX or PPTX, at most 20 MB."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "kind", "pk"]

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Invitation(models.Model):
    """One person's invitation to one meeting, and their answer."""

    class Response(models.TextChoices):
        NONE = "none", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", pgettext_lazy("meeting answer", "Declined")
        TENTATIVE = "tentative", _("Tentative")
        WAITING = "waiting", _("On the waiting list")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_invitations", verbose_name=_("person"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    response = models.CharField(_("answer"), max_length=16, choices=Response.choices, default=Response.NONE, db_index=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    note = limited_text(_("note"), limits.NOTE, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=255, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False, help_text=_("Came without an invitation."))
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_person_and_meeting"),
        ]
        indexes = [models.Index(fields=["meeting", "response"])]

    def __str__(self):
        return f"{self.person} — {self.meeting}"


class ActionItem(models.Model):
    """A commitment (taahhüt) made at a meeting or a conference session: an owner organisation and/or
    person from the registry, a due date, a status and the progress notes of its updates. Writes go
    through meetings.commitments. An item from a conference session has no meeting: its source is
    the session's title and address (meetings knows nothing of the conference app)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.DROPPED)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="action_items", verbose_name=_("meeting")
    )
    source_title = models.CharField(
        _("conference session"), max_length=255, blank=True,
        help_text=_("For a commitment made at a conference session: the session's title (no meeting)."),
    )
    source_url = models.CharField(_("session address"), max_length=500, blank=True, help_text=_("A portal address such as /en/conference/…"))
    title = models.CharField(_("action"), max_length=255)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner organisation")
    )
    owner_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner person")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    reminder_before_sent_at = models.DateTimeField(_("reminder before the due date sent"), null=True, blank=True, editable=False)
    reminder_overdue_sent_at = models.DateTimeField(_("overdue reminder sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["meeting", "due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="actionitem_status_due")]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.owner_person or self.owner_organisation

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def source(self) -> str:
        """Where the commitment was made: the meeting's title or the conference session's."""
        return self.meeting.title if self.meeting_id else self.source_title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.meeting_id and not self.source_title:
            errors["meeting"] = _("Choose the meeting, or name the conference session, where this was agreed.")
        if not self.owner_organisation_id and not self.owner_person_id:
            errors["owner_organisation"] = _("Choose an owner organisation, an owner person, or both.")
        if self.source_url and not self.source_url.startswith(("/", "https://")):
            errors["source_url"] = _("Give a portal address starting with / or an https:// address.")
        if errors:
            raise ValidationError(errors)


class ActionItemUpdate(models.Model):
    """One progress note on a commitment: who wrote it, when, and the status change it recorded."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action item"))
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )
    author_is_staff = models.BooleanField(_("written by ICMPD staff"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    old_status = models.CharField(_("status before"), max_length=16, choices=ActionItem.Status.choices)
    new_status = models.CharField(_("status after"), max_length=16, choices=ActionItem.Status.choices)
    note = limited_text(_("progress note"), limits.NOTE, blank=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action_item", "created_at", "pk"]

    def __str__(self):
        return f"{self.action_item} — {self.get_new_status_display()}"


class CalendarFeed(models.Model):
    """A person's private calendar feed: the secret token in its URL can be revoked (replaced)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="meeting_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.person)


class Printout(models.Model):
    """A generated PDF (agenda or attendance list), rendered by Celery; its state shows on the staff page."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        ATTENDANCE = "attendance", _("Attendance list")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="printouts")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to="meetings/printouts/%Y/%m/", blank=True)
    page_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("printout")
        verbose_name_plural = _("printouts")
        ordering = ["meeting", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "language"], name="one_printout_per_kind_and_language"),
        ]

    def __str__(self):
        return f"{self.meeting} — {self.get_kind_display()} ({self.language})"


class AgendaTemplate(models.Model):
    """A reusable agenda ("Four-pillar meeting, one day"): items as offsets from the meeting's start."""

    name = models.CharField(_("name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("agenda template"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    offset_minutes = models.PositiveIntegerField(
        _("starts (minutes after the meeting starts)"), default=0, help_text=_("Minutes after the meeting starts.")
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=30)
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.SESSION)
    title = models.CharField(_("title"), max_length=255)
    description = limited_text(_("description"), limits.DESCRIPTION, blank=True)

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["template", "offset_minutes", "order", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="template_item_has_duration")]

    def __str__(self):
        return self.title


class AgendaRevision(models.Model):
    """One save of a meeting's agenda in the builder: who, when, and what changed (item titles and
    field names only, no personal data). Every save of a published agenda writes one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_revisions", verbose_name=_("meeting"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    published = models.BooleanField(_("agenda was published"), default=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("agenda revision")
        verbose_name_plural = _("agenda revisions")
        ordering = ["meeting", "-created_at", "-pk"]
        indexes = [models.Index(fields=["meeting", "-created_at"], name="agenda_revision_recent")]

    def __str__(self):
        return f"{self.meeting} — {self.created_at:%Y-%m-%d %H:%M}"
