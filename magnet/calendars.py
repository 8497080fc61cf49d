"""Calendar files (RFC 5545) for meetings, conference sessions and feeds, with icalendar.

An event keeps one UID for life; every change that invitees must see raises its SEQUENCE, so a
calendar app updates the entry instead of adding a second one. Files sent by e-mail follow iTIP
(RFC 5546): every event names its ORGANIZER (settings.CALENDAR_ORGANIZER); a REQUEST names the
invitee as ATTENDEE, a PUBLISH (downloads, feeds, mails to no one in particular) never does."""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from .mail import Attachment

CALENDAR_MIMETYPE = "text/calendar; charset=utf-8"  # HTTP responses; mail parts get theirs from the mailer
METHODS = ("PUBLISH", "REQUEST", "CANCEL")


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str
    partstat: str = "NEEDS-ACTION"  # ACCEPTED, DECLINED, TENTATIVE


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
    attendees: tuple[Attendee, ...] = field(default=())


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def build_calendar(events: list[CalendarEvent], *, name: str = "MAGNET", method: str = "PUBLISH") -> bytes:
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method: {method}")
    if method == "REQUEST" and not all(item.attendees for item in events):
        raise ValueError("a REQUEST names its attendees (RFC 5546 3.2.2); send PUBLISH instead")
    organiser_name, organiser_email = parseaddr(settings.CALENDAR_ORGANIZER)
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
        event.add("organizer", _address(organiser_email, organiser_name))
        if method != "PUBLISH":
            # Answers are collected through the portal's personal link, not by calendar replies to
            # the organiser's unattended address: RSVP=FALSE.
            for attendee in item.attendees:
                event.add("attendee", _address(attendee.email, attendee.name, ROLE="REQ-PARTICIPANT",
                                               PARTSTAT=attendee.partstat, RSVP="FALSE"))
        cancelled = item.cancelled or method == "CANCEL"
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(_vtimezone(tzid))
    return calendar.to_ical()


def calendar_attachment(filename: str, ics: bytes) -> Attachment:
    """A calendar file for a mail: the part's Content-Type carries the iTIP method (RFC 6047); the
    mailer adds the charset once."""
    method = Calendar.from_ical(ics).get("method", "PUBLISH")
    return Attachment(filename, ics, f"text/calendar; method={method}")


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> Timezone:
    """The VTIMEZONE of a zone, computed once per process: icalendar needs about 0.25 s for it,
    which made every invitation mail cost that much (the mail benchmark's first bottleneck)."""
    return Timezone.from_tzid(tzid)
