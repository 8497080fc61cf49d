"""The one rule for statistics (the circular's items a and b): a number marked as a statistic is
shared with PMM but held from every public or partner view until a PMM official clears it.

Every model that holds such numbers inherits `Statistic` (field reports' figures, projects' figures,
the public key-figures release); every read meant for the public or partners filters with
`.publishable()` (or checks `is_publishable`), and every clearance goes through `clear()`. This module
knows no app: apps bring their models, the rule stays here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet.roles import PMM_OFFICIAL, has_role


class StatisticQuerySet(models.QuerySet):
    def publishable(self):
        """What a public or partner view may show: not a statistic, or a statistic PMM cleared."""
        return self.filter(models.Q(is_statistic=False) | models.Q(cleared_at__isnull=False))

    def awaiting_clearance(self):
        return self.filter(is_statistic=True, cleared_at__isnull=True)


class Statistic(models.Model):
    """Abstract: the clearance fields and the rule. A subclass that is always a statistic sets the
    default of `is_statistic` to True (and does not let anyone change it)."""

    is_statistic = models.BooleanField(
        _("statistic"), default=False, help_text=_("Official statistics are published only after PMM has cleared them.")
    )
    cleared_at = models.DateTimeField(_("cleared by PMM"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cleared by")
    )

    objects = StatisticQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_publishable(self) -> bool:
        return not self.is_statistic or self.cleared_at is not None

    def withdraw_clearance(self) -> None:
        """A statistic whose value changed must be cleared again (the caller saves)."""
        self.cleared_at = None
        self.cleared_by = None


@transaction.atomic
def clear(statistic: Statistic, *, actor) -> Statistic:
    """A PMM official clears a statistic; from then on public and partner views may show it.
    Only PMM officials; only statistics; idempotent: clearing twice keeps the first clearance."""
    if not has_role(actor, PMM_OFFICIAL):
        raise ValidationError(_("You may not do this."), code="forbidden")
    statistic = type(statistic).objects.select_for_update().get(pk=statistic.pk)
    if not statistic.is_statistic:
        raise ValidationError(_("This figure is not marked as a statistic."), code="invalid_transition")
    if statistic.cleared_at is None:
        statistic.cleared_at = timezone.now()
        statistic.cleared_by = actor
        statistic.save(update_fields=["cleared_at", "cleared_by"])
    return statistic
