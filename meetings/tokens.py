"""Personal RSVP links: signed with their own salt, expiring, bound to one invitation and its person.
They let an invitee answer without a password; nothing else can be done with them."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import Invitation

RSVP_SALT = "meetings.rsvp.v1"
RSVP_LINK_MAX_AGE = settings.MEETINGS_RSVP_LINK_DAYS * 24 * 3600


class InvalidRsvpLink(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def make_rsvp_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "p": invitation.person_id, "m": invitation.meeting_id}, salt=RSVP_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link belongs to, or InvalidRsvpLink with a message for the invitee."""
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidRsvpLink(_("This answer link has expired. Please sign in to answer.")) from exc
    except signing.BadSignature as exc:
        raise InvalidRsvpLink(_("This answer link is not valid. Please use the link from your invitation e-mail.")) from exc
    invitation = (
        Invitation.objects.select_related("meeting", "person")
        .filter(pk=data.get("i"), person_id=data.get("p"), meeting_id=data.get("m"))
        .first()
    )
    if invitation is None or invitation.person.anonymised_at is not None:
        raise InvalidRsvpLink(_("This answer link is not valid. Please use the link from your invitation e-mail."))
    return invitation
