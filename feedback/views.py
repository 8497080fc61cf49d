"""The attendee's answer page (signed link, no sign-in) and the staff results pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from magnet.exports import export_response
from magnet.permissions import staff_required
from reports.charts import bar_chart_svg

from . import selectors, services
from .forms import AnswerForm
from .models import FeedbackForm, Question
from .tokens import InvalidLink, recipient_from_token


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """The personal feedback link. Opening it (GET) changes nothing; the answers (POST) are saved and
    may be changed until the form closes. A tampered or unknown link answers 404."""
    try:
        recipient = recipient_from_token(token)
    except InvalidLink as exc:
        raise Http404 from exc
    form_row = recipient.form
    if form_row.state == FeedbackForm.State.DRAFT:
        raise Http404
    questions = list(form_row.template.questions.prefetch_related("options"))
    response = services.response_of(recipient)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, questions=questions, response=response)
        if form.is_valid():
            try:
                services.submit_response(recipient=recipient, answers=form.answers(),
                                         language=translation.get_language()[:2])
            except ValidationError as error:
                status = 400
                if hasattr(error, "error_dict"):
                    for name, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(name if name in form.fields else None, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                messages.success(request, _("Thank you, your answers have been saved. You can change them until the form closes."))
                return redirect("feedback:answer", token=token)
        else:
            status = 400
    else:
        form = AnswerForm(questions=questions, response=response)
    return render(request, "feedback/answer.html", {
        "feedback": form_row, "event": form_row.event, "form": form if form_row.is_open else None,
        "answered": response is not None, "token": token,
    }, status=status)


# --- ICMPD staff --------------------------------------------------------------------------------


@staff_required
def staff_list(request):
    return render(request, "feedback/staff_list.html", {"forms": selectors.staff_forms()})


def _charts(results) -> None:
    """Server-rendered SVG per question (ratings or options) and the mean rating by pillar."""
    for item in results["questions"]:
        if not item["shown"] or not item["rows"]:
            continue
        item["chart"] = mark_safe(bar_chart_svg(  # noqa: S308 — built by reports.charts, text escaped
            title=str(item["question"].text),
            categories=[row["label"] for row in item["rows"]],
            series=[(_("Answers"), [row["count"] for row in item["rows"]])],
        ))
        shown = [entry for entry in item["by_pillar"] if entry["shown"] and entry.get("mean") is not None]
        if item["kind"] == Question.Kind.RATING and shown:
            item["pillar_chart"] = mark_safe(bar_chart_svg(  # noqa: S308
                title=_("Mean rating by pillar: %(question)s") % {"question": item["question"].text},
                categories=[entry["pillar"] for entry in shown],
                series=[(_("Mean rating"), [entry["mean"] for entry in shown])],
            ))


@staff_required
def staff_results(request, pk):
    form_row = get_object_or_404(FeedbackForm.objects.select_related("meeting", "conference", "template"), pk=pk)
    results = selectors.form_results(form=form_row)
    _charts(results)
    return render(request, "feedback/staff_results.html", {
        "feedback": form_row, "event": form_row.event, "results": results, "min_group": selectors.MIN_GROUP,
    })


@staff_required
def staff_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form_row = get_object_or_404(FeedbackForm, pk=pk)
    rows = selectors.export_rows(form=form_row)
    if not rows:
        messages.error(request, _("The answers can be exported once at least 5 people have answered."))
        return redirect("feedback:staff_results", pk=pk)
    headers = [_("Response"), _("Pillar"), _("Question"), _("Answer")]
    if not form_row.anonymous:
        headers.append(_("Name"))
    return export_response(fmt, f"feedback-{form_row.pk}", headers, rows)
