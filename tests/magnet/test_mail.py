"""A notification task may run twice (a retry, a worker that died after sending): the e-mail goes
out once. Each task gets a mail id when it is queued; each recipient's send is recorded under it."""

import pytest

from conference.models import Registration
from conference.tasks import send_registration_mail
from magnet.mail import send_templated_mail
from magnet.models import SentMail
from meetings.models import Invitation
from meetings.tasks import send_promotion_notice
from reports.tasks import send_field_report_notification
from stakeholders.models import Organisation
from stakeholders.tasks import send_decision_email
from tests.conference.factories import RegistrationFactory
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.meetings.factories import InvitationFactory
from tests.reports.factories import FieldReportFactory


@pytest.mark.django_db
def test_a_mail_with_a_key_goes_out_once(mailoutbox):
    send = {"to": "elif@example.org", "template": "stakeholders/organisation_approved", "language": "tr",
            "context": {"person": PersonFactory(), "organisation": OrganisationFactory(), "reason": ""}}
    assert send_templated_mail(**send, once_key="abc:elif@example.org") is True
    assert send_templated_mail(**send, once_key="abc:elif@example.org") is False
    assert send_templated_mail(**send) is True  # no key: every call sends
    assert len(mailoutbox) == 2
    assert SentMail.objects.filter(key="abc:elif@example.org").count() == 1


@pytest.mark.django_db
def test_the_decision_mail_task_run_twice_sends_once(mailoutbox):
    organisation = OrganisationFactory(status=Organisation.Status.APPROVED, proposed_by=PersonFactory())
    send_decision_email.delay("organisation", organisation.pk, "mail-1")
    send_decision_email.delay("organisation", organisation.pk, "mail-1")
    assert len(mailoutbox) == 1
    send_decision_email.delay("organisation", organisation.pk, "mail-2")  # a new decision is a new mail
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_registration_mail_task_run_twice_sends_once(mailoutbox):
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED)
    send_registration_mail.delay(registration.pk, "received", "mail-1")
    send_registration_mail.delay(registration.pk, "received", "mail-1")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_promotion_mail_task_run_twice_sends_once(mailoutbox):
    invitation = InvitationFactory(response=Invitation.Response.ACCEPTED)
    send_promotion_notice.delay(invitation.pk, "mail-1")
    send_promotion_notice.delay(invitation.pk, "mail-1")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_report_notification_to_several_people_goes_once_to_each(mailoutbox):
    from magnet.roles import ICMPD_STAFF

    UserFactory(role=ICMPD_STAFF)
    UserFactory(role=ICMPD_STAFF)
    report = FieldReportFactory()
    send_field_report_notification.delay(report.pk, "submitted", "mail-1")
    send_field_report_notification.delay(report.pk, "submitted", "mail-1")
    assert len(mailoutbox) == 2
