"""The programme builder's rules, in one place: the builder page, its live check (the page posts the
form to the check address as it is typed) and the save all call `check_programme`; the save runs it
again under the conference lock, so what was checked is what is saved.

A conflict is one of: a room booked twice at once, a speaker or chair in two sessions at once, a
workshop holding more seats than its (new) capacity or room allows, a session outside the
conference's days, a session without day, time, duration or title, a workshop with seats removed.
On a published conference every session must also have its title (and abstract, when it has one)
in Turkish and English."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from magnet import outbox
from stakeholders.models import Person

from ..cache import programme_changed
from ..models import (
    Conference,
    ProgrammeRevision,
    ProgrammeTemplate,
    Registration,
    Room,
    Session,
    WorkshopChoice,
)

COMPLETE, MISSING_EN, MISSING_TR = "complete", "missing_en", "missing_tr"
MAX_MINUTES = 12 * 60
NOTIFY_TEMPLATE = "conference/programme_changed"


@dataclass
class Row:
    """One session as the builder edits it: `key` is the session's id, or "new-N" for a new one."""

    key: str
    pk: int | None = None
    day: date | None = None
    start: time | None = None
    minutes: int | None = None
    room_id: int | None = None
    kind: str = Session.Kind.PLENARY
    capacity: int | None = None
    title_tr: str = ""
    title_en: str = ""
    abstract_tr: str = ""
    abstract_en: str = ""
    speaker_ids: list[int] = field(default_factory=list)
    moderator_ids: list[int] = field(default_factory=list)
    delete: bool = False

    @property
    def placed(self) -> bool:
        return self.day is not None and self.start is not None and bool(self.minutes) and self.minutes > 0

    @cached_property
    def starts_at(self) -> datetime | None:
        if not self.placed:
            return None
        return timezone.make_aware(datetime.combine(self.day, self.start))

    @cached_property
    def ends_at(self) -> datetime | None:
        starts = self.starts_at
        return starts + timedelta(minutes=self.minutes) if starts else None

    @cached_property
    def end_time(self) -> time | None:
        ends = self.ends_at
        return timezone.localtime(ends).time() if ends else None

    @property
    def language_status(self) -> str:
        return language_status(self.title_tr, self.title_en, self.abstract_tr, self.abstract_en)

    @property
    def is_empty(self) -> bool:
        """A blank new row of the plain form: ignored."""
        return self.pk is None and not (self.title_tr or self.title_en or self.abstract_tr or self.abstract_en)


@dataclass(frozen=True)
class Conflict:
    code: str
    keys: tuple[str, ...]
    message: str

    def as_json(self) -> dict:
        return {"code": self.code, "keys": list(self.keys), "message": self.message}


class ProgrammeConflicts(ValidationError):
    """The save was refused; nothing was written. `conflicts` says what and where."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__([c.message for c in conflicts], code="programme")


def language_status(title_tr, title_en, abstract_tr="", abstract_en="") -> str:
    """"missing_en" when a text exists only in Turkish, "missing_tr" when only in English."""
    if (title_tr and not title_en) or (abstract_tr and not abstract_en):
        return MISSING_EN
    if (title_en and not title_tr) or (abstract_en and not abstract_tr):
        return MISSING_TR
    return COMPLETE


def row_from_session(session: Session) -> Row:
    """A stored session as a builder row (speakers and moderators from a prefetch when there is one)."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return Row(
        key=str(session.pk), pk=session.pk, day=starts.date(), start=starts.time().replace(second=0, microsecond=0),
        minutes=int((ends - starts).total_seconds() // 60), room_id=session.room_id, kind=session.kind,
        capacity=session.capacity, title_tr=session.title_tr or "", title_en=session.title_en or "",
        abstract_tr=session.abstract_tr or "", abstract_en=session.abstract_en or "",
        speaker_ids=[p.pk for p in session.speakers.all()], moderator_ids=[p.pk for p in session.moderators.all()],
    )


def _overlap(a: Row, b: Row) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _clock(row: Row) -> str:
    return f"{row.start:%H:%M}–{row.end_time:%H:%M}"


def _label(row: Row) -> str:
    """The session's title in the reader's language (the other one when it has only that)."""
    if (get_language() or "tr").startswith("en"):
        return row.title_en or row.title_tr or _("New session")
    return row.title_tr or row.title_en or _("New session")


