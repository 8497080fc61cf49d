"""Calendar entries of meetings, in the active language. Every meeting keeps one UID for life;
its SEQUENCE (Meeting.sequence) is raised by the services on every change invitees must see."""

from django.conf import settings
from django.urls import reverse

from magnet.calendars import CalendarEvent, build_calendar

from .models import Meeting


def meeting_event(meeting: Meeting) -> CalendarEvent:
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
    )


def meetings_calendar(meetings, *, name: str = "MAGNET", method: str = "PUBLISH") -> bytes:
    return build_calendar([meeting_event(m) for m in meetings], name=name, method=method)


def invitation_calendar(meeting: Meeting) -> bytes:
    """For e-mails: REQUEST for an invitation or update, CANCEL once the meeting is cancelled."""
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    return meetings_calendar([meeting], name=meeting.title, method=method)
