"""Each approved project's reports (the circular's item ç) and the figures it reports (items a, b).

A project with PMM's favourable opinion gets a `ReportingPlan`: interim reports every N months, a
final report and an implementation results report, each a `ProjectReport` with its period and due
date. The organisation's members write a report and submit it; ICMPD staff review it (send back or
accept); accepting puts it on the submission trail to PMM (reports.submission: versions, PDF in both
languages, SHA-256, acknowledgement), whose report id is `trail_report_id`. The people reached and
the activities held are `ProjectFigure`s: statistics (magnet.statistics), shared with PMM and held
from every public or partner view until a PMM official clears them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.limits import limited_text
from magnet.statistics import Statistic
from stakeholders.provinces import PROVINCES

from .proposals import Project, TargetGroup


class ReportingPlan(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="reporting_plan",
                                   verbose_name=_("project"))
    interval_months = models.PositiveSmallIntegerField(
        _("interim report every (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting plan")
        verbose_name_plural = _("reporting plans")

    def __str__(self):
        return str(self.project)


class ProjectReport(models.Model):
    class Kind(models.TextChoices):
        # The same values as reports' periodic report kinds: the trail knows them.
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")
        RESULTS = "results", _("Implementation results")

    class Status(models.TextChoices):
        DUE = "due", _("To be written")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted by ICMPD")

    EDITABLE = (Status.DUE, Status.CHANGES_REQUESTED)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(_("number"), default=1)
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"), db_index=True)
    summary_tr = limited_text(_("summary of progress (Turkish)"), limits.SUMMARY, blank=True)
    summary_en = limited_text(_("summary of progress (English)"), limits.SUMMARY, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DUE, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review_comment = limited_text(_("reviewer's comment"), limits.NOTE, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The report on the submission trail (reports.submission), once ICMPD accepted this one.
    trail_report_id = models.PositiveIntegerField(_("report sent to PMM"), null=True, blank=True, unique=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "sequence"], name="one_project_report_per_slot"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="project_report_ends_after_start"),
        ]

    def __str__(self):
        if self.kind == self.Kind.INTERIM:
            return f"{self.project} — {self.get_kind_display()} {self.sequence}"
        return f"{self.project} — {self.get_kind_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ProjectFigure(Statistic):
    """A number a project reports: people reached (by target group and province) or activities held.
    Always a statistic: PMM receives it with the report and clears it before anyone else sees it."""

    class Kind(models.TextChoices):
        PEOPLE_REACHED = "people_reached", _("People reached")
        ACTIVITIES_HELD = "activities_held", _("Activities held")

    report = models.ForeignKey(ProjectReport, on_delete=models.CASCADE, related_name="figures",
                               verbose_name=_("project report"))
    kind = models.CharField(_("figure"), max_length=20, choices=Kind.choices)
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("target group"))
    province = models.CharField(_("province"), max_length=2, choices=PROVINCES, blank=True)
    value = models.PositiveIntegerField(_("value"))
    is_statistic = models.BooleanField(_("statistic"), default=True, editable=False)  # always

    class Meta:
        verbose_name = _("project figure")
        verbose_name_plural = _("project figures")
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["cleared_at", "kind"], name="project_figure_cleared")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"
