"""Writes of the magnet app: changes to what an account may do (always recorded), and API tokens."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .accounts import api_refusal
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


# --- API tokens ------------------------------------------------------------------------------------

MAX_API_TOKENS = 5


@transaction.atomic
def create_api_token(*, user) -> tuple:
    """A new API token for the user's own use: (stored row, the token). Only a digest is stored, so
    the token can be shown this once and never again. Refused (ValidationError) for an account that
    could not use it (`accounts.api_refusal`) and beyond MAX_API_TOKENS live tokens."""
    from django.utils import timezone
    from knox.models import AuthToken

    refusal = api_refusal(user)
    if refusal:
        raise ValidationError(refusal)
    get_user_model().objects.select_for_update().get(pk=user.pk)  # two clicks at once make one token
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    if AuthToken.objects.filter(user=user).count() >= MAX_API_TOKENS:
        raise ValidationError(
            _("You already have %(count)d API tokens. Revoke one you no longer use first."),
            params={"count": MAX_API_TOKENS},
        )
    return AuthToken.objects.create(user=user)


def revoke_api_token(*, user, digest: str) -> bool:
    """Revoke one of the user's own tokens; it stops working at once. False when the user has no such
    token (someone else's token is never touched)."""
    from knox.models import AuthToken

    deleted, _rows = AuthToken.objects.filter(user=user, digest=digest).delete()
    return bool(deleted)
