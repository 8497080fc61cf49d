"""Proposal pages: the submitter's list and form, the detail page both sides share (state, due date,
overlaps with explanations, thread, opinion, letters, trail), PMM's review queue and opinion, the
live overlap check (JSON), the letter download and the coverage view. Each view parses input, calls
one service or selector and renders; another organisation's proposal answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from magnet.downloads import file_response
from magnet.filters import parse_id
from magnet.permissions import role_required
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from magnet.text import search_key
from reports.documents import checksum_headers

from .. import access, coverage
from .. import overlaps as overlap_selector
from ..forms import MessageForm, OpinionForm, OverlapNoteForm, ProposalForm, ProvinceNeedForm, initial_from
from ..models import Opinion, OpinionLetter, OverlapNote, Project
from ..services import proposals as services

PAGE_SIZE = 25
pmm_or_staff = role_required(PMM_OFFICIAL, ICMPD_STAFF)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_GET
def proposal_list(request):
    """The user's organisations' proposals; for PMM and staff also the review queue (oldest due first)."""
    user = request.user
    own = access.own_projects(user).select_related("organisation").order_by("-updated_at", "-pk")
    queue = None
    if access.may_read_all(user):
        queue = (access.projects_for(user).filter(state=Project.State.SUBMITTED)
                 .select_related("organisation").order_by("due_on", "submitted_at", "pk"))
    elif not access.member_organisation_ids(user):
        raise Http404
    state = request.GET.get("state", "")
    decided = None
    if access.may_read_all(user):
        decided = access.projects_for(user).exclude(state__in=(Project.State.SUBMITTED, Project.State.DRAFT))
        if state in Project.State.values:
            decided = decided.filter(state=state)
        decided = decided.select_related("organisation").order_by("-updated_at", "-pk")
    return render(request, "projects/proposal_list.html", {
        "own_page": Paginator(own, PAGE_SIZE).get_page(request.GET.get("page")),
        "queue": queue[:100] if queue is not None else None,
        "decided_page": Paginator(decided, PAGE_SIZE).get_page(request.GET.get("dpage")) if decided is not None else None,
        "may_propose": bool(access.member_organisation_ids(user)),
        "states": Project.State.choices,
        "state": state,
    })


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    organisations = access.member_organisations(request.user)
    if not organisations.exists():
        raise Http404
    return _edit(request, project=None, organisations=organisations)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    project = get_object_or_404(access.own_projects(request.user), pk=pk)
    if not project.is_editable:
        messages.warning(request, _("This proposal can no longer be changed."))
        return redirect("projects:proposal_detail", pk=project.pk)
    return _edit(request, project=project, organisations=None)


def _edit(request, *, project, organisations):
    if request.method == "POST":
        form = ProposalForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                project = services.save_draft(
                    actor=request.user, data=form.service_data(), project=project,
                    organisation=form.cleaned_data.get("organisation"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if "submit" in request.POST:
                    try:
                        services.submit(project=project, actor=request.user)
                    except ValidationError as error:
                        form = ProposalForm(request.POST, organisations=None)
                        form.is_valid()
                        _add_errors(form, error)
                        messages.error(request, _("The draft is saved, but it cannot be submitted yet: complete the fields marked below."))
                        return _render_form(request, form, project)
                    messages.success(request, _("The proposal is submitted for PMM's opinion."))
                else:
                    messages.success(request, _("The draft is saved."))
                return redirect("projects:proposal_detail", pk=project.pk)
    else:
        form = ProposalForm(initial=initial_from(project) if project else None, organisations=organisations)
    return _render_form(request, form, project)


def _render_form(request, form, project):
    return render(request, "projects/proposal_form.html", {
        "form": form, "project": project,
        "due_days": services.opinion_days(),
    })


def _detail_queryset(user):
    return access.projects_for(user).select_related("organisation", "created_by").prefetch_related(
        "province_rows", "thematic_areas", "target_groups", "implementing_organisations", "partner_organisations",
        Prefetch("opinions", queryset=Opinion.objects.select_related("given_by", "letter").order_by("-given_at", "-pk")),
        "messages__author", "events__actor",
        Prefetch("overlap_notes", queryset=OverlapNote.objects.select_related("other", "written_by")),
    )


@login_required
@require_GET
def proposal_detail(request, pk):
    user = request.user
    project = get_object_or_404(_detail_queryset(user), pk=pk)
    is_member = access.is_member_of(user, project)
    is_reviewer = access.is_reviewer(user)
    notes = {note.other_id: note for note in project.overlap_notes.all()}
    found = overlap_selector.find_overlaps(overlap_selector.criteria_for(project))
    for overlap in found:
        overlap.note = notes.pop(overlap.project.pk, None)
    return render(request, "projects/proposal_detail.html", {
        "project": project,
        "is_member": is_member,
        "is_reviewer": is_reviewer,
        "may_see_others": access.may_read_all(user),
        "overlaps": found,
        "other_notes": list(notes.values()),  # explanations of projects no longer in the list
        "missing": services.submission_errors(project) if is_member and project.is_editable else {},
        "opinion_form": OpinionForm() if is_reviewer and project.state == Project.State.SUBMITTED else None,
        "message_form": MessageForm() if project.state in (Project.State.SUBMITTED, Project.State.MORE_INFORMATION)
        and (is_member or is_reviewer) else None,
        "may_explain": is_member and project.state in (Project.State.DRAFT, Project.State.SUBMITTED,
                                                       Project.State.MORE_INFORMATION),
        "may_withdraw": is_member and project.state in (Project.State.DRAFT, Project.State.SUBMITTED,
                                                        Project.State.MORE_INFORMATION),
    })


def _act(request, pk, queryset, action, success):
    project = get_object_or_404(queryset, pk=pk)
    try:
        action(project)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect("projects:proposal_detail", pk=project.pk)


@login_required
@require_POST
def proposal_submit(request, pk):
    return _act(request, pk, access.own_projects(request.user),
                lambda p: services.submit(project=p, actor=request.user),
                _("The proposal is submitted for PMM's opinion."))


@login_required
@require_POST
def proposal_withdraw(request, pk):
    return _act(request, pk, access.own_projects(request.user),
                lambda p: services.withdraw(project=p, actor=request.user), _("The proposal is withdrawn."))


@role_required(PMM_OFFICIAL)
@require_POST
def proposal_opinion(request, pk):
    project = get_object_or_404(access.projects_for(request.user), pk=pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an opinion and give the reasons in Turkish and in English."))
        return redirect("projects:proposal_detail", pk=pk)
    try:
        services.give_opinion(project=project, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The opinion is recorded and the submitting organisation is informed."))
    return redirect("projects:proposal_detail", pk=pk)


@login_required
@require_POST
def proposal_message(request, pk):
    project = get_object_or_404(access.projects_for(request.user), pk=pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message."))
        return redirect("projects:proposal_detail", pk=pk)
    body = form.cleaned_data["body"]
    try:
        if access.is_reviewer(request.user):
            services.ask_question(project=project, actor=request.user, body=body)
        else:
            services.answer(project=project, actor=request.user, body=body)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The message is sent."))
    return redirect("projects:proposal_detail", pk=pk)


@login_required
@require_POST
def proposal_overlap_note(request, pk):
    project = get_object_or_404(access.own_projects(request.user), pk=pk)
    form = OverlapNoteForm(request.POST)
    if not form.is_valid():
        raise Http404
    other = get_object_or_404(Project.objects.filter(state__in=Project.VISIBLE_FOR_OVERLAP), pk=form.cleaned_data["other"])
    try:
        services.explain_overlap(project=project, actor=request.user, other=other,
                                 explanation=form.cleaned_data["explanation"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your explanation is saved; PMM sees it beside the overlap."))
    return redirect("projects:proposal_detail", pk=pk)


def _ids(values) -> set[int]:
    ids = set()
    for value in values:
        number = parse_id(value)
        if number is not None:
            ids.add(number)
    return ids


@login_required
@never_cache
@require_POST
def overlaps_live(request):
    """The live check of the form: the overlapping projects for what is typed so far, as JSON
    (title, organisation, years, score, reason in the reader's language)."""
    user = request.user
    if not (access.member_organisation_ids(user) or access.may_read_all(user)):
        raise Http404
    data = request.POST
    exclude = parse_id(data.get("project", ""))
    if exclude is not None and not access.projects_for(user).filter(pk=exclude).exists():
        exclude = None
    criteria = overlap_selector.Criteria(
        provinces={p for p in data.getlist("provinces") if len(p) == 2 and p.isdigit()},
        nationwide=data.get("nationwide") in ("on", "true", "1"),
        thematic_areas=_ids(data.getlist("thematic_areas")),
        target_groups=_ids(data.getlist("target_groups")),
        starts_on=_date(data.get("starts_on")),
        ends_on=_date(data.get("ends_on")),
        title_key=search_key(" ".join(data.get(k, "")[:255] for k in ("title_tr", "title_en")).strip()),
        summary_key=search_key(" ".join(data.get(k, "")[:750] for k in ("summary_tr", "summary_en")).strip()),
        exclude_pk=exclude,
    )
    found = overlap_selector.find_overlaps(criteria, limit=10)
    return JsonResponse({"results": [
        {"id": o.project.pk, "title": str(o.project),
         "organisation": str(o.project.organisation), "years": overlap_selector._years(o.project),
         "state": o.project.get_state_display(), "score": o.score, "score_label": number_format(o.score, 2),
         "reason": o.reason}
        for o in found
    ]})


def _date(value):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(value or "")
    except ValueError:
        return None


@login_required
@require_GET
def letter_download(request, token):
    """The opinion letter: PMM officials, ICMPD staff and members of the submitting organisation only;
    every download is logged with the file's SHA-256."""
    letter = get_object_or_404(
        OpinionLetter.objects.filter(state=OpinionLetter.State.DONE, opinion__project__in=access.projects_for(request.user))
        .select_related("opinion__project"),
        token=token,
    )
    services.record_letter_download(letter=letter, user=request.user)
    return checksum_headers(file_response(letter.file, filename=letter.filename), letter.sha256)


@pmm_or_staff
@require_http_methods(["GET", "POST"])
def coverage_view(request):
    form = ProvinceNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_province_need(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The figure is saved."))
            return redirect("projects:coverage")
    return render(request, "projects/coverage.html", {"form": form, **coverage.coverage(user=request.user)})
