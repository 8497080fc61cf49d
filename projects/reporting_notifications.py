"""The e-mails of each project's reports, one outbox row per recipient in the recipient's language
(magnet/outbox.py), built when sent: submitted (to ICMPD staff), sent back or accepted (to the
members of the project's organisation), and the reminder before a due date (to those members)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from magnet import outbox
from magnet.roles import ICMPD_STAFF
from stakeholders.models import Membership

from .models import ProjectReport

EVENTS = ("submitted", "changes_requested", "accepted")
REMINDER = "projects/report_reminder"


def _template(event: str) -> str:
    return f"projects/report_{event}"


def organisation_users(organisation_id: int):
    return get_user_model().objects.filter(
        is_active=True, person__anonymised_at__isnull=True,
        person__memberships__organisation_id=organisation_id,
        person__memberships__status=Membership.Status.APPROVED, person__memberships__until__isnull=True,
    ).distinct().order_by("pk")


def _staff():
    return get_user_model().objects.filter(groups__name=ICMPD_STAFF, is_active=True).order_by("pk")


def report_mails(report: ProjectReport, event: str) -> list:
    if event not in EVENTS:
        raise ValueError(event)
    users = _staff() if event == "submitted" else organisation_users(report.project.organisation_id)
    occasion = outbox.unique()
    return [outbox.mail(key=f"{_template(event)}:{report.pk}:{user.pk}:{occasion}", to=user.email,
                        template=_template(event), language=user.preferred_language,
                        context={"report": report.pk, "user": user.pk}) for user in users]


def reminder_mails(report: ProjectReport, *, days_left: int) -> list:
    return [outbox.mail(key=f"{REMINDER}:{report.pk}:{user.pk}", to=user.email, template=REMINDER,
                        language=user.preferred_language,
                        context={"report": report.pk, "user": user.pk, "days_left": days_left})
            for user in organisation_users(report.project.organisation_id)]


@outbox.register(*(_template(event) for event in EVENTS), REMINDER)
def _build(row) -> outbox.Rendered:
    report = ProjectReport.objects.select_related("project").get(pk=row.context["report"])
    with translation.override(row.language):
        url = settings.SITE_URL + reverse("projects:report_detail", kwargs={"pk": report.pk})
    return outbox.Rendered({
        "report": report, "project": report.project, "url": url,
        "recipient": get_user_model().objects.get(pk=row.context["user"]),
        "days_left": row.context.get("days_left", 0),
    })
