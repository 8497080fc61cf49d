"""Conference pages. Each view parses input, calls one selector or service, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from magnet.calendars import CALENDAR_MIMETYPE, build_calendar
from magnet.downloads import file_response
from magnet.exports import export_response
from magnet.filters import parse_id
from magnet.permissions import staff_required
from magnet.text import clean_input
from magnet.widgets import StaticChoicesSelect
from stakeholders.models import Pillar
from stakeholders.services import ensure_person_for_user

from . import selectors
from .cache import programme_version
from .forms import BadgeBatchForm, CancelForm, CheckInForm, DecisionForm, RegistrationForm
from .models import Registration, Session
from .services import checkin as checkin_services
from .services import documents
from .services import registration as registration_services
from .services.calendar import conference_event, session_event


def _conference(request, slug):
    return get_object_or_404(selectors.visible_conferences(user=request.user), slug=slug)


def _pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Public ---------------------------------------------------------------------------------------


def home(request):
    conference = selectors.current_conference(user=request.user)
    context = {"conference": conference}
    if conference is not None:
        context.update(
            registration_open=registration_services.registration_is_open(conference),
            own=selectors.own_registration(user=request.user, conference=conference),
            not_yet_open=timezone.now() < conference.registration_opens_at,
        )
    return render(request, "conference/home.html", context)


def programme(request, slug):
    conference = _conference(request, slug)
    return render(
        request,
        "conference/programme.html",
        {
            "conference": conference,
            # Called by the template only when its cached copy is missing (conference/cache.py).
            "days": lambda: selectors.programme(conference=conference),
            "rooms": lambda: list(conference.rooms.all()),
            "programme_version": programme_version(),
        },
    )


def programme_pdf(request, slug):
    conference = _conference(request, slug)
    pdf = documents.render_programme(
        conference=conference, sessions_by_day=selectors.programme(conference=conference), language=request.LANGUAGE_CODE
    )
    return _pdf_response(pdf.content, f"programme-{conference.slug}-{request.LANGUAGE_CODE}.pdf", inline=True)


def programme_ics(request, slug):
    conference = _conference(request, slug)
    events = [session_event(s) for s in conference.sessions.select_related("room", "conference")]
    response = HttpResponse(build_calendar(events, name=conference.title), content_type=CALENDAR_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="programme-{conference.slug}.ics"'
    return response


def session_ics(request, pk):
    session = get_object_or_404(
        Session.objects.select_related("room", "conference").filter(
            conference__in=selectors.visible_conferences(user=request.user)
        ),
        pk=pk,
    )
    response = HttpResponse(build_calendar([session_event(session)], name=session.title), content_type=CALENDAR_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


# --- Participants -----------------------------------------------------------------------------------


@login_required
def register(request, slug):
    conference = _conference(request, slug)
    person = ensure_person_for_user(user=request.user)
    existing = selectors.own_registration(user=request.user, conference=conference)
    if existing and existing.status in Registration.ACTIVE_STATUSES:
        messages.info(request, _("You are already registered for this conference."))
        return redirect("conference:my_registration", slug=conference.slug)
    if not registration_services.registration_is_open(conference):
        return render(request, "conference/register_closed.html", {"conference": conference}, status=200)
    types = [t for t in selectors.seat_summary(conference=conference)["types"] if not t.invitation_only]
    kind = request.GET.get("type") or request.POST.get("type")
    registration_type = next((t for t in types if t.kind == kind), None)
    if registration_type is None:
        if len(types) == 1:
            registration_type = types[0]
        else:
            return render(request, "conference/register_choose.html", {"conference": conference, "types": types})
    form_kwargs = {"conference": conference, "registration_type": registration_type, "person": person}
    if request.method == "POST":
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                registration = registration_services.register(
                    person=person,
                    conference=conference,
                    registration_type=registration_type,
                    details=form.details(),
                    workshop_ids=form.workshop_ids(),
                    by=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if registration.status == Registration.Status.WAITING:
                    messages.warning(request, _("The places are taken for now: you are on the waiting list."))
                else:
                    messages.success(request, _("Thank you, your registration is saved. We have sent you an e-mail."))
                return redirect("conference:my_registration", slug=conference.slug)
    else:
        form = RegistrationForm(initial=selectors.prefill_for_person(person), **form_kwargs)
    return render(
        request,
        "conference/register_form.html",
        {"conference": conference, "form": form, "registration_type": registration_type, "person": person},
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def my_registration(request, slug):
    conference = _conference(request, slug)
    registration = selectors.own_registration(user=request.user, conference=conference)
    if registration is None:
        return redirect("conference:register", slug=conference.slug)
    return render(
        request,
        "conference/my_registration.html",
        {
            "conference": conference,
            "registration": registration,
            "changeable": registration.status in Registration.ACTIVE_STATUSES
            and registration.status != Registration.Status.CHECKED_IN
            and timezone.now() < conference.registration_closes_at,
            "cancel_form": CancelForm(),
            "badge_ready": registration.status in documents.BADGE_STATUSES,
        },
    )


@login_required
def edit_registration(request, slug):
    conference = _conference(request, slug)
    registration = selectors.own_registration(user=request.user, conference=conference)
    if registration is None or registration.status not in Registration.ACTIVE_STATUSES:
        raise Http404
    form_kwargs = {"conference": conference, "registration_type": registration.type, "person": registration.person}
    if request.method == "POST":
        form = RegistrationForm(request.POST, instance=registration, **form_kwargs)
        if form.is_valid():
            try:
                registration_services.update_registration(
                    registration=registration,
                    details=form.details(),
                    workshop_ids=form.workshop_ids(),
                    by=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("conference:my_registration", slug=conference.slug)
    else:
        form = RegistrationForm(instance=registration, **form_kwargs)
    return render(
        request,
        "conference/register_form.html",
        {"conference": conference, "form": form, "registration_type": registration.type, "editing": True},
    )


@login_required
@require_POST
def cancel_registration(request, slug):
    conference = _conference(request, slug)
    registration = selectors.own_registration(user=request.user, conference=conference)
    if registration is None:
        raise Http404
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        registration_services.cancel_registration(
            registration=registration, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("conference:my_registration", slug=conference.slug)


@login_required
def my_badge(request, slug):
    conference = _conference(request, slug)
    registration = selectors.own_registration(user=request.user, conference=conference)
    if registration is None:
        raise Http404
    try:
        pdf = documents.participant_badge(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conference:my_registration", slug=conference.slug)
    return _pdf_response(pdf.content, f"badge-{registration.code}.pdf")


@login_required
def my_calendar(request, slug):
    conference = _conference(request, slug)
    response = HttpResponse(build_calendar([conference_event(conference)], name=conference.title), content_type=CALENDAR_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}.ics"'
    return response


@never_cache
def confirm_offer(request, token):
    """The link in the waiting-list e-mail: GET shows the offer and changes nothing, POST takes it up."""
    if request.method == "POST":
        try:
            registration = registration_services.confirm_offer(token=token)
        except ValidationError as error:
            return render(request, "conference/offer.html", {"error": " ".join(error.messages)}, status=400)
        return render(request, "conference/offer.html", {"confirmed": registration})
    return render(request, "conference/offer.html", {"token": token})


# --- Staff --------------------------------------------------------------------------------------------


@staff_required
def staff_dashboard(request, slug):
    conference = _conference(request, slug)
    return render(
        request,
        "conference/staff/dashboard.html",
        {"conference": conference, "figures": selectors.dashboard(user=request.user, conference=conference)},
    )


def _staff_filters(request):
    return {
        "status": request.GET.get("status", "") if request.GET.get("status", "") in Registration.Status.values else "",
        "type_id": parse_id(request.GET.get("type")),
        "country": request.GET.get("country", "")[:2],
        "pillar_code": request.GET.get("pillar", ""),
        "query": request.GET.get("q", "")[:100],
    }


@staff_required
def staff_registrations(request, slug):
    """The approval queue: filter by type and status; approve or decline in bulk with a reason."""
    conference = _conference(request, slug)
    filters = _staff_filters(request)
    if request.method == "GET" and "status" not in request.GET:
        filters["status"] = Registration.Status.SUBMITTED
    registrations = selectors.staff_registrations(user=request.user, conference=conference, **filters)
    if request.method == "POST":
        form = DecisionForm(request.POST, queryset=selectors.staff_registrations(user=request.user, conference=conference))
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            changed, skipped = registration_services.decide_registrations(
                registrations=form.cleaned_data["registrations"],
                approve=approve,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("%(changed)d changed, %(skipped)d left as they were.") % {"changed": changed, "skipped": skipped})
            return redirect(request.get_full_path())
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "conference/staff/registrations.html",
        {
            "conference": conference,
            "page": page,
            "filters": filters,
            "statuses": Registration.Status.choices,
            "types": selectors.registration_types(conference=conference),
            "pillars": Pillar.objects.order_by("order"),
            "country_select": StaticChoicesSelect(
                choices_key="staff-registrations-country", choices=lambda: [("", _("All")), *countries]
            ).render("country", filters.get("country", ""), {"id": "f-country"}),
            "decision_form": DecisionForm(queryset=Registration.objects.none()),
            "querystring": request.GET.urlencode(),
        },
    )


@staff_required
def staff_export(request, slug):
    """XLSX of the filtered registrations. Passport data only when asked for (?passport=1)."""
    conference = _conference(request, slug)
    filters = _staff_filters(request)
    with_passport = request.GET.get("passport") == "1"
    rows = selectors.staff_registrations(user=request.user, conference=conference, **filters)
    headers = [
        _("Code"), _("Given name"), _("Family name"), _("E-mail"), _("Registration type"), _("Status"),
        _("Organisation"), _("Pillar"), _("Country represented"), _("Nationality"), _("Arrival"), _("Departure"),
        _("Hotel"), _("Dietary needs"), _("Accessibility needs"), _("Interpretation"), _("Photo consent"),
        _("Visa letter"), _("Registered"), _("Checked in"),
    ]
    if with_passport:
        headers += [_("Name as in the passport"), _("Passport number"), _("Passport issued by"), _("Passport expiry date"), _("Date of birth")]

    def lines():
        for r in rows:
            line = [
                r.code, r.person.given_name, r.person.family_name, r.person.email, r.type.name, r.get_status_display(),
                r.badge_organisation, r.pillar.name, r.country.name, r.nationality.name, r.arrival_on, r.departure_on,
                _("yes") if r.needs_hotel else _("no"), r.dietary_needs, r.accessibility_needs,
                r.get_interpretation_language_display(), _("yes") if r.photo_consent else _("no"),
                _("yes") if r.needs_visa_letter else _("no"), r.created_at, r.checked_in_at,
            ]
            if with_passport:
                line += [r.passport_name, r.passport_number, r.passport_country.name if r.passport_country else "", r.passport_expires_on, r.date_of_birth]
            yield line

    return export_response("xlsx", f"registrations-{conference.slug}", headers, lines())


@staff_required
def staff_registration(request, pk):
    registration = selectors.staff_registration(user=request.user, pk=pk)
    if registration is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "letter":
        try:
            documents.generate_invitation_letter(registration=registration, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The invitation letter is ready."))
        return redirect("conference:staff_registration", pk=registration.pk)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            registration_services.cancel_registration(registration=registration, by=request.user, reason=clean_input(request.POST.get("reason", ""), multiline=True))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("conference:staff_registration", pk=registration.pk)
    return render(
        request,
        "conference/staff/registration.html",
        {"registration": registration, "conference": registration.conference, "history": registration.history.order_by("-history_date")[:20]},
    )


@staff_required
def letter_download(request, pk):
    letter = selectors.invitation_letter(user=request.user, pk=pk)
    if letter is None or not letter.file:
        raise Http404
    return file_response(letter.file, filename=f"invitation-{letter.registration.code}.pdf")


@staff_required
def badge_batches(request, slug):
    conference = _conference(request, slug)
    form = BadgeBatchForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        documents.request_badge_batch(
            conference=conference, by=request.user, registration_type=form.cleaned_data["registration_type"]
        )
        messages.success(request, _("The badges are being prepared; this page shows when they are ready."))
        return redirect("conference:badge_batches", slug=conference.slug)
    return render(
        request,
        "conference/staff/badges.html",
        {"conference": conference, "form": form, "batches": selectors.badge_batches(user=request.user, conference=conference)[:20]},
    )


@staff_required
def badge_batch_download(request, pk):
    batch = selectors.badge_batch(user=request.user, pk=pk)
    if batch is None or not batch.file:
        raise Http404
    return file_response(batch.file, filename=f"badges-{batch.conference.slug}-{batch.pk}.pdf")


@staff_required
def checkin(request, slug):
    """The door: scan a badge (the camera fills the code in) or search a name; see who it is.
    `?session=<id>` records attendance at that session instead of the conference entrance."""
    conference = _conference(request, slug)
    session_id = parse_id(request.POST.get("session") or request.GET.get("session"))
    session = Session.objects.filter(conference=conference, pk=session_id).first() if session_id else None
    result = None
    form = CheckInForm(request.POST or None, conference=conference, initial={"session": session})
    if request.method == "POST" and form.is_valid():
        result = checkin_services.check_in(
            conference=conference,
            by=request.user,
            token=form.cleaned_data["token"],
            registration_id=form.cleaned_data["registration"],
            session=form.cleaned_data["session"],
        )
        form = CheckInForm(conference=conference, initial={"session": session})
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "conference/staff/checkin.html",
        {
            "conference": conference,
            "form": form,
            "result": result,
            "query": query,
            "results": selectors.search_for_checkin(user=request.user, conference=conference, query=query) if query else [],
            "session": session,
            "counts": selectors.checkin_counts(conference=conference, session=session),
        },
    )


@staff_required
@require_GET
def checkin_counts(request, slug):
    conference = _conference(request, slug)
    session_id = parse_id(request.GET.get("session"))
    session = get_object_or_404(Session, conference=conference, pk=session_id) if session_id else None
    response = JsonResponse(selectors.checkin_counts(conference=conference, session=session))
    response["Cache-Control"] = "no-store"
    return response

