from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from magnet.calendars import CALENDAR_MIMETYPE
from magnet.downloads import file_response
from magnet.exports import export_response
from magnet.permissions import staff_required
from magnet.roles import ICMPD_STAFF, has_role
from stakeholders.models import Person, Pillar
from stakeholders.services import register_person_met_in_person

from . import commitments, selectors, services
from .calendar import meetings_calendar
from .forms import InviteForm, NewWalkInForm, PeriodForm, PrintoutForm, RsvpForm, WalkInSearchForm
from .models import CalendarFeed, Invitation, Meeting, Printout
from .tokens import InvalidRsvpLink, invitation_from_token

PAGE_SIZE = 25  # meetings per page of the list


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- Stakeholders -----------------------------------------------------------------------------


@login_required
def meeting_list(request):
    page = selectors.meeting_list_page(user=request.user, number=request.GET.get("page"), per_page=PAGE_SIZE)
    meetings = page.object_list
    labels = dict(Invitation.Response.choices)
    for meeting in meetings:
        meeting.my_response_label = labels.get(meeting.my_response, "")
    return render(
        request,
        "meetings/meeting_list.html",
        {"meetings": meetings, "page": page, "is_staff": has_role(request.user, ICMPD_STAFF)},
    )


@login_required
def my_meetings(request):
    upcoming, past = selectors.my_invitations_split(user=request.user)
    person = selectors.person_for(request.user)
    feed = CalendarFeed.objects.filter(person=person).first() if person else None
    return render(request, "meetings/my_meetings.html", {"upcoming": upcoming, "past": past, "feed": feed, "person": person})


@login_required
@require_GET
def my_calendar(request):
    meetings = [invitation.meeting for invitation in selectors.my_invitations(user=request.user)]
    return _calendar_response(meetings_calendar(meetings, name=_("My MAGNET meetings")), "magnet-meetings.ics")


@login_required
@require_POST
def calendar_feed_manage(request):
    person = selectors.person_for(request.user)
    if person is None:
        raise Http404
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_feed(person=person)
        messages.success(request, _("Your calendar feed address no longer works."))
    else:
        services.renew_calendar_feed(person=person)
        messages.success(request, _("Your private calendar feed address is ready. Keep it to yourself."))
    return redirect("meetings:my_meetings")


