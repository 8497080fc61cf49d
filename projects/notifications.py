"""The e-mails of the proposal workflow: one outbox row per recipient in the recipient's language,
written by the services inside their transaction; rendered when sent, from the proposal as it is then.

To PMM (every active PMM official): submitted, withdrawn, answer. To the submitting side (who created
and who submitted or answered for the organisation, while still a member): opinion, question."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from magnet import outbox
from magnet.roles import PMM_OFFICIAL

from .models import Project, ProjectEvent

TO_PMM = ("submitted", "withdrawn", "answer")
TO_SUBMITTER = ("opinion", "question")


def _mails(users, *, event: str, project: Project, message=None) -> list:
    template = f"projects/{event}"
    occasion = outbox.unique()  # every transition is a new mail, even a second one of the same kind
    context = {"project": project.pk, "message": message.pk if message else None}
    return [
        outbox.mail(key=f"{template}:{project.pk}:{user.pk}:{occasion}", to=user.email, template=template,
                    language=user.preferred_language, context={**context, "user": user.pk})
        for user in users
    ]


def pmm_officials():
    return get_user_model().objects.filter(groups__name=PMM_OFFICIAL, is_active=True).order_by("pk")


def submitting_side(project: Project):
    """The people of the submitting organisation who worked on the proposal and still belong to it."""
    from .access import member_organisation_ids

    actor_ids = set(project.events.filter(
        kind__in=(ProjectEvent.Kind.CREATED, ProjectEvent.Kind.SUBMITTED, ProjectEvent.Kind.RESUBMITTED,
                  ProjectEvent.Kind.ANSWER),
    ).values_list("actor_id", flat=True))
    if project.created_by_id:
        actor_ids.add(project.created_by_id)
    users = get_user_model().objects.filter(pk__in=actor_ids - {None}, is_active=True).order_by("pk")
    return [u for u in users if project.organisation_id in member_organisation_ids(u)]


def to_pmm(project: Project, event: str, *, message=None) -> None:
    if event not in TO_PMM:
        raise ValueError(event)
    outbox.enqueue(*_mails(pmm_officials(), event=event, project=project, message=message))


def to_submitter(project: Project, event: str, *, message=None) -> None:
    if event not in TO_SUBMITTER:
        raise ValueError(event)
    outbox.enqueue(*_mails(submitting_side(project), event=event, project=project, message=message))


@outbox.register(*(f"projects/{event}" for event in TO_PMM + TO_SUBMITTER))
def _build(row) -> outbox.Rendered:
    project = Project.objects.select_related("organisation").get(pk=row.context["project"])
    with translation.override(row.language):
        url = settings.SITE_URL + reverse("projects:proposal_detail", args=[project.pk])
    return outbox.Rendered({
        "project": project,
        "recipient": get_user_model().objects.get(pk=row.context["user"]),
        "opinion": project.opinions.select_related("given_by").first(),
        # The message that caused the mail (a question or an answer), not whatever came after it.
        "message": project.messages.filter(pk=row.context.get("message")).first(),
        "url": url,
    })
