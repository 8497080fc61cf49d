"""Signed tokens of the conference, each with its own salt so one can never stand in for another.

The badge QR carries `badge_token(registration)`: the registration code, signed. The waiting-list
offer link carries the registration id and which offer it was, so an older link stops working when
a new offer is made; its validity in hours is checked against the database as well."""

from django.core import signing

BADGE_SALT = "conference.badge"
OFFER_SALT = "conference.offer"


def badge_token(registration) -> str:
    return signing.Signer(salt=BADGE_SALT).sign(registration.code)


def code_from_badge_token(token: str) -> str:
    """The registration code inside a badge token; raises signing.BadSignature when tampered."""
    return signing.Signer(salt=BADGE_SALT).unsign((token or "").strip())


def offer_token(registration) -> str:
    return signing.dumps({"r": registration.pk, "n": registration.offer_count}, salt=OFFER_SALT, compress=True)


def read_offer_token(token: str, *, max_age_seconds: int) -> tuple[int, int]:
    """(registration id, offer number); raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(token, salt=OFFER_SALT, max_age=max_age_seconds)
    return int(data["r"]), int(data["n"])
