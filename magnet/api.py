"""The one API router under /api/v1/. Each app's api.py has `register(router)`."""

from importlib import import_module

from django.http import JsonResponse
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from .filters import ID_PATTERN

API_APPS = ("stakeholders", "meetings", "conference", "reports", "projects", "library")


class Router(DefaultRouter):
    """Ids in API paths are whole numbers ("…/abc/" answers 404, never a 500 from the database);
    viewsets that look up by another field (a code) set their own lookup_value_regex."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") == "pk" and not hasattr(viewset, "lookup_value_regex"):
            viewset.lookup_value_regex = ID_PATTERN
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
for _app in API_APPS:
    import_module(f"{_app}.api").register(router)


def not_found(request, *args, **kwargs):
    """Any other address under /api/ (an id that is not a number, say) answers as the API does:
    a JSON 404, not the portal's HTML page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
