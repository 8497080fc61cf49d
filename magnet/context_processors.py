from django.contrib.auth.models import AnonymousUser

from .navigation import items_for


def navigation(request):
    """The main navigation: each role sees what it may use and nothing else. An error page raised
    before the authentication middleware ran (a bad Host header) has no user: show the public one."""
    return {"nav_items": items_for(getattr(request, "user", AnonymousUser()), request.path)}
