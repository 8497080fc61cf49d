"""Pages of the registry. Each view parses input, calls one service or selector, and renders."""

import hashlib
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from magnet.exports import export_response
from magnet.permissions import staff_required
from magnet.roles import ICMPD_STAFF, has_role

from . import selectors, services
from .cache import cached_registry
from .forms import (
    DecisionForm,
    DirectoryFilterForm,
    ImportForm,
    JoinForm,
    OnboardingForm,
    OrganisationEditForm,
    ProfileForm,
    ProposeOrganisationForm,
    StaffFilterForm,
)
from .models import ConsentRecord, ImportJob, LegalText, Membership

PAGE_SIZE = 25
QUEUE_SIZE = 25  # rows of each kind the approval queue shows: a screenful; deciding them brings up the next


def _apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form it came from."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _person(request):
    return services.ensure_person_for_user(user=request.user)


# --- Self-registration ---------------------------------------------------------------------------


@login_required
def onboarding(request):
    """After sign-up: complete the profile, read the notice, give or refuse each consent; then join
    or propose an organisation."""
    person = _person(request)
    if person.profile_completed_at and not selectors.needs_onboarding(request.user):
        return redirect("stakeholders:my_data")
    if person.profile_completed_at:
        return redirect("stakeholders:join")
    form = OnboardingForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complete_profile(
                person=person,
                notice_acknowledged=data["notice_acknowledged"],
                directory_consent=data["directory_consent"],
                communications_consent=data["communications_consent"],
                **{name: data[name] for name in ProfileForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Now tell us which organisation you work for."))
            return redirect("stakeholders:join")
    return render(
        request,
        "stakeholders/onboarding.html",
        {
            "form": form,
            "notice": selectors.current_legal_text(LegalText.Kind.NOTICE),
            "directory_text": selectors.current_legal_text(LegalText.Kind.DIRECTORY),
            "communications_text": selectors.current_legal_text(LegalText.Kind.COMMUNICATIONS),
        },
    )


@login_required
def profile(request):
    """A person edits their own profile (never anyone else's: there is no id in the URL)."""
    person = _person(request)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(person=person, **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields})
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("stakeholders:my_data")
    return render(request, "stakeholders/profile.html", {"form": form})


@login_required
def join(request):
    """Find an approved organisation (search as you type with JavaScript, a plain search form
    without) and ask to join it."""
    person = _person(request)
    if person.profile_completed_at is None:
        return redirect("stakeholders:onboarding")
    query = request.GET.get("q", "")[:100]
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            membership = services.join_organisation(
                person=person, organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"]
            )
            if membership.status == Membership.Status.APPROVED:
                messages.info(request, _("You are already a member of this organisation."))
            else:
                messages.success(
                    request, _("Your request to join %(name)s is sent. We will e-mail you when staff decide.")
                    % {"name": membership.organisation}
                )
            return redirect("stakeholders:my_data")
        messages.error(request, _("This organisation cannot be joined."))
    return render(
        request,
        "stakeholders/join.html",
        {"query": query, "results": selectors.organisations_for_joining(query), "form": form},
    )


@login_required
@require_GET
def organisation_search(request):
    """JSON for the search-as-you-type box: approved organisations only, no people."""
    results = selectors.organisations_for_joining(request.GET.get("q", "")[:100], limit=10)
    return JsonResponse(
        {
            "results": [
                {"id": o.pk, "name": o.display_name, "acronym": o.acronym, "pillar": o.pillar.name, "location": o.location}
                for o in results
            ]
        }
    )


@login_required
def propose(request):
    """Propose a new organisation. A proposal that looks like an existing organisation is shown
    "is it one of these?" first and is sent only when the person confirms it is new."""
    person = _person(request)
    if person.profile_completed_at is None:
        return redirect("stakeholders:onboarding")
    form = ProposeOrganisationForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = selectors.possible_duplicates(name=data["name_tr"], acronym=data["acronym"])
        if data["name_en"]:
            duplicates += [
                o for o in selectors.possible_duplicates(name=data["name_en"]) if o.pk not in {d.pk for d in duplicates}
            ]
        if not duplicates or data["confirmed_new"]:
            fields = {name: value for name, value in data.items() if name != "confirmed_new"}
            try:
                organisation = services.propose_organisation(person=person, **fields)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. %(name)s is sent to the MAGNET team for approval; we will e-mail you.")
                    % {"name": organisation},
                )
                return redirect("stakeholders:my_data")
        else:
            form = ProposeOrganisationForm({**request.POST.dict(), "confirmed_new": "on"})
            form.is_valid()
    return render(request, "stakeholders/propose.html", {"form": form, "duplicates": duplicates})


