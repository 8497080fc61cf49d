"""Participant feedback: a question template staff choose per event, a feedback form (one round per
meeting or conference edition), one recipient row per attendee and their (anonymous) response.

Anonymity by design: a `Response` has no link to the person who gave it. The `Recipient` row (who was
asked, whether they answered, whether they were reminded) and the `Response` row (what was answered)
are joined only by `Response.key`, a keyed hash (HMAC with the server's secret key) of the recipient's
id. The signed link in the mail carries the recipient's id, so the attendee can open and edit their own
answers; pages and exports never show who answered what, and the database alone does not tell it.
A form staff mark as not anonymous also stores the person on the response."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from magnet import limits
from magnet.limits import limited_text
from meetings.models import Meeting
from stakeholders.models import Person, Pillar

RATING_MIN, RATING_MAX = 1, 5


class QuestionTemplate(models.Model):
    """A reusable set of questions (a questionnaire) staff choose per event."""

    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question template")
        verbose_name_plural = _("question templates")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating scale (1–5)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    template = models.ForeignKey(
        QuestionTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("question template")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("option"), max_length=255)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.label


class FeedbackForm(models.Model):
    """One feedback round for one event. Staff create it with a template (state "draft"); it is sent
    once the event is over (staff action or the hourly beat task), stays open for answers until it is
    closed, and reminds those who have not answered once."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    template = models.ForeignKey(
        QuestionTemplate, on_delete=models.PROTECT, related_name="forms", verbose_name=_("question template")
    )
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback_form", verbose_name=_("meeting")
    )
    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback_form",
        verbose_name=_("conference"),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT, db_index=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Answers are stored without the name of the person who gave them.")
    )
    open_days = models.PositiveSmallIntegerField(_("open for (days)"), default=14)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"), default=5, help_text=_("One reminder to those who have not answered; 0 sends none.")
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, conference__isnull=True)
                | models.Q(meeting__isnull=True, conference__isnull=False),
                name="feedback_form_for_one_event",
            ),
        ]

    def __str__(self):
        return str(self.event)

    @property
    def event(self):
        return self.meeting or self.conference

    @property
    def is_open(self) -> bool:
        """Answers are taken (and may be changed): sent, not closed, closing time not passed."""
        return self.state == self.State.OPEN and (self.closes_at is None or timezone.now() < self.closes_at)


class Recipient(models.Model):
    """An attendee asked for feedback: who was mailed and reminded, and whether they answered (not what)."""

    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("feedback form"))
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback_requests", verbose_name=_("person")
    )
    pillar = models.ForeignKey(Pillar, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pillar"))
    invited_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered = models.BooleanField(_("has answered"), default=False)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["form", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "person"], name="one_feedback_request_per_person")]

    def __str__(self):
        return f"{self.form} — {self.person}"


class Response(models.Model):
    """One attendee's answers to one form. `key` is the keyed hash of the recipient (see the module
    docstring): unique per form, so an attendee has one response, which they may edit while open."""

    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="responses", verbose_name=_("feedback form"))
    key = models.CharField(max_length=64, editable=False)
    pillar = models.ForeignKey(Pillar, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pillar"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="tr")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("person"),
        help_text="Only for a form that is not anonymous.",
    )
    submitted_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["form", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="one_feedback_response_per_recipient")]

    def __str__(self):
        return f"{self.form} #{self.pk}"


class Answer(models.Model):
    """One answer: a rating, one chosen option (a multiple choice gives one row per option), or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers", verbose_name=_("option"))
    text = limited_text(_("answer"), limits.NOTE, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="feedback_rating_in_scale",
            ),
        ]
        indexes = [models.Index(fields=["question", "option"]), models.Index(fields=["question", "rating"])]

    def __str__(self):
        return f"{self.question}: {self.rating or self.option or self.text}"
