"""Reads of the projects app for each project's reports and figures (the proposals' reads are in
h7's modules). Every function takes the acting user and returns only what they may see:

- members of the project's organisation (an approved, current membership): their projects' reports;
- ICMPD staff: every report;
- PMM officials: only reports ICMPD has put on the trail *and sent* to PMM (the trail decides), and
  the figures of those; never a report being written or reviewed;
- anyone else: nothing (a detail page answers 404)."""

from django.db.models import Count, Prefetch, Q, Sum

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from reports import submission
from stakeholders.models import Membership

from .models import Project, ProjectFigure, ProjectReport, TargetGroup


def member_organisation_ids(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.filter(
        person__user=user, person__anonymised_at__isnull=True, status=Membership.Status.APPROVED, until__isnull=True,
    ).values_list("organisation_id", flat=True))


def is_member(user, project: Project) -> bool:
    return project.organisation_id in member_organisation_ids(user)


def project_reports_for(user):
    queryset = ProjectReport.objects.select_related("project", "project__organisation")
    if has_role(user, ICMPD_STAFF):
        return queryset
    organisations = member_organisation_ids(user)
    visible = Q(project__organisation_id__in=organisations) if organisations else Q(pk__in=[])
    if has_role(user, PMM_OFFICIAL):
        sent = [pk for pk, state in _trail_states(user).items() if state.sent]
        visible |= Q(trail_report_id__in=sent)
    return queryset.filter(visible)


def _trail_states(user) -> dict:
    ids = ProjectReport.objects.filter(trail_report_id__isnull=False).values_list("trail_report_id", flat=True)
    return submission.states(list(ids), user=user)


def project_report_list(*, user, status: str = ""):
    queryset = project_reports_for(user).annotate(figure_count=Count("figures"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("due_on", "pk")


def project_report_detail(*, user, pk):
    return project_reports_for(user).prefetch_related(
        Prefetch("figures", queryset=ProjectFigure.objects.select_related("target_group", "cleared_by"))
    ).filter(pk=pk)


def trail_state(report: ProjectReport, *, user):
    if not report.trail_report_id:
        return None
    return submission.states([report.trail_report_id], user=user).get(report.trail_report_id)


def figures_awaiting_clearance(*, user):
    """Figures PMM holds (their report was sent to PMM) and has not cleared yet: PMM officials' queue."""
    if not has_role(user, PMM_OFFICIAL):
        return ProjectFigure.objects.none()
    sent = [pk for pk, state in _trail_states(user).items() if state.sent]
    return (ProjectFigure.objects.awaiting_clearance().filter(report__trail_report_id__in=sent)
            .select_related("report", "report__project", "target_group").order_by("report__due_on", "pk"))


def active_target_groups():
    return TargetGroup.objects.filter(is_active=True).order_by("order", "pk")


def cleared_reach(*, language: str = "tr") -> dict:
    """Public figures from the projects' reports: only what PMM cleared (magnet.statistics), summed:
    people reached by target group and by province, activities held, and the newest clearance date.
    Reads nothing personal."""
    cleared = ProjectFigure.objects.filter(is_statistic=True).publishable()
    reached = cleared.filter(kind=ProjectFigure.Kind.PEOPLE_REACHED)
    by_group = (reached.exclude(target_group=None).values("target_group__code", f"target_group__name_{language}")
                .annotate(total=Sum("value")).order_by("-total", "target_group__code"))
    by_province = (reached.exclude(province="").values("province").annotate(total=Sum("value"))
                   .order_by("-total", "province"))
    activities = cleared.filter(kind=ProjectFigure.Kind.ACTIVITIES_HELD).aggregate(total=Sum("value"))["total"] or 0
    newest = cleared.order_by("-cleared_at").values_list("cleared_at", flat=True).first()
    from stakeholders.provinces import PROVINCES

    province_names = dict(PROVINCES)
    return {
        "by_target_group": [{"code": row["target_group__code"], "name": row[f"target_group__name_{language}"],
                             "people": row["total"]} for row in by_group],
        "by_province": [{"code": row["province"], "name": str(province_names.get(row["province"], row["province"])),
                         "people": row["total"]} for row in by_province],
        "activities_held": activities,
        "cleared_at": newest,
    }


def approved_projects_by_theme_and_province(*, language: str = "tr") -> dict:
    """Projects with PMM's favourable opinion, counted by thematic area and by province (the public
    key-figures page). Counts only; no project is named."""
    from stakeholders.provinces import PROVINCES

    approved = Project.objects.filter(state__in=Project.APPROVED)
    by_theme = (approved.values("thematic_areas__pk", f"thematic_areas__name_{language}")
                .exclude(thematic_areas=None).annotate(projects=Count("pk", distinct=True))
                .order_by("-projects", "thematic_areas__pk"))
    by_province = (approved.values("province_rows__province").exclude(province_rows=None)
                   .annotate(projects=Count("pk", distinct=True)).order_by("-projects", "province_rows__province"))
    names = dict(PROVINCES)
    return {
        "approved": approved.count(),
        "nationwide": approved.filter(nationwide=True).count(),
        "by_theme": [{"name": row[f"thematic_areas__name_{language}"], "projects": row["projects"]} for row in by_theme],
        "by_province": [{"code": row["province_rows__province"],
                         "name": str(names.get(row["province_rows__province"], "")), "projects": row["projects"]}
                        for row in by_province],
    }


def approved_projects_without_plan(*, user):
    """Staff: projects with PMM's favourable opinion that have no reporting plan yet."""
    if not has_role(user, ICMPD_STAFF):
        return Project.objects.none()
    return (Project.objects.filter(state__in=Project.APPROVED, reporting_plan__isnull=True)
            .select_related("organisation").order_by("-decided_at", "-pk")[:50])
