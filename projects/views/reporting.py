"""Pages of each project's reports: parse input, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from magnet.permissions import role_required, staff_required
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role

from .. import selectors
from ..models import Project, ProjectReport
from ..reporting_forms import PlanForm, ProjectReportForm, ReviewForm
from ..services import reporting

PAGE_SIZE = 25


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


@login_required
@require_GET
def report_list(request):
    status = request.GET.get("status", "")
    if status not in ProjectReport.Status.values:
        status = ""
    reports = selectors.project_report_list(user=request.user, status=status)
    return render(request, "projects/reporting/report_list.html", {
        "page_obj": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": f"status={status}" if status else "",
        "status": status,
        "statuses": ProjectReport.Status.choices,
        "awaiting_clearance": selectors.figures_awaiting_clearance(user=request.user)[:50],
        "is_pmm": has_role(request.user, PMM_OFFICIAL),
        "unplanned": selectors.approved_projects_without_plan(user=request.user),
        "plan_form": PlanForm(),
    })


@login_required
def report_detail(request, pk):
    report = get_object_or_404(selectors.project_report_detail(user=request.user, pk=pk))
    is_member = selectors.is_member(request.user, report.project)
    form = None
    if is_member and report.is_editable:
        form = ProjectReportForm(request.POST or None, report=report)
        if request.method == "POST":
            if form.is_valid():
                try:
                    reporting.save_project_report(report=report, actor=request.user,
                                                  summary_tr=form.cleaned_data["summary_tr"],
                                                  summary_en=form.cleaned_data["summary_en"], figures=form.figures())
                    if "submit" in request.POST:
                        reporting.submit_project_report(report=report, actor=request.user)
                        messages.success(request, _("The report is submitted to ICMPD for review."))
                    else:
                        messages.success(request, _("The draft is saved."))
                    return redirect("projects:report_detail", pk=report.pk)
                except ValidationError as error:
                    messages.error(request, _error_text(error))
            else:
                messages.error(request, _("Please correct the errors below."))
    elif request.method == "POST":
        return redirect("projects:report_detail", pk=report.pk)
    return render(request, "projects/reporting/report_detail.html", {
        "report": report,
        "form": form,
        "is_member": is_member,
        "is_staff": has_role(request.user, ICMPD_STAFF),
        "is_pmm": has_role(request.user, PMM_OFFICIAL),
        "trail": selectors.trail_state(report, user=request.user),
        "review_form": ReviewForm(),
    }, status=400 if form is not None and request.method == "POST" else 200)


@staff_required
@require_POST
def report_review(request, pk, action):
    report = get_object_or_404(selectors.project_reports_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
        return redirect("projects:report_detail", pk=pk)
    try:
        if action == "accept":
            report = reporting.accept_and_put_on_trail(report=report, actor=request.user,
                                                       comment=form.cleaned_data["comment"])
            messages.success(request, _("The report is accepted. Generate its PDF editions and send it to PMM."))
            from reports import submission

            return redirect(submission.report_url(report.trail_report_id))
        if action == "changes":
            reporting.request_changes(report=report, actor=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report is sent back to the organisation."))
        else:
            return redirect("projects:report_detail", pk=pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("projects:report_detail", pk=pk)


@role_required(PMM_OFFICIAL)
@require_POST
def figure_clear(request, pk, figure_pk):
    figure = get_object_or_404(selectors.figures_awaiting_clearance(user=request.user), pk=figure_pk, report_id=pk)
    try:
        reporting.clear_figure(figure=figure, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The figure is cleared for publication."))
    if request.POST.get("next") == "list":
        return redirect("projects:report_list")
    return redirect("projects:report_detail", pk=pk)


@staff_required
@require_POST
def plan_create(request, project_pk):
    project = get_object_or_404(Project, pk=project_pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
    else:
        try:
            reporting.ensure_reporting_plan(project=project, actor=request.user,
                                            interval_months=form.cleaned_data["interval_months"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The reporting plan is set."))
    return redirect("projects:report_list")
