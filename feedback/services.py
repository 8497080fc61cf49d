"""Every write of participant feedback: create a form for an event, send it to the attendees once the
event is over, take (and let them edit) one response per attendee while it is open, remind once,
close. The admin actions, the answer page and the beat task all call these functions."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference, Registration
from magnet import outbox
from magnet.text import clean_input
from meetings.models import Invitation, Meeting
from meetings.selectors import with_affiliation

from . import notifications
from .models import (
    RATING_MAX,
    RATING_MIN,
    Answer,
    FeedbackForm,
    Question,
    QuestionTemplate,
    Recipient,
    Response,
)
from .tokens import response_key

log = logging.getLogger(__name__)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def missing_translations(*, template: QuestionTemplate) -> list[str]:
    """What keeps a template from being sent: no questions, a question or option without both
    languages, a choice question with fewer than two options. Empty when it may be sent."""
    problems = []
    questions = list(template.questions.prefetch_related("options"))
    if not questions:
        problems.append(_("The template has no questions."))
    for number, question in enumerate(questions, start=1):
        for language in LANGUAGES:
            if not (getattr(question, f"text_{language}", "") or "").strip():
                problems.append(_("Question %(number)s has no text in %(language)s.") % {
                    "number": number, "language": language.upper()})
        if question.has_options:
            options = list(question.options.all())
            if len(options) < 2:
                problems.append(_("Question %(number)s needs at least two options.") % {"number": number})
            for option in options:
                for language in LANGUAGES:
                    if not (getattr(option, f"label_{language}", "") or "").strip():
                        problems.append(_("An option of question %(number)s has no text in %(language)s.") % {
                            "number": number, "language": language.upper()})
    return problems


@transaction.atomic
def create_form(*, template: QuestionTemplate, meeting: Meeting | None = None, conference: Conference | None = None,
                anonymous: bool = True, open_days: int = 14, reminder_days: int = 5) -> FeedbackForm:
    """A draft form for one event (a meeting or a conference edition, never both; one form per event).
    It is sent by `send_form` once the event is over."""
    if (meeting is None) == (conference is None):
        raise ValidationError(_("Choose either a meeting or a conference."))
    form = FeedbackForm(template=template, meeting=meeting, conference=conference, anonymous=anonymous,
                        open_days=open_days, reminder_days=reminder_days)
    form.full_clean()
    form.save()
    return form


def event_is_over(form: FeedbackForm, now=None) -> bool:
    """A meeting marked held; a conference edition whose last day has passed."""
    now = now or timezone.now()
    if form.meeting_id:
        return form.meeting.status == Meeting.Status.HELD
    return form.conference.ends_on < timezone.localdate(now)


def _attendees(form: FeedbackForm) -> list[tuple[int, int | None]]:
    """(person id, pillar id) of the event's attendees: those checked in; when no attendance was
    taken, those who had accepted (a meeting) or were approved (a conference)."""
    if form.meeting_id:
        invitations = Invitation.objects.filter(meeting_id=form.meeting_id)
        chosen = invitations.filter(attended=True)
        if not chosen.exists():
            chosen = invitations.filter(response=Invitation.Response.ACCEPTED)
        rows = with_affiliation(chosen).values_list("person_id", "pillar_id")
    else:
        registrations = Registration.objects.filter(conference_id=form.conference_id)
        chosen = registrations.filter(status=Registration.Status.CHECKED_IN)
        if not chosen.exists():
            chosen = registrations.filter(status=Registration.Status.APPROVED)
        rows = chosen.values_list("person_id", "pillar_id")
    return list(rows.filter(person__anonymised_at__isnull=True).order_by("person_id"))


@transaction.atomic
def send_form(*, form: FeedbackForm, now=None) -> int:
    """Send the form to every attendee of its event: one bilingual mail each (outbox rows), with a
    personal signed link. Returns the number of mails written.

    Guarantees: refused (ValidationError, nothing written) unless the form is a draft, its event is
    over and every question and option has both languages. Sending twice is impossible (the form is
    locked and leaves the draft state); an attendee is asked once (one recipient per person)."""
    now = now or timezone.now()
    form = FeedbackForm.objects.select_for_update(of=("self",)).select_related("meeting", "conference", "template").get(pk=form.pk)
    if form.state != FeedbackForm.State.DRAFT:
        raise ValidationError(_("This feedback form has already been sent."))
    if not event_is_over(form, now):
        raise ValidationError(_("The feedback form can be sent once the event is over (a meeting marked as held)."))
    problems = missing_translations(template=form.template)
    if problems:
        raise ValidationError(problems)
    Recipient.objects.bulk_create(
        [Recipient(form=form, person_id=person_id, pillar_id=pillar_id, invited_at=now) for person_id, pillar_id in _attendees(form)],
        ignore_conflicts=True,
    )
    recipients = list(form.recipients.select_related("person"))
    form.state = FeedbackForm.State.OPEN
    form.sent_at = now
    form.closes_at = now + timedelta(days=form.open_days)
    form.save(update_fields=["state", "sent_at", "closes_at"])
    outbox.enqueue(*notifications.invitation_mails(recipients))
    return len(recipients)


@transaction.atomic
def send_reminder(*, form: FeedbackForm, now=None) -> int:
    """Remind, once, every recipient who has not answered. Returns the number of mails written.

    Guarantees: a form is reminded at most once (its row is locked and `reminder_sent_at` recorded;
    a second call is refused); only an open form is reminded."""
    now = now or timezone.now()
    form = FeedbackForm.objects.select_for_update().get(pk=form.pk)
    if not form.is_open:
        raise ValidationError(_("Only an open feedback form can be reminded."))
    if form.reminder_sent_at:
        raise ValidationError(_("The reminder for this feedback form has already been sent."))
    waiting = form.recipients.filter(answered=False, reminded_at__isnull=True, person__isnull=False)
    recipients = list(waiting.select_related("person"))
    waiting.update(reminded_at=now)
    form.reminder_sent_at = now
    form.save(update_fields=["reminder_sent_at"])
    outbox.enqueue(*notifications.reminder_mails(recipients))
    return len(recipients)


@transaction.atomic
def close_form(*, form: FeedbackForm, now=None) -> FeedbackForm:
    """Close a form: no answer is taken or changed afterwards. Closing a closed form changes nothing."""
    form = FeedbackForm.objects.select_for_update().get(pk=form.pk)
    if form.state != FeedbackForm.State.CLOSED:
        form.state = FeedbackForm.State.CLOSED
        form.closed_at = now or timezone.now()
        form.save(update_fields=["state", "closed_at"])
    return form


def _clean_answers(questions: list[Question], answers: dict) -> list[Answer]:
    """Check `answers` ({question id: rating | option id | [option ids] | text}) against the questions;
    unsaved Answer rows, or ValidationError with one message per question."""
    errors, rows = {}, []
    for question in questions:
        value = answers.get(question.pk)
        key = f"q{question.pk}"
        options = {option.pk: option for option in question.options.all()}
        if value in (None, "", []):
            if question.required:
                errors[key] = _("Please answer this question.")
            continue
        if question.kind == Question.Kind.RATING:
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not RATING_MIN <= rating <= RATING_MAX:
                errors[key] = _("Choose a rating from 1 to 5.")
                continue
            rows.append(Answer(question=question, rating=rating))
        elif question.kind == Question.Kind.TEXT:
            text = clean_input(str(value), multiline=True).strip()
            if len(text) > Answer._meta.get_field("text").max_length:
                errors[key] = _("The answer is too long.")
            elif text:
                rows.append(Answer(question=question, text=text))
            elif question.required:
                errors[key] = _("Please answer this question.")
        else:
            chosen = value if isinstance(value, (list, tuple)) else [value]
            try:
                ids = sorted({int(v) for v in chosen})
            except (TypeError, ValueError):
                ids = [0]
            if any(i not in options for i in ids) or (question.kind == Question.Kind.SINGLE and len(ids) != 1):
                errors[key] = _("Choose one of the options.") if question.kind == Question.Kind.SINGLE else _(
                    "Choose among the options.")
                continue
            rows.extend(Answer(question=question, option=options[i]) for i in ids)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def submit_response(*, recipient: Recipient, answers: dict, language: str = "tr", now=None) -> Response:
    """Record (or replace) a recipient's answers.

    Guarantees: one response per recipient (the recipient row is locked and the response's key is
    unique per form): submitting again replaces the answers. Refused (ValidationError, nothing
    changed) when the form is not open (closed, past its closing time, or not sent) or an answer does
    not fit its question. The response stores no link to the person unless the form is not anonymous."""
    recipient = Recipient.objects.select_for_update().select_related("form").get(pk=recipient.pk)
    form = recipient.form
    if not form.is_open:
        raise ValidationError(_("This feedback form is closed: answers can no longer be given or changed."))
    if recipient.person_id is None:
        raise ValidationError(_("This feedback link is no longer valid."))
    questions = list(form.template.questions.prefetch_related("options"))
    rows = _clean_answers(questions, answers)
    today = timezone.localdate(now or timezone.now())
    response, _created = Response.objects.update_or_create(
        form=form, key=response_key(recipient),
        defaults={"pillar_id": recipient.pillar_id, "language": language, "submitted_on": today,
                  "person_id": None if form.anonymous else recipient.person_id},
    )
    response.answers.all().delete()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if not recipient.answered:
        recipient.answered = True
        recipient.save(update_fields=["answered"])
    return response


def response_of(recipient: Recipient) -> Response | None:
    """The recipient's own response (to show their answers for editing)."""
    return Response.objects.filter(form_id=recipient.form_id, key=response_key(recipient)).prefetch_related("answers").first()


