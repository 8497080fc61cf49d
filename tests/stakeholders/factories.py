"""Registry test helpers on top of the shared factories."""

from django.utils import timezone

from magnet.roles import ICMPD_STAFF
from stakeholders.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory


def approved_stakeholder(organisation=None, **user_fields):
    """A signed-up stakeholder with a completed profile and an approved membership of an approved
    organisation: the user who may use the directory."""
    user = UserFactory(**user_fields)
    person = PersonFactory(
        user=user, email=user.email, given_name=user.first_name, family_name=user.last_name,
        profile_completed_at=timezone.now(),
    )
    MembershipFactory(person=person, organisation=organisation or OrganisationFactory(), status=Membership.Status.APPROVED)
    return user


def staff_user():
    """ICMPD staff with two-factor enrolled, so the enrolment gate lets them through."""
    from allauth.mfa.models import Authenticator

    user = UserFactory(role=ICMPD_STAFF)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def ensure_reference_data():
    """Transactional tests (browser, threads, worker) flush the database between tests, which also
    removes the rows data migrations created; this puts the pillars, types, thematic areas and the
    notice/consent texts back (idempotent)."""
    from stakeholders.models import LegalText, OrganisationType, Pillar, ThematicArea
    from stakeholders.reference_data import load_legal_texts, load_reference_data

    load_reference_data(Pillar, OrganisationType, ThematicArea)
    load_legal_texts(LegalText)
