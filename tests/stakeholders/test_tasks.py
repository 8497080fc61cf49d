import time

import pytest

from stakeholders import tasks
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_decision_task_mails_the_current_decision_in_the_persons_language(mailoutbox):
    membership = MembershipFactory(person=PersonFactory(preferred_language="en"), status="rejected", status_reason="Duplicate")
    assert tasks.send_decision_email("membership", membership.pk) is True
    assert mailoutbox[0].subject.startswith("[MAGNET] Your membership request")
    assert "Duplicate" in mailoutbox[0].body


def test_decision_task_sends_nothing_for_a_missing_or_undecided_object(mailoutbox):
    assert tasks.send_decision_email("membership", 999_999) is False
    assert tasks.send_decision_email("membership", MembershipFactory(status="pending").pk) is False
    assert tasks.send_decision_email("organisation", OrganisationFactory(proposed_by=None).pk) is False
    assert mailoutbox == []


@pytest.mark.worker
@pytest.mark.postgres  # the worker thread needs a database it can share (not in-memory SQLite)
def test_decision_mail_goes_through_a_real_worker(celery_worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    from .factories import ensure_reference_data

    ensure_reference_data()
    membership = MembershipFactory(status="approved")
    tasks.send_decision_email.delay("membership", membership.pk)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m.to for m in mail.outbox] == [[membership.person.email]]
