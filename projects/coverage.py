"""The coverage view's figures (PMM and staff): projects by province and thematic area, budget
totals per currency, and the gaps — provinces where PMM's figures show many persons of a target group
and no project serves that group there. Counted: projects with PMM's favourable opinion or under
review (COVERAGE_STATES). A fixed number of queries, whatever the number of projects."""

from collections import Counter, defaultdict

from django.db.models import Count, Sum
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from reports.charts import bar_chart_svg
from stakeholders.models import ThematicArea
from stakeholders.provinces import PROVINCE_NAMES

from .models import Project, ProjectProvince, ProvinceNeed

COVERAGE_STATES = (Project.State.SUBMITTED, Project.State.MORE_INFORMATION, *Project.APPROVED)
GAP_MINIMUM = 1000  # persons of a target group in a province before a missing project is a gap


def coverage(*, user) -> dict:
    if not has_role(user, PMM_OFFICIAL, ICMPD_STAFF):
        return {}
    projects = Project.objects.filter(state__in=COVERAGE_STATES)
    through_areas = Project.thematic_areas.through.objects.filter(project__state__in=COVERAGE_STATES)
    areas = list(ThematicArea.objects.all())
    # province × thematic area
    cells = Counter()
    rows = (ProjectProvince.objects.filter(project__state__in=COVERAGE_STATES)
            .values_list("province", "project_id"))
    provinces_of = defaultdict(set)
    for province, project_id in rows:
        provinces_of[project_id].add(province)
    areas_of = defaultdict(set)
    for project_id, area_id in through_areas.values_list("project_id", "thematicarea_id"):
        areas_of[project_id].add(area_id)
    nationwide_ids = set(projects.filter(nationwide=True).values_list("pk", flat=True))
    per_province = Counter()
    for project_id, provinces in provinces_of.items():
        for province in provinces:
            per_province[province] += 1
            for area_id in areas_of.get(project_id, ()):
                cells[(province, area_id)] += 1
    for project_id in nationwide_ids:
        for area_id in areas_of.get(project_id, ()):
            cells[("nationwide", area_id)] += 1
    table = [
        {"name": PROVINCE_NAMES[code], "total": per_province[code],
         "cells": [cells[(code, area.pk)] for area in areas]}
        for code in sorted(per_province, key=lambda c: (-per_province[c], PROVINCE_NAMES[c]))
    ]
    if nationwide_ids:
        table.append({"name": _("Nationwide"), "total": len(nationwide_ids),
                      "cells": [cells[("nationwide", area.pk)] for area in areas]})
    by_area = Counter(area_id for ids in areas_of.values() for area_id in ids)
    chart_rows = [(str(area), by_area[area.pk]) for area in areas if by_area[area.pk]]
    chart = bar_chart_svg(title=_("Projects by thematic area"), categories=[name for name, _n in chart_rows],
                          series=[(_("Projects"), [n for _name, n in chart_rows])]) if chart_rows else ""
    budgets = list(projects.exclude(budget__isnull=True).values("currency")
                   .annotate(total=Sum("budget"), count=Count("pk")).order_by("currency"))
    # Gaps: figures PMM entered, where no project (of a province, not nationwide) serves that group.
    served = set(
        ProjectProvince.objects.filter(project__state__in=COVERAGE_STATES)
        .values_list("province", "project__target_groups")
    )
    gaps = [
        need for need in ProvinceNeed.objects.select_related("target_group").order_by("-number", "province")
        if need.number >= GAP_MINIMUM and (need.province, need.target_group_id) not in served
    ]
    return {
        "areas": areas,
        "table": table,
        "chart": mark_safe(chart),  # noqa: S308 — built by reports.charts, every text escaped
        "chart_rows": chart_rows,
        "budgets": budgets,
        "gaps": gaps,
        "gap_minimum": GAP_MINIMUM,
        "needs": ProvinceNeed.objects.select_related("target_group").order_by("province", "target_group__order"),
        "project_count": projects.count(),
    }
