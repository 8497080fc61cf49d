"""The data annex of a periodic report: the same frozen figures as the PDF, as rows for XLSX/CSV."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def annex_table(report, *, language: str) -> tuple[list[str], list[list]]:
    """Headers and rows (section, group, metric, value), names in `language`."""
    figures = report.figures or {}
    part = figures.get(language, {})
    names = {p["code"]: p.get(f"name_{language}", p["code"]) for p in figures.get("pillars", [])}
    rows: list[list] = []
    with translation.override(language):
        headers = [_("Section"), _("Group"), _("Metric"), _("Value")]
        registry, meetings, conference = _("Stakeholder registry"), _("Meetings"), _("Regional conference")
        for row in part.get("registry", []):
            for key, label in (("organisations_new", _("New organisations")), ("organisations_total", _("Organisations")),
                               ("people_new", _("New people")), ("people_total", _("People"))):
                rows.append([registry, row["pillar_name"], label, row[key]])
        meeting_part = part.get("meetings", {})
        rows.append([meetings, "", _("Meetings held"), meeting_part.get("meetings_held", 0)])
        for group_key, name_key in (("by_pillar", "pillar_name"), ("by_organisation_type", "name"),
                                    ("by_country", "country_name")):
            for row in meeting_part.get(group_key, []):
                for key, label in (("invited", pgettext("participation", "Invited")), ("accepted", pgettext("participation", "Accepted")), ("attended", pgettext("participation", "Attended"))):
                    rows.append([meetings, row[name_key], label, row[key]])
        conference_part = part.get("conference", {})
        for key, label in (("registrations", _("Registrations")), ("approved", pgettext("participation", "Approved")),
                           ("waiting", _("On the waiting list")), ("checked_in", pgettext("participation", "Checked in"))):
            rows.append([conference, "", label, conference_part.get(key, 0)])
        for row in conference_part.get("by_pillar", []):
            for key, label in (("registered", pgettext("participation", "Registered")), ("approved", pgettext("participation", "Approved")), ("checked_in", pgettext("participation", "Checked in"))):
                rows.append([conference, row["pillar_name"], label, row[key]])
        for row in conference_part.get("by_country", []):
            for key, label in (("registered", pgettext("participation", "Registered")), ("checked_in", pgettext("participation", "Checked in"))):
                rows.append([conference, row["country_name"], label, row[key]])
        field_part = figures.get("field", {})
        field = _("Reporting from the field")
        rows.append([field, "", _("Approved field reports"), field_part.get("reports", 0)])
        rows.append([field, "", _("Meetings held"), field_part.get("meetings_held", 0)])
        rows.append([field, "", _("Organisations engaged"), field_part.get("organisations_engaged", 0)])
        for code, count in field_part.get("participants", {}).items():
            rows.append([field, names.get(code, code), _("Participants"), count])
    return headers, rows
