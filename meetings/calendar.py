"""Calendar entries of meetings, in the active language. Every meeting keeps one UID for life;
its SEQUENCE (Meeting.sequence) is raised by the services on every change invitees must see."""

from django.conf import settings
from django.urls import reverse

from magnet.calendars import Attendee, CalendarEvent, build_calendar

from .models import Invitation, Meeting

# How an invitee's answer reads in their calendar (RFC 5545 PARTSTAT).
PARTSTAT = {
    Invitation.Response.ACCEPTED: "ACCEPTED",
    Invitation.Response.DECLINED: "DECLINED",
    Invitation.Response.TENTATIVE: "TENTATIVE",
}


def meeting_event(meeting: Meeting, attendees: tuple[Attendee, ...] = ()) -> CalendarEvent:
    description = meeting.summary or ""
    if meeting.online_url:
        description = f"{description}\n\n{meeting.online_url}".strip()
    return CalendarEvent(
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        description=description,
        location=meeting.location_text or meeting.online_url,
        url=settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk]),
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        attendees=attendees,
    )


def meetings_calendar(meetings, *, name: str = "MAGNET") -> bytes:
    """Downloads and feeds: published, for whoever opens them."""
    return build_calendar([meeting_event(m) for m in meetings], name=name, method="PUBLISH")


def invitation_calendar(invitation: Invitation) -> bytes:
    """For e-mails to one invitee: REQUEST naming them (with their answer so far) for an invitation
    or update, CANCEL once the meeting is cancelled or they declined."""
    meeting = invitation.meeting
    declined = invitation.response == Invitation.Response.DECLINED
    cancelled = meeting.status == Meeting.Status.CANCELLED or declined
    attendee = Attendee(
        email=invitation.person.email,
        name=invitation.person.full_name,
        partstat=PARTSTAT.get(invitation.response, "NEEDS-ACTION"),
    )
    event = meeting_event(meeting, attendees=(attendee,))
    return build_calendar([event], name=meeting.title, method="CANCEL" if cancelled else "REQUEST")
