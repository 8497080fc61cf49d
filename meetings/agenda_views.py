"""The agenda builder inside the admin (MeetingAdmin.get_urls): one page that is a plain form
without JavaScript (every button submits), enhanced by static/js/agenda_builder.js. Permission:
staff with change permission on the meeting (admin_view sends everyone else to sign in, or 403)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import agenda, selectors, services
from .agenda_forms import NewPersonForm, TemplateNameForm, bind, is_blank, raw_from_row, raw_rows
from .models import AgendaRevision, AgendaTemplate, Meeting, Printout

EARLIER_MEETINGS = 30  # the "start from" list
REVISIONS_SHOWN = 10


def _meeting(model_admin, request, object_id) -> Meeting:
    if not str(object_id).isdigit() or len(str(object_id)) > 18:
        raise Http404
    meeting = get_object_or_404(Meeting, pk=int(object_id))
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    return meeting


def _blank(meeting, raws) -> dict:
    """A new row: after the last one, half an hour long."""
    last = None
    for raw in reversed(raws):
        form = bind(raw, 0, agenda.meeting_days(meeting))
        if not is_blank(raw) and form.is_valid():
            last = form.to_row()
            break
    if last is not None:
        end = timezone.localtime(last.ends_at)
        day, start = end.date(), end.time()
    else:
        start_at = timezone.localtime(meeting.starts_at)
        day, start = start_at.date(), start_at.time()
    return raw_from_row(agenda.Row(day=day, start=start, duration=30))


def _resolve_queries(raws) -> dict[int, list[str]]:
    """Without the script, "Add a speaker" is a search on submit: one match is added, none or
    several are explained on the row (the typed text is kept)."""
    problems = {}
    for index, raw in enumerate(raws):
        for query_name, list_name in (("speaker_query", "speakers"), ("moderator_query", "moderators")):
            query = (raw.get(query_name) or "").strip()
            if not query:
                continue
            found = agenda.people_matching(query=query, limit=6)
            if len(found) == 1:
                if str(found[0]["id"]) not in raw[list_name]:
                    raw[list_name].append(str(found[0]["id"]))
                raw[query_name] = ""
            elif not found:
                problems.setdefault(index, []).append(
                    _("No one in the registry matches “%(query)s”; add them under “Someone not in the registry”.") % {"query": query}
                )
            else:
                names = "; ".join(" · ".join(p for p in (c["name"], c["organisation"], c["role"]) if p) for c in found[:5])
                problems.setdefault(index, []).append(
                    _("Several people match “%(query)s”: %(names)s. Type more of the name, or the e-mail.") % {"query": query, "names": names}
                )
    return problems


def _parse(meeting, raws):
    """Bound forms for the rows; (forms, rows or None when a row's shape is wrong)."""
    days = agenda.meeting_days(meeting)
    forms = [bind(raw, index, days) for index, raw in enumerate(raws)]
    valid = all(form.is_valid() for form in forms)
    return forms, ([form.to_row() for form in forms] if valid else None)


def builder(model_admin, request, object_id):
    meeting = _meeting(model_admin, request, object_id)
    row_errors: dict[int, list[str]] = {}
    general_errors: list[str] = []
    person_form = NewPersonForm(prefix=None)
    template_form = TemplateNameForm()
    shift = True
    if request.method == "POST":
        raws = [r for r in raw_rows(request.POST) if not is_blank(r)]
        shift = request.POST.get("shift_later") == "1"
        action = request.POST.get("action", "save")
        move, insert = request.POST.get("move", ""), request.POST.get("insert", "")
        items = [(i, f"{i + 1}. {r.get('title_tr') or r.get('title_en') or '…'}") for i, r in enumerate(raws)]
        person_form = NewPersonForm(request.POST, items=items)
        template_form = TemplateNameForm(request.POST)
        if move:
            raws = _move(meeting, raws, move)
        elif insert:
            raws = _insert(meeting, raws, insert)
        elif action == "add_person":
            raws = _add_person(request, raws, person_form)
            if raws is not None:
                return _render(request, model_admin, meeting, raws, {}, [], NewPersonForm(items=items), template_form, shift)
            raws = [r for r in raw_rows(request.POST) if not is_blank(r)]
        elif action == "start_from":
            raws = _start_from(request, meeting, raws)
        elif action == "save_template":
            _save_template(request, meeting, template_form)
        elif action in ("save", "publish"):
            row_errors = _resolve_queries(raws)
            forms, rows = _parse(meeting, raws)
            if rows is None:
                # Show every problem at once: the checks of the rows whose shape is right, too.
                parsed = [(i, f.to_row()) for i, (f, raw) in enumerate(zip(forms, raws, strict=True))
                          if not f.errors and not raw.get("delete")]
                found = agenda.check_agenda(meeting=meeting, rows=[row for _i, row in parsed])
                for position, problems in found.items():
                    row_errors.setdefault(parsed[position][0], []).extend(problems)
            kept = [(i, row) for i, (row, raw) in enumerate(zip(rows or [], raws, strict=False)) if not raw.get("delete")]
            if rows is not None and not row_errors:
                try:
                    result = agenda.save_agenda(meeting=meeting, items=[r for _i, r in kept], shift_later=shift, actor=request.user)
                except agenda.AgendaInvalid as invalid:
                    row_errors = {kept[i][0]: problems for i, problems in invalid.rows.items()}
                    general_errors = list(invalid.general)
                else:
                    _saved_message(request, result)
                    if action == "publish":
                        _publish(request, meeting)
                    return redirect(reverse("admin:meetings_meeting_agenda", args=[meeting.pk]))
            general_errors = general_errors or [_("Nothing was saved: correct the marked rows.")]
        # "add_row" (and anything else) only shows the rows again with one more.
        return _render(request, model_admin, meeting, raws, row_errors, general_errors, person_form, template_form, shift,
                       status=400 if general_errors else 200, add_row=action == "add_row")
    raws = [raw_from_row(row) for row in agenda.rows_of(meeting)]
    return _render(request, model_admin, meeting, raws, {}, [], person_form, template_form, shift)


def _move(meeting, raws, value):
    index, _sep, direction = value.partition(":")
    if not index.isdigit() or int(index) >= len(raws):
        return raws
    index = int(index)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(raws):
        return raws
    forms, rows = _parse(meeting, raws)
    order = list(range(len(raws)))
    order.insert(target, order.pop(index))
    moved = [raws[k] for k in order]
    if rows is not None and rows[index].day == rows[target].day:
        for raw, row in zip(moved, agenda.move(rows, index, target), strict=True):
            raw["start"] = row.start.strftime("%H:%M")
    return moved


def _insert(meeting, raws, value):
    if not value.isdigit() or int(value) >= len(raws):
        return raws
    index = int(value)
    new = _blank(meeting, raws[: index + 1])
    return raws[: index + 1] + [new] + raws[index + 1:]


def _add_person(request, raws, form):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        person, created = agenda.add_speaker(
            given_name=data["new_given_name"], family_name=data["new_family_name"], email=data["new_email"],
            organisation=data["new_organisation"],
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return None
    if created:
        messages.success(request, _("%(name)s was added to the registry (marked as added by staff).") % {"name": person.full_name})
    else:
        messages.info(request, _("%(name)s is already in the registry with that e-mail address; that person is used.") % {"name": person.full_name})
    target = data.get("new_item")
    if target is not None and 0 <= target < len(raws) and str(person.pk) not in raws[target]["speakers"]:
        raws[target]["speakers"].append(str(person.pk))
    return raws


def _start_from(request, meeting, raws):
    source = request.POST.get("source", "")
    kind, _sep, pk = source.partition(":")
    rows = None
    if kind == "meeting" and pk.isdigit() and len(pk) < 19:
        other = Meeting.objects.filter(pk=int(pk)).exclude(pk=meeting.pk).first()
        if other:
            rows = agenda.rows_from_meeting(meeting=meeting, source=other)
    elif kind == "template" and pk.isdigit() and len(pk) < 19:
        template = AgendaTemplate.objects.filter(pk=int(pk)).first()
        if template:
            rows = agenda.rows_from_template(meeting=meeting, template=template)
    if rows is None:
        messages.error(request, _("Choose a meeting or a template to start from."))
        return raws
    messages.info(request, _("The rows below come from the chosen agenda. Check them and save; nothing is saved yet."))
    # Items already saved and not in the new rows are removed when the agenda is saved.
    return [raw_from_row(row) for row in rows]


def _save_template(request, meeting, form):
    if not form.is_valid():
        return
    try:
        template = agenda.save_as_template(
            meeting=meeting, name_tr=form.cleaned_data["template_name_tr"], name_en=form.cleaned_data["template_name_en"],
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
    else:
        messages.success(request, _("The saved agenda is now the template “%(name)s”.") % {"name": template.name})


def _saved_message(request, result):
    if not result.changes:
        messages.info(request, _("Nothing had changed."))
    elif result.notified:
        messages.success(request, _("The agenda is saved. Invitees are told about the change once, with the updated calendar entry."))
    else:
        messages.success(request, _("The agenda is saved."))


def _publish(request, meeting):
    try:
        services.publish_meeting(meeting=meeting)
    except ValidationError as error:
        messages.error(request, _("The agenda is saved but the meeting is not published:") + " " + "; ".join(error.messages))
    else:
        messages.success(request, _("The meeting is published."))


def _render(request, model_admin, meeting, raws, row_errors, general_errors, person_form, template_form, shift,
            *, status=200, add_row=False):
    days = agenda.meeting_days(meeting)
    person_form.fields["new_item"].choices = person_form.fields["new_item"].choices[:1] + [
        (i, f"{i + 1}. {r.get('title_tr') or r.get('title_en') or '…'}") for i, r in enumerate(raws) if not is_blank(r)
    ]
    raws = list(raws) + [_blank(meeting, raws)]
    if add_row:
        raws.append(_blank(meeting, raws))
    forms = [bind(raw, index, days) for index, raw in enumerate(raws)]
    person_ids = {int(p) for raw in raws for name in ("speakers", "moderators") for p in raw.get(name, [])}
    cards = agenda.people_cards(person_ids)
    rows = []
    for index, (form, raw) in enumerate(zip(forms, raws, strict=True)):
        rows.append({
            "form": form,
            "index": index,
            "number": index + 1,
            "blank": index >= len(raws) - (2 if add_row else 1) and is_blank(raw),
            "missing": services.item_missing_languages(_Texts(raw)),
            "errors": row_errors.get(index, []),
            "people_lists": [
                ("speakers", form["speaker_query"], [cards[int(p)] for p in raw.get("speakers", []) if int(p) in cards],
                 _("Speakers")),
                ("moderators", form["moderator_query"], [cards[int(p)] for p in raw.get("moderators", []) if int(p) in cards],
                 _("Moderators")),
            ],
            "end": _end_label(raw),
        })
    busy = agenda.busy_slots(meeting=meeting, person_ids=person_ids)
    earlier = (
        Meeting.objects.exclude(pk=meeting.pk).filter(agenda_items__isnull=False).distinct()
        .order_by("-starts_at", "pk").only("pk", "title_tr", "title_en", "starts_at")[:EARLIER_MEETINGS]
    )
    printouts = {(p.language): p for p in meeting.printouts.filter(kind=Printout.Kind.AGENDA)}
    revisions = list(
        AgendaRevision.objects.filter(meeting=meeting).select_related("actor").order_by("-created_at", "-pk")[:REVISIONS_SHOWN]
    )
    for revision in revisions:
        revision.lines = [agenda.describe_change(change) for change in revision.changes]
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    config = {
        "meeting": {"starts": start.isoformat(), "ends": end.isoformat(), "hours": f"{start:%H:%M}–{end:%H:%M}"},
        "people": {str(k): v for k, v in cards.items()},
        "busy": [
            {"person": b["person"], "starts": timezone.localtime(b["starts_at"]).isoformat(),
             "ends": timezone.localtime(b["ends_at"]).isoformat(), "meeting": b["meeting"]}
            for b in busy
        ],
        "peopleUrl": reverse("admin:meetings_meeting_agenda_people", args=[meeting.pk]),
        "organisationsUrl": reverse("admin:meetings_meeting_agenda_organisations", args=[meeting.pk]),
        "text": _script_text(),
    }
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "title": _("Agenda builder"),
        "meeting": meeting,
        "rows": rows,
        "row_count": len(rows),
        "multi_day": len(days) > 1,
        "days": days,
        "shift": shift,
        "general_errors": general_errors,
        "person_form": person_form,
        "template_form": template_form,
        "templates": AgendaTemplate.objects.order_by("pk"),
        "earlier": earlier,
        "printouts": [(language, printouts.get(language)) for language in ("tr", "en")],
        "revisions": revisions,
        "config": config,
        "missing_count": sum(1 for r in rows if r["missing"] and not r["blank"]),
        "preview_tr": _in_language("tr", "admin:meetings_meeting_agenda_preview", meeting.pk),
        "preview_en": _in_language("en", "admin:meetings_meeting_agenda_preview", meeting.pk),
        "has_view_permission": True,
        "home": "Home",  # the admin's own breadcrumb word, translated by the admin's catalogue
    }
    return render(request, "admin/meetings/agenda_builder.html", context, status=status)


class _Texts:
    def __init__(self, raw):
        for name in ("title_tr", "title_en", "description_tr", "description_en"):
            setattr(self, name, raw.get(name, ""))


def _end_label(raw) -> str:
    match = agenda_forms_time(raw.get("start", ""))
    try:
        minutes = int(raw.get("duration") or 0)
    except ValueError:
        return ""
    if match is None or minutes < 1:
        return ""
    end = datetime.datetime.combine(datetime.date(2000, 1, 1), match) + datetime.timedelta(minutes=minutes)
    return end.strftime("%H:%M")


def agenda_forms_time(text):
    from .agenda_forms import TIME

    found = TIME.match(text or "")
    return datetime.time(int(found.group(1)), int(found.group(2))) if found else None


def _in_language(language, name, pk):
    with translation.override(language):
        return reverse(name, args=[pk])


def _script_text() -> dict:
    return {
        "missingEn": _("missing English"),
        "missingTr": _("missing Turkish"),
        "complete": _("complete"),
        "overlaps": _("Overlaps “%(item)s” (%(start)s–%(end)s)."),
        "outside": _("Outside the meeting's hours (%(start)s–%(end)s)."),
        "twice": _("%(name)s is also in “%(item)s” at the same time."),
        "elsewhere": _("%(name)s is on the agenda of “%(meeting)s” at the same time (%(start)s–%(end)s)."),
        "noTitle": _("Give the Turkish title."),
        "badTime": _("Give the time as HH:MM, 24-hour (e.g. 09:30)."),
        "remove": _("Remove %(name)s"),
        "noMatch": _("No one in the registry matches; add them under “Someone not in the registry”."),
        "shifted": _("moved by the shift"),
        "problems": _("%(count)s problems to correct before saving."),
        "noProblems": _("No problems found."),
        "item": _("Item %(number)s"),
        "newItem": _("New item"),
        "up": _("Move item %(number)s up"),
        "down": _("Move item %(number)s down"),
        "insert": _("Insert an item after item %(number)s"),
    }


def people(model_admin, request, object_id):
    """The autocomplete: registry people with organisation and role (staff only)."""
    meeting = _meeting(model_admin, request, object_id)
    query = (request.GET.get("q") or "")[:100]
    found = agenda.people_matching(query=query)
    busy = agenda.busy_slots(meeting=meeting, person_ids=[p["id"] for p in found])
    for card in found:
        card["busy"] = [
            {"starts": timezone.localtime(b["starts_at"]).isoformat(), "ends": timezone.localtime(b["ends_at"]).isoformat(),
             "meeting": b["meeting"]}
            for b in busy if b["person"] == card["id"]
        ]
    return JsonResponse({"results": found})


def organisations(model_admin, request, object_id):
    _meeting(model_admin, request, object_id)
    return JsonResponse({"results": agenda.organisations_matching(query=(request.GET.get("q") or "")[:100])})


def preview(model_admin, request, object_id):
    """The saved agenda as an invitee sees it on the meeting's page, in the page's language."""
    meeting = _meeting(model_admin, request, object_id)
    return render(request, "meetings/agenda_preview.html", {
        "meeting": meeting,
        "agenda": selectors.agenda_of(meeting),
        "builder_url": reverse("admin:meetings_meeting_agenda", args=[meeting.pk]),
    })


__all__ = ["builder", "organisations", "people", "preview"]
