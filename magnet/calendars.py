"""Calendar files (RFC 5545) for meetings, conference sessions and feeds, with icalendar.

An event keeps one UID for life; every change that invitees must see raises its SEQUENCE, so a
calendar app updates the entry instead of adding a second one."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vText

CALENDAR_MIMETYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # e.g. "meeting-42@magnet" — stable for the life of the event
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def build_calendar(events: list[CalendarEvent], *, name: str = "MAGNET", method: str = "PUBLISH") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ICMPD//MAGNET Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(item.starts_at))
        event.add("dtend", timezone.localtime(item.ends_at))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event["location"] = vText(item.location)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(_vtimezone(tzid))
    return calendar.to_ical()


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> Timezone:
    """The VTIMEZONE of a zone, computed once per process: icalendar needs about 0.25 s for it,
    which made every invitation mail cost that much (the mail benchmark's first bottleneck)."""
    return Timezone.from_tzid(tzid)
