"""API token authentication: knox's hashed tokens (only a SHA-512 digest is stored, the token itself
is shown once, when it is made), held to the same rules as a browser session."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .accounts import api_refusal


class TokenAuthentication(KnoxTokenAuthentication):
    def validate_user(self, auth_token):
        refusal = api_refusal(auth_token.user)
        if refusal:
            raise AuthenticationFailed(refusal)
        return auth_token.user, auth_token


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI schema's description of it: "Authorization: Token <token>", as before."""

    target_class = "magnet.authentication.TokenAuthentication"
    name = "tokenAuth"