@require_GET
def calendar_feed(request, token):
    """The private feed a calendar app subscribes to: no session, the secret token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person", "person__user"), token=token)
    if feed.person.user is None:
        raise Http404
    invitations = selectors.my_invitations(user=feed.person.user)
    meetings = [invitation.meeting for invitation in invitations]
    return _calendar_response(meetings_calendar(meetings, name=_("My MAGNET meetings")), "magnet-meetings.ics")


@login_required
def meeting_detail(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    invitation = selectors.invitation_of(user=request.user, meeting=meeting)
    can_answer = meeting.answers_open and (invitation is not None or selectors.may_join(user=request.user, meeting=meeting))
    form = None
    if can_answer:
        form = RsvpForm.for_invitation(invitation)
        form.action = "meetings:meeting_answer"
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting, invitation, form))


def _detail_context(request, meeting, invitation, form, *, token=None):
    show_minutes = selectors.may_read_minutes(user=request.user, meeting=meeting, invitation=invitation)
    return {
        "meeting": meeting,
        "invitation": invitation,
        "form": form,
        "token": token,
        "agenda": selectors.agenda_of(meeting),
        "documents": meeting.documents.all(),
        "agenda_pdf": selectors.ready_printout(meeting=meeting, kind=Printout.Kind.AGENDA, language=get_language()),
        "show_minutes": show_minutes and meeting.status == Meeting.Status.HELD,
        "action_items": list(commitments.meeting_commitments(meeting=meeting)) if show_minutes else [],
        "is_staff": has_role(request.user, ICMPD_STAFF),
    }


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    invitation = selectors.invitation_of(user=request.user, meeting=meeting)
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.respond_as_member(user=request.user, meeting=meeting, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            _answer_message(request, invitation)
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    form.action = "meetings:meeting_answer"
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting, invitation, form), status=400)


def _answer_message(request, invitation):
    if invitation.response == Invitation.Response.WAITING:
        messages.warning(request, _("The meeting is full: you are on the waiting list. We will e-mail you if a seat frees up."))
    else:
        messages.success(request, _("Thank you, your answer is saved: %(answer)s.") % {"answer": invitation.get_response_display()})


@login_required
@require_GET
def meeting_calendar(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    return _calendar_response(meetings_calendar([meeting], name=meeting.title), f"meeting-{meeting.pk}.ics")


@login_required
@require_GET
def document_download(request, pk, document_pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    document = get_object_or_404(meeting.documents, pk=document_pk)
    return file_response(document.file, filename=document.filename)


@login_required
@require_GET
def agenda_pdf(request, pk):
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404
    printout = selectors.ready_printout(meeting=meeting, kind=Printout.Kind.AGENDA, language=get_language())
    if printout is None:
        raise Http404
    return file_response(printout.file, filename=f"agenda-{meeting.pk}-{printout.language}.pdf", inline=True)


# --- The personal RSVP link (no password) -------------------------------------------------------


def _invitation_or_error_page(request, token):
    try:
        return invitation_from_token(token), None
    except InvalidRsvpLink as invalid:
        return None, render(request, "meetings/rsvp_invalid.html", {"message": invalid.message}, status=400)


@never_cache
def rsvp(request, token):
    """The personal answer link. Opening it (GET) changes nothing, since mail scanners and link
    previews open links too; only the answer (POST) is recorded, and marks the link as opened."""
    invitation, error_page = _invitation_or_error_page(request, token)
    if error_page:
        return error_page
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.DRAFT:
        raise Http404
    status = 200
    if request.method == "POST":
        form = RsvpForm(request.POST)
        if form.is_valid():
            try:
                invitation = services.respond(invitation=invitation, **form.cleaned_data)
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
                status = 400
            else:
                _answer_message(request, invitation)
                return redirect("meetings:rsvp", token=token)
        else:
            status = 400
    else:
        form = RsvpForm.for_invitation(invitation)
    if not meeting.answers_open:
        form = None
    return render(
        request,
        "meetings/rsvp.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "form": form,
            "token": token,
            "agenda": selectors.agenda_of(meeting),
        },
        status=status,
    )


@require_GET
def rsvp_calendar(request, token):
    invitation, error_page = _invitation_or_error_page(request, token)
    if error_page:
        return error_page
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.DRAFT:
        raise Http404
    return _calendar_response(meetings_calendar([meeting], name=meeting.title), f"meeting-{meeting.pk}.ics")


# --- ICMPD staff --------------------------------------------------------------------------------


def _staff_meeting(pk):
    return get_object_or_404(Meeting, pk=pk)


@staff_required
def staff_meeting(request, pk):
    meeting = _staff_meeting(pk)
    if request.method == "POST":
        action = request.POST.get("action")
        operations = {"publish": services.publish_meeting, "cancel": services.cancel_meeting, "held": services.mark_held}
        if action not in operations:
            raise Http404
        try:
            operations[action](meeting=meeting)
        except ValidationError as error:
            messages.error(request, _("Nothing was changed:") + " " + "; ".join(_error_messages(error)))
        else:
            messages.success(request, _("Saved."))
        return redirect("meetings:staff_meeting", pk=meeting.pk)
    printouts = {(p.kind, p.language): p for p in meeting.printouts.all()}
    return render(
        request,
        "meetings/staff_meeting.html",
        {
            "meeting": meeting,
            "counts": selectors.invitation_counts(meeting=meeting),
            "printouts": [
                (kind, label, [(language, printouts.get((kind, language))) for language in ("tr", "en")])
                for kind, label in Printout.Kind.choices
            ],
            "missing": services.missing_translations(meeting=meeting) if meeting.status == Meeting.Status.DRAFT else [],
        },
    )


@staff_required
def staff_invite(request, pk):
    meeting = _staff_meeting(pk)
    form = InviteForm(request.POST or None)
    preview = None
    searching = request.POST.get("action") == "find"
    if request.method == "POST" and not searching and form.is_valid():
        criteria = {name: value for name, value in form.cleaned_data.items() if name != "find"}
        people = selectors.select_invitees(**criteria)
        already = meeting.invitations.filter(person__in=people).count()
        total = people.count()
        if request.POST.get("action") == "send":
            try:
                created = services.invite_people(meeting=meeting, people=people)
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("%(count)s people invited; the e-mails are on their way.") % {"count": created}
                )
                return redirect("meetings:staff_meeting", pk=meeting.pk)
        preview = {"total": total, "already": already, "new": total - already, "sample": list(selectors.with_current_organisations(people)[:10])}
        for person in preview["sample"]:
            person.label = selectors.invitee_label(person)
    return render(
        request,
        "meetings/staff_invite.html",
        {"meeting": meeting, "form": form, "preview": preview, "searching": searching},
    )


@staff_required
def staff_attendance(request, pk):
    return _render_attendance(request, _staff_meeting(pk))


def _render_attendance(request, meeting, *, new_walk_in=None, status=200):
    search = WalkInSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = list(selectors.search_people(query=search.cleaned_data["q"]))
    return render(
        request,
        "meetings/staff_attendance.html",
        {
            "meeting": meeting,
            "attendees": selectors.attendance_list(meeting=meeting),
            "counts": selectors.invitation_counts(meeting=meeting),
            "search": search,
            "found": found,
            "new_walk_in": new_walk_in or NewWalkInForm(),
        },
        status=status,
    )


@staff_required
@require_POST
def staff_check_in(request, pk, invitation_pk):
    meeting = _staff_meeting(pk)
    invitation = get_object_or_404(meeting.invitations, pk=invitation_pk)
    try:
        services.set_attendance(invitation=invitation, attended=request.POST.get("attended") == "1")
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    return redirect(f"{_attendance_url(meeting)}#invitation-{invitation.pk}")


@staff_required
@require_POST
def staff_walk_in(request, pk):
    """Check in someone who came without an invitation: found in the registry, or added to it now."""
    meeting = _staff_meeting(pk)
    if "person" in request.POST:
        person = get_object_or_404(Person, pk=request.POST.get("person"), anonymised_at__isnull=True)
    else:
        form = NewWalkInForm(request.POST)
        if not form.is_valid():
            return _render_attendance(request, meeting, new_walk_in=form, status=400)
        person = register_person_met_in_person(**form.cleaned_data)
    try:
        invitation = services.add_walk_in(meeting=meeting, person=person)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
        return redirect(_attendance_url(meeting))
    messages.success(request, _("%(name)s is checked in.") % {"name": person.full_name})
    return redirect(f"{_attendance_url(meeting)}#invitation-{invitation.pk}")


def _attendance_url(meeting):
    return reverse("meetings:staff_attendance", args=[meeting.pk])


@staff_required
@require_GET
def staff_attendees_xlsx(request, pk):
    meeting = _staff_meeting(pk)
    headers = [
        _("Family name"), _("Given name"), _("E-mail"), _("Organisation"), _("Pillar"), _("Country"),
        _("Answer"), _("Attended"), _("Walk-in"), _("Dietary needs"), _("Accessibility needs"),
    ]
    pillars = {p.pk: p.name for p in Pillar.objects.all()}
    rows = (
        [
            i.person.family_name, i.person.given_name, i.person.email, i.organisation_name or "",
            pillars.get(i.pillar_id, ""), i.country or "", i.get_response_display(),
            _("yes") if i.attended else _("no"), _("yes") if i.walk_in else _("no"),
            i.dietary_needs, i.accessibility_needs,
        ]
        for i in selectors.attendee_rows(meeting=meeting)
    )
    return export_response("xlsx", f"meeting-{meeting.pk}-attendees", headers, rows)


@staff_required
@require_POST
def staff_request_printout(request, pk):
    meeting = _staff_meeting(pk)
    form = PrintoutForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.request_printout(meeting=meeting, **form.cleaned_data)
    messages.success(request, _("The PDF is being prepared; this page shows when it is ready."))
    return redirect("meetings:staff_meeting", pk=meeting.pk)


@staff_required
@require_GET
def staff_printout(request, pk, printout_pk):
    printout = get_object_or_404(Printout, pk=printout_pk, meeting_id=pk, state=Printout.State.DONE)
    return file_response(printout.file, filename=f"meeting-{pk}-{printout.kind}-{printout.language}.pdf", inline=True)


@staff_required
def staff_figures(request):
    form = PeriodForm.with_defaults(request.GET)
    figures = None
    if form.is_valid():
        figures = selectors.meeting_figures(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return render(request, "meetings/staff_figures.html", {"form": form, "figures": figures})
