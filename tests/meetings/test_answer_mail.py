"""After an answer the invitee gets a confirmation in their language: with the calendar entry for an
acceptance, a cancellation of it for a decline, no calendar while waiting for a seat."""

import io

import pytest
from pypdf import PdfReader

from conference.services.notifications import registration_mail
from meetings import services
from meetings.models import Invitation
from tests.conference.factories import RegistrationFactory
from tests.factories import PersonFactory
from tests.icalendar_rules import assert_valid_ics
from tests.mail import send_pending
from tests.meetings.factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _calendar(message):
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return parts[0].get_payload(decode=True) if parts else None


@pytest.mark.parametrize(("language", "response", "subject", "method", "partstat"), [
    ("tr", "accepted", "için yanıtınız: Katılacak", "REQUEST", "ACCEPTED"),
    ("en", "accepted", "Your answer to", "REQUEST", "ACCEPTED"),
    ("en", "tentative", ": Tentative", "REQUEST", "TENTATIVE"),
    ("tr", "declined", "için yanıtınız: Katılmayacak", "CANCEL", "DECLINED"),
])
def test_an_answer_is_confirmed_by_mail_with_the_calendar(
    mailoutbox, django_capture_on_commit_callbacks, language, response, subject, method, partstat
):
    invitation = InvitationFactory(person=PersonFactory(preferred_language=language))
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(invitation=invitation, response=response)

    (message,) = mailoutbox
    assert message.to == [invitation.person.email]
    assert subject in message.subject
    assert invitation.meeting.title if language == "tr" else invitation.meeting.title_en in message.subject
    (event,) = assert_valid_ics(_calendar(message), method).walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == partstat
    assert "/rsvp/" in message.body


def test_a_place_on_the_waiting_list_is_confirmed_without_a_calendar(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    InvitationFactory(meeting=meeting, response=Invitation.Response.ACCEPTED)
    invitation = InvitationFactory(meeting=meeting, person=PersonFactory(preferred_language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(invitation=invitation, response="accepted")

    (message,) = mailoutbox
    assert "you are on the waiting list" in message.body
    assert _calendar(message) is None


def test_a_refused_answer_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    invitation = InvitationFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011
        services.respond(invitation=invitation, response="maybe")
    assert mailoutbox == []


def test_the_approval_mail_attaches_the_badge(mailoutbox):
    registration = RegistrationFactory(status="approved", person=PersonFactory(preferred_language="en"))
    send_pending(registration_mail(registration, "approved"))

    (message,) = mailoutbox
    [(filename, content, mimetype)] = [a for a in message.attachments if a[2] == "application/pdf"]
    assert filename == f"badge-{registration.code}.pdf"
    assert registration.code in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Your badge is attached" in message.body
