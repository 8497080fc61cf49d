"""Every calendar file the portal produces, checked with tests/icalendar_rules.py: downloads and
feeds are PUBLISH; invitations by mail are REQUEST naming organiser and invitee, cancellations CANCEL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from conference.services.notifications import registration_mail
from magnet.calendars import CalendarEvent, build_calendar
from meetings import notifications, services, tokens
from meetings.models import Invitation, Meeting
from tests.conference.factories import RegistrationFactory, SessionFactory
from tests.factories import PersonFactory, UserFactory
from tests.icalendar_rules import assert_valid_ics
from tests.mail import send_pending
from tests.meetings.factories import InvitationFactory, MeetingFactory


def _calendar_part(message):
    [part] = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return part, part.get_payload(decode=True)


def _url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_a_request_without_attendees_is_refused():
    from django.utils import timezone

    event = CalendarEvent(uid="x@magnet", sequence=0, starts_at=timezone.now(),
                          ends_at=timezone.now() + timedelta(hours=1), summary="x")
    with pytest.raises(ValueError, match="PUBLISH"):
        build_calendar([event], method="REQUEST")
    assert_valid_ics(build_calendar([event]), "PUBLISH")


@pytest.mark.django_db
def test_an_invitation_mail_carries_a_request_naming_organiser_and_invitee(mailoutbox, settings):
    settings.CALENDAR_ORGANIZER = "MAGNET (ICMPD) <magnet@icmpd.example>"
    invitation = InvitationFactory(person=PersonFactory(given_name="Çağrı", family_name="Işıkoğlu",
                                                        email="cagri@example.org"))
    send_pending(*notifications.invitation_mails([invitation]))
    part, ics = _calendar_part(mailoutbox[0])
    assert part["Content-Type"].count("charset") == 1
    assert (part.get_param("method"), part.get_content_charset()) == ("REQUEST", "utf-8")
    (event,) = assert_valid_ics(ics, "REQUEST").walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:magnet@icmpd.example"
    assert event["ORGANIZER"].params["CN"] == "MAGNET (ICMPD)"
    assert str(event["ATTENDEE"]) == "mailto:cagri@example.org"
    assert event["ATTENDEE"].params["CN"] == "Çağrı Işıkoğlu"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["URL"]).startswith(settings.SITE_URL + "/")


@pytest.mark.django_db
def test_a_cancelled_meeting_sends_a_cancel(mailoutbox):
    invitation = InvitationFactory(response=Invitation.Response.ACCEPTED)
    services.cancel_meeting(meeting=invitation.meeting)
    invitation.refresh_from_db()
    send_pending()  # the cancellation the service wrote
    part, ics = _calendar_part(mailoutbox[0])
    assert part.get_param("method") == "CANCEL"
    (event,) = assert_valid_ics(ics, "CANCEL").walk("VEVENT")
    assert event["SEQUENCE"] == Meeting.objects.get(pk=invitation.meeting_id).sequence > 0


@pytest.mark.django_db
def test_the_conference_mail_publishes_the_event_and_a_session_move_raises_its_sequence(mailoutbox):
    registration = RegistrationFactory(status="approved")
    session = SessionFactory(conference=registration.conference)
    send_pending(registration_mail(registration, "approved"))
    (first,) = assert_valid_ics(_calendar_part(mailoutbox[0])[1], "PUBLISH").walk("VEVENT")

    session.starts_at -= timedelta(hours=1)  # the conference now starts an hour earlier
    session.save()
    send_pending(registration_mail(registration, "approved"))
    (second,) = assert_valid_ics(_calendar_part(mailoutbox[1])[1], "PUBLISH").walk("VEVENT")

    assert second["UID"] == first["UID"]
    assert second.decoded("DTSTART") == first.decoded("DTSTART") - timedelta(hours=1)
    assert second["SEQUENCE"] > first["SEQUENCE"]


@pytest.mark.django_db
def test_every_meeting_download_and_feed_is_a_valid_publish(client):
    user = UserFactory()
    person = PersonFactory(user=user, email=user.email)
    invitation = InvitationFactory(person=person, meeting=MeetingFactory(online_url="https://meet.example/" + "x" * 90))
    client.force_login(user)
    feed = services.renew_calendar_feed(person=person)
    for url in (
        _url("meetings:my_calendar"),
        _url("meetings:meeting_calendar", invitation.meeting_id),
        _url("meetings:calendar_feed", feed.token),
        _url("meetings:rsvp_calendar", tokens.make_rsvp_token(invitation)),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert_valid_ics(response.content, "PUBLISH")


@pytest.mark.django_db
def test_every_conference_download_is_a_valid_publish(client):
    registration = RegistrationFactory(status="approved", person__user=UserFactory())
    session = SessionFactory(conference=registration.conference)
    client.force_login(registration.person.user)
    slug = registration.conference.slug
    for url in (
        _url("conference:programme_ics", slug),
        _url("conference:session_ics", session.pk),
        _url("conference:my_calendar", slug),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_valid_ics(response.content, "PUBLISH")
