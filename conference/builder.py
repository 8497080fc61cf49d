"""The programme builder inside the admin (ConferenceAdmin.get_urls): a days × rooms grid and one
form row per session. It works as a plain form; static/js/programme_builder.js adds drag and drop,
the speaker search and the live check. Every check and write is conference.services.programme's."""

import re
from collections import defaultdict
from datetime import date, time, timedelta
from html import escape

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from magnet import limits
from magnet.filters import parse_id
from magnet.text import clean_input, search_key
from magnet.translated import localised
from stakeholders.models import Membership, Person

from .models import Conference, ProgrammeRevision, ProgrammeTemplate, Room, Session
from .services import programme as service

CLOCK = re.compile(r"^\s*([0-9]{1,2})[:.]([0-9]{2})\s*$")
KEY = re.compile(r"^(?:[0-9]{1,19}|new-[0-9]{1,4})$")
SLOT = 30  # minutes per grid row
MAX_ROWS = 400


def may_build(user) -> bool:
    return bool(
        user.is_active and user.is_staff
        and user.has_perm("conference.change_conference") and user.has_perm("conference.change_session")
    )


def _conference(request, conference_id) -> Conference:
    if not may_build(request.user):
        raise PermissionDenied
    conference = Conference.objects.filter(pk=conference_id).first()
    if conference is None:
        raise Http404
    return conference


def _int(value, *, low=0, high=10**6):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _ids(value) -> list[int]:
    return list(dict.fromkeys(int(v) for v in re.findall(r"[0-9]{1,19}", value or "")))[:50]


def parse_rows(data) -> tuple[list[service.Row], list[service.Conflict]]:
    """The posted form as rows; what cannot be read becomes a conflict on its row (kept as typed)."""
    rows, problems = [], []
    for key in data.getlist("rows")[:MAX_ROWS]:
        if not KEY.match(key):
            continue
        def get(name, key=key):
            return clean_input(data.get(f"s-{key}-{name}", "") or "")

        row = service.Row(key=key, pk=int(key) if key.isdigit() else None)
        row.title_tr, row.title_en = get("title_tr").strip()[:255], get("title_en").strip()[:255]
        row.abstract_tr = get("abstract_tr").strip()[: limits.DESCRIPTION]
        row.abstract_en = get("abstract_en").strip()[: limits.DESCRIPTION]
        row.kind = get("kind") or Session.Kind.PLENARY
        row.room_id = _int(get("room"), low=1, high=2**63) if get("room") else None
        row.capacity = _int(get("capacity")) if get("capacity") else None
        row.speaker_ids, row.moderator_ids = _ids(get("speakers")), _ids(get("moderators"))
        row.delete = bool(data.get(f"s-{key}-delete"))
        row.typed = {name: get(name) for name in ("day", "start", "minutes", "capacity")}
        try:
            row.day = date.fromisoformat(get("day")) if get("day") else None
        except ValueError:
            row.day = None
        try:
            clock = CLOCK.match(get("start"))  # 24-hour, "9:30", "09:30" or the Turkish "09.30"
            row.start = time(int(clock[1]), int(clock[2])) if clock else None
        except ValueError:
            row.start = None
        row.minutes = _int(get("minutes"), low=1, high=service.MAX_MINUTES * 2) if get("minutes") else None
        bad = [label for name, label, value in (
            ("day", _("day"), row.day), ("start", _("start time"), row.start), ("minutes", _("duration"), row.minutes),
            ("capacity", _("capacity"), row.capacity),
        ) if row.typed[name] and value is None]
        if bad and not row.is_empty and not row.delete:
            problems.append(service.Conflict("input", (key,), _("%(session)s: check the %(fields)s.") % {
                "session": row.title_tr or row.title_en or _("New session"), "fields": ", ".join(bad)}))
        rows.append(row)
    return rows, problems


