"""The Regional MAGNET Conference: editions, registration types, the programme, registrations,
workshop seats, attendance, badge batches and visa invitation letters.

Seats are held by registrations in HOLDING_STATUSES; every rule about counting them lives in
conference.services.registration, which locks the conference row before it counts."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from magnet import limits
from magnet.languages import validate_working_languages, working_language_labels
from magnet.limits import limited_text
from magnet.text import search_key
from stakeholders.models import Organisation, Person, Pillar

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud at the door


def new_registration_code() -> str:
    return "MAG-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


class Conference(models.Model):
    """One edition of the Regional MAGNET Conference."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = limited_text(_("description"), limits.SUMMARY, blank=True)
    venue = models.CharField(_("venue"), max_length=255)
    city = models.CharField(_("city"), max_length=120, default="İstanbul")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("total capacity"))
    working_languages = models.JSONField(
        _("working languages"), default=list, blank=True, validators=[validate_working_languages]
    )
    interpretation = models.CharField(
        _("interpretation"), max_length=255, blank=True, help_text=_("Which languages are interpreted, and where.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    passport_retention_days = models.PositiveSmallIntegerField(
        _("days passport data is kept after the conference"), default=30
    )
    letter_signatory = models.CharField(_("invitation letter signatory"), max_length=200, blank=True)
    letter_signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # iCalendar SEQUENCE of the whole-conference event; raised when it or any session changes
    sequence = models.PositiveIntegerField(default=0, editable=False, help_text="iCalendar SEQUENCE, raised on change")

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="conference_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="conference_registration_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk:  # from the stored value: session changes raise it without touching this object
            stored = Conference.objects.filter(pk=self.pk).values_list("sequence", flat=True).first()
            self.sequence = (stored or 0) + 1
        super().save(*args, **kwargs)

    def raise_sequence(self) -> None:
        Conference.objects.filter(pk=self.pk).update(sequence=models.F("sequence") + 1)

    @property
    def working_language_labels(self) -> list:
        return working_language_labels(self.working_languages)


class RegistrationType(models.Model):
    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        OBSERVER = "observer", _("Observer")
        MEDIA = "media", _("Media")
        ORGANISER = "organiser", _("Organiser")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="registration_types", verbose_name=_("conference")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"))
    requires_approval = models.BooleanField(_("staff must approve"), default=True)
    invitation_only = models.BooleanField(
        _("by invitation only"), default=False, help_text=_("Only staff register people of this type.")
    )
    asks_workshops = models.BooleanField(_("asks for workshop choices"), default=True)
    asks_hotel = models.BooleanField(_("asks whether a hotel room is needed"), default=True)
    colour = models.CharField(_("badge colour"), max_length=7, default="#0b3d6e", help_text=_("Hex colour, e.g. #0b3d6e."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration type")
        verbose_name_plural = _("registration types")
        ordering = ["conference", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "kind"], name="one_registration_type_per_kind")]

    def __str__(self):
        return self.name


class Room(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("conference"))
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("How many people the room holds; empty if unknown."))

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["conference", "order", "pk"]

    def __str__(self):
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Parallel workshop")
        SIDE_EVENT = "side_event", _("Side event")
        BREAK = "break", _("Break")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("conference"))
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("room")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=255)
    abstract = limited_text(_("abstract"), limits.DESCRIPTION, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Workshops only; empty means no limit of its own.")
    )
    speakers = models.ManyToManyField(Person, blank=True, related_name="conference_talks", verbose_name=_("speakers"))
    moderators = models.ManyToManyField(
        Person, blank=True, related_name="conference_moderations", verbose_name=_("moderators")
    )
    sequence = models.PositiveIntegerField(default=0, editable=False, help_text="iCalendar SEQUENCE, raised on change")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room__order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk:
            self.sequence += 1  # calendar apps replace the entry instead of adding a second one
        super().save(*args, **kwargs)
        self.conference.raise_sequence()  # the whole-conference event spans the sessions

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.conference.raise_sequence()
        return result

    @property
    def is_workshop(self) -> bool:
        return self.kind == self.Kind.WORKSHOP


