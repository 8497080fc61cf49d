"""The e-mails of the reports workflow. Services call `notify_*` inside their transaction; the mail
is sent by a Celery task after the commit, one message per recipient in the recipient's language."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from magnet.mail import new_mail_id, once_key, send_templated_mail
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from magnet.tasks import enqueue_on_commit

from ..models import Acknowledgement, FieldReport, PeriodicReport

log = logging.getLogger(__name__)

FIELD_REPORT_EVENTS = ("submitted", "changes_requested", "approved")
PERIODIC_REPORT_EVENTS = ("sent", "acknowledged")


def notify_field_report(report_id: int, event: str) -> None:
    from ..tasks import send_field_report_notification

    enqueue_on_commit(send_field_report_notification, report_id, event, new_mail_id())


def notify_periodic_report(report_id: int, event: str) -> None:
    from ..tasks import send_periodic_report_notification

    enqueue_on_commit(send_periodic_report_notification, report_id, event, new_mail_id())


def users_in_role(role: str):
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("pk")


def _link(url_name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def send_field_report_mails(*, report_id: int, event: str, mail_id: str = "") -> int:
    """Submitted: to every ICMPD staff member. Sent back or approved: to the author. Returns how many
    messages were sent."""
    if event not in FIELD_REPORT_EVENTS:
        raise ValueError(event)
    report = FieldReport.objects.select_related("author", "period").get(pk=report_id)
    recipients = list(users_in_role(ICMPD_STAFF)) if event == "submitted" else [report.author]
    comment = report.comments.order_by("-created_at", "-pk").first() if event == "changes_requested" else None
    _mail_each(recipients, template=f"reports/field_report_{event}", url_name="reports:field_report_detail",
               report=report, context={"comment": comment}, mail_id=mail_id)
    return len(recipients)


def send_periodic_report_mails(*, report_id: int, event: str, mail_id: str = "") -> int:
    """Sent to PMM: to every PMM official. Acknowledged: to every ICMPD staff member."""
    if event not in PERIODIC_REPORT_EVENTS:
        raise ValueError(event)
    report = PeriodicReport.objects.select_related("period").get(pk=report_id)
    role = PMM_OFFICIAL if event == "sent" else ICMPD_STAFF
    acknowledgement = (
        Acknowledgement.objects.filter(report=report).select_related("user").first() if event == "acknowledged" else None
    )
    recipients = list(users_in_role(role))
    _mail_each(recipients, template=f"reports/periodic_report_{event}", url_name="reports:periodic_report_detail",
               report=report, context={"acknowledgement": acknowledgement}, mail_id=mail_id)
    return len(recipients)


def _mail_each(users, *, template: str, url_name: str, report, context: dict, mail_id: str) -> None:
    """One message per recipient, in their language, with a link to the report in that language."""
    for user in users:
        send_templated_mail(
            to=user.email,
            template=template,
            context={"report": report, "recipient": user, **context,
                     "url": _link(url_name, user.preferred_language, pk=report.pk)},
            language=user.preferred_language,
            once_key=once_key(mail_id, user.email),
        )