def person_cards(ids) -> dict[int, dict]:
    """Name, position and current organisation of each person (two queries): identical names are
    told apart by what follows them."""
    if not ids:
        return {}
    organisations = {}
    for person_id, name in (
        Membership.objects.filter(person_id__in=set(ids), status=Membership.Status.APPROVED, until__isnull=True)
        .order_by("-is_focal_point", "pk").annotate(organisation_name=localised("organisation__name"))
        .values_list("person_id", "organisation_name")
    ):
        organisations.setdefault(person_id, name)
    cards = {}
    for pk, given, family, position in Person.objects.filter(pk__in=set(ids), anonymised_at__isnull=True).values_list(
        "pk", "given_name", "family_name", "position"
    ):
        detail = " · ".join(p for p in (position, organisations.get(pk, "")) if p)
        cards[pk] = {"id": pk, "name": f"{given} {family}".strip(), "detail": detail}
    return cards


def _grid(conference, rows, rooms):
    """Days × rooms: per day, 30-minute rows from 08:00 (or earlier) to 18:00 (or later)."""
    days = [conference.starts_on + timedelta(days=i) for i in range((conference.ends_on - conference.starts_on).days + 1)]
    columns = [(room.pk, room.name) for room in rooms]
    if not columns or any(r.room_id is None and r.placed and not r.delete for r in rows):
        columns.append(("", _("No room")))
    placed = defaultdict(list)
    first, last = 8 * 60, 18 * 60
    for row in rows:
        if row.placed and not row.delete and row.day in days:
            minute = row.start.hour * 60 + row.start.minute
            first = min(first, minute - minute % SLOT)
            last = max(last, min(24 * 60, minute + row.minutes))
            placed[(row.day, row.room_id or "", minute - minute % SLOT)].append(row)
    grid = []
    for day in days:
        slots = []
        for minute in range(first, last, SLOT):
            label = f"{minute // 60:02d}:{minute % 60:02d}"
            slots.append({"time": label, "cells": [
                {"room": room_id, "room_name": name, "rows": placed.get((day, room_id, minute), [])} for room_id, name in columns
            ]})
        grid.append({"day": day, "slots": slots})
    unplaced = [r for r in rows if not r.delete and not r.is_empty and not (r.placed and r.day in days)]
    return grid, columns, unplaced


def _revision_lines(revision) -> list[str]:
    labels = {
        "starts_at": _("start"), "ends_at": _("end"), "room": _("room"), "kind": _("kind"), "capacity": _("capacity"),
        "title_tr": _("title (TR)"), "title_en": _("title (EN)"), "abstract_tr": _("abstract (TR)"),
        "abstract_en": _("abstract (EN)"), "speakers": _("speakers"), "moderators": _("chairs"),
    }
    lines = []
    for change in revision.changes[:20]:
        action = change.get("action")
        if action == "added":
            lines.append(_("added: %(session)s") % change)
        elif action == "removed":
            lines.append(_("removed: %(session)s") % change)
        elif action == "copied":
            lines.append(_("%(count)d sessions copied from %(from)s") % change)
        else:
            lines.append(_("%(session)s: %(fields)s") % {"session": change.get("session", ""), "fields": ", ".join(str(labels.get(f, f)) for f in change.get("fields", []))})
    if len(revision.changes) > 20:
        lines.append(_("and %(count)d more") % {"count": len(revision.changes) - 20})
    return lines