class Registration(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WAITING = "waiting", _("Waiting list")
        OFFERED = "offered", _("Seat offered")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        CHECKED_IN = "checked_in", _("Checked in")

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("conference")
    )
    type = models.ForeignKey(
        RegistrationType, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("registration type")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conference_registrations", verbose_name=_("person"))
    code = models.CharField(_("registration code"), max_length=16, unique=True, default=new_registration_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    organisation_name = models.CharField(
        _("organisation as shown on the badge"), max_length=255, blank=True, help_text=_("When it is not in the registry.")
    )
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="+", verbose_name=_("pillar"))
    country = CountryField(_("country represented"))
    nationality = CountryField(_("nationality"))
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    needs_hotel = models.BooleanField(_("hotel room needed"), default=False)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=255, blank=True)
    interpretation_language = models.CharField(
        _("interpretation language"),
        max_length=2,
        choices=[("tr", _("Turkish")), ("en", _("English"))],
        default="tr",
    )
    photo_consent = models.BooleanField(
        _("photo and video consent"),
        default=False,
        help_text=_("I agree to appear in photos and videos of the conference. Separate from the KVKK consent."),
    )
    needs_visa_letter = models.BooleanField(_("visa invitation letter needed"), default=False)
    # Passport details: staff only, kept only until passport_retention_days after the conference.
    passport_name = models.CharField(_("name as in the passport"), max_length=255, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=32, blank=True)
    passport_country = CountryField(_("passport issued by"), blank=True)
    passport_expires_on = models.DateField(_("passport expiry date"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    passport_erased_at = models.DateTimeField(_("passport data erased"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    status_reason = limited_text(_("reason"), limits.NOTE, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    offer_count = models.PositiveSmallIntegerField(default=0, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked in by")
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "passport_name",
            "passport_number",
            "passport_country",
            "passport_expires_on",
            "date_of_birth",
        ]
    )

    # Registrations in these states hold a seat of their type and of the conference.
    HOLDING_STATUSES = (Status.SUBMITTED, Status.OFFERED, Status.APPROVED, Status.CHECKED_IN)
    # A person has at most one registration per conference in these states.
    ACTIVE_STATUSES = (*HOLDING_STATUSES, Status.WAITING)
    PASSPORT_FIELDS = ("passport_name", "passport_number", "passport_country", "passport_expires_on", "date_of_birth")

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=models.Q(status__in=["submitted", "waiting", "offered", "approved", "checked_in"]),
                name="one_active_registration_per_person",
            ),
        ]
        # The staff lists walk a conference's registrations (of one status) in order and stop at
        # their page size, instead of joining every person and sorting.
        indexes = [
            models.Index(fields=["conference", "status", "created_at", "id"], name="registration_status_created"),
            models.Index(fields=["conference", "created_at", "id"], name="registration_created"),
            models.Index(fields=["conference", "type", "status"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.conference}"

    def save(self, *args, **kwargs):
        person = self.person
        self.search_text = search_key(f"{person.given_name} {person.family_name} {person.email} {self.code}")
        super().save(*args, **kwargs)

    @property
    def holds_seat(self) -> bool:
        return self.status in self.HOLDING_STATUSES

    @property
    def badge_organisation(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        return self.organisation.name if self.organisation_id else ""

    @property
    def has_passport_data(self) -> bool:
        return any(getattr(self, f) for f in self.PASSPORT_FIELDS)


class WorkshopChoice(models.Model):
    """A registration's wish for a workshop seat: HELD counts against the session's capacity."""

    class Status(models.TextChoices):
        HELD = "held", _("Seat held")
        WAITING = "waiting", _("Waiting list")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="workshop_choices", verbose_name=_("registration")
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="choices", verbose_name=_("workshop"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(_("chosen"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop choice")
        verbose_name_plural = _("workshop choices")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_choice_per_workshop")]

    def __str__(self):
        return f"{self.registration.person} — {self.session}"


class SessionAttendance(models.Model):
    """A participant scanned in at the door of a session (workshops)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session"))
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("registration")
    )
    checked_in_at = models.DateTimeField(_("checked in"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("checked in by")
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["checked_in_at"]
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_attendance_per_session")]

    def __str__(self):
        return f"{self.registration.person} — {self.session}"


class BadgeBatch(models.Model):
    """A print run of badges (several per A4 sheet), rendered by Celery."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="badge_batches", verbose_name=_("conference"))
    registration_type = models.ForeignKey(
        RegistrationType, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("registration type")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    badge_count = models.PositiveIntegerField(_("badges"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    file = models.FileField(_("file"), upload_to="conference/badges/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge batch")
        verbose_name_plural = _("badge batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.conference} — {self.created_at:%Y-%m-%d %H:%M}"


class InvitationLetter(models.Model):
    """The log of visa invitation letters: who generated which letter when. The file itself is erased
    with the passport data."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="invitation_letters", verbose_name=_("registration")
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("generated by")
    )
    generated_at = models.DateTimeField(_("generated"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="conference/letters/", blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")
        ordering = ["-generated_at"]

    def __str__(self):
        return f"{self.registration} — {self.generated_at:%Y-%m-%d %H:%M}"


class ProgrammeTemplate(models.Model):
    """A reusable programme: its sessions as day offsets, times, durations and room positions, so a
    new edition starts from it (conference.services.programme.apply_template)."""

    title = models.CharField(_("title"), max_length=200)
    description = limited_text(_("description"), limits.SUMMARY, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    rooms = models.JSONField(_("rooms"), default=list, blank=True, help_text="[{name_tr, name_en}] in order")
    sessions = models.JSONField(
        _("sessions"), default=list, blank=True,
        help_text="[{day, start 'HH:MM', minutes, room (index or null), kind, capacity, title_tr, title_en, abstract_tr, abstract_en}]",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ProgrammeRevision(models.Model):
    """One save of the programme builder: who, when, and what changed (session titles and the
    fields that changed, never people's details); `notified` is how many registrants were told."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="programme_revisions", verbose_name=_("conference"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=list)
    notified = models.PositiveIntegerField(_("registrants told"), default=0)

    class Meta:
        verbose_name = _("programme revision")
        verbose_name_plural = _("programme revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["conference", "-created_at"], name="programme_revision_recent")]

    def __str__(self):
        return f"{self.conference} — {self.created_at:%Y-%m-%d %H:%M}"
