"""Every read of participant feedback. Results are shown only for groups of at least MIN_GROUP answers
(a question overall, or a question within one pillar); a smaller group is reported as "fewer than 5
answers", so no single attendee's answers can be read off the figures."""

import datetime

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDate

from stakeholders.models import Pillar

from .models import Answer, FeedbackForm, Question, Response

MIN_GROUP = 5


def staff_forms() -> QuerySet[FeedbackForm]:
    """Staff: every form with its counts, newest first, in one query."""
    return FeedbackForm.objects.select_related("meeting", "conference", "template").annotate(
        recipient_count=Count("recipients", distinct=True),
        response_count=Count("responses", distinct=True),
    ).order_by("-created_at", "-pk")


def _pillars():
    return list(Pillar.objects.order_by("order", "pk"))


def form_results(*, form: FeedbackForm) -> dict:
    """Per question: how many answered and, for groups of at least MIN_GROUP, the distribution
    (ratings 1–5 and their mean; options and their counts) overall and per pillar; free texts only
    when at least MIN_GROUP answered. A fixed number of queries whatever the number of answers."""
    questions = list(form.template.questions.prefetch_related("options"))
    responses = Response.objects.filter(form=form)
    pillar_totals = dict(responses.values_list("pillar_id").annotate(n=Count("pk")).order_by())
    answers = Answer.objects.filter(response__form=form)
    counts = answers.values("question_id", "rating", "option_id", "response__pillar_id").annotate(
        n=Count("pk"), people=Count("response_id", distinct=True)
    ).order_by()
    answered = dict(answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by())
    answered_by_pillar = {
        (row["question_id"], row["response__pillar_id"]): row["n"]
        for row in answers.values("question_id", "response__pillar_id").annotate(n=Count("response_id", distinct=True)).order_by()
    }
    cells = {}
    for row in counts:
        key = (row["question_id"], row["rating"], row["option_id"])
        cells.setdefault(key, {}).setdefault(row["response__pillar_id"], 0)
        cells[key][row["response__pillar_id"]] += row["n"]
    text_questions = [q.pk for q in questions if q.kind == Question.Kind.TEXT and answered.get(q.pk, 0) >= MIN_GROUP]
    texts = {}
    for question_id, text in answers.filter(question_id__in=text_questions).order_by("question_id", "?").values_list(
        "question_id", "text"
    ):
        texts.setdefault(question_id, []).append(text)
    pillars = _pillars()
    results = []
    for question in questions:
        n = answered.get(question.pk, 0)
        item = {"question": question, "kind": question.kind, "answered": n, "shown": n >= MIN_GROUP,
                "rows": [], "mean": None, "by_pillar": [], "texts": texts.get(question.pk, [])}
        if question.kind == Question.Kind.RATING:
            keys = [((question.pk, r, None), str(r)) for r in range(1, 6)]
        elif question.has_options:
            keys = [((question.pk, None, o.pk), o.label) for o in question.options.all()]
        else:
            keys = []
        if item["shown"] and keys:
            item["rows"] = [{"label": label, "count": sum(cells.get(key, {}).values())} for key, label in keys]
            if question.kind == Question.Kind.RATING:
                item["mean"] = _mean({r: sum(cells.get((question.pk, r, None), {}).values()) for r in range(1, 6)})
            for pillar in pillars:
                in_pillar = answered_by_pillar.get((question.pk, pillar.pk), 0)
                entry = {"pillar": pillar.name, "answered": in_pillar, "shown": in_pillar >= MIN_GROUP}
                if entry["shown"] and question.kind == Question.Kind.RATING:
                    entry["mean"] = _mean({r: cells.get((question.pk, r, None), {}).get(pillar.pk, 0) for r in range(1, 6)})
                elif entry["shown"]:
                    entry["counts"] = [cells.get(key, {}).get(pillar.pk, 0) for key, _label in keys]
                item["by_pillar"].append(entry)
        results.append(item)
    return {
        "responses": sum(pillar_totals.values()),
        "recipients": form.recipients.count(),
        "by_pillar": [{"pillar": p.name, "responses": pillar_totals.get(p.pk, 0)} for p in pillars],
        "questions": results,
        "shown": sum(pillar_totals.values()) >= MIN_GROUP,
    }


def _mean(distribution: dict) -> float | None:
    total = sum(distribution.values())
    if not total:
        return None
    return round(sum(r * n for r, n in distribution.items()) / total, 1)


