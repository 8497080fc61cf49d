import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.cache import patch_cache_control

from .accounts import must_enrol_two_factor

# Pages a privileged user may reach before enrolling two-factor authentication.
_OPEN_URL_NAMES = {"home", "set_language", "health"}
_OPEN_URL_PREFIXES = ("account_", "mfa_")  # sign in and out, e-mail, password, two-factor enrolment


class RequireTwoFactorMiddleware:
    """ICMPD staff and PMM officials must enrol TOTP before they reach staff pages, the admin, the
    API or reports: until they do, every other page sends them to the enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        user = getattr(request, "user", None)
        if not settings.MAGNET_REQUIRE_MFA or user is None or not user.is_authenticated:
            return False
        if request.path.startswith(settings.STATIC_URL):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        name = match.url_name or ""
        if name in _OPEN_URL_NAMES or name.startswith(_OPEN_URL_PREFIXES):
            return False
        return must_enrol_two_factor(user)


class SessionRefreshMiddleware:
    """Keeps a used session alive SESSION_COOKIE_AGE after the last request without writing the
    session row on every request: the expiry moves on when the last refresh is older than
    SESSION_REFRESH_SECONDS (so an idle session ends at most that much earlier than the age)."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.accessed and not session.modified and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # SessionMiddleware saves it and renews the cookie
        return response


def session_started(sender, request, user, **kwargs):
    """Signing in writes the session anyway: stamp it then, so the next request need not."""
    request.session[SessionRefreshMiddleware.KEY] = int(time.time())


class PrivateCacheMiddleware:
    """Whatever a signed-in user (or an API client with a token) is shown is theirs alone: no shared
    cache keeps it and the browser does not store it (`Cache-Control: private, no-store`). Pages
    opened by a personal link without signing in (RSVP, seat offer) use `never_cache` for the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF puts the token's user here too
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
