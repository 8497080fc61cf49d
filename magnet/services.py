"""Writes of the magnet app: changes to what an account may do, always recorded."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import RoleChange
from .roles import may_manage_account

# What a brand-new account holds, so that an account's first roles are recorded as changes too.
_NEW_ACCOUNT = {"groups": "", "is_staff": "False", "is_superuser": "False", "is_active": "True"}


def role_state(user) -> dict[str, str]:
    """What the account may do, as stored in the database, in the words RoleChange records."""
    fresh = get_user_model().objects.get(pk=user.pk)
    return {
        "groups": ", ".join(sorted(fresh.groups.values_list("name", flat=True))),
        "is_staff": str(fresh.is_staff),
        "is_superuser": str(fresh.is_superuser),
        "is_active": str(fresh.is_active),
    }


def record_role_changes(*, actor, user, before: dict[str, str] | None) -> list[RoleChange]:
    """One RoleChange row for each of roles, staff, superuser and active flags that differs from
    `before` (a `role_state` taken before the change; None for a new account)."""
    before = before or _NEW_ACCOUNT
    after = role_state(user)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return [
        RoleChange.objects.create(actor=actor, user=user, what=what, before=before[what], after=after[what])
        for what in RoleChange.What.values
        if before[what] != after[what]
    ]


@transaction.atomic
def set_account_active(*, actor, user, active: bool) -> bool:
    """Let the account sign in again, or stop it from signing in. Only someone who may manage the
    account (`roles.may_manage_account`) may; the change is recorded. True when something changed."""
    if not may_manage_account(actor, user):
        raise PermissionDenied
    if user.is_active == active:
        return False
    before = role_state(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_role_changes(actor=actor, user=user, before=before)
    return True
