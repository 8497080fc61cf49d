"""Pages of the reports app: parse input, call one service or selector, render. Objects are fetched
through selectors that take the user, so someone else's report or file answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from magnet.downloads import file_response
from magnet.exports import export_response
from magnet.permissions import role_required, staff_required
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, has_role

from . import selectors
from .annex import annex_table
from .documents import checksum_headers
from .forms import (
    CommentForm,
    FieldReportFilter,
    FieldReportForm,
    FigureFormSet,
    PeriodicReportFilter,
    PeriodicReportForm,
    ReviewForm,
    figure_initial,
)
from .models import DownloadLog, FieldReport, ReportDocument
from .services import field_reports as field_report_services
from .services import generation
from .services import periodic as periodic_services
from .submission import source_of

PAGE_SIZE = 25
reporter_or_staff = role_required(FIELD_REPORTER, ICMPD_STAFF)
pmm_or_staff = role_required(PMM_OFFICIAL, ICMPD_STAFF)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _page(request, queryset) -> dict:
    """The requested page and the filter query string to keep in the page links."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")), "query": query.urlencode()}


# --- Field reports ------------------------------------------------------------------------------


@reporter_or_staff
@require_GET
def field_report_list(request):
    filters = FieldReportFilter(request.GET or None)
    status, period = "", None
    if filters.is_valid():
        status, period = filters.cleaned_data["status"], filters.cleaned_data["period"]
    reports = selectors.field_report_list(user=request.user, status=status, period_id=period.pk if period else None)
    return render(request, "reports/field_report_list.html", {
        **_page(request, reports),
        "filters": filters,
        "is_staff": has_role(request.user, ICMPD_STAFF),
        "can_write": has_role(request.user, FIELD_REPORTER),
    })


