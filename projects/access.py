"""Who sees which project. Selectors and views fetch through these, so another organisation's
project, or any project for someone with no part in it, answers 404.

- ICMPD staff and PMM officials: every project past the draft stage (staff read; PMM decides).
- Members of an organisation (approved, current membership of an approved organisation, any
  pillar): every project of that organisation, drafts included.
- Anyone else (a stakeholder of no organisation, a field reporter): none.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from stakeholders.models import Membership, Organisation

from .models import Project


def member_organisation_ids(user) -> list[int]:
    """The organisations the user currently belongs to (approved on both sides); cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_projects_organisations", None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            Membership.objects.filter(
                person__user=user, person__anonymised_at__isnull=True, status=Membership.Status.APPROVED,
                organisation__status=Organisation.Status.APPROVED,
            ).filter(Q(until__isnull=True) | Q(until__gte=today)).order_by("organisation_id")
            .values_list("organisation_id", flat=True).distinct()
        )
        user._projects_organisations = cached
    return cached


def member_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=member_organisation_ids(user)).order_by("name")


def is_reviewer(user) -> bool:
    """PMM officials give opinions; nobody else does (not even staff)."""
    return has_role(user, PMM_OFFICIAL)


def may_read_all(user) -> bool:
    return has_role(user, PMM_OFFICIAL, ICMPD_STAFF)


def projects_for(user) -> QuerySet[Project]:
    """Every project the user may open."""
    visible = Q(organisation_id__in=member_organisation_ids(user))
    if may_read_all(user):
        visible |= ~Q(state=Project.State.DRAFT)
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(visible)


def own_projects(user) -> QuerySet[Project]:
    """The projects of the user's organisations (the ones they may edit, submit, withdraw, answer on)."""
    return Project.objects.filter(organisation_id__in=member_organisation_ids(user))


def is_member_of(user, project: Project) -> bool:
    return project.organisation_id in member_organisation_ids(user)
