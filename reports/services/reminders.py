"""Due-date reminders to field reporters."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from magnet import outbox
from magnet.roles import FIELD_REPORTER

from ..models import FieldReport, ReminderLog, ReportingPeriod
from .notifications import due_date_reminder_mail, users_in_role

REMIND_DAYS_BEFORE = 7


def send_due_date_reminders(*, today=None) -> int:
    """Every field reporter who has not yet submitted a report for a period due within the next
    REMIND_DAYS_BEFORE days gets one reminder for that period, in their language. Idempotent: a
    `ReminderLog` row per reporter and period (unique) means a second run sends nothing."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE)
    ).exclude(kind=ReportingPeriod.Kind.PROJECT)  # a project's period is its organisation's business
    reporters = list(users_in_role(FIELD_REPORTER))
    sent = 0
    for period in periods:
        done = set(
            FieldReport.objects.filter(period=period)
            .exclude(status__in=(FieldReport.Status.DRAFT, FieldReport.Status.CHANGES_REQUESTED))
            .values_list("author_id", flat=True)
        )
        for user in reporters:
            if user.pk in done:
                continue
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(period=period, user=user)
                    outbox.enqueue(due_date_reminder_mail(period=period, user=user, days_left=(period.due_on - today).days))
            except IntegrityError:
                continue  # already reminded (another run got there first)
            sent += 1
    return sent
