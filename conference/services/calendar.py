"""Calendar events of the conference and its sessions (magnet.calendars builds the files)."""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from magnet.calendars import CalendarEvent


def conference_event(conference) -> CalendarEvent:
    """The whole conference as one event: from its first session to its last, or 09:00-18:00."""
    sessions = list(conference.sessions.order_by("starts_at").values_list("starts_at", "ends_at"))
    tz = timezone.get_current_timezone()
    starts = min((s for s, _e in sessions), default=datetime.combine(conference.starts_on, time(9), tz))
    ends = max((e for _s, e in sessions), default=datetime.combine(conference.ends_on, time(18), tz))
    return CalendarEvent(
        uid=f"conference-{conference.pk}@magnet",
        sequence=conference.sequence,
        starts_at=starts,
        ends_at=ends,
        summary=conference.title,
        description=conference.description,
        location=f"{conference.venue}, {conference.city}",
        url=settings.SITE_URL + reverse("conference:programme", args=[conference.slug]),
    )


def session_event(session) -> CalendarEvent:
    conference = session.conference
    location = ", ".join(p for p in (session.room.name if session.room_id else "", conference.venue, conference.city) if p)
    return CalendarEvent(
        uid=f"conference-session-{session.pk}@magnet",
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=session.title,
        description=session.abstract,
        location=location,
        url=settings.SITE_URL + reverse("conference:programme", args=[conference.slug]) + f"#session-{session.pk}",
    )
