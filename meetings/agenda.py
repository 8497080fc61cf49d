"""The agenda builder's rules: one meeting's agenda as rows of day, start time and duration.

Services (writes): `save_agenda` (checks and writes a whole agenda atomically, records the revision
and tells invitees once), `save_as_template`, `add_speaker` (a new person, through the registry's
own service and its duplicate rule). Reads: `check_agenda` (the checks the page's script repeats
live), `rows_of`, `rows_from_meeting`, `rows_from_template`, `busy_slots`, `people_matching`.
The builder view, the admin and the tests all go through these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from magnet.text import reader_order, search_key
from stakeholders.models import Organisation, Person
from stakeholders.services import add_person_by_staff

from . import selectors, services
from .models import AgendaItem, AgendaRevision, AgendaTemplate, AgendaTemplateItem, Meeting

LANGUAGES = ("tr", "en")
TEXT_FIELDS = ("title_tr", "title_en", "description_tr", "description_en")
MAX_MINUTES = 24 * 60


@dataclass
class Row:
    """One agenda item as the builder edits it. `pk` is None for a new item."""

    day: datetime.date
    start: datetime.time
    duration: int
    kind: str = AgendaItem.Kind.SESSION
    title_tr: str = ""
    title_en: str = ""
    description_tr: str = ""
    description_en: str = ""
    speakers: list[int] = field(default_factory=list)
    moderators: list[int] = field(default_factory=list)
    pk: int | None = None

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.day, self.start))

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration)

    @property
    def label(self) -> str:
        if (get_language() or "tr").startswith("en"):
            return self.title_en or self.title_tr or "?"
        return self.title_tr or self.title_en or "?"

    @property
    def people(self) -> set[int]:
        return set(self.speakers) | set(self.moderators)


class AgendaInvalid(ValidationError):
    """The agenda was refused; `rows` maps a row's index to its problems, `general` the rest."""

    def __init__(self, rows: dict[int, list[str]], general: list[str] | None = None):
        self.rows = rows
        self.general = general or []
        super().__init__([m for problems in rows.values() for m in problems] + self.general)


@dataclass
class SaveResult:
    changes: list[dict]
    revision: AgendaRevision | None
    notified: bool


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)


def meeting_days(meeting: Meeting) -> list[datetime.date]:
    """The meeting's days (Türkiye time), first to last."""
    first, last = _local(meeting.starts_at).date(), _local(meeting.ends_at - datetime.timedelta(microseconds=1)).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


missing_languages = services.item_missing_languages


# --- Reading an agenda -----------------------------------------------------------------------------


def _items(meeting: Meeting):
    return meeting.agenda_items.order_by("starts_at", "order", "pk").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.only("pk")), Prefetch("moderators", queryset=Person.objects.only("pk"))
    )