# --- Directory ---------------------------------------------------------------------------------


def _filtered_organisations(request, form):
    """The organisations the user may see, narrowed by a directory or staff filter form."""
    filters = form.cleaned_data if form.is_valid() else {}
    return selectors.directory_organisations(
        request.user,
        query=filters.get("q", ""),
        pillar=filters.get("pillar"),
        country=filters.get("country", ""),
        thematic_area=filters.get("thematic_area"),
        status=filters.get("status"),
    )


def _filtered_page(request, form) -> dict:
    """Template context: the form, one page of filtered organisations, and the filter query string."""
    page = Paginator(_filtered_organisations(request, form), PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    members = selectors.members_matching(page.object_list, query)
    for organisation in page.object_list:
        organisation.matching_members = members.get(organisation.pk, [])
    return {"form": form, "page": page, "query": query, "query_string": query_string.urlencode()}


def directory(request):
    """Approved stakeholders and staff search the directory; everyone else sees aggregate figures
    per pillar and country, never a person."""
    if not selectors.can_use_directory(request.user):
        return render(
            request,
            "stakeholders/public_figures.html",
            {
                "pillars": selectors.public_pillar_figures(),
                "countries": selectors.public_country_figures(),
                "approval": selectors.approval_state(request.user),
            },
        )
    # Everyone of one audience sees the same page for the same search: it is rendered once per
    # registry version, language, audience and search (stakeholders/cache.py), not per request.
    audience = "staff" if has_role(request.user, ICMPD_STAFF) else "members"
    search = hashlib.sha256(urlencode(sorted(request.GET.lists()), doseq=True).encode()).hexdigest()
    results = cached_registry(
        f"directory:{audience}:{search}",
        lambda: render_to_string(
            "stakeholders/_directory_results.html", _filtered_page(request, DirectoryFilterForm(request.GET or None))
        ),
    )
    return render(request, "stakeholders/directory.html", {"results": results})


def organisation_detail(request, pk):
    organisation = selectors.organisation_for_directory(request.user, pk)
    if organisation is None:
        raise Http404
    return render(
        request,
        "stakeholders/organisation.html",
        {
            "organisation": organisation,
            # The parent only when this user may see it (a stakeholder never sees a pending one).
            "parent": organisation.parent_id and selectors.organisation_for_directory(request.user, organisation.parent_id),
            "people": selectors.directory_people(request.user, organisation),
            "thematic_areas": organisation.thematic_areas.all(),
            "can_edit": selectors.editable_organisation(request.user, pk) is not None,
        },
    )


@login_required
def organisation_edit(request, pk):
    """A focal point edits their own organisation's description, links and themes (staff any)."""
    organisation = selectors.editable_organisation(request.user, pk)
    if organisation is None:
        raise Http404
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation=organisation, **{name: form.cleaned_data[name] for name in OrganisationEditForm.Meta.fields}
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("stakeholders:organisation", pk=organisation.pk)
    return render(request, "stakeholders/organisation_edit.html", {"form": form, "organisation": organisation})


# --- My data -------------------------------------------------------------------------------------


@login_required
def my_data(request):
    person = _person(request)
    return render(
        request,
        "stakeholders/my_data.html",
        {
            "person": person,
            "memberships": selectors.my_memberships(person),
            "consents": selectors.current_consents(person),
            "texts": {kind: selectors.current_legal_text(kind) for kind in LegalText.Kind.values},
        },
    )


@login_required
@never_cache
def my_data_download(request):
    person = _person(request)
    content = json.dumps(selectors.my_data(person), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="magnet-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def consent_change(request):
    """Give or withdraw the directory or communications consent."""
    person = _person(request)
    kind = request.POST.get("kind")
    given = request.POST.get("given") == "1"
    if kind not in (LegalText.Kind.DIRECTORY, LegalText.Kind.COMMUNICATIONS):
        messages.error(request, _("Unknown consent."))
    else:
        services.record_consent(person=person, kind=kind, given=given, channel=ConsentRecord.Channel.WEB)
        messages.success(request, _("Your consent is given.") if given else _("Your consent is withdrawn."))
    return redirect("stakeholders:my_data")


@login_required
def delete_me(request):
    """Ask for deletion: the person is anonymised (aggregates kept) and the account closed."""
    person = _person(request)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to confirm the deletion."))
        else:
            services.anonymise_person(person=person)
            logout(request)
            messages.success(request, _("Your personal data is deleted and your account is closed."))
            return redirect("home")
    return render(request, "stakeholders/delete_me.html", {"person": person})


# --- Staff -------------------------------------------------------------------------------------


@staff_required
def staff_dashboard(request):
    figures = selectors.dashboard_figures(request.user)
    largest = max([p.organisation_count for p in figures["by_pillar"]] + [1])
    return render(request, "stakeholders/staff/dashboard.html", {**figures, "largest": largest})


@staff_required
def staff_queue(request):
    """The approval queue with bulk approve/reject (a reason is required to reject)."""
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for organisation in data["organisations"]:
                    if data["decision"] == form.APPROVE:
                        services.approve_organisation(organisation=organisation)
                    else:
                        services.reject_organisation(organisation=organisation, reason=data["reason"])
                for membership in data["memberships"]:
                    if data["decision"] == form.APPROVE:
                        services.approve_membership(membership=membership)
                    else:
                        services.reject_membership(membership=membership, reason=data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            count = len(data["organisations"]) + len(data["memberships"])
            messages.success(
                request,
                ngettext("%(count)d decision is saved and the person told.", "%(count)d decisions are saved and the people told.", count)
                % {"count": count},
            )
            return redirect("stakeholders:staff_queue")
    queue = selectors.approval_queue(request.user)
    return render(
        request,
        "stakeholders/staff/queue.html",
        {
            "form": form,
            # The oldest rows first, a screenful at a time: deciding them brings up the next ones.
            "organisations": queue["organisations"][:QUEUE_SIZE],
            "memberships": queue["memberships"][:QUEUE_SIZE],
            "organisation_total": queue["organisations"].count(),
            "membership_total": queue["memberships"].count(),
        },
    )


EXPORT_HEADERS = (
    "id", "name_tr", "name_en", "acronym", "pillar", "type", "country", "province", "city", "website", "email", "status",
)


@staff_required
def staff_export(request, fmt):
    """The filtered organisation list as XLSX or CSV (formula injection neutralised)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisations = _filtered_organisations(request, StaffFilterForm(request.GET or None))
    rows = (
        (o.pk, o.name_tr, o.name_en, o.acronym, o.pillar.code, o.type.code, o.country.code, o.province, o.city,
         o.website, o.email, o.status)
        for o in organisations.iterator(chunk_size=2000)
    )
    return export_response(fmt, "magnet-organisations", EXPORT_HEADERS, rows)


@staff_required
def staff_organisations(request):
    """Staff list of every organisation with filters (status included) and export links."""
    form = StaffFilterForm(request.GET or None)
    return render(request, "stakeholders/staff/organisations.html", _filtered_page(request, form))


@staff_required
def staff_import(request):
    """Upload an XLSX/CSV file: it is checked in the background (the dry run); nothing is written."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.start_import(
                kind=form.cleaned_data["kind"], filename=upload.name, content=upload.read(), user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("stakeholders:staff_import_preview", pk=job.pk)
    return render(request, "stakeholders/staff/import.html", {"form": form})


IMPORT_PAGE_SIZE = 100


@staff_required
@never_cache
def staff_import_preview(request, pk):
    """The job: its progress while it runs (the page reloads itself), then the checked rows a page
    at a time (?errors=1: only rows with errors), and the button that writes the whole file (only
    when every row is valid)."""
    job = get_object_or_404(ImportJob, pk=pk)
    if request.method == "POST":
        try:
            services.request_import(job=job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("stakeholders:staff_import_preview", pk=job.pk)
    services.resume_if_stale(job=job)
    errors_only = request.GET.get("errors") == "1"
    rows = job.rows.order_by("line")
    if errors_only:
        rows = rows.exclude(errors=[])
    page = Paginator(rows, IMPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "stakeholders/staff/import_preview.html",
        {"job": job, "page": page, "errors_only": errors_only, "query_string": "errors=1" if errors_only else ""},
    )
