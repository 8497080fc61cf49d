"""Commitments (taahhüt, `ActionItem`): who owns one, who may update it, the owner's and the staff's
lists, the update with a progress note, the reminders and the "review of commitments" agenda item.

Views, the admin, the API, the Celery task and the report's figures all call these functions.

Who owns a commitment: the owner person (the registry person linked to the signed-in account), or
anyone with a current approved membership of the owner organisation (approved organisation). ICMPD
staff may update every commitment; nobody else may update or even see one (404)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magnet import outbox
from magnet.roles import ICMPD_STAFF, has_role
from magnet.text import clean_input
from stakeholders.models import Pillar

from . import notifications, selectors
from .models import ActionItem, ActionItemUpdate, AgendaItem, Meeting

REMIND_DAYS_BEFORE = 7  # the first reminder goes this many days before the due date
REVIEW_MINUTES = 30  # length of the "Review of commitments" agenda item
REVIEW_TITLES = {"tr": "Taahhütlerin gözden geçirilmesi", "en": "Review of commitments"}
Status = ActionItem.Status


# --- Selectors (reads) ----------------------------------------------------------------------------


def _my_organisations(person):
    return selectors._current_approved_memberships().filter(person=person).values("organisation_id")


def _owned_by(person) -> Q:
    return Q(owner_person=person) | Q(owner_organisation_id__in=_my_organisations(person))


def with_pillar(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """Annotate `pillar_id`: the owner organisation's pillar, else that of the owner person's first
    current organisation (focal point first)."""
    person_pillar = Subquery(
        selectors._current_approved_memberships()
        .filter(person_id=OuterRef("owner_person_id"))
        .order_by("-is_focal_point", "pk")
        .values("organisation__pillar_id")[:1],
        output_field=IntegerField(),
    )
    return items.annotate(pillar_id=Coalesce(F("owner_organisation__pillar_id"), person_pillar))


def _listed(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return items.select_related("meeting", "owner_organisation", "owner_person")


def is_owner(*, user, item: ActionItem) -> bool:
    person = selectors.person_for(user)
    if person is None:
        return False
    return ActionItem.objects.filter(_owned_by(person), pk=item.pk).exists()


def may_update(*, user, item: ActionItem) -> bool:
    return has_role(user, ICMPD_STAFF) or is_owner(user=user, item=item)


def allowed_statuses(*, user, item: ActionItem) -> tuple:
    """The statuses this user may choose for the item: all for staff; an owner cannot reopen a
    closed commitment (the rule update_commitment enforces)."""
    if item.status in ActionItem.CLOSED_STATUSES and not has_role(user, ICMPD_STAFF):
        return ActionItem.CLOSED_STATUSES
    return tuple(Status.values)


def my_commitments(*, user) -> QuerySet[ActionItem]:
    """The commitments the signed-in person owns (in person or through their organisation): open
    ones first, soonest due first."""
    person = selectors.person_for(user)
    if person is None:
        return ActionItem.objects.none()
    closed_last = Case(When(status__in=ActionItem.CLOSED_STATUSES, then=Value(1)), default=Value(0))
    return _listed(ActionItem.objects.filter(_owned_by(person))).order_by(
        closed_last, F("due_date").asc(nulls_last=True), "pk"
    )


def commitment_for(*, user, pk) -> ActionItem | None:
    """One commitment the user may open (staff: any; others: their own), or None (the view answers 404)."""
    items = ActionItem.objects.all() if has_role(user, ICMPD_STAFF) else my_commitments(user=user)
    return _listed(items).filter(pk=pk).first()


def updates_of(item: ActionItem) -> QuerySet[ActionItemUpdate]:
    return item.updates.select_related("author").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class StaffFilter:
    """What the staff list is narrowed to. status "" means every open one (open or in progress)."""

    pillar: int | None = None
    meeting: int | None = None
    overdue: bool = False
    status: str = ""


def staff_commitments(*, user, filters: StaffFilter = StaffFilter()) -> QuerySet[ActionItem]:
    """ICMPD staff: commitments across all meetings and sessions (only open ones unless a status is
    chosen), narrowed by pillar, meeting and overdue; overdue first, then by due date. Anyone else
    gets nothing."""
    if not has_role(user, ICMPD_STAFF):
        return ActionItem.objects.none()
    items = with_pillar(_listed(ActionItem.objects.all()))
    if filters.status in Status.values:
        items = items.filter(status=filters.status)
    elif filters.status != "all":
        items = items.filter(status__in=ActionItem.OPEN_STATUSES)
    if filters.pillar:
        items = items.filter(pillar_id=filters.pillar)
    if filters.meeting:
        items = items.filter(meeting_id=filters.meeting)
    if filters.overdue:
        items = items.filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=timezone.localdate())
    return items.order_by(F("due_date").asc(nulls_last=True), "pk")


def meeting_commitments(*, meeting: Meeting) -> QuerySet[ActionItem]:
    """The commitments made at a meeting, for its page."""
    return _listed(meeting.action_items.all()).order_by(F("due_date").asc(nulls_last=True), "pk")


def open_items_before(*, meeting: Meeting) -> QuerySet[ActionItem]:
    """For a meeting being prepared: the commitments still open from earlier meetings (and from
    conference sessions recorded before it starts), soonest due first."""
    earlier = Q(meeting__starts_at__lt=meeting.starts_at) | Q(meeting__isnull=True, created_at__lt=meeting.starts_at)
    return (
        _listed(ActionItem.objects.filter(earlier, status__in=ActionItem.OPEN_STATUSES))
        .exclude(meeting=meeting)
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def commitment_figures(*, start: datetime.date, end: datetime.date, today: datetime.date | None = None) -> dict:
    """For the periodic report (in the active language): every commitment recorded up to the end of
    the period, with its status as of now, counted by status and by pillar; the overdue ones
    (open, due before the earlier of today and the period's end); the ones closed in the period.
    A fixed number of queries."""
    today = today or timezone.localdate()
    as_of = min(today, end)
    items = with_pillar(ActionItem.objects.filter(created_at__date__lte=end))
    by_status = {row["status"]: row["n"] for row in items.values("status").annotate(n=Count("pk")).order_by()}
    per_pillar = {}
    for row in items.values("pillar_id", "status").annotate(n=Count("pk")).order_by():
        per_pillar.setdefault(row["pillar_id"], {})[row["status"]] = row["n"]
    by_pillar = []
    for pillar in Pillar.objects.order_by("order", "pk"):
        counts = per_pillar.get(pillar.pk, {})
        by_pillar.append({"pillar_code": pillar.code, "pillar_name": pillar.name,
                          **{status: counts.get(status, 0) for status in Status.values}})
    if None in per_pillar:
        by_pillar.append({"pillar_code": "", "pillar_name": gettext("No pillar"),
                          **{status: per_pillar[None].get(status, 0) for status in Status.values}})
    overdue = _listed(items.filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=as_of)).order_by("due_date", "pk")
    closed = _listed(items.filter(closed_at__date__gte=start, closed_at__date__lte=end)).order_by("closed_at", "pk")

    def row(item):
        return {"id": item.pk, "title": item.title, "source": item.source, "owner": str(item.owner or ""),
                "due_date": item.due_date, "status": item.status, "status_label": str(item.get_status_display())}

    return {
        "as_of": as_of,
        "total": sum(by_status.values()),
        "by_status": [{"status": s, "label": str(label), "count": by_status.get(s, 0)} for s, label in Status.choices],
        "by_pillar": by_pillar,
        "overdue": [row(item) for item in overdue[:200]],
        "overdue_count": overdue.count(),
        "closed_in_period": [row(item) for item in closed[:200]],
        "closed_in_period_count": closed.count(),
    }


# --- Services (writes) ----------------------------------------------------------------------------


@transaction.atomic
def create_commitment(*, title_tr: str, title_en: str = "", meeting: Meeting | None = None, source_title_tr: str = "",
                      source_title_en: str = "", source_url: str = "", owner_organisation=None, owner_person=None,
                      due_date: datetime.date | None = None) -> ActionItem:
    """Record a commitment made at a meeting or (without a meeting) at a conference session. Refused
    (ValidationError) without a source or without an owner."""
    item = ActionItem(
        meeting=meeting, title=title_tr, title_tr=title_tr, title_en=title_en, source_title=source_title_tr,
        source_title_tr=source_title_tr, source_title_en=source_title_en, source_url=source_url,
        owner_organisation=owner_organisation, owner_person=owner_person, due_date=due_date,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def update_commitment(*, item: ActionItem, user, status: str, note: str = "") -> ActionItem:
    """The owner (or ICMPD staff) records progress: a new status and/or a progress note, kept as an
    ActionItemUpdate with who and when.

    Guarantees: anyone else gets PermissionDenied and nothing changes. Refused (ValidationError,
    nothing changed): an unknown status; an update that neither changes the status nor says
    anything; dropping without a note (the reason); reopening a done or dropped commitment by anyone
    but staff. `closed_at` is set when it becomes done or dropped and cleared when staff reopen it.
    The row is locked, so two updates at once are recorded one after the other."""
    if not may_update(user=user, item=item):
        raise PermissionDenied
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    note = clean_input(note or "").strip()
    is_staff = has_role(user, ICMPD_STAFF)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status == item.status and not note:
        raise ValidationError({"note": _("Nothing to save: change the status or write a progress note.")})
    if status == Status.DROPPED and status != item.status and not note:
        raise ValidationError({"note": _("Say why the commitment is dropped.")})
    if status not in allowed_statuses(user=user, item=item):
        raise ValidationError({"status": _("This commitment is closed; ask ICMPD staff to reopen it.")})
    update = ActionItemUpdate(action_item=item, author=selectors.person_for(user), author_is_staff=is_staff,
                              old_status=item.status, new_status=status, note=note)
    update.full_clean()
    if status != item.status:
        if status in ActionItem.CLOSED_STATUSES and item.status not in ActionItem.CLOSED_STATUSES:
            item.closed_at = timezone.now()
        elif status in ActionItem.OPEN_STATUSES:
            item.closed_at = None
        item.status = status
        item.save(update_fields=["status", "closed_at", "updated_at"])
    update.save()
    return item


def _recipients(item: ActionItem) -> list:
    """Who is reminded: the owner person; without one, the owner organisation's focal points."""
    if item.owner_person_id:
        people = [item.owner_person]
    else:
        people = [m.person for m in selectors._current_approved_memberships()
                  .filter(organisation_id=item.owner_organisation_id, is_focal_point=True).select_related("person")]
    return [p for p in people if p is not None and p.email and p.anonymised_at is None]


def send_commitment_reminders(*, today: datetime.date | None = None) -> int:
    """Remind owners of open commitments: once when the due date is within REMIND_DAYS_BEFORE days,
    once when it has passed; each in the recipient's language, through the outbox.

    Idempotent: each reminder is recorded on the commitment (reminder_before_sent_at /
    reminder_overdue_sent_at) under a row lock, and its outbox key is unique, so running it twice or
    at the same time sends nothing twice. A commitment first seen already overdue gets only the
    overdue reminder. Returns how many mails were queued."""
    today = today or timezone.localdate()
    open_items = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES, due_date__isnull=False)
    kinds = (
        (notifications.COMMITMENT_DUE, "reminder_before_sent_at",
         Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE))),
        (notifications.COMMITMENT_OVERDUE, "reminder_overdue_sent_at", Q(due_date__lt=today)),
    )
    queued = 0
    for template, field, due in kinds:
        pks = list(open_items.filter(due, **{f"{field}__isnull": True}).values_list("pk", flat=True))
        for start in range(0, len(pks), 200):
            with transaction.atomic():
                items = list(
                    ActionItem.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("owner_person")
                    .filter(pk__in=pks[start:start + 200], **{f"{field}__isnull": True})
                )
                mails = [notifications.commitment_mail(item, person, template) for item in items
                         for person in _recipients(item)]
                outbox.enqueue(*mails)
                ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(**{field: timezone.now()})
                queued += len(mails)
    return queued


