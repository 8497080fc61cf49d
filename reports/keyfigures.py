"""The public key figures: compiled by ICMPD staff into a `KeyFiguresRelease`, cleared by PMM
(magnet.statistics, the same rule as every statistic), shown to anyone — the page, CSV, JSON and the
API all read `latest_public_release()` and `rows()`, so no door can show an uncleared number.

A release reads the other apps through their selectors, as reports/figures.py does: the registry by
pillar (stakeholders), meeting and conference participation (meetings, conference), projects by
thematic area and province and the people they reached by target group (projects: only figures PMM
cleared in the projects' reports, so a release never carries an uncleared project figure)."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from magnet import statistics
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role

from .models import KeyFiguresRelease

LANGUAGES = ("tr", "en")
SINCE = datetime.date(2000, 1, 1)
UPCOMING = datetime.timedelta(days=730)


def compile_key_figures(*, as_of: datetime.date) -> dict:
    from conference.selectors import conference_figures
    from meetings.selectors import meeting_figures
    from projects.selectors import approved_projects_by_theme_and_province, cleared_reach
    from stakeholders.selectors import registry_growth

    result = {"as_of": as_of}
    for language in LANGUAGES:
        with translation.override(language):
            meetings = meeting_figures(start=SINCE, end=as_of)
            # Registrations so far, the coming edition's included.
            conference = conference_figures(start=SINCE, end=as_of + UPCOMING)
            result[language] = {
                "registry": [{"pillar": row["pillar_name"], "organisations": row["organisations_total"],
                              "people": row["people_total"]} for row in registry_growth(start=SINCE, end=as_of)],
                "meetings": {"held": meetings.get("meetings_held", 0),
                             "by_pillar": [{"pillar": r["pillar_name"], "invited": r["invited"],
                                            "attended": r["attended"]} for r in meetings.get("by_pillar", [])]},
                "conference": {"registrations": conference.get("registrations", 0),
                               "checked_in": conference.get("checked_in", 0),
                               "by_pillar": [{"pillar": r["pillar_name"], "registered": r["registered"],
                                              "checked_in": r["checked_in"]} for r in conference.get("by_pillar", [])]},
                "projects": approved_projects_by_theme_and_province(language=language),
                "reach": cleared_reach(language=language),
            }
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder))


@transaction.atomic
def prepare_release(*, actor, as_of: datetime.date | None = None) -> KeyFiguresRelease:
    """ICMPD staff compile a new release; it stays off the public page until PMM clears it."""
    if not has_role(actor, ICMPD_STAFF):
        raise ValidationError(gettext_lazy("You may not do this."), code="forbidden")
    as_of = as_of or timezone.localdate()
    return KeyFiguresRelease.objects.create(as_of=as_of, figures=compile_key_figures(as_of=as_of), prepared_by=actor)


def clear_release(*, release: KeyFiguresRelease, actor) -> KeyFiguresRelease:
    """A PMM official clears a release for publication (magnet.statistics.clear: the one rule)."""
    return statistics.clear(release, actor=actor)


def latest_public_release() -> KeyFiguresRelease | None:
    """The newest release PMM cleared: the only one anyone outside staff and PMM may see."""
    return (KeyFiguresRelease.objects.filter(is_statistic=True).publishable()
            .order_by("-cleared_at", "-pk").first())


def releases_for(user):
    """Staff and PMM officials see every release (to prepare and to clear); others none."""
    if has_role(user, ICMPD_STAFF, PMM_OFFICIAL):
        return KeyFiguresRelease.objects.select_related("prepared_by", "cleared_by").order_by("-prepared_at", "-pk")
    return KeyFiguresRelease.objects.none()


def public_document(release: KeyFiguresRelease | None, *, language: str) -> dict:
    """What the JSON download and the API return: the figures in one language with the dates."""
    if release is None:
        return {"cleared_at": None, "as_of": None, "figures": None}
    return {"as_of": release.as_of.isoformat(), "cleared_at": release.cleared_at.isoformat(),
            "language": language, "figures": release.figures.get(language, {})}


def rows(release: KeyFiguresRelease, *, language: str) -> tuple[list[str], list[list]]:
    """The release as a table (section, group, metric, value) in `language`: the CSV download."""
    part = release.figures.get(language, {})
    table = []
    with translation.override(language):
        headers = [_("Section"), _("Group"), _("Metric"), _("Value")]
        registry = _("Stakeholder registry")
        for row in part.get("registry", []):
            table.append([registry, row["pillar"], _("Organisations"), row["organisations"]])
            table.append([registry, row["pillar"], _("People"), row["people"]])
        meetings = _("Meetings")
        table.append([meetings, "", _("Meetings held"), part.get("meetings", {}).get("held", 0)])
        for row in part.get("meetings", {}).get("by_pillar", []):
            table.append([meetings, row["pillar"], pgettext("participation", "Invited"), row["invited"]])
            table.append([meetings, row["pillar"], pgettext("participation", "Attended"), row["attended"]])
        conference = _("Regional conference")
        table.append([conference, "", _("Registrations"), part.get("conference", {}).get("registrations", 0)])
        table.append([conference, "", pgettext("participation", "Checked in"),
                      part.get("conference", {}).get("checked_in", 0)])
        projects = _("Projects with PMM's favourable opinion")
        project_part = part.get("projects", {})
        table.append([projects, "", _("Projects"), project_part.get("approved", 0)])
        for row in project_part.get("by_theme", []):
            table.append([projects, row["name"], _("Projects by thematic area"), row["projects"]])
        for row in project_part.get("by_province", []):
            table.append([projects, row["name"], _("Projects by province"), row["projects"]])
        reach = _("People reached by projects")
        reach_part = part.get("reach", {})
        for row in reach_part.get("by_target_group", []):
            table.append([reach, row["name"], _("People reached"), row["people"]])
        for row in reach_part.get("by_province", []):
            table.append([reach, row["name"], _("People reached by province"), row["people"]])
        table.append([reach, "", _("Activities held"), reach_part.get("activities_held", 0)])
    return headers, table
