"""Personal feedback links: signed with their own salt, bound to one recipient of one form. They let
an attendee answer (and edit their answers) without signing in; nothing else can be done with them."""

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import Recipient

LINK_SALT = "feedback.link.v1"
LINK_MAX_AGE = 180 * 24 * 3600  # a form closes long before; the age only bounds a leaked link


class InvalidLink(Exception):
    pass


def make_token(recipient: Recipient) -> str:
    return signing.dumps({"r": recipient.pk, "f": recipient.form_id}, salt=LINK_SALT)


def recipient_from_token(token: str) -> Recipient:
    """The recipient a link belongs to, or InvalidLink (tampered, expired, or the person erased)."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidLink from exc
    if not isinstance(data, dict):
        raise InvalidLink
    recipient = (
        Recipient.objects.select_related("form", "form__meeting", "form__conference", "form__template", "person")
        .filter(pk=data.get("r"), form_id=data.get("f"), person__isnull=False, person__anonymised_at__isnull=True)
        .first()
    )
    if recipient is None:
        raise InvalidLink
    return recipient


def response_key(recipient: Recipient) -> str:
    """The keyed hash that joins a recipient to their response (see feedback.models): it can be
    computed from the recipient with the server's secret key, and not read back from the database."""
    return salted_hmac("feedback.response.v1", f"{recipient.form_id}:{recipient.pk}", algorithm="sha256").hexdigest()
