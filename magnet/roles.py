"""The four roles of the portal. Each is a Django group (created by a data migration); its
permissions are synced after every migrate, because the models they name arrive in later migrations.

Role checks in code go through `has_role`; object-level rules live in each app's selectors.
"""

import logging

from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

ICMPD_STAFF = "ICMPD staff"
PMM_OFFICIAL = "PMM official"
FIELD_REPORTER = "Field reporter"
STAKEHOLDER = "Stakeholder"

ROLES = (ICMPD_STAFF, PMM_OFFICIAL, FIELD_REPORTER, STAKEHOLDER)
ROLE_LABELS = {
    ICMPD_STAFF: _("ICMPD staff"),
    PMM_OFFICIAL: _("PMM official"),
    FIELD_REPORTER: _("Field reporter"),
    STAKEHOLDER: _("Stakeholder"),
}


def role_label(name: str):
    """A role (group) name as the reader sees it, in their language."""
    return ROLE_LABELS.get(name, name)


# Roles that must enrol two-factor authentication before reaching privileged pages.
TWO_FACTOR_ROLES = (ICMPD_STAFF, PMM_OFFICIAL)

# "app_label.*" grants every permission of that app; otherwise "app_label.codename".
# Stakeholders and field reporters act through object-level rules in selectors, not model perms.
ROLE_PERMISSIONS = {
    ICMPD_STAFF: [
        "stakeholders.*",
        "meetings.*",
        "conference.*",
        "reports.*",
        "magnet.view_user",
        "magnet.change_user",
        "authtoken.view_tokenproxy",
    ],
    PMM_OFFICIAL: [],
    FIELD_REPORTER: [],
    STAKEHOLDER: [],
}


def has_role(user, *roles) -> bool:
    """True when the user is signed in and in any of the roles (superusers have every role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_magnet_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._magnet_roles = cached
    return bool(cached.intersection(roles))


def is_icmpd_staff(user) -> bool:
    return has_role(user, ICMPD_STAFF)


def is_pmm_official(user) -> bool:
    return has_role(user, PMM_OFFICIAL)


def is_field_reporter(user) -> bool:
    return has_role(user, FIELD_REPORTER)


def assign_role(user, role: str) -> None:
    """Put a user in a role. ICMPD staff also get `is_staff`, which opens the Django admin."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
    if role == ICMPD_STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_magnet_roles", None)


def _permissions_for(spec: str):
    from django.contrib.auth.models import Permission

    app_label, _, codename = spec.partition(".")
    perms = Permission.objects.filter(content_type__app_label=app_label)
    return perms if codename == "*" else perms.filter(codename=codename)


def sync_role_permissions(sender=None, **kwargs):
    """Idempotent: give each role group exactly the permissions ROLE_PERMISSIONS names.

    Runs after every app's post_migrate, because each app's permissions appear at its own turn."""
    from django.contrib.auth.models import Group

    for role, specs in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = set()
        for spec in specs:
            wanted.update(_permissions_for(spec).values_list("pk", flat=True))
        group.permissions.set(wanted)