def run_schedule(*, now=None) -> dict:
    """Beat (hourly): send draft forms whose event is over, remind open forms whose reminder is due,
    close forms past their closing time. Each form in its own transaction; a form that cannot be sent
    (a missing translation) is skipped and logged, and tried again next time. Idempotent."""
    now = now or timezone.now()
    done = {"sent": 0, "reminded": 0, "closed": 0}
    drafts = FeedbackForm.objects.filter(state=FeedbackForm.State.DRAFT).select_related("meeting", "conference")
    for form in drafts:
        if not event_is_over(form, now):
            continue
        try:
            send_form(form=form, now=now)
            done["sent"] += 1
        except ValidationError as error:
            log.warning("feedback form %s not sent: %s", form.pk, error.messages)
    for form in FeedbackForm.objects.filter(state=FeedbackForm.State.OPEN, closes_at__lte=now):
        close_form(form=form, now=now)
        done["closed"] += 1
    due = FeedbackForm.objects.filter(state=FeedbackForm.State.OPEN, reminder_sent_at__isnull=True, reminder_days__gt=0)
    for form in due:
        if form.sent_at and form.sent_at + timedelta(days=form.reminder_days) <= now:
            try:
                send_reminder(form=form, now=now)
                done["reminded"] += 1
            except ValidationError:
                pass
    return done


