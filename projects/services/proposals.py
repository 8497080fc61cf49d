"""Every write on a project proposal: drafts, submission, PMM's opinion, the question-and-answer
thread, withdrawal, overlap explanations and the province figures of the coverage view.

The form, the API and the admin all call these; each function checks who may act, runs in one
transaction, records the transition (ProjectEvent: who, when, from what to what) and writes the
mails for the other side as outbox rows in the recipient's language (projects.notifications)."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role
from magnet.text import clean_input
from stakeholders.models import Organisation, ThematicArea
from stakeholders.provinces import PROVINCE_NAMES

from .. import notifications
from ..access import is_member_of, is_reviewer, member_organisation_ids
from ..models import (
    Currency,
    Opinion,
    OpinionLetter,
    OverlapNote,
    Project,
    ProjectEvent,
    ProjectProvince,
    ProvinceNeed,
    TargetGroup,
    ThreadMessage,
)

State = Project.State
LANGUAGES = ("tr", "en")
TRANSLATED_FIELDS = ("title", "summary", "planned_activities", "expected_results")
TEXT_FIELDS = [f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGUAGES]
NOT_ALLOWED = _("You may not do this.")
# Opinion kind → the state it puts the proposal in.
OPINION_STATES = {
    Opinion.Kind.FAVOURABLE: State.FAVOURABLE,
    Opinion.Kind.FAVOURABLE_WITH_CONDITIONS: State.FAVOURABLE_WITH_CONDITIONS,
    Opinion.Kind.NOT_FAVOURABLE: State.NOT_FAVOURABLE,
    Opinion.Kind.MORE_INFORMATION: State.MORE_INFORMATION,
}


def refuse(message, code="invalid"):
    raise ValidationError(message, code=code)


def opinion_days() -> int:
    """Days PMM has to answer a submitted proposal (setting PROJECTS_OPINION_DAYS, default 30)."""
    return int(getattr(settings, "PROJECTS_OPINION_DAYS", 30))


def _record(project: Project, *, kind: str, actor, from_state: str = "", to_state: str = "") -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, from_state=from_state,
                                       to_state=to_state or from_state)


# --- Drafts ----------------------------------------------------------------------------------------

def _organisations(ids) -> list[Organisation]:
    ids = [int(i) for i in ids or ()]
    found = list(Organisation.objects.filter(pk__in=ids, status=Organisation.Status.APPROVED))
    if len(found) != len(set(ids)):
        refuse({"implementing_organisations": _("Choose organisations from the registry.")})
    return found


def _apply(project: Project, data: dict) -> dict:
    """Copy the given fields onto the project (unsaved); return the relations to set after saving."""
    for field in TEXT_FIELDS:
        if getattr(project, field) is None:
            setattr(project, field, "")
        if field in data:
            multiline = not field.startswith("title")
            setattr(project, field, clean_input(data[field] or "", multiline=multiline).strip())
    # Only the per-language columns are set: modeltranslation maps the plain attribute (`title`) to
    # the active language's column, so assigning it here would overwrite one language with the other.
    if "donors" in data:
        project.donors = clean_input(data["donors"] or "").strip()
    if "currency" in data:
        project.currency = data["currency"] or Currency.EUR
    if "budget" in data:
        budget = data["budget"]
        if budget in (None, ""):
            project.budget = None
        else:
            try:
                project.budget = Decimal(str(budget))
            except (InvalidOperation, ValueError):
                refuse({"budget": _("Enter the budget as a number.")})
    for field in ("starts_on", "ends_on"):
        if field in data:
            setattr(project, field, data[field] or None)
    if "nationwide" in data:
        project.nationwide = bool(data["nationwide"])
    relations = {}
    if "provinces" in data:
        provinces = sorted(set(data["provinces"] or ()))
        unknown = [p for p in provinces if p not in PROVINCE_NAMES]
        if unknown:
            refuse({"provinces": _("Choose provinces from the list.")})
        relations["provinces"] = provinces
    for field in ("implementing_organisations", "partner_organisations"):
        if field in data:
            relations[field] = _organisations(data[field])
    if "thematic_areas" in data:
        ids = {int(i) for i in data["thematic_areas"] or ()}
        areas = list(ThematicArea.objects.filter(pk__in=ids))
        if len(areas) != len(ids):
            refuse({"thematic_areas": _("Choose thematic areas from the list.")})
        relations["thematic_areas"] = areas
    if "target_groups" in data:
        ids = {int(i) for i in data["target_groups"] or ()}
        groups = list(TargetGroup.objects.filter(pk__in=ids, is_active=True))
        if len(groups) != len(ids):
            refuse({"target_groups": _("Choose target groups from the list.")})
        relations["target_groups"] = groups
    return relations


def _set_relations(project: Project, relations: dict) -> None:
    if "provinces" in relations:
        project.province_rows.exclude(province__in=relations["provinces"]).delete()
        ProjectProvince.objects.bulk_create(
            [ProjectProvince(project=project, province=code) for code in relations["provinces"]], ignore_conflicts=True,
        )
    for field in ("implementing_organisations", "partner_organisations", "thematic_areas", "target_groups"):
        if field in relations:
            getattr(project, field).set(relations[field])


@transaction.atomic
def save_draft(*, actor, data: dict, project: Project | None = None, organisation: Organisation | None = None) -> Project:
    """Create a draft (for one of the actor's organisations) or change one that is a draft or awaits
    more information. Keeps whatever was typed: nothing is required here but the organisation;
    lengths, dates and choices are checked (a clear error, nothing saved)."""
    if project is None:
        if organisation is None or organisation.pk not in member_organisation_ids(actor):
            refuse(NOT_ALLOWED, "forbidden")
        project = Project(organisation=organisation, created_by=actor)
        creating = True
    else:
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not is_member_of(actor, project):
            refuse(NOT_ALLOWED, "forbidden")
        if not project.is_editable:
            refuse(_("This proposal can no longer be changed."))
        creating = False
    relations = _apply(project, data)
    project.full_clean(exclude=["organisation", "created_by"])
    project.save()
    _set_relations(project, relations)
    if creating:
        _record(project, kind=ProjectEvent.Kind.CREATED, actor=actor, to_state=State.DRAFT)
    return project


# --- Submission ------------------------------------------------------------------------------------

REQUIRED_TEXT = {
    "title": _("Enter the title in Turkish and in English."),
    "summary": _("Enter the summary in Turkish and in English."),
    "planned_activities": _("Enter the planned activities in Turkish and in English."),
    "expected_results": _("Enter the expected results in Turkish and in English."),
}


def submission_errors(project: Project) -> dict[str, list]:
    """What is missing before the proposal can go to PMM: both languages of every text, the dates,
    the budget, where (provinces or nationwide), at least one thematic area, target group and
    implementing organisation. Empty when it may be submitted. The form, the API and `submit` use it."""
    errors: dict[str, list] = {}
    for field, message in REQUIRED_TEXT.items():
        for language in LANGUAGES:
            if not (getattr(project, f"{field}_{language}", "") or "").strip():
                errors.setdefault(f"{field}_{language}", []).append(message)
    if not project.starts_on:
        errors["starts_on"] = [_("Enter the planned start.")]
    if not project.ends_on:
        errors["ends_on"] = [_("Enter the planned end.")]
    if project.budget is None:
        errors["budget"] = [_("Enter the budget.")]
    if not project.nationwide and not project.province_rows.exists():
        errors["provinces"] = [_("Choose at least one province, or mark the project as nationwide.")]
    if not project.thematic_areas.exists():
        errors["thematic_areas"] = [_("Choose at least one thematic area.")]
    if not project.target_groups.exists():
        errors["target_groups"] = [_("Choose at least one target group.")]
    if not project.implementing_organisations.exists():
        errors["implementing_organisations"] = [_("Choose at least one implementing organisation.")]
    return errors


@transaction.atomic
def submit(*, project: Project, actor) -> Project:
    """Send a draft (or a proposal PMM asked more about) for PMM's opinion. Refused, with every
    missing field named, unless `submission_errors` is empty. Sets the reference (first time) and
    PMM's due date (today + PROJECTS_OPINION_DAYS); mails every PMM official in their language."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not is_member_of(actor, project):
        refuse(NOT_ALLOWED, "forbidden")
    if project.state not in Project.EDITABLE:
        refuse(_("Only a draft, or a proposal PMM asked more about, can be submitted."))
    errors = submission_errors(project)
    if errors:
        raise ValidationError(errors)
    previous = project.state
    now = timezone.now()
    if not project.reference:
        year = timezone.localdate().year
        project.reference = f"PRJ-{year}-{project.pk:04d}"
    project.state = State.SUBMITTED
    project.submitted_at = now
    project.due_on = timezone.localdate() + timedelta(days=opinion_days())
    project.save()
    kind = ProjectEvent.Kind.SUBMITTED if previous == State.DRAFT else ProjectEvent.Kind.RESUBMITTED
    _record(project, kind=kind, actor=actor, from_state=previous, to_state=State.SUBMITTED)
    notifications.to_pmm(project, "submitted")
    return project


@transaction.atomic
def withdraw(*, project: Project, actor) -> Project:
    """The submitting organisation withdraws a proposal that has no final opinion yet."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not is_member_of(actor, project):
        refuse(NOT_ALLOWED, "forbidden")
    if project.state not in (State.DRAFT, State.SUBMITTED, State.MORE_INFORMATION):
        refuse(_("A proposal with PMM's opinion cannot be withdrawn."))
    previous = project.state
    project.state = State.WITHDRAWN
    project.save(update_fields=["state", "updated_at"])
    _record(project, kind=ProjectEvent.Kind.WITHDRAWN, actor=actor, from_state=previous, to_state=State.WITHDRAWN)
    if previous != State.DRAFT:
        notifications.to_pmm(project, "withdrawn")
    return project


# --- PMM's opinion ---------------------------------------------------------------------------------

@transaction.atomic
def give_opinion(*, project: Project, actor, kind: str, reasons_tr: str, reasons_en: str,
                 conditions_tr: str = "", conditions_en: str = "") -> Opinion:
    """PMM's opinion on a submitted proposal (PMM officials only; ICMPD staff cannot give it).
    Reasons are required in both languages, conditions too for "favourable with conditions".
    Moves the proposal to the opinion's state; queues the bilingual letter (not for "more
    information needed"), rendered by Celery after the commit; mails the submitting side."""
    if not is_reviewer(actor):
        refuse(NOT_ALLOWED, "forbidden")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state != State.SUBMITTED:
        refuse(_("PMM gives its opinion on a submitted proposal only."))
    if kind not in OPINION_STATES:
        refuse({"kind": _("Choose an opinion.")})
    texts = {
        "reasons_tr": clean_input(reasons_tr or "", multiline=True).strip(),
        "reasons_en": clean_input(reasons_en or "", multiline=True).strip(),
        "conditions_tr": clean_input(conditions_tr or "", multiline=True).strip(),
        "conditions_en": clean_input(conditions_en or "", multiline=True).strip(),
    }
    errors = {}
    for language in LANGUAGES:
        if not texts[f"reasons_{language}"]:
            errors[f"reasons_{language}"] = [_("Give the reasons in Turkish and in English.")]
        if kind == Opinion.Kind.FAVOURABLE_WITH_CONDITIONS and not texts[f"conditions_{language}"]:
            errors[f"conditions_{language}"] = [_("Write the conditions in Turkish and in English.")]
    if errors:
        raise ValidationError(errors)
    if kind != Opinion.Kind.FAVOURABLE_WITH_CONDITIONS:
        texts["conditions_tr"] = texts["conditions_en"] = ""
    opinion = Opinion(project=project, kind=kind, given_by=actor, **texts)
    opinion.full_clean()
    opinion.save()
    previous = project.state
    project.state = OPINION_STATES[kind]
    if kind != Opinion.Kind.MORE_INFORMATION:
        project.decided_at = timezone.now()
    project.save(update_fields=["state", "decided_at", "updated_at"])
    _record(project, kind=ProjectEvent.Kind.OPINION, actor=actor, from_state=previous, to_state=project.state)
    if project.is_approved:
        _start_reporting(project)
    if opinion.has_letter:
        letter = OpinionLetter.objects.create(opinion=opinion)
        from ..tasks import render_opinion_letter

        letter_id = letter.pk
        transaction.on_commit(lambda: _send(render_opinion_letter, letter_id))
    notifications.to_submitter(project, "opinion")
    return opinion


def _start_reporting(project: Project) -> None:
    """An approved project gets its reporting plan (item ç) in the same transaction (idempotent)."""
    from .reporting import ensure_reporting_plan

    ensure_reporting_plan(project=project)


def _send(task, *args) -> None:
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 — the broker may be down; `resend_pending_letters` picks it up
        import logging

        logging.getLogger(__name__).warning("broker unavailable: %s%s waits for the sweep", task.name, args)


def render_letter(*, letter_id: int):
    """The worker's side: render the bilingual opinion letter once and store it with its SHA-256
    (reports.documents.render_once). Idempotent."""
    from reports.documents import render_once

    from ..letters import render_opinion_letter_pdf

    return render_once(OpinionLetter, letter_id, render_opinion_letter_pdf)


def resend_pending_letters(*, older_than=timedelta(minutes=2)) -> list[int]:
    """Letters still queued after a while (broker down at commit) are sent again. Idempotent."""
    from ..tasks import render_opinion_letter

    ids = list(OpinionLetter.objects.filter(state=OpinionLetter.State.QUEUED,
                                            queued_at__lt=timezone.now() - older_than).values_list("pk", flat=True))
    for letter_id in ids:
        _send(render_opinion_letter, letter_id)
    return ids


def record_letter_download(*, letter: OpinionLetter, user):
    """Who downloaded which letter (by its hash), when. Called by the view after the access check."""
    return letter.downloads.create(user=user, sha256=letter.sha256)


# --- The thread ------------------------------------------------------------------------------------

@transaction.atomic
def ask_question(*, project: Project, actor, body: str) -> ThreadMessage:
    """PMM asks the submitting organisation a question (while the proposal is with PMM or awaiting
    more information); the submitting side is mailed."""
    if not is_reviewer(actor):
        refuse(NOT_ALLOWED, "forbidden")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state not in (State.SUBMITTED, State.MORE_INFORMATION):
        refuse(_("Questions are asked while the proposal is with PMM."))
    message = _message(project, actor, body, from_pmm=True)
    _record(project, kind=ProjectEvent.Kind.QUESTION, actor=actor, from_state=project.state)
    notifications.to_submitter(project, "question", message=message)
    return message


@transaction.atomic
def answer(*, project: Project, actor, body: str) -> ThreadMessage:
    """A member of the submitting organisation answers in the thread; PMM is mailed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not is_member_of(actor, project):
        refuse(NOT_ALLOWED, "forbidden")
    if project.state not in (State.SUBMITTED, State.MORE_INFORMATION):
        refuse(_("Answers are given while the proposal is with PMM."))
    message = _message(project, actor, body, from_pmm=False)
    _record(project, kind=ProjectEvent.Kind.ANSWER, actor=actor, from_state=project.state)
    notifications.to_pmm(project, "answer", message=message)
    return message


def _message(project, actor, body, *, from_pmm: bool) -> ThreadMessage:
    body = clean_input(body or "", multiline=True).strip()
    if not body:
        refuse({"body": _("Write a message.")})
    message = ThreadMessage(project=project, author=actor, from_pmm=from_pmm, body=body)
    message.full_clean()
    message.save()
    return message


# --- Overlaps --------------------------------------------------------------------------------------

@transaction.atomic
def explain_overlap(*, project: Project, actor, other: Project, explanation: str) -> OverlapNote | None:
    """The submitter writes how their proposal differs from an overlapping project (PMM reads it
    beside the overlap list). An empty explanation removes the note. Allowed until PMM decides."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not is_member_of(actor, project):
        refuse(NOT_ALLOWED, "forbidden")
    if project.state not in (State.DRAFT, State.SUBMITTED, State.MORE_INFORMATION):
        refuse(_("This proposal can no longer be changed."))
    if other.pk == project.pk:
        refuse(_("Choose another project."))
    explanation = clean_input(explanation or "", multiline=True).strip()
    if not explanation:
        OverlapNote.objects.filter(project=project, other=other).delete()
        return None
    note = OverlapNote.objects.filter(project=project, other=other).first() or OverlapNote(project=project, other=other)
    note.explanation = explanation
    note.written_by = actor
    note.full_clean()
    note.save()
    _record(project, kind=ProjectEvent.Kind.OVERLAP_NOTE, actor=actor, from_state=project.state)
    return note


# --- Coverage figures ------------------------------------------------------------------------------

@transaction.atomic
def save_province_need(*, actor, province: str, target_group: TargetGroup, number: int, as_of, source: str) -> ProvinceNeed:
    """PMM (or staff) enter how many persons of a target group live in a province, with date and
    source; one figure per province and group (a new one replaces the old)."""
    if not has_role(actor, PMM_OFFICIAL, ICMPD_STAFF):
        refuse(NOT_ALLOWED, "forbidden")
    need = ProvinceNeed.objects.filter(province=province, target_group=target_group).first() or ProvinceNeed(
        province=province, target_group=target_group
    )
    need.number = number
    need.as_of = as_of
    need.source = clean_input(source or "").strip()
    need.entered_by = actor
    need.full_clean()
    need.save()
    return need
