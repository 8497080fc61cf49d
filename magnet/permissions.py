"""Role checks for views and the API. Object-level rules live in each app's selectors: they take the
acting user and return only what that user may see, so a foreign object answers 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .roles import ICMPD_STAFF, has_role


def role_required(*roles):
    """View decorator: anonymous users go to sign in; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(ICMPD_STAFF)


class HasRole(BasePermission):
    """DRF permission: `permission_classes = [HasRole.of(ICMPD_STAFF)]`."""

    roles: tuple = ()

    @classmethod
    def of(cls, *roles):
        return type(f"HasRole_{'_'.join(r.replace(' ', '') for r in roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        return has_role(request.user, *self.roles)


IsICMPDStaff = HasRole.of(ICMPD_STAFF)
