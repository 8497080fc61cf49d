"""Pages of commitments: the owner's "My commitments" and one commitment with its update form; the
staff list across meetings with filters and its XLSX export. Each calls meetings.commitments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from magnet.exports import export_response
from magnet.permissions import staff_required
from magnet.roles import ICMPD_STAFF, has_role
from stakeholders.models import Pillar

from . import commitments
from .forms import CommitmentFilterForm, CommitmentUpdateForm
from .models import ActionItem

Status = ActionItem.Status

PAGE_SIZE = 25


@login_required
def my_commitments(request):
    page = Paginator(commitments.my_commitments(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/my_commitments.html", {"page": page, "items": list(page.object_list)})


@login_required
def commitment_detail(request, pk):
    item = commitments.commitment_for(user=request.user, pk=pk)
    if item is None:
        raise Http404
    status = 200
    statuses = commitments.allowed_statuses(user=request.user, item=item)
    if request.method == "POST":
        form = CommitmentUpdateForm(request.POST, statuses=Status.values)  # the service says what is refused
        if form.is_valid():
            try:
                commitments.update_commitment(item=item, user=request.user, **form.cleaned_data)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Your update is saved."))
                return redirect("meetings:commitment_detail", pk=item.pk)
        status = 400
        form.fields["status"].choices = [c for c in Status.choices if c[0] in statuses]
    else:
        form = CommitmentUpdateForm(initial={"status": item.status}, statuses=statuses)
    return render(
        request,
        "meetings/commitment_detail.html",
        {"item": item, "form": form, "updates": commitments.updates_of(item), "is_staff": has_role(request.user, ICMPD_STAFF)},
        status=status,
    )


def _pillar_names():
    return {p.pk: p.name for p in Pillar.objects.all()}


@staff_required
def staff_commitments(request):
    form = CommitmentFilterForm(request.GET or None)
    items = commitments.staff_commitments(user=request.user, filters=form.filters())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    pillars = _pillar_names()
    for item in rows:
        item.pillar_name = pillars.get(item.pillar_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/staff_commitments.html",
        {"form": form, "page": page, "items": rows, "query_string": query.urlencode(), "today": timezone.localdate()},
    )


@staff_required
@require_GET
def staff_commitments_xlsx(request):
    form = CommitmentFilterForm(request.GET or None)
    items = commitments.staff_commitments(user=request.user, filters=form.filters())
    pillars = _pillar_names()
    headers = [_("Commitment"), _("Agreed at"), _("Meeting date"), _("Owner organisation"), _("Owner person"),
               _("Pillar"), _("Due date"), _("Status"), _("Overdue")]
    rows = (
        [
            item.title, item.source, timezone.localdate(item.meeting.starts_at) if item.meeting_id else None,
            str(item.owner_organisation or ""), str(item.owner_person or ""), pillars.get(item.pillar_id, ""),
            item.due_date, item.get_status_display(), _("yes") if item.is_overdue else _("no"),
        ]
        for item in items.iterator(chunk_size=500)
    )
    return export_response("xlsx", "commitments", headers, rows)