def export_rows(*, form: FeedbackForm) -> list[list]:
    """Staff export: one row per answer (response number, pillar, question, answer), only when the
    form has at least MIN_GROUP responses; a pillar with fewer is written as "—". Responses are
    numbered in a shuffled order, so the number tells nothing about who answered when."""
    responses = list(Response.objects.filter(form=form).select_related("pillar", "person").order_by("?"))
    if len(responses) < MIN_GROUP:
        return []
    per_pillar = {}
    for response in responses:
        per_pillar[response.pillar_id] = per_pillar.get(response.pillar_id, 0) + 1
    number = {response.pk: index for index, response in enumerate(responses, start=1)}
    by_pk = {response.pk: response for response in responses}
    rows = []
    answers = Answer.objects.filter(response__form=form).select_related("question", "option").order_by(
        "question__order", "question_id", "pk")
    for answer in answers:
        response = by_pk[answer.response_id]
        pillar = response.pillar.name if response.pillar_id and per_pillar[response.pillar_id] >= MIN_GROUP else "—"
        value = answer.rating if answer.rating is not None else (answer.option.label if answer.option_id else answer.text)
        row = [number[response.pk], pillar, answer.question.text, value]
        if not form.anonymous:
            row.append(response.person.full_name if response.person_id else "")
        rows.append(row)
    rows.sort(key=lambda row: row[0])
    return rows


def _forms_in_period(start: datetime.date, end: datetime.date):
    return FeedbackForm.objects.exclude(state=FeedbackForm.State.DRAFT).filter(
        Q(meeting__starts_at__date__gte=start, meeting__starts_at__date__lte=end)
        | Q(conference__starts_on__gte=start, conference__starts_on__lte=end)
    )


def feedback_figures(*, start: datetime.date, end: datetime.date) -> dict:
    """For the periodic report (one computation, both languages' names): the forms sent for events of
    the period with recipients, responses and the mean of their rating answers (shown for at least
    MIN_GROUP responses), and responses and mean rating per pillar over the period. Five queries."""
    forms = _forms_in_period(start, end)
    rows = list(
        forms.annotate(
            recipients_n=Count("recipients", distinct=True),
            responses_n=Count("responses", distinct=True),
            date=TruncDate("meeting__starts_at"),
        ).values("pk", "meeting__title_tr", "meeting__title_en", "conference__title_tr", "conference__title_en",
                 "date", "conference__starts_on", "recipients_n", "responses_n")
    )
    ratings = Answer.objects.filter(response__form__in=forms, rating__isnull=False)
    mean_by_form = dict(ratings.values_list("response__form_id").annotate(m=Avg("rating")).order_by())
    per_pillar = {
        row["pillar_id"]: row["n"]
        for row in Response.objects.filter(form__in=forms).values("pillar_id").annotate(n=Count("pk")).order_by()
    }
    mean_by_pillar = dict(ratings.values_list("response__pillar_id").annotate(m=Avg("rating")).order_by())
    events = []
    for row in sorted(rows, key=lambda r: (r["date"] or r["conference__starts_on"], r["pk"])):
        shown = row["responses_n"] >= MIN_GROUP
        mean = mean_by_form.get(row["pk"])
        events.append({
            "title_tr": row["meeting__title_tr"] or row["conference__title_tr"] or row["meeting__title_en"] or "",
            "title_en": row["meeting__title_en"] or row["conference__title_en"] or row["meeting__title_tr"] or row["conference__title_tr"] or "",
            "date": row["date"] or row["conference__starts_on"],
            "recipients": row["recipients_n"],
            "responses": row["responses_n"],
            "mean_rating": round(float(mean), 1) if shown and mean is not None else None,
            "shown": shown,
        })
    pillars = []
    for pillar in _pillars():
        n = per_pillar.get(pillar.pk, 0)
        mean = mean_by_pillar.get(pillar.pk)
        pillars.append({"code": pillar.code, "name_tr": pillar.name_tr, "name_en": pillar.name_en, "responses": n,
                        "shown": n >= MIN_GROUP,
                        "mean_rating": round(float(mean), 1) if n >= MIN_GROUP and mean is not None else None})
    return {
        "forms": len(events),
        "recipients": sum(e["recipients"] for e in events),
        "responses": sum(e["responses"] for e in events),
        "events": events,
        "by_pillar": pillars,
        "min_group": MIN_GROUP,
    }


