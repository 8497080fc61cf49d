"""One list of the portal's areas and who may see each. Apps register their entry here."""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple = ()  # empty: everyone signed in; None: everyone, signed in or not


NAV = (
    NavItem(_("Directory"), "stakeholders:directory", (STAKEHOLDER, ICMPD_STAFF)),
    NavItem(_("My meetings"), "meetings:my_meetings", (STAKEHOLDER, ICMPD_STAFF)),
    NavItem(_("My commitments"), "meetings:my_commitments", (STAKEHOLDER,)),
    NavItem(_("Conference"), "conference:home", None),
    NavItem(_("Library"), "library:document_list", None),
    NavItem(_("Field reports"), "reports:field_report_list", (FIELD_REPORTER, ICMPD_STAFF)),
    NavItem(_("Reports"), "reports:periodic_report_list", (PMM_OFFICIAL, ICMPD_STAFF)),
    NavItem(_("Network"), "reports:network", (PMM_OFFICIAL, ICMPD_STAFF)),
    NavItem(_("Project proposals"), "projects:proposal_list", (STAKEHOLDER, PMM_OFFICIAL, ICMPD_STAFF)),
    NavItem(_("Project reports"), "projects:report_list", (STAKEHOLDER, PMM_OFFICIAL, ICMPD_STAFF)),
    NavItem(_("Key figures"), "key_figures:page", None),
    NavItem(_("Staff"), "staff_home", (ICMPD_STAFF,)),
    NavItem(_("My data"), "stakeholders:my_data", (STAKEHOLDER,)),
)


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV:
        if item.roles is not None and not (
            user.is_authenticated and (not item.roles or has_role(user, *item.roles))
        ):
            continue
        items.append({"label": item.label, "url": address(item.url_name), "current": False})
    # The current page belongs to the item with the longest matching address (/registry/staff/
    # is "Staff", not "Directory").
    matches = [entry for entry in items if current_path.startswith(entry["url"])]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return items


def address(url_name: str) -> str:
    """reverse() of an address that takes no arguments, worked out once per language: the header and
    the menu of every page need the same few, and reversing them was a sixth of the base template."""
    return _address(url_name, get_language(), get_script_prefix())


@functools.cache
def _address(url_name: str, language: str, prefix: str) -> str:
    return reverse(url_name)