def _context(request, conference, rows, conflicts, rooms, cards=None):
    by_key = defaultdict(list)
    for conflict in conflicts:
        for key in conflict.keys:
            by_key[key].append(conflict.message)
    if cards is None:
        cards = person_cards({pk for r in rows for pk in (*r.speaker_ids, *r.moderator_ids)})
    blank = service.Row(key="__new__")
    for row in [*rows, blank]:
        row.problems = by_key.get(row.key, [])
        row.speakers = [cards[pk] for pk in row.speaker_ids if pk in cards]
        row.moderators = [cards[pk] for pk in row.moderator_ids if pk in cards]
        row.title = (row.title_en or row.title_tr) if translation.get_language() == "en" else (row.title_tr or row.title_en)
        if not hasattr(row, "typed"):
            row.typed = {}
    grid, columns, unplaced = _grid(conference, rows, rooms)
    days = [conference.starts_on + timedelta(days=i) for i in range((conference.ends_on - conference.starts_on).days + 1)]
    status_labels = {service.COMPLETE: _("Complete"), service.MISSING_EN: _("Missing English"), service.MISSING_TR: _("Missing Turkish")}
    html = _Html(days, rooms, status_labels)
    for day in grid:
        iso = day["day"].isoformat()
        day["body"] = mark_safe("".join(  # noqa: S308 — built from escaped parts
            f'<tr><th scope="row" class="pb-time">{slot["time"]}</th>'
            + "".join(
                f'<td><ul class="pb-cell" data-day="{iso}" data-room="{cell["room"]}" data-time="{slot["time"]}">{html.cards(cell["rows"])}</ul></td>'
                for cell in slot["cells"]
            ) + "</tr>"
            for slot in day["slots"]
        ))
    revisions = list(ProgrammeRevision.objects.filter(conference=conference).select_related("by")[:8])
    for revision in revisions:
        revision.lines = _revision_lines(revision)
    preview = {}
    for language in ("tr", "en"):
        with translation.override(language):
            preview[language] = reverse("conference:programme", args=[conference.slug])
    base = reverse("admin:conference_conference_programme", args=[conference.pk])
    return {
        "conference": conference, "rows_html": html.rows(rows), "blank_html": html.rows([blank]),
        "unplaced_html": html.cards(unplaced), "row_count": len(rows), "conflicts": conflicts, "grid": grid, "columns": columns,
        "templates": ProgrammeTemplate.objects.order_by("title", "pk").only("title", "title_tr", "title_en"),
        "editions": Conference.objects.exclude(pk=conference.pk).order_by("-starts_on").only("title", "title_tr", "title_en", "starts_on"),
        "revisions": revisions, "preview": preview, "check_url": base + "check/", "people_url": base + "people/",
        "copy_url": base + "copy/", "template_url": base + "template/", "empty": not any(r.pk for r in rows),
        "new_key": f"new-{sum(1 for r in rows if r.pk is None) + 1}", "slot": SLOT,
        "opts": Conference._meta, "title": _("Programme builder"), "has_view_permission": True,
        "change_url": reverse("admin:conference_conference_change", args=[conference.pk]),
        "status_labels": status_labels,
    }


