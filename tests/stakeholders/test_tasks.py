import pytest

from stakeholders import services
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_decision_mails_the_person_in_their_language_after_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    membership = MembershipFactory(person=PersonFactory(preferred_language="en"), status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_membership(membership=membership, reason="Duplicate")
    assert mailoutbox[0].subject.startswith("[MAGNET] Your membership request")
    assert "Duplicate" in mailoutbox[0].body


def test_a_decision_overtaken_before_its_mail_went_out_sends_only_the_latest(mailoutbox, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(status="pending", proposed_by=PersonFactory())
    with django_capture_on_commit_callbacks(execute=False) as first:
        services.approve_organisation(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_organisation(organisation=organisation, reason="Not a migration authority")
    for callback in first:
        callback()
    assert len(mailoutbox) == 1
    assert "Not a migration authority" in mailoutbox[0].body


def test_no_mail_without_someone_to_tell(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=OrganisationFactory(status="pending", proposed_by=None))
    assert mailoutbox == []
