import functools

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language, get_language_info

from .navigation import items_for


def navigation(request):
    """The main navigation: each role sees what it may use and nothing else. An error page raised
    before the authentication middleware ran (a bad Host header) has no user: show the public one.
    Also the languages the language switch offers."""
    return {
        "nav_items": items_for(getattr(request, "user", AnonymousUser()), request.path),
        "other_languages": _other_languages(get_language()),
    }


@functools.cache
def _other_languages(current: str) -> tuple[tuple[str, str], ...]:
    """(code, name in that language) of every language but the current one; the same on every page."""
    return tuple((code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES if code != current)