def _edit_field_report(request, report):
    """Create (report=None) or edit a draft. On a validation error nothing is saved and everything
    typed is shown again with the errors."""
    form = FieldReportForm(request.POST or None, request.FILES or None, instance=report or FieldReport())
    figures = FigureFormSet(request.POST or None, initial=figure_initial(report), prefix="figures")
    if request.method == "POST" and form.is_valid() and figures.is_valid():
        try:
            saved = field_report_services.save_field_report(
                author=request.user,
                report=report,
                values=form.values(),
                figures=[item for item in (f.to_input() for f in figures.forms if f.has_changed() or f.initial) if item],
                new_attachment=form.cleaned_data.get("new_attachment"),
                attachment_caption=form.cleaned_data.get("attachment_caption", ""),
                remove_attachment_ids=[int(pk) for pk in form.cleaned_data.get("remove_attachments", [])],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if "submit" in request.POST:
                return _submit(request, saved)
            messages.success(request, _("The draft is saved."))
            return redirect("reports:field_report_edit", pk=saved.pk)
    completeness = field_report_services.completeness(report) if report else None
    return render(request, "reports/field_report_form.html", {
        "form": form, "figures": figures, "report": report, "completeness": completeness,
    }, status=400 if request.method == "POST" else 200)


@role_required(FIELD_REPORTER)
def field_report_create(request):
    return _edit_field_report(request, None)


@role_required(FIELD_REPORTER)
def field_report_edit(request, pk):
    report = get_object_or_404(selectors.field_reports_for(request.user).filter(author=request.user), pk=pk)
    if not report.is_editable:
        messages.warning(request, _("This report can no longer be changed: it has been submitted or approved."))
        return redirect("reports:field_report_detail", pk=report.pk)
    return _edit_field_report(request, report)


def _submit(request, report):
    try:
        field_report_services.submit_field_report(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("reports:field_report_edit", pk=report.pk)
    messages.success(request, _("The report is submitted for review."))
    return redirect("reports:field_report_detail", pk=report.pk)


@role_required(FIELD_REPORTER)
@require_POST
def field_report_submit(request, pk):
    report = get_object_or_404(selectors.field_reports_for(request.user).filter(author=request.user), pk=pk)
    return _submit(request, report)


@reporter_or_staff
@require_GET
def field_report_detail(request, pk):
    report = get_object_or_404(selectors.field_report_detail(user=request.user, pk=pk))
    return render(request, "reports/field_report_detail.html", {
        "report": report,
        "completeness": field_report_services.completeness(report),
        "is_author": report.author_id == request.user.pk,
        "is_staff": has_role(request.user, ICMPD_STAFF),
        "review_form": ReviewForm(),
    })


@staff_required
@require_POST
def field_report_review(request, pk):
    report = get_object_or_404(selectors.field_reports_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a review action."))
        return redirect("reports:field_report_detail", pk=pk)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    try:
        if action == "approve":
            field_report_services.approve_field_report(report=report, actor=request.user, comment=comment)
            messages.success(request, _("The report is approved."))
        elif action == "request_changes":
            field_report_services.request_changes(report=report, actor=request.user, comment=comment)
            messages.success(request, _("The report is sent back to its author."))
        else:
            field_report_services.comment_on_field_report(report=report, actor=request.user, body=comment)
            messages.success(request, _("Your comment is saved."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("reports:field_report_detail", pk=pk)


@reporter_or_staff
@require_GET
def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(selectors.attachments_for(request.user), pk=attachment_pk, report_id=pk)
    return file_response(attachment.file, filename=attachment.original_name, inline=attachment.is_image)


@role_required(PMM_OFFICIAL)
@require_POST
def statistic_clear(request, pk, figure_pk):
    report = get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk)
    figure = get_object_or_404(
        selectors.statistics_awaiting_clearance(user=request.user, report=report), pk=figure_pk
    )
    try:
        field_report_services.clear_statistic(figure=figure, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The statistic is cleared for publication."))
    return redirect("reports:periodic_report_detail", pk=pk)


# --- Periodic reports -----------------------------------------------------------------------------


@pmm_or_staff
@require_GET
def periodic_report_list(request):
    filters = PeriodicReportFilter(request.GET or None)
    kind, period = "", None
    if filters.is_valid():
        kind, period = filters.cleaned_data["kind"], filters.cleaned_data["period"]
    reports = selectors.periodic_report_list(user=request.user, kind=kind, period_id=period.pk if period else None)
    page = _page(request, reports)
    page["page_obj"].object_list = [selectors.as_seen_by(request.user, r) for r in page["page_obj"].object_list]
    return render(request, "reports/periodic_report_list.html", {
        **page,
        "filters": filters,
        "is_staff": has_role(request.user, ICMPD_STAFF),
    })


@staff_required
def periodic_report_create(request):
    form = PeriodicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = periodic_services.create_periodic_report(actor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is created and the figures of its period are compiled."))
            return redirect("reports:periodic_report_detail", pk=report.pk)
    return render(request, "reports/periodic_report_form.html", {"form": form, "report": None},
                  status=400 if request.method == "POST" else 200)


@staff_required
def periodic_report_edit(request, pk):
    report = get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk)
    form = PeriodicReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            periodic_services.update_periodic_report(report=report, actor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("reports:periodic_report_detail", pk=report.pk)
    return render(request, "reports/periodic_report_form.html", {"form": form, "report": report},
                  status=400 if request.method == "POST" else 200)


@pmm_or_staff
@require_GET
def periodic_report_detail(request, pk):
    report = selectors.as_seen_by(request.user, get_object_or_404(selectors.periodic_report_detail(user=request.user, pk=pk)))
    is_staff = has_role(request.user, ICMPD_STAFF)
    sent_version = periodic_services.sent_version(report)
    language = (get_language() or "tr")[:2]
    versions = selectors.document_versions(report.visible_documents)
    pending = [d for d in report.visible_documents if d.state in (ReportDocument.State.QUEUED, ReportDocument.State.RENDERING)]
    return render(request, "reports/periodic_report_detail.html", {
        "report": report,
        "is_staff": is_staff,
        "is_pmm": has_role(request.user, PMM_OFFICIAL),
        "versions": versions,
        "pending": pending,
        "figures": (report.figures or {}).get(language, {}),
        "field_totals": (report.figures or {}).get("field", {}),
        "statistics": selectors.statistics_awaiting_clearance(user=request.user, report=report),
        "sent_version": sent_version,
        "my_acknowledgement": next(
            (a for a in report.acknowledgements.all() if a.user_id == request.user.pk and a.version == sent_version),
            None),
        # PMM's history ends with the version they hold; the work on the next one is not theirs to see.
        "history": [t for t in report.transitions.all() if is_staff or t.at <= report.sent_at],
        "comment_form": CommentForm(),
        "source_template": source_of(report).detail_template,
        "downloads": DownloadLog.objects.filter(report=report).select_related("user", "document")[:20] if is_staff else [],
    })


ACTIONS = {
    "refresh": (periodic_services.refresh_figures, _("The figures are compiled again.")),
    "approve": (periodic_services.approve_periodic_report, _("The report is approved.")),
    "send": (periodic_services.send_to_pmm, _("The report is sent to PMM.")),
    "reopen": (periodic_services.reopen_periodic_report, _("The report is re-opened as a draft.")),
}


@staff_required
@require_POST
def periodic_report_action(request, pk, action):
    report = get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():  # never act with the comment silently dropped
        messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
        return redirect("reports:periodic_report_detail", pk=pk)
    comment = form.cleaned_data["comment"]
    try:
        if action == "generate":
            documents = generation.request_generation(report=report, actor=request.user)
            messages.success(request, _("PDF generation is queued (version %(version)s).") % {"version": documents[0].version})
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            kwargs = {"comment": comment} if action in ("approve", "send", "reopen") else {}
            service(report=report, actor=request.user, **kwargs)
            messages.success(request, done)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("reports:periodic_report_detail", pk=pk)


@staff_required
@require_POST
def document_retry(request, pk, document_pk):
    document = get_object_or_404(selectors.documents_for(request.user), pk=document_pk, report_id=pk)
    try:
        generation.retry_document(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The document is queued again."))
    return redirect("reports:periodic_report_detail", pk=pk)


@pmm_or_staff
@require_GET
@never_cache
def generation_status(request, pk):
    """JSON for the page's progress display (static/js/reports.js polls it)."""
    report = get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk)
    documents = selectors.documents_for(request.user).filter(report=report).order_by("-version", "language")
    return JsonResponse({
        "documents": [
            {"id": d.pk, "version": d.version, "language": d.language, "state": d.state,
             "state_label": str(d.get_state_display()), "progress": d.progress, "error": d.error}
            for d in documents
        ],
        "busy": any(d.state in (ReportDocument.State.QUEUED, ReportDocument.State.RENDERING) for d in documents),
    })


@pmm_or_staff
@require_GET
def document_download(request, token):
    document = get_object_or_404(selectors.documents_for(request.user), token=token, state=ReportDocument.State.DONE)
    periodic_services.record_download(report=document.report, user=request.user, kind=DownloadLog.Kind.PDF,
                                      document=document)
    response = file_response(document.file, filename=document.filename)
    return checksum_headers(response, document.sha256)


@pmm_or_staff
@require_GET
def data_annex(request, pk, fmt):
    report = selectors.as_seen_by(request.user, get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk))
    if fmt not in ("csv", "xlsx") or not report.figures_compiled_at or source_of(report).detail_template:
        raise Http404
    language = (get_language() or "tr")[:2]
    headers, rows = annex_table(report, language=language)
    periodic_services.record_download(report=report, user=request.user, kind=fmt)
    return export_response(fmt, f"magnet-report-{report.pk}-figures-{language}", headers, rows)


@role_required(PMM_OFFICIAL)
@require_POST
def periodic_report_acknowledge(request, pk):
    report = get_object_or_404(selectors.periodic_reports_for(request.user), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
        return redirect("reports:periodic_report_detail", pk=pk)
    try:
        periodic_services.acknowledge_receipt(report=report, actor=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Receipt is acknowledged. Thank you."))
    return redirect(reverse("reports:periodic_report_detail", kwargs={"pk": pk}))