def stored_rows(conference) -> list[service.Row]:
    sessions = list(Session.objects.filter(conference=conference).order_by("starts_at", "room__order", "pk").only(
        "starts_at", "ends_at", "room_id", "kind", "capacity", "title_tr", "title_en", "abstract_tr", "abstract_en"
    ))
    speakers, moderators = defaultdict(list), defaultdict(list)
    for through, into, column in ((Session.speakers.through, speakers, "person_id"), (Session.moderators.through, moderators, "person_id")):
        for session_id, person_id in through.objects.filter(session__conference=conference).order_by("pk").values_list("session_id", column):
            into[session_id].append(person_id)
    rows = []
    for session in sessions:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        rows.append(service.Row(
            key=str(session.pk), pk=session.pk, day=starts.date(), start=starts.time().replace(second=0, microsecond=0),
            minutes=int((ends - starts).total_seconds() // 60), room_id=session.room_id, kind=session.kind,
            capacity=session.capacity, title_tr=session.title_tr or "", title_en=session.title_en or "",
            abstract_tr=session.abstract_tr or "", abstract_en=session.abstract_en or "",
            speaker_ids=speakers[session.pk], moderator_ids=moderators[session.pk],
        ))
    return rows


def programme_builder(request, conference_id):
    conference = _conference(request, conference_id)
    rooms = list(Room.objects.filter(conference=conference).order_by("order", "pk"))
    room_map = {room.pk: room for room in rooms}
    if request.method == "POST":
        rows, problems = parse_rows(request.POST)
        try:
            if problems:  # what cannot be read, and what the rest conflicts with, at once
                raise service.ProgrammeConflicts(problems + service.check_for_save(conference=conference, rows=rows, rooms=room_map))
            revision = service.save_programme(conference=conference, rows=rows, by=request.user)
        except service.ProgrammeConflicts as refused:
            messages.error(request, _("Nothing was saved: resolve the conflicts marked below. Everything you typed is kept."))
            if not any(r.is_empty for r in rows):
                rows.append(service.Row(key=f"new-{len(rows) + 1}"))
            context = _context(request, conference, rows, refused.conflicts, rooms)
            return render(request, "admin/conference/programme_builder.html", context, status=400)
        if revision is None:
            messages.info(request, _("Nothing changed."))
        elif revision.notified:
            messages.success(request, _("The programme is saved. %(count)d registrants will be told of the changed times or rooms (one e-mail each).") % {"count": revision.notified})
        else:
            messages.success(request, _("The programme is saved."))
        return redirect(request.path)
    rows = stored_rows(conference)
    cards = person_cards({pk for r in rows for pk in (*r.speaker_ids, *r.moderator_ids)})
    names = {pk: card["name"] for pk, card in cards.items()}
    conflicts = service.check_for_save(conference=conference, rows=rows, rooms=room_map, names=names) if rows else []
    rows.append(service.Row(key="new-1"))
    return render(request, "admin/conference/programme_builder.html", _context(request, conference, rows, conflicts, rooms, cards))


@require_POST
def programme_check(request, conference_id):
    """The live check: the form as typed, checked by the save's own rules; nothing is written."""
    conference = _conference(request, conference_id)
    rows, problems = parse_rows(request.POST)
    conflicts = problems + service.check_for_save(conference=conference, rows=rows)
    return JsonResponse({
        "conflicts": [c.as_json() for c in conflicts],
        "status": {r.key: r.language_status for r in rows if not r.is_empty},
    })


@require_GET
def programme_people(request, conference_id):
    """People of the registry for the speaker and chair search: name, position and organisation."""
    _conference(request, conference_id)
    key = search_key(request.GET.get("q", ""))
    if len(key) < 2:
        return JsonResponse({"results": []})
    ids = list(
        Person.objects.filter(search_text__contains=key, anonymised_at__isnull=True)
        .order_by("family_name", "given_name", "pk").values_list("pk", flat=True)[:12]
    )
    cards = person_cards(ids)
    return JsonResponse({"results": [cards[pk] for pk in ids if pk in cards]})


@require_POST
def programme_copy(request, conference_id):
    conference = _conference(request, conference_id)
    back = reverse("admin:conference_conference_programme", args=[conference.pk])
    try:
        if request.POST.get("template"):
            template = ProgrammeTemplate.objects.filter(pk=parse_id(request.POST["template"])).first()
            if template is None:
                raise ValidationError(_("Choose a template."))
            _revision, skipped = service.apply_template(conference=conference, template=template, by=request.user)
        else:
            source = Conference.objects.filter(pk=parse_id(request.POST.get("source", ""))).first()
            if source is None:
                raise ValidationError(_("Choose an edition to copy from."))
            _revision, skipped = service.copy_programme(conference=conference, source=source, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(back)
    messages.success(request, _("The programme is copied, days shifted to this conference's dates."))
    if skipped:
        messages.warning(request, _("%(count)d sessions fell on days this conference does not have and were left out.") % {"count": skipped})
    return redirect(back)


@require_POST
def programme_save_template(request, conference_id):
    conference = _conference(request, conference_id)
    back = reverse("admin:conference_conference_programme", args=[conference.pk])
    try:
        template = service.save_template(
            conference=conference, title_tr=clean_input(request.POST.get("title_tr", "")).strip()[:200],
            title_en=clean_input(request.POST.get("title_en", "")).strip()[:200], by=request.user,
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(back)
    messages.success(request, _("Saved as the template “%(title)s”.") % {"title": template.title})
    return redirect(back)


def urls(admin_view):
    from django.urls import path

    return [
        path("<int:conference_id>/programme/", admin_view(programme_builder), name="conference_conference_programme"),
        path("<int:conference_id>/programme/check/", admin_view(programme_check), name="conference_conference_programme_check"),
        path("<int:conference_id>/programme/people/", admin_view(programme_people), name="conference_conference_programme_people"),
        path("<int:conference_id>/programme/copy/", admin_view(programme_copy), name="conference_conference_programme_copy"),
        path("<int:conference_id>/programme/template/", admin_view(programme_save_template), name="conference_conference_programme_template"),
    ]


# --- HTML of the session rows and grid cards ---------------------------------------------------------
# 120 sessions are about 6,000 fields and options: written here in Python, ten times faster than the
# template engine, so the page of a full conference renders well inside its 300 ms. Everything
# user-typed goes through escape().


class _Html:
    """Per-request labels and options, translated once."""

    def __init__(self, days, rooms, status_labels):
        self.days = [(d.isoformat(), date_format(d, "D j M")) for d in days]
        self.rooms = [(str(room.pk), room.name + (f" ({room.capacity})" if room.capacity else "")) for room in rooms]
        self.kinds = [(value, str(label)) for value, label in Session.Kind.choices]
        self.kind_labels = dict(self.kinds)
        self.status = status_labels
        self.t = {name: escape(text) for name, text in {
            "new": _("New session"), "day": _("Day"), "start": _("Start"), "minutes": _("Duration (minutes)"),
            "room": _("Room"), "no_room": _("No room"), "kind": _("Kind"), "capacity": _("Capacity"),
            "title_tr": _("Title (TR)"), "title_en": _("Title (EN)"), "abstract_tr": _("Abstract (TR)"),
            "abstract_en": _("Abstract (EN)"), "speakers": _("Speakers"), "moderators": _("Chairs"),
            "ids_help": _("Registry numbers, separated by commas."), "delete": _("Remove this session"),
            "conflict": _("Conflict"),
        }.items()}

    @staticmethod
    def options(choices, selected, blank=None):
        parts = [f'<option value="">{blank}</option>'] if blank is not None else []
        for value, label in choices:
            parts.append(f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>')
        return "".join(parts)

    def status_badge(self, row, css="pb-status", complete=True):
        status = row.language_status
        text = self.status.get(status, "") if (complete or status != service.COMPLETE) else ""
        return f'<span class="{css} pb-status-{status}">{escape(text)}</span>'

    def card(self, row) -> str:
        when = f"{row.start:%H:%M}–{row.end_time:%H:%M}" if row.placed else ""
        conflict = " pb-conflict" if row.problems else ""
        return (
            f'<li class="pb-card pb-kind-{escape(row.kind)}{conflict}" data-key="{row.key}" id="card-{row.key}">'
            f'<span class="pb-card-time">{when}</span> <span class="pb-card-kind">{escape(self.kind_labels.get(row.kind, ""))}</span>'
            f'<a class="pb-card-title" href="#row-{row.key}">{escape(row.title or self.t["new"])}</a>'
            f'{self.status_badge(row, "pb-card-status", complete=False)}'
            f'<span class="pb-card-flag">{self.t["conflict"] if row.problems else ""}</span></li>'
        )

    def cards(self, rows) -> str:
        return mark_safe("".join(self.card(row) for row in rows))  # noqa: S308 — built from escaped parts

    def row(self, row) -> str:
        k, t = row.key, self.t
        typed = getattr(row, "typed", {})
        name = lambda field: f'id="s-{k}-{field}" name="s-{k}-{field}"'  # noqa: E731
        start = f"{row.start:%H:%M}" if row.start else escape(typed.get("start", ""))
        minutes = row.minutes if row.minutes else escape(typed.get("minutes", ""))
        capacity = row.capacity if row.capacity is not None else escape(typed.get("capacity", ""))
        day = row.day.isoformat() if row.day else ""
        day_options = self.days if not day or any(v == day for v, _l in self.days) else [*self.days, (day, day)]
        problems = "".join(f"<li>{escape(p)}</li>" for p in row.problems)
        legend = t["new"] if row.is_empty else escape(row.title)
        people = []
        for field, ids, cards in (("speakers", row.speaker_ids, row.speakers), ("moderators", row.moderator_ids, row.moderators)):
            chips = "".join(
                f'<li data-id="{p["id"]}"><span class="pb-chip-name">{escape(p["name"])}</span>'
                + (f' <span class="pb-chip-detail">{escape(p["detail"])}</span>' if p["detail"] else "")
                + f' <span class="pb-chip-id">#{p["id"]}</span></li>'
                for p in cards
            )
            people.append(
                f'<div class="pb-people" data-field="{field}"><label for="s-{k}-{field}">{t[field]}</label>'
                f'<input type="text" {name(field)} class="pb-ids" value="{", ".join(map(str, ids))}" '
                f'aria-describedby="s-{k}-{field}-help" autocomplete="off">'
                f'<p class="help" id="s-{k}-{field}-help">{t["ids_help"]}</p><ul class="pb-chips">{chips}</ul></div>'
            )
        delete = (
            f'<p class="pb-delete"><input type="checkbox" {name("delete")} value="1"{" checked" if row.delete else ""}> '
            f'<label for="s-{k}-delete" class="vCheckboxLabel">{t["delete"]}</label></p>'
        ) if row.pk else ""
        return (
            f'<fieldset class="pb-row module{" pb-has-problems" if row.problems else ""}" id="row-{k}" data-key="{k}">'
            f'<input type="hidden" name="rows" value="{k}">'
            f'<legend><span class="pb-legend-title">{legend}</span>'
            f'{"" if row.is_empty else " " + self.status_badge(row)}</legend>'
            f'<ul class="errorlist pb-problems" id="row-{k}-problems">{problems}</ul>'
            f'<div class="pb-when">'
            f'<div><label for="s-{k}-day">{t["day"]}</label><select {name("day")} class="pb-day-field">{self.options(day_options, day, "—")}</select></div>'
            f'<div><label for="s-{k}-start">{t["start"]}</label><input type="text" inputmode="numeric" maxlength="5" placeholder="09:00" pattern="[0-2]?[0-9][:.][0-5][0-9]" {name("start")} class="pb-start-field" value="{start}"></div>'
            f'<div><label for="s-{k}-minutes">{t["minutes"]}</label><input type="number" min="5" max="720" step="5" {name("minutes")} class="pb-minutes-field" value="{minutes}"></div>'
            f'<div><label for="s-{k}-room">{t["room"]}</label><select {name("room")} class="pb-room-field">{self.options(self.rooms, str(row.room_id or ""), t["no_room"])}</select></div>'
            f'<div><label for="s-{k}-kind">{t["kind"]}</label><select {name("kind")} class="pb-kind-field">{self.options(self.kinds, row.kind)}</select></div>'
            f'<div><label for="s-{k}-capacity">{t["capacity"]}</label><input type="number" min="0" {name("capacity")} value="{capacity}"></div>'
            f'</div><div class="pb-langs">'
            f'<div class="pb-lang" lang="tr"><label for="s-{k}-title_tr">{t["title_tr"]}</label>'
            f'<input type="text" maxlength="255" {name("title_tr")} class="pb-title-tr" value="{escape(row.title_tr)}">'
            f'<label for="s-{k}-abstract_tr">{t["abstract_tr"]}</label><textarea rows="2" {name("abstract_tr")}>{escape(row.abstract_tr)}</textarea></div>'
            f'<div class="pb-lang" lang="en"><label for="s-{k}-title_en">{t["title_en"]}</label>'
            f'<input type="text" maxlength="255" {name("title_en")} class="pb-title-en" value="{escape(row.title_en)}">'
            f'<label for="s-{k}-abstract_en">{t["abstract_en"]}</label><textarea rows="2" {name("abstract_en")}>{escape(row.abstract_en)}</textarea></div>'
            f'</div><div class="pb-people-pair">{"".join(people)}</div>{delete}</fieldset>'
        )

    def rows(self, rows) -> str:
        return mark_safe("".join(self.row(row) for row in rows))  # noqa: S308 — built from escaped parts
