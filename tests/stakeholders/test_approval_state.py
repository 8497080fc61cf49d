"""A stakeholder on the way into the network sees where they stand and what happens next, on the
home page and in the directory, in their language; members of the network see no such notice."""

import pytest
from django.utils import timezone

from stakeholders.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _stakeholder(client, **membership):
    user = UserFactory()
    person = PersonFactory(user=user, email=user.email, profile_completed_at=timezone.now())
    if membership:
        MembershipFactory(person=person, **membership)
    client.force_login(user)
    return person


@pytest.mark.parametrize(("language", "title", "next_step"), [
    ("tr", "Üyeliğiniz onay bekliyor", "Onaylandığınızda kurumlar ve kişiler rehberi size açılır."),
    ("en", "Your membership is awaiting approval", "Once you are approved, the directory of organisations and contacts opens to you."),
])
@pytest.mark.parametrize("page", ["", "registry/"])
def test_a_pending_member_sees_the_state_and_the_next_step(client, language, title, next_step, page):
    _stakeholder(client, status=Membership.Status.PENDING,
                 organisation=OrganisationFactory(name="Anadolu Göç Derneği", name_en="Anadolu Göç Derneği", status=Organisation.Status.PENDING))
    html = client.get(f"/{language}/{page}").content.decode()
    assert title in html
    assert next_step in html
    assert "Anadolu Göç Derneği" in html


def test_a_refused_member_sees_the_reason_and_how_to_go_on(client):
    _stakeholder(client, status=Membership.Status.REJECTED, status_reason="Kurum adı eksik.")
    html = client.get("/en/").content.decode()
    assert "Your request was not approved" in html and "Kurum adı eksik." in html
    assert "/en/registry/join/" in html


def test_a_newcomer_without_a_profile_is_sent_to_complete_it(client):
    client.force_login(UserFactory())
    html = client.get("/tr/").content.decode()
    assert "Profilinizi tamamlayın" in html and "/tr/registry/welcome/" in html


def test_members_and_visitors_see_no_notice(client):
    assert "approval-state" not in client.get("/en/").content.decode()
    _stakeholder(client, status=Membership.Status.APPROVED)
    assert "approval-state" not in client.get("/en/").content.decode()