def _review_text(items, language: str) -> str:
    with translation.override(language):
        lines = []
        for item in items:
            title = getattr(item, f"title_{language}") or item.title_tr
            details = [str(item.source), str(item.owner or "—")]
            if item.due_date:
                details.append(gettext("due %(date)s") % {"date": item.due_date.strftime("%d.%m.%Y")})
            details.append(str(item.get_status_display()))
            lines.append(f"- {title} ({'; '.join(details)})")
        return "\n".join(lines) or gettext("No commitments are open.")


@transaction.atomic
def add_review_of_commitments(*, meeting: Meeting) -> AgendaItem:
    """Add (or refresh) a "Review of commitments" agenda item at the end of a draft or published
    meeting's agenda, its description listing in both languages the open commitments of earlier
    meetings and sessions. Running it again updates the same item's list instead of adding another.
    Refused (ValidationError) for a cancelled or held meeting, or when the agenda leaves no
    REVIEW_MINUTES before the meeting ends."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.PUBLISHED):
        raise ValidationError(_("Only the agenda of a draft or published meeting can be changed."))
    items = list(open_items_before(meeting=meeting))
    descriptions = {language: _review_text(items, language) for language in ("tr", "en")}
    existing = meeting.agenda_items.filter(title_en=REVIEW_TITLES["en"]).first()
    if existing:
        existing.description_tr, existing.description_en = descriptions["tr"], descriptions["en"]
        existing.description = descriptions["tr"]
        existing.full_clean()
        existing.save()
        return existing
    last = meeting.agenda_items.order_by("-ends_at").first()
    starts_at = max(last.ends_at, meeting.starts_at) if last else meeting.starts_at
    ends_at = starts_at + datetime.timedelta(minutes=REVIEW_MINUTES)
    if ends_at > meeting.ends_at:
        raise ValidationError(_("The agenda leaves no time for a review of commitments before the meeting ends."))
    order = (last.order + 1) if last else 0
    agenda_item = AgendaItem(
        meeting=meeting, starts_at=starts_at, ends_at=ends_at, order=order, kind=AgendaItem.Kind.DISCUSSION,
        title=REVIEW_TITLES["tr"], title_tr=REVIEW_TITLES["tr"], title_en=REVIEW_TITLES["en"],
        description=descriptions["tr"], description_tr=descriptions["tr"], description_en=descriptions["en"],
    )
    agenda_item.full_clean()
    agenda_item.save()
    return agenda_item
