"""API throttles: per user once signed in (or with a token), per client address before. The client
address is the one allauth's rate limits use (ALLAUTH_TRUSTED_PROXY_COUNT / _CLIENT_IP_HEADER), so
behind nginx each visitor has their own budget instead of the whole site sharing the proxy's."""

from allauth.account.adapter import get_adapter
from rest_framework import throttling
from rest_framework.settings import api_settings


class _PortalRates:
    def get_ident(self, request):
        return get_adapter(request).get_client_ip(request)

    def get_rate(self):
        # DRF reads the rates once, at import; read them now so settings (and tests) can change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_PortalRates, throttling.AnonRateThrottle):
    """Requests without an account, counted per client address."""


class UserRateThrottle(_PortalRates, throttling.UserRateThrottle):
    """Requests of a signed-in user or token, counted per user."""
