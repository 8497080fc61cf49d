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
        # Projects: staff curate the target groups and PMM's figures, and read proposals; PMM's opinion
        # is PMM's alone (projects.services.proposals.give_opinion).
        "projects.add_targetgroup", "projects.change_targetgroup", "projects.view_targetgroup",
        "projects.view_project", "projects.add_provinceneed", "projects.change_provinceneed",
        "projects.view_provinceneed",
        "library.*",
        # Staff see accounts and may (de)activate stakeholders and field reporters; who may change
        # which account is decided by `may_manage_account`, not by this permission alone.
        "magnet.view_user",
        "magnet.change_user",
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


# The roles whose accounts ICMPD staff may manage: those with less power than staff's own.
STAFF_MANAGED_ROLES = frozenset({STAKEHOLDER, FIELD_REPORTER})


def may_manage_account(actor, target) -> bool:
    """Whether `actor` may change `target`'s account. Superusers manage every account; ICMPD staff
    only the accounts of stakeholders and field reporters (never a staff, PMM or superuser account,
    nor their own); nobody else any."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if not is_icmpd_staff(actor) or target.pk == actor.pk or target.is_superuser or target.is_staff:
        return False
    return set(target.groups.values_list("name", flat=True)) <= STAFF_MANAGED_ROLES


def assign_role(user, role: str, *, actor=None) -> None:
    """Put a user in a role (recorded as a role change; `actor` None means the portal itself).
    ICMPD staff also get `is_staff`, which opens the Django admin."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from .services import record_role_changes, role_state

    with transaction.atomic():
        before = role_state(user)
        user.groups.add(Group.objects.get(name=role))
        if role == ICMPD_STAFF and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        record_role_changes(actor=actor, user=user, before=before)
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
