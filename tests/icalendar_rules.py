"""The rules every calendar file of the portal must keep: parsed by icalendar, then checked against
the parts of RFC 5545 (format) and RFC 5546 (iTIP methods) that calendar clients rely on."""

from icalendar import Calendar

# RFC 5546 section 3.2: VEVENT properties required ("1") and forbidden ("0") per method.
REQUIRED = {
    "PUBLISH": {"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"},
    "REQUEST": {"ATTENDEE", "DTSTAMP", "DTSTART", "ORGANIZER", "SEQUENCE", "SUMMARY", "UID"},
    "CANCEL": {"ATTENDEE", "DTSTAMP", "ORGANIZER", "SEQUENCE", "UID"},
}
FORBIDDEN = {"PUBLISH": {"ATTENDEE"}, "REQUEST": set(), "CANCEL": set()}


def assert_valid_ics(data: bytes, method: str) -> Calendar:
    """Parse `data` and check it; returns the calendar for further assertions."""
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert b"\n" not in line and b"\r" not in line, "lines end with CRLF (RFC 5545 3.1)"
        assert len(line) <= 75, f"lines are folded at 75 octets (RFC 5545 3.1): {line!r}"
    calendar = Calendar.from_ical(data)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    assert str(calendar["METHOD"]) == method
    tzids = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")
    assert events, "at least one event"
    for event in events:
        names = set(event.keys())
        assert REQUIRED[method] <= names, f"{method} needs {REQUIRED[method] - names}"
        assert not names & FORBIDDEN[method], f"{method} must not carry {names & FORBIDDEN[method]}"
        assert str(event["ORGANIZER"]).startswith("mailto:")
        attendees = event.get("ATTENDEE", [])
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            assert str(attendee).startswith("mailto:") and attendee.params.get("PARTSTAT")
        if method == "CANCEL":
            assert str(event["STATUS"]) == "CANCELLED"
        for name in ("DTSTART", "DTEND"):
            if name in event and "TZID" in event[name].params:
                assert event[name].params["TZID"] in tzids, "every TZID has its VTIMEZONE"
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    return calendar
