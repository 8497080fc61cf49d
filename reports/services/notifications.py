"""The e-mails of the reports workflow. Services call `notify_*` inside their transaction: one
outbox row per recipient, in the recipient's language, sent by the worker after the commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from magnet import outbox
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL

from ..models import Acknowledgement, FieldReport, PeriodicReport, ReportingPeriod

FIELD_REPORT_EVENTS = ("submitted", "changes_requested", "approved")
PERIODIC_REPORT_EVENTS = ("sent", "acknowledged")
DUE_DATE_REMINDER = "reports/due_date_reminder"


def users_in_role(role: str):
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("pk")


def _mails(users, *, template: str, report_id: int) -> list:
    occasion = outbox.unique()  # each transition is a new mail, even a second one of the same kind
    return [
        outbox.mail(key=f"{template}:{report_id}:{user.pk}:{occasion}", to=user.email, template=template,
                    language=user.preferred_language, context={"report": report_id, "user": user.pk})
        for user in users
    ]


def notify_field_report(report_id: int, event: str) -> None:
    """Submitted: to every ICMPD staff member. Sent back or approved: to the author."""
    if event not in FIELD_REPORT_EVENTS:
        raise ValueError(event)
    report = FieldReport.objects.select_related("author").get(pk=report_id)
    recipients = list(users_in_role(ICMPD_STAFF)) if event == "submitted" else [report.author]
    outbox.enqueue(*_mails(recipients, template=f"reports/field_report_{event}", report_id=report_id))


def notify_periodic_report(report_id: int, event: str) -> None:
    """Sent to PMM: to every PMM official. Acknowledged: to every ICMPD staff member."""
    if event not in PERIODIC_REPORT_EVENTS:
        raise ValueError(event)
    role = PMM_OFFICIAL if event == "sent" else ICMPD_STAFF
    outbox.enqueue(*_mails(users_in_role(role), template=f"reports/periodic_report_{event}", report_id=report_id))


def due_date_reminder_mail(*, period, user, days_left: int):
    return outbox.mail(key=f"{DUE_DATE_REMINDER}:{period.pk}:{user.pk}", to=user.email, template=DUE_DATE_REMINDER,
                       language=user.preferred_language,
                       context={"period": period.pk, "user": user.pk, "days_left": days_left})


def _link(url_name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


@outbox.register(*(f"reports/field_report_{event}" for event in FIELD_REPORT_EVENTS))
def _build_field_report(row) -> outbox.Rendered:
    report = FieldReport.objects.select_related("author", "period").get(pk=row.context["report"])
    comment = (report.comments.order_by("-created_at", "-pk").first()
               if row.template.endswith("changes_requested") else None)
    return outbox.Rendered({
        "report": report, "comment": comment, "recipient": get_user_model().objects.get(pk=row.context["user"]),
        "url": _link("reports:field_report_detail", row.language, pk=report.pk),
    })


@outbox.register(*(f"reports/periodic_report_{event}" for event in PERIODIC_REPORT_EVENTS))
def _build_periodic_report(row) -> outbox.Rendered:
    report = PeriodicReport.objects.select_related("period").get(pk=row.context["report"])
    acknowledgement = (Acknowledgement.objects.filter(report=report).select_related("user").first()
                       if row.template.endswith("acknowledged") else None)
    return outbox.Rendered({
        "report": report, "acknowledgement": acknowledgement,
        "recipient": get_user_model().objects.get(pk=row.context["user"]),
        "url": _link("reports:periodic_report_detail", row.language, pk=report.pk),
    })


@outbox.register(DUE_DATE_REMINDER)
def _build_due_date_reminder(row) -> outbox.Rendered:
    return outbox.Rendered({
        "period": ReportingPeriod.objects.get(pk=row.context["period"]),
        "recipient": get_user_model().objects.get(pk=row.context["user"]),
        "days_left": row.context["days_left"],
        "url": _link("reports:field_report_list", row.language),
    })