def check_programme(*, conference: Conference, rows: list[Row], rooms: dict[int, Room] | None = None,
                    names: dict[int, str] | None = None) -> list[Conflict]:
    """Every conflict of the programme the rows describe (rows marked for deletion are gone).
    Reads: rooms and the names of the people named (unless given), and workshop seats held."""
    if rooms is None:
        rooms = {room.pk: room for room in Room.objects.filter(conference=conference)}
    kinds = set(Session.Kind.values)
    conflicts: list[Conflict] = []
    live = [r for r in rows if not r.delete and not r.is_empty]
    placed = []
    for row in live:
        if not row.placed:
            conflicts.append(Conflict("incomplete", (row.key,), _("%(session)s: give the day, the start time and the duration.") % {"session": _label(row)}))
            continue
        if row.minutes > MAX_MINUTES:
            conflicts.append(Conflict("incomplete", (row.key,), _("%(session)s: a session lasts at most 12 hours.") % {"session": _label(row)}))
            continue
        if not (row.title_tr or row.title_en):
            conflicts.append(Conflict("title", (row.key,), _("A session at %(time)s has no title: give it in Turkish and English.") % {"time": _clock(row)}))
        if row.kind not in kinds:
            conflicts.append(Conflict("kind", (row.key,), _("%(session)s: choose a kind.") % {"session": _label(row)}))
        if row.room_id is not None and row.room_id not in rooms:
            conflicts.append(Conflict("room", (row.key,), _("%(session)s: choose a room of this conference.") % {"session": _label(row)}))
            continue
        last_day = timezone.localtime(row.ends_at - timedelta(minutes=1)).date()
        if row.day < conference.starts_on or last_day > conference.ends_on:
            conflicts.append(Conflict("outside", (row.key,), _(
                "%(session)s is outside the conference's days (%(first)s – %(last)s)."
            ) % {"session": _label(row), "first": conference.starts_on.strftime("%d.%m.%Y"), "last": conference.ends_on.strftime("%d.%m.%Y")}))
        placed.append(row)

    by_room = defaultdict(list)
    for row in placed:
        if row.room_id is not None:
            by_room[row.room_id].append(row)
    for room_id, booked in by_room.items():
        booked.sort(key=lambda r: (r.starts_at, r.key))
        for i, a in enumerate(booked):
            for b in booked[i + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                conflicts.append(Conflict("room", (a.key, b.key), _(
                    "%(room)s is booked twice: %(first)s (%(first_time)s) and %(second)s (%(second_time)s)."
                ) % {"room": rooms[room_id].name, "first": _label(a), "first_time": _clock(a), "second": _label(b), "second_time": _clock(b)}))

    wanted = {pk for row in live for pk in (*row.speaker_ids, *row.moderator_ids)}
    if names is None:
        names = {
            p.pk: p.full_name
            for p in Person.objects.filter(pk__in=wanted, anonymised_at__isnull=True).only("given_name", "family_name")
        } if wanted else {}
    for row in live:
        unknown = [pk for pk in (*row.speaker_ids, *row.moderator_ids) if pk not in names]
        if unknown:
            conflicts.append(Conflict("unknown_person", (row.key,), _(
                "%(session)s: nobody in the registry has the number %(numbers)s."
            ) % {"session": _label(row), "numbers": ", ".join(map(str, unknown))}))
    by_person = defaultdict(list)
    for row in placed:
        for pk in dict.fromkeys([*row.speaker_ids, *row.moderator_ids]):
            if pk in names:
                by_person[pk].append(row)
    for pk, booked in by_person.items():
        booked.sort(key=lambda r: (r.starts_at, r.key))
        for i, a in enumerate(booked):
            for b in booked[i + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                conflicts.append(Conflict("person", (a.key, b.key), _(
                    "%(person)s is in two places at once: %(first)s (%(first_time)s) and %(second)s (%(second_time)s)."
                ) % {"person": names[pk], "first": _label(a), "first_time": _clock(a), "second": _label(b), "second_time": _clock(b)}))

    stored = [r.pk for r in rows if r.pk and not r.is_empty]
    held = dict(
        WorkshopChoice.objects.filter(session_id__in=stored).values("session_id")
        .annotate(n=Count("pk", filter=Q(status=WorkshopChoice.Status.HELD)), all=Count("pk"))
        .values_list("session_id", "n")
    ) if stored else {}
    for row in rows:
        seats = held.get(row.pk, 0)
        if not seats or row.is_empty:
            continue
        if row.delete or row.kind != Session.Kind.WORKSHOP:
            conflicts.append(Conflict("seats", (row.key,), _(
                "%(session)s has %(count)d workshop seats taken: it cannot be removed or stop being a workshop."
            ) % {"session": _label(row), "count": seats}))
            continue
        room = rooms.get(row.room_id)
        if row.capacity is not None and seats > row.capacity:
            conflicts.append(Conflict("capacity", (row.key,), _(
                "%(session)s has %(count)d registrations but a capacity of %(capacity)d."
            ) % {"session": _label(row), "count": seats, "capacity": row.capacity}))
        elif room is not None and room.capacity is not None and seats > room.capacity:
            conflicts.append(Conflict("capacity", (row.key,), _(
                "%(session)s has %(count)d registrations but %(room)s holds %(capacity)d."
            ) % {"session": _label(row), "count": seats, "room": room.name, "capacity": room.capacity}))
    return conflicts


def _translation_conflicts(rows: list[Row]) -> list[Conflict]:
    conflicts = []
    for row in rows:
        if row.delete or row.is_empty:
            continue
        status = row.language_status
        if status == MISSING_EN:
            conflicts.append(Conflict("language", (row.key,), _("%(session)s is missing English: the programme is published, so every session needs both languages.") % {"session": _label(row)}))
        elif status == MISSING_TR:
            conflicts.append(Conflict("language", (row.key,), _("%(session)s is missing Turkish: the programme is published, so every session needs both languages.") % {"session": _label(row)}))
    return conflicts


def check_for_save(*, conference: Conference, rows: list[Row], rooms=None, names=None) -> list[Conflict]:
    """What the save refuses: the conflicts, and on a published conference a missing language."""
    conflicts = check_programme(conference=conference, rows=rows, rooms=rooms, names=names)
    if conference.is_published:
        conflicts += _translation_conflicts(rows)
    return conflicts


def incomplete_sessions(*, conference: Conference) -> list[Session]:
    """Sessions with a title or abstract in one language only: publishing waits for them."""
    sessions = Session.objects.filter(conference=conference).only("title_tr", "title_en", "abstract_tr", "abstract_en")
    return [s for s in sessions if language_status(s.title_tr, s.title_en, s.abstract_tr, s.abstract_en) != COMPLETE]


def check_publishable(*, conference: Conference) -> None:
    """Raises ValidationError while any session lacks Turkish or English (the publishing rule)."""
    missing = incomplete_sessions(conference=conference)
    if missing:
        raise ValidationError(
            _("The programme cannot be published while sessions miss Turkish or English (%(count)d): %(titles)s.")
            % {"count": len(missing), "titles": ", ".join((s.title_tr or s.title_en) for s in missing[:5])},
            code="incomplete",
        )


# --- Saving ---------------------------------------------------------------------------------------

_TRACKED = ("starts_at", "ends_at", "room_id", "kind", "capacity", "title_tr", "title_en", "abstract_tr", "abstract_en")
_WHEN_WHERE = {"starts_at", "ends_at", "room_id"}


def _apply(session: Session, row: Row) -> list[str]:
    values = {
        "starts_at": row.starts_at, "ends_at": row.ends_at, "room_id": row.room_id, "kind": row.kind,
        "capacity": row.capacity, "title_tr": row.title_tr or None, "title_en": row.title_en or None,
        "abstract_tr": row.abstract_tr, "abstract_en": row.abstract_en,
    }
    changed = []
    for name in _TRACKED:
        if getattr(session, name) != values[name] and not (not getattr(session, name) and not values[name]):
            setattr(session, name, values[name])
            changed.append(name)
    return changed


@transaction.atomic
def save_programme(*, conference: Conference, rows: list[Row], by) -> ProgrammeRevision | None:
    """Writes the whole programme the rows describe, or nothing: under the conference lock (then the
    sessions', the order every seat-counting service uses) the rows are checked again, and any
    conflict raises ProgrammeConflicts before the first write. One save is one revision; on a
    published conference the registrants holding a seat are told once per save, and only when a
    session's time or room changed or a session was added or removed. The public programme's cache
    moves on. Returns the revision, or None when nothing changed."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    existing = {
        s.pk: s
        for s in Session.objects.select_for_update().filter(conference=conference).order_by("pk").prefetch_related("speakers", "moderators")
    }
    unknown = [r for r in rows if r.pk is not None and r.pk not in existing]
    if unknown:
        raise ProgrammeConflicts([Conflict("gone", (r.key,), _("%(session)s is no longer in this programme (someone else removed it): reload the page.") % {"session": _label(r)}) for r in unknown])
    rooms = {room.pk: room for room in Room.objects.filter(conference=conference)}
    conflicts = check_for_save(conference=conference, rows=rows, rooms=rooms)
    if conflicts:
        raise ProgrammeConflicts(conflicts)

    changes, tell = [], False
    for row in rows:
        if row.is_empty:
            continue
        if row.delete:
            if row.pk is not None:
                session = existing[row.pk]
                changes.append({"session": session.title_tr or session.title_en, "action": "removed"})
                session.delete()
                tell = True
            continue
        session = existing.get(row.pk) or Session(conference=conference)
        fields = _apply(session, row)
        speakers_before = {p.pk for p in session.speakers.all()} if session.pk else set()
        moderators_before = {p.pk for p in session.moderators.all()} if session.pk else set()
        new = session.pk is None
        if new or fields:
            # One language may wait until the conference is published (check_for_save); the rest
            # of the model's rules apply.
            session.full_clean(exclude=["conference", "room", "speakers", "moderators", "title", "title_tr", "title_en"])
            session.save()
        if set(row.speaker_ids) != speakers_before:
            session.speakers.set(row.speaker_ids)
            fields.append("speakers")
        if set(row.moderator_ids) != moderators_before:
            session.moderators.set(row.moderator_ids)
            fields.append("moderators")
        if new:
            changes.append({"session": session.title_tr or session.title_en, "action": "added"})
            tell = True
        elif fields:
            changes.append({"session": session.title_tr or session.title_en, "action": "changed", "fields": [f.removesuffix("_id") for f in fields]})
            tell = tell or bool(_WHEN_WHERE.intersection(fields))
    if not changes:
        return None
    return _record(conference=conference, changes=changes, by=by, tell=tell)


def _record(*, conference: Conference, changes: list, by, tell: bool) -> ProgrammeRevision:
    revision = ProgrammeRevision.objects.create(conference=conference, by=by, changes=changes)
    if tell and conference.is_published:
        revision.notified = _tell_registrants(conference=conference, revision=revision)
        revision.save(update_fields=["notified"])
    programme_changed()
    return revision


def _tell_registrants(*, conference: Conference, revision: ProgrammeRevision) -> int:
    from .notifications import programme_changed_mail

    registrations = list(
        Registration.objects.filter(conference=conference, status__in=Registration.HOLDING_STATUSES)
        .select_related("person").only("pk", "person__email", "person__preferred_language", "person__anonymised_at")
    )
    mails = [programme_changed_mail(r, revision) for r in registrations if not r.person.anonymised_at]
    outbox.enqueue(*mails)
    return len([m for m in mails if m.recipient])


# --- Starting from an earlier edition or a template ------------------------------------------------


def _specs_from_conference(source: Conference) -> tuple[list[dict], list[dict]]:
    rooms = list(Room.objects.filter(conference=source).order_by("order", "pk"))
    index = {room.pk: i for i, room in enumerate(rooms)}
    specs = []
    for session in Session.objects.filter(conference=source).prefetch_related("speakers", "moderators").order_by("starts_at", "pk"):
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        specs.append({
            "day": (starts.date() - source.starts_on).days, "start": starts.strftime("%H:%M"),
            "minutes": int((ends - starts).total_seconds() // 60), "room": index.get(session.room_id),
            "kind": session.kind, "capacity": session.capacity,
            "title_tr": session.title_tr or "", "title_en": session.title_en or "",
            "abstract_tr": session.abstract_tr or "", "abstract_en": session.abstract_en or "",
            "speakers": [p.pk for p in session.speakers.all()], "moderators": [p.pk for p in session.moderators.all()],
        })
    room_specs = [{"name_tr": r.name_tr or r.name, "name_en": r.name_en or r.name_tr or r.name, "capacity": r.capacity} for r in rooms]
    return room_specs, specs


@transaction.atomic
def _create_from_specs(*, conference: Conference, room_specs: list[dict], specs: list[dict], by, source: str) -> tuple[ProgrammeRevision, int]:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if Session.objects.filter(conference=conference).exists():
        raise ValidationError(_("This programme already has sessions: a programme is copied only into an empty one."), code="not_empty")
    rooms = list(Room.objects.filter(conference=conference).order_by("order", "pk"))
    for i, spec in enumerate(room_specs[len(rooms):], start=len(rooms)):
        rooms.append(Room.objects.create(
            conference=conference, order=i, name_tr=spec.get("name_tr") or spec.get("name_en"), name_en=spec.get("name_en") or spec.get("name_tr"),
            capacity=spec.get("capacity"),
        ))
    last_day = (conference.ends_on - conference.starts_on).days
    known = set(Person.objects.filter(pk__in={pk for s in specs for pk in s.get("speakers", []) + s.get("moderators", [])}, anonymised_at__isnull=True).values_list("pk", flat=True))
    created = skipped = 0
    for spec in specs:
        if not 0 <= spec["day"] <= last_day:
            skipped += 1
            continue
        day = conference.starts_on + timedelta(days=spec["day"])
        starts = timezone.make_aware(datetime.combine(day, time.fromisoformat(spec["start"])))
        room = rooms[spec["room"]] if spec.get("room") is not None and spec["room"] < len(rooms) else None
        session = Session(
            conference=conference, room=room, kind=spec.get("kind") or Session.Kind.PLENARY, capacity=spec.get("capacity"),
            starts_at=starts, ends_at=starts + timedelta(minutes=int(spec["minutes"])),
            title_tr=spec.get("title_tr") or None,
            title_en=spec.get("title_en") or None, abstract_tr=spec.get("abstract_tr", ""), abstract_en=spec.get("abstract_en", ""),
        )
        session.save()
        session.speakers.set([pk for pk in spec.get("speakers", []) if pk in known])
        session.moderators.set([pk for pk in spec.get("moderators", []) if pk in known])
        created += 1
    revision = _record(conference=conference, changes=[{"session": "", "action": "copied", "from": source, "count": created}], by=by, tell=created > 0)
    return revision, skipped


def copy_programme(*, conference: Conference, source: Conference, by) -> tuple[ProgrammeRevision, int]:
    """Copies an earlier edition's rooms (those this one lacks), sessions, speakers and chairs, each
    day shifted to the same day of this conference at the same clock time. Only into an empty
    programme; sessions on days this conference does not have are left out (their number is
    returned). Atomic."""
    if source.pk == conference.pk:
        raise ValidationError(_("Choose another edition to copy from."), code="same")
    room_specs, specs = _specs_from_conference(source)
    return _create_from_specs(conference=conference, room_specs=room_specs, specs=specs, by=by, source=source.title_tr or source.title)


def apply_template(*, conference: Conference, template: ProgrammeTemplate, by) -> tuple[ProgrammeRevision, int]:
    """Starts an empty programme from a saved template (rooms it lacks are added). Atomic."""
    return _create_from_specs(conference=conference, room_specs=template.rooms, specs=template.sessions, by=by, source=template.title_tr or template.title)


def save_template(*, conference: Conference, title_tr: str, title_en: str, by) -> ProgrammeTemplate:
    """Saves the conference's programme (times, rooms, kinds, texts; no people) as a template."""
    if not (title_tr and title_en):
        raise ValidationError(_("Give the template's name in Turkish and English."), code="title")
    room_specs, specs = _specs_from_conference(conference)
    for spec in specs:
        spec["speakers"], spec["moderators"] = [], []
    return ProgrammeTemplate.objects.create(
        title=title_tr, title_tr=title_tr, title_en=title_en, days=(conference.ends_on - conference.starts_on).days + 1,
        rooms=room_specs, sessions=specs, created_by=by,
    )