def row_from_item(item: AgendaItem) -> Row:
    start = _local(item.starts_at)
    return Row(
        pk=item.pk, day=start.date(), start=start.time().replace(second=0, microsecond=0),
        duration=max(1, int((item.ends_at - item.starts_at).total_seconds() // 60)), kind=item.kind,
        title_tr=item.title_tr or "", title_en=item.title_en or "",
        description_tr=item.description_tr or "", description_en=item.description_en or "",
        speakers=[p.pk for p in item.speakers.all()], moderators=[p.pk for p in item.moderators.all()],
    )


def rows_of(meeting: Meeting) -> list[Row]:
    return [row_from_item(item) for item in _items(meeting)]


def rows_from_meeting(*, meeting: Meeting, source: Meeting) -> list[Row]:
    """The agenda of an earlier meeting as new rows for this one: same clock times and speakers,
    each day moved by the number of days between the two meetings' first days."""
    shift = meeting_days(meeting)[0] - meeting_days(source)[0]
    return [replace(row, pk=None, day=row.day + shift) for row in rows_of(source)]


def rows_from_template(*, meeting: Meeting, template: AgendaTemplate) -> list[Row]:
    """A saved template's items as new rows, placed from the meeting's start."""
    rows = []
    for item in template.items.all():
        start = _local(meeting.starts_at) + datetime.timedelta(minutes=item.offset_minutes)
        rows.append(
            Row(day=start.date(), start=start.time().replace(second=0, microsecond=0), duration=item.duration_minutes,
                kind=item.kind, title_tr=item.title_tr or "", title_en=item.title_en or "",
                description_tr=item.description_tr or "", description_en=item.description_en or "")
        )
    return rows


def shift_later_items(rows: list[Row]) -> list[Row]:
    """Indico's "shift later entries": in time order (ties keep the list order), an item that would
    start before the previous one on its day ends starts when that one ends; its duration is kept,
    so every later item moves with it. The rows come back in the order given."""
    ordered = sorted(range(len(rows)), key=lambda i: (rows[i].day, rows[i].start, i))
    result, previous = list(rows), None
    for index in ordered:
        row = rows[index]
        if previous is not None and previous.day == row.day and row.starts_at < previous.ends_at:
            end = _local(previous.ends_at)
            if end.date() == row.day:
                row = replace(row, start=end.time())
        result[index] = row
        previous = row
    return result


def move(rows: list[Row], index: int, target: int) -> list[Row]:
    """Move the row at `index` to position `target` and lay its day out again: the day keeps its
    first start time and the gaps between positions, so the moved items swap their slots."""
    if not (0 <= index < len(rows) and 0 <= target < len(rows)) or index == target:
        return rows
    old = list(rows)
    new = list(rows)
    new.insert(target, new.pop(index))
    day = old[index].day
    old_day = [r for r in old if r.day == day]
    gaps = [
        int((b.starts_at - a.ends_at).total_seconds() // 60) for a, b in zip(old_day, old_day[1:], strict=False)
    ]
    cursor = old_day[0].starts_at if old_day else None
    laid, position = {}, 0
    for row in new:
        if row.day != day:
            continue
        laid[id(row)] = replace(row, start=_local(cursor).time())
        cursor = cursor + datetime.timedelta(minutes=row.duration + (gaps[position] if position < len(gaps) else 0))
        position += 1
    return [laid.get(id(row), row) for row in new]


# --- Checks -----------------------------------------------------------------------------------------


def busy_slots(*, meeting: Meeting, person_ids, start=None, end=None) -> list[dict]:
    """Where these people speak or moderate in other (not cancelled) meetings between start and end
    (default: the meeting's own span): one dict per person and item, for the checks and the page's
    live check. Two queries."""
    person_ids = {int(p) for p in person_ids}
    if not person_ids:
        return []
    start, end = start or meeting.starts_at, end or meeting.ends_at
    slots = []
    for role, through in (("speaker", AgendaItem.speakers.through), ("moderator", AgendaItem.moderators.through)):
        rows = (
            through.objects.filter(
                person_id__in=person_ids, agendaitem__starts_at__lt=end, agendaitem__ends_at__gt=start
            )
            .exclude(agendaitem__meeting_id=meeting.pk)
            .exclude(agendaitem__meeting__status=Meeting.Status.CANCELLED)
            .values_list(
                "person_id", "agendaitem__starts_at", "agendaitem__ends_at",
                "agendaitem__meeting__title_tr", "agendaitem__meeting__title_en",
            )
        )
        english = (get_language() or "tr").startswith("en")
        for person_id, starts_at, ends_at, title_tr, title_en in rows:
            slots.append({
                "person": person_id, "role": role, "starts_at": starts_at, "ends_at": ends_at,
                "meeting": (title_en or title_tr) if english else (title_tr or title_en),
            })
    return slots


def _hm(value: datetime.datetime) -> str:
    return _local(value).strftime("%H:%M")


def check_agenda(*, meeting: Meeting, rows: list[Row], names: dict[int, str] | None = None) -> dict[int, list[str]]:
    """Every problem of an agenda, by row index, in the active language: no Turkish title, no
    duration, outside the meeting's hours, overlapping another item, a speaker or moderator in two
    items at once, or on another meeting's agenda at the same time. Empty: the agenda is sound.
    The builder's script runs the same checks while staff type."""
    problems: dict[int, list[str]] = {}
    everyone = set().union(*(r.people for r in rows)) if rows else set()
    if names is None:
        names = {p.pk: p.full_name for p in Person.objects.filter(pk__in=everyone).only("given_name", "family_name")} if everyone else {}

    def add(index, message):
        problems.setdefault(index, []).append(message)

    for index, row in enumerate(rows):
        if not row.title_tr.strip():
            add(index, gettext("Give the Turkish title."))
        if row.duration < 1:
            add(index, gettext("The duration must be at least one minute."))
        elif row.starts_at < meeting.starts_at or row.ends_at > meeting.ends_at:
            add(index, gettext("Outside the meeting's hours (%(start)s–%(end)s).")
                % {"start": _hm(meeting.starts_at), "end": _hm(meeting.ends_at)})
    timed = sorted((i for i, r in enumerate(rows) if r.duration >= 1), key=lambda i: (rows[i].starts_at, i))
    for position, index in enumerate(timed):
        row = rows[index]
        for other_index in timed[:position]:
            other = rows[other_index]
            if other.ends_at <= row.starts_at:
                continue
            add(index, gettext("Overlaps “%(item)s” (%(start)s–%(end)s).")
                % {"item": other.label, "start": _hm(other.starts_at), "end": _hm(other.ends_at)})
            for person in sorted(row.people & other.people):
                add(index, gettext("%(name)s is also in “%(item)s” at the same time.")
                    % {"name": names.get(person, "?"), "item": other.label})
    if everyone:
        start = min(r.starts_at for r in rows)
        end = max(r.ends_at for r in rows)
        elsewhere = busy_slots(meeting=meeting, person_ids=everyone, start=start, end=end)
        for index, row in enumerate(rows):
            for slot in elsewhere:
                if slot["person"] in row.people and slot["starts_at"] < row.ends_at and slot["ends_at"] > row.starts_at:
                    add(index, gettext("%(name)s is on the agenda of “%(meeting)s” at the same time (%(start)s–%(end)s).")
                        % {"name": names.get(slot["person"], "?"), "meeting": slot["meeting"],
                           "start": _hm(slot["starts_at"]), "end": _hm(slot["ends_at"])})
    return problems


# --- Saving -----------------------------------------------------------------------------------------

CHANGE_FIELDS = {
    "starts_at": _("start"), "ends_at": _("end"), "kind": _("kind"), "title_tr": _("title (TR)"),
    "title_en": _("title (EN)"), "description_tr": _("description (TR)"), "description_en": _("description (EN)"),
    "speakers": _("speakers"), "moderators": _("moderators"),
}


def _snapshot(row: Row) -> dict:
    return {
        "starts_at": row.starts_at, "ends_at": row.ends_at, "kind": row.kind,
        **{name: getattr(row, name).strip() for name in TEXT_FIELDS},
        "speakers": sorted(set(row.speakers)), "moderators": sorted(set(row.moderators)),
    }


def _clean_people(rows: list[Row]) -> dict[int, str]:
    """Names of the people the rows name; refuses anyone unknown or anonymised."""
    wanted = set().union(*(r.people for r in rows)) if rows else set()
    people = {p.pk: p.full_name for p in Person.objects.filter(pk__in=wanted, anonymised_at__isnull=True)}
    return people


@transaction.atomic
def save_agenda(*, meeting: Meeting, items: list[Row], shift_later: bool = False, actor=None) -> SaveResult:
    """Replace the meeting's agenda with these rows (in list order), atomically.

    Guarantees: with `shift_later`, overlapping later items are moved first (`shift_later_items`).
    Then every check of `check_agenda` runs; any problem raises AgendaInvalid (per row) and nothing
    is written. Items not in the list are deleted; `order` follows time order. When anything
    changed an AgendaRevision records who, when and what; a published meeting's invitees are told
    once per save (one SEQUENCE bump and one update mail each, through `services.announce_change`)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
        raise AgendaInvalid({}, [gettext("The agenda of a cancelled or held meeting cannot be changed.")])
    rows = shift_later_items(items) if shift_later else list(items)
    existing = {item.pk: item for item in _items(meeting)}
    unknown = [i for i, r in enumerate(rows) if r.pk is not None and r.pk not in existing]
    if unknown:
        raise AgendaInvalid({i: [gettext("This item is no longer on the agenda; reload the page.")] for i in unknown})
    names = _clean_people(rows)
    problems = check_agenda(meeting=meeting, rows=rows, names=names)
    for index, row in enumerate(rows):
        gone = row.people - set(names)
        if gone:
            problems.setdefault(index, []).append(gettext("A chosen person is no longer in the registry."))
    if problems:
        raise AgendaInvalid(problems)

    changes = []
    kept = {r.pk for r in rows if r.pk}
    for pk, item in existing.items():
        if pk not in kept:
            changes.append({"action": "removed", "title_tr": item.title_tr or "", "title_en": item.title_en or "", "fields": []})
            item.delete()
    ordered = sorted(range(len(rows)), key=lambda i: (rows[i].starts_at, i))
    for order, index in enumerate(ordered, start=1):
        row = rows[index]
        new = _snapshot(row)
        if row.pk:
            item = existing[row.pk]
            old = _snapshot(row_from_item(item))
            changed = [name for name in CHANGE_FIELDS if old[name] != new[name]]
            if not changed and item.order == order:
                continue
        else:
            item, changed = AgendaItem(meeting=meeting), None
        item.order = order
        item.starts_at, item.ends_at, item.kind = new["starts_at"], new["ends_at"], new["kind"]
        for name in TEXT_FIELDS:
            setattr(item, name, new[name])
        item.full_clean(exclude=["meeting"])
        item.save()
        item.speakers.set(new["speakers"])
        item.moderators.set(new["moderators"])
        if changed is None:
            changes.append({"action": "added", "title_tr": new["title_tr"], "title_en": new["title_en"], "fields": []})
        elif changed:
            changes.append({"action": "changed", "title_tr": new["title_tr"], "title_en": new["title_en"], "fields": changed})

    revision, notified = None, False
    if changes:
        published = meeting.status == Meeting.Status.PUBLISHED
        if published:
            services.announce_change(meeting=meeting)
            notified = True
        revision = AgendaRevision.objects.create(
            meeting=meeting, actor=actor, published=published, sequence=meeting.sequence, changes=changes
        )
    return SaveResult(changes=changes, revision=revision, notified=notified)


def describe_change(change: dict) -> str:
    """One revision entry as a sentence in the active language."""
    english = (get_language() or "tr").startswith("en")
    title = (change.get("title_en") or change.get("title_tr")) if english else (change.get("title_tr") or change.get("title_en"))
    if change["action"] == "added":
        return gettext("Added “%(item)s”") % {"item": title}
    if change["action"] == "removed":
        return gettext("Removed “%(item)s”") % {"item": title}
    fields = ", ".join(str(CHANGE_FIELDS.get(name, name)) for name in change.get("fields", []))
    if not fields:
        return gettext("Moved “%(item)s”") % {"item": title}
    return gettext("Changed “%(item)s”: %(fields)s") % {"item": title, "fields": fields}


# --- Templates ----------------------------------------------------------------------------------------


@transaction.atomic
def save_as_template(*, meeting: Meeting, name_tr: str, name_en: str, actor=None) -> AgendaTemplate:
    """Save the meeting's agenda as a reusable template (offsets from the meeting's start, no
    speakers). Refused without both names or with an empty agenda."""
    name_tr, name_en = (name_tr or "").strip(), (name_en or "").strip()
    if not name_tr or not name_en:
        raise ValidationError(gettext("Give the template's name in Turkish and in English."))
    items = list(meeting.agenda_items.order_by("starts_at", "order", "pk"))
    if not items:
        raise ValidationError(gettext("The agenda is empty: save some items first."))
    template = AgendaTemplate(name_tr=name_tr, name_en=name_en, created_by=actor)
    template.full_clean()
    template.save()
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            template=template, order=order,
            offset_minutes=max(0, int((item.starts_at - meeting.starts_at).total_seconds() // 60)),
            duration_minutes=max(1, int((item.ends_at - item.starts_at).total_seconds() // 60)),
            kind=item.kind, title=item.title_tr, title_tr=item.title_tr, title_en=item.title_en,
            description=item.description_tr, description_tr=item.description_tr, description_en=item.description_en,
        )
        for order, item in enumerate(items, start=1)
    )
    return template


# --- People --------------------------------------------------------------------------------------------


def _organisation_named(text: str) -> Organisation | None:
    key = search_key(text)
    if not key:
        return None
    candidates = Organisation.objects.filter(status=Organisation.Status.APPROVED).filter(
        Q(search_text__contains=key) | Q(acronym__iexact=text.strip())
    )[:20]
    for organisation in candidates:
        names = {search_key(organisation.name_tr or ""), search_key(organisation.name_en or ""), search_key(organisation.acronym or "")}
        if key in names:
            return organisation
    return None


def add_speaker(*, given_name: str, family_name: str, email: str = "", organisation: str = "", role: str = "") -> tuple[Person, bool]:
    """Someone not yet in the registry, added from the builder through the registry's service
    (`stakeholders.services.add_person_by_staff`: marked as added by staff; a known e-mail
    address gives that person instead of a new one). `organisation` is an approved organisation's
    Turkish or English name or acronym; an unknown one is refused. Returns (person, created)."""
    errors = {}
    if not (given_name or "").strip():
        errors["new_given_name"] = gettext("Give the given name.")
    if not (family_name or "").strip():
        errors["new_family_name"] = gettext("Give the family name.")
    found = None
    if (organisation or "").strip():
        found = _organisation_named(organisation)
        if found is None:
            errors["new_organisation"] = gettext("No approved organisation of that name in the registry; choose one from the list or leave it empty.")
    if errors:
        raise ValidationError(errors)
    return add_person_by_staff(given_name=given_name, family_name=family_name, email=email, organisation=found, role=role)


def person_card(person: Person) -> dict:
    """What the builder shows of a person: name, organisation and role, so namesakes differ."""
    membership = (getattr(person, "current_memberships", None) or [None])[0]
    return {
        "id": person.pk,
        "name": person.full_name,
        "organisation": str(membership.organisation.name) if membership else "",
        "role": (membership.role if membership and membership.role else person.position) or "",
    }


def people_matching(*, query: str, limit: int = 12) -> list[dict]:
    """Staff's autocomplete: registry people (not anonymised) by name or e-mail, Turkish-insensitive,
    with organisation and role."""
    people = selectors.with_current_organisations(selectors.search_people(query=query, limit=limit))
    return [person_card(p) for p in people]


def people_cards(person_ids) -> dict[int, dict]:
    people = selectors.with_current_organisations(
        Person.objects.filter(pk__in=set(person_ids), anonymised_at__isnull=True).order_by(reader_order(), "pk")
    )
    return {p.pk: person_card(p) for p in people}


def organisations_matching(*, query: str, limit: int = 10) -> list[str]:
    key = search_key(query)
    if len(key) < 2:
        return []
    found = Organisation.objects.filter(status=Organisation.Status.APPROVED, search_text__contains=key).order_by(
        reader_order(), "pk"
    )[:limit]
    return [str(o.name) for o in found]


__all__ = [
    "AgendaInvalid", "Row", "add_speaker", "check_agenda", "meeting_days", "missing_languages",
    "move", "people_matching", "rows_from_meeting", "rows_from_template", "rows_of", "save_agenda",
    "save_as_template", "shift_later_items",
]
