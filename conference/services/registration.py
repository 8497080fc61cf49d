"""Registration, capacity and the waiting list: the one place that counts seats.

Every function that takes or frees a seat locks the conference row first (select_for_update), then
the registration type and workshop sessions it counts against, inside one transaction. The lock
order is always conference -> type -> sessions (by id) -> registration, so two requests at once
never both take the last seat and never deadlock."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from magnet import outbox
from magnet.roles import ICMPD_STAFF, has_role

from .. import selectors
from ..cache import programme_changed
from ..models import Conference, Registration, RegistrationType, Session, WorkshopChoice

Status = Registration.Status

# Fields a participant fills in (and may change until the deadline).
DETAIL_FIELDS = (
    "organisation",
    "organisation_name",
    "pillar",
    "country",
    "nationality",
    "arrival_on",
    "departure_on",
    "needs_hotel",
    "dietary_needs",
    "accessibility_needs",
    "interpretation_language",
    "photo_consent",
    "needs_visa_letter",
    *Registration.PASSPORT_FIELDS,
)


def offer_hours() -> int:
    """How long a waiting-list offer stays open (setting CONFERENCE_OFFER_HOURS, default 48)."""
    return settings.CONFERENCE_OFFER_HOURS


def registration_is_open(conference, *, now=None) -> bool:
    """Participants may register: the conference is published and within its registration period."""
    now = now or timezone.now()
    return conference.is_published and conference.registration_opens_at <= now < conference.registration_closes_at


def _enqueue_mail(registration, kind: str) -> None:
    """The mail is an outbox row in the caller's transaction; it goes out after the commit."""
    from .notifications import registration_mail

    outbox.enqueue(registration_mail(registration, kind))


def _lock_conference(conference_id) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference_id)


def _held_seats(conference) -> tuple[int, dict[int, int]]:
    """(seats held in the conference, seats held per registration type id). Call under the lock."""
    rows = (
        Registration.objects.filter(conference=conference, status__in=Registration.HOLDING_STATUSES)
        .values("type_id")
        .annotate(n=Count("pk"))
    )
    per_type = {row["type_id"]: row["n"] for row in rows}
    return sum(per_type.values()), per_type


def _workshops(conference, workshop_ids) -> list[Session]:
    ids = sorted({int(i) for i in workshop_ids or ()})
    if not ids:
        return []
    sessions = list(
        Session.objects.select_for_update()
        .filter(conference=conference, kind=Session.Kind.WORKSHOP, pk__in=ids)
        .order_by("pk")
    )
    if len(sessions) != len(ids):
        raise ValidationError(_("Choose workshops from this conference's programme."), code="workshop")
    return sessions


def _allocate_workshop_seats(session_ids) -> None:
    """Give free workshop seats to waiting choices of registrations that hold a conference seat, in
    the order they were chosen. Never exceeds a workshop's capacity (its row is locked)."""
    if session_ids:
        programme_changed()  # seats left show on the programme (bulk updates send no signal)
    for session in Session.objects.select_for_update().filter(pk__in=sorted(set(session_ids))).order_by("pk"):
        waiting = WorkshopChoice.objects.filter(
            session=session,
            status=WorkshopChoice.Status.WAITING,
            registration__status__in=Registration.HOLDING_STATUSES,
        ).order_by("created_at", "pk")
        if session.capacity is None:
            waiting.update(status=WorkshopChoice.Status.HELD)
            continue
        held = WorkshopChoice.objects.filter(session=session, status=WorkshopChoice.Status.HELD).count()
        free = session.capacity - held
        if free > 0:
            ids = list(waiting.values_list("pk", flat=True)[:free])
            WorkshopChoice.objects.filter(pk__in=ids).update(status=WorkshopChoice.Status.HELD)


def _release_workshop_seats(registration) -> None:
    session_ids = list(registration.workshop_choices.values_list("session_id", flat=True))
    registration.workshop_choices.all().delete()
    _allocate_workshop_seats(session_ids)


def _fill_free_seats(conference) -> list[Registration]:
    """Offer free seats to the waiting list, oldest first, as far as the conference's and each type's
    capacity allow. The caller holds the conference lock."""
    held, held_per_type = _held_seats(conference)
    free_in_conference = conference.capacity - held
    if free_in_conference <= 0:
        return []
    free_per_type = {t.pk: t.capacity - held_per_type.get(t.pk, 0) for t in conference.registration_types.all()}
    offered = []
    now = timezone.now()
    waiting = (
        Registration.objects.select_for_update()
        .filter(conference=conference, status=Status.WAITING)
        .select_related("person")
        .order_by("waiting_since", "pk")
    )
    for registration in waiting:
        if free_in_conference <= 0:
            break
        if free_per_type.get(registration.type_id, 0) <= 0:
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = now + timedelta(hours=offer_hours())
        registration.offer_count += 1
        registration.save()
        free_in_conference -= 1
        free_per_type[registration.type_id] -= 1
        offered.append(registration)
        _enqueue_mail(registration, "offer")
    if offered:
        _allocate_workshop_seats(
            WorkshopChoice.objects.filter(registration__in=offered).values_list("session_id", flat=True)
        )
    return offered


def validate_details(*, conference, registration_type, person, details: dict) -> dict:
    """The one check of what a participant fills in, shared by the form, the API and the admin:
    returns the details to save or raises ValidationError (by field, bilingual messages).

    The organisation must be one of the person's approved organisations (the name of any other
    one is written by hand); the pillar comes from the organisation or must be chosen; the passport
    details are required only with a visa letter (and erased without one): the date of birth not in
    the future, the passport valid at least until the conference's last day."""
    details = {k: v for k, v in details.items() if k in DETAIL_FIELDS}
    errors = {}
    if not registration_type.asks_hotel:
        details["needs_hotel"] = False
    if details.get("needs_visa_letter"):
        for field in ("passport_name", "passport_number", "passport_country", "passport_expires_on", "date_of_birth"):
            if not details.get(field):
                errors[field] = _("Needed for the visa invitation letter.")
        born, expires = details.get("date_of_birth"), details.get("passport_expires_on")
        if born and born > timezone.localdate():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        if expires and expires < conference.ends_on:
            errors["passport_expires_on"] = _(
                "The passport must be valid at least until the last day of the conference (%(date)s)."
            ) % {"date": date_format(conference.ends_on, "DATE_FORMAT")}
    else:
        for field in Registration.PASSPORT_FIELDS:
            details[field] = None if field in ("passport_expires_on", "date_of_birth") else ""
    organisation = details.get("organisation")
    if organisation is not None:
        if not selectors.organisations_for_person(person).filter(pk=organisation.pk).exists():
            errors["organisation"] = _("Choose one of your organisations in the registry, or write its name.")
        details["pillar"] = organisation.pillar
    else:
        if not details.get("pillar"):
            errors["pillar"] = _("Choose the pillar of your organisation.")
        if not (details.get("organisation_name") or "").strip():
            errors["organisation_name"] = _("Write the name of your organisation.")
    arrival, departure = details.get("arrival_on"), details.get("departure_on")
    if arrival and departure and departure < arrival:
        errors["departure_on"] = _("Departure cannot be before arrival.")
    if errors:
        raise ValidationError(errors, code="details")
    return details


def register(*, person, conference, registration_type, details: dict, workshop_ids=(), by=None) -> Registration:
    """Register a person for a conference.

    Guarantees: the registration and its workshop choices are saved as a whole or not at all; the
    conference, type and workshop rows are locked while seats are counted, so no capacity is ever
    exceeded; when the type or the conference is full (or others of the type are already waiting)
    the registration joins the waiting list in order; a full workshop puts only that choice on the
    workshop's waiting list. Refused (ValidationError, nothing saved): outside the registration
    period or an invitation-only type (unless `by` is ICMPD staff), a second active registration of
    the same person, workshops of another conference."""
    staff = by is not None and has_role(by, ICMPD_STAFF)
    try:
        with transaction.atomic():
            # What does not depend on the seats is checked before the lock, so a burst of
            # registrations queues on the conference row only for the count and the insert (pretix's
            # quota approach). A duplicate that races past the check is caught by the constraint.
            conference = Conference.objects.get(pk=conference.pk)
            registration_type = RegistrationType.objects.get(pk=registration_type.pk, conference=conference)
            if not staff:
                if not registration_is_open(conference):
                    raise ValidationError(_("Registration for this conference is closed."), code="closed")
                if registration_type.invitation_only:
                    raise ValidationError(_("Registrations of this type are by invitation only."), code="invitation_only")
            if Registration.objects.filter(
                conference=conference, person=person, status__in=Registration.ACTIVE_STATUSES
            ).exists():
                raise ValidationError(_("You are already registered for this conference."), code="duplicate")
            details = validate_details(
                conference=conference, registration_type=registration_type, person=person, details=details
            )
            registration = Registration(
                conference=conference, type=registration_type, person=person, status=Status.SUBMITTED, **details
            )
            # The conference, type and person were just read, the organisation and pillar checked by
            # validate_details: no query needs to confirm they exist.
            registration.full_clean(
                exclude=["code", "conference", "type", "person", "organisation", "pillar"], validate_constraints=False
            )

            conference = _lock_conference(conference.pk)
            # Capacities change only under the conference lock (set_capacity), so these reads are current.
            registration_type = RegistrationType.objects.get(pk=registration_type.pk)
            sessions = _workshops(conference, workshop_ids if registration_type.asks_workshops else ())
            counts = list(
                Registration.objects.filter(conference=conference, status__in=Registration.ACTIVE_STATUSES)
                .values("type_id")
                .annotate(
                    held=Count("pk", filter=~Q(status=Status.WAITING)), waiting=Count("pk", filter=Q(status=Status.WAITING))
                )
            )
            held_per_type = {row["type_id"]: row["held"] for row in counts}
            someone_waiting = any(row["waiting"] for row in counts if row["type_id"] == registration_type.pk)
            has_seat = (
                sum(held_per_type.values()) < conference.capacity
                and held_per_type.get(registration_type.pk, 0) < registration_type.capacity
                and not someone_waiting
            )
            registration.conference, registration.type = conference, registration_type
            if has_seat:
                registration.status = Status.SUBMITTED if registration_type.requires_approval else Status.APPROVED
            else:
                registration.status = Status.WAITING
                registration.waiting_since = timezone.now()
            registration.save()
            WorkshopChoice.objects.bulk_create(WorkshopChoice(registration=registration, session=s) for s in sessions)
            _allocate_workshop_seats([s.pk for s in sessions])
            _enqueue_mail(registration, "received")
            return registration
    except IntegrityError as error:  # the one-active-registration constraint caught a race
        raise ValidationError(_("You are already registered for this conference."), code="duplicate") from error


def update_registration(*, registration, details: dict, workshop_ids=(), by) -> Registration:
    """Change a registration's details and workshop choices (workshop_ids=None leaves them as they
    are). The participant may do so until the registration deadline, staff at any time. Kept workshop
    choices keep their place; new ones join the workshop's waiting list when it is full. All or
    nothing."""
    with transaction.atomic():
        conference = _lock_conference(registration.conference_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _check_changeable(registration, conference, by)
        details = validate_details(
            conference=conference, registration_type=registration.type, person=registration.person, details=details
        )
        for field, value in details.items():
            setattr(registration, field, value)
        registration.full_clean(exclude=["code"])
        registration.save()
        if workshop_ids is None:
            return registration
        sessions = _workshops(conference, workshop_ids if registration.type.asks_workshops else ())
        wanted = {s.pk for s in sessions}
        current = set(registration.workshop_choices.values_list("session_id", flat=True))
        registration.workshop_choices.filter(session_id__in=current - wanted).delete()
        WorkshopChoice.objects.bulk_create(
            WorkshopChoice(registration=registration, session_id=pk) for pk in sorted(wanted - current)
        )
        _allocate_workshop_seats(current | wanted)
        return registration


# Registrations in these states are kept as they are.
FINAL_STATUSES = (Status.CANCELLED, Status.DECLINED, Status.CHECKED_IN)


def _check_changeable(registration, conference, by) -> None:
    if registration.status in FINAL_STATUSES:
        raise ValidationError(_("This registration can no longer be changed."), code="final")
    if not has_role(by, ICMPD_STAFF):
        if registration.person.user_id != by.pk:
            raise ValidationError(_("This registration can no longer be changed."), code="foreign")
        if timezone.now() >= conference.registration_closes_at:
            raise ValidationError(
                _("The registration deadline has passed; please write to the organisers."), code="deadline"
            )


def cancel_registration(*, registration, by, reason: str = "") -> Registration:
    """Cancel a registration (the participant until the deadline, staff at any time). Its seats
    (conference and workshops) go to the next people waiting, who are offered them by e-mail."""
    with transaction.atomic():
        conference = _lock_conference(registration.conference_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _check_changeable(registration, conference, by)
        registration.status = Status.CANCELLED
        registration.status_reason = reason
        registration.offer_expires_at = None
        registration.save()
        _release_workshop_seats(registration)
        _fill_free_seats(conference)
        _enqueue_mail(registration, "cancelled")
        return registration


def promote_waiting_list(*, conference) -> list[Registration]:
    """Offer every free seat (after a capacity was raised, say) to the waiting list in order."""
    with transaction.atomic():
        return _fill_free_seats(_lock_conference(conference.pk))


def set_capacity(*, conference=None, registration_type=None, capacity: int) -> None:
    """Change the capacity of a conference or of one registration type; a larger capacity offers the
    new seats to the waiting list at once. A smaller one takes no seat away from anyone."""
    with transaction.atomic():
        target_conference = conference or registration_type.conference
        locked = _lock_conference(target_conference.pk)
        if registration_type is not None:
            registration_type = RegistrationType.objects.select_for_update().get(pk=registration_type.pk)
            registration_type.capacity = capacity
            registration_type.full_clean()
            registration_type.save()
        else:
            locked.capacity = capacity
            locked.full_clean()
            locked.save()
        _fill_free_seats(locked)


class OfferError(ValidationError):
    pass


def confirm_offer(*, token: str) -> Registration:
    """Take up a waiting-list offer through its signed link. Refused (nothing changes) when the link
    was tampered with, is for an older offer, or the offer expired — an expired seat passes on."""
    from django.core import signing

    from ..tokens import read_offer_token

    try:
        registration_id, offer_number = read_offer_token(token, max_age_seconds=offer_hours() * 3600 + 300)
    except signing.SignatureExpired as error:
        raise OfferError(_("This offer has expired and the seat has passed to the next person."), code="expired") from error
    except signing.BadSignature as error:
        raise OfferError(_("This link is not valid."), code="invalid") from error
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id).first()
        if registration is None:
            raise OfferError(_("This link is not valid."), code="invalid")
        _lock_conference(registration.conference_id)
        registration = Registration.objects.select_for_update().select_related("type").get(pk=registration_id)
        if registration.offer_count != offer_number or registration.status not in (Status.OFFERED,):
            if registration.status in (Status.SUBMITTED, Status.APPROVED) and registration.offer_count == offer_number:
                return registration  # confirmed already: idempotent
            raise OfferError(_("This offer is no longer valid."), code="stale")
        if registration.offer_expires_at <= timezone.now():
            raise OfferError(_("This offer has expired and the seat has passed to the next person."), code="expired")
        registration.status = Status.SUBMITTED if registration.type.requires_approval else Status.APPROVED
        registration.offer_expires_at = None
        registration.save()
        _enqueue_mail(registration, "confirmed")
        return registration


def expire_offers(*, now=None) -> int:
    """Offers not confirmed in time are withdrawn and their seats offered to the next people.
    Idempotent; returns how many offers expired."""
    now = now or timezone.now()
    expired = 0
    conference_ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list("conference_id", flat=True)
    )
    for conference_id in sorted(conference_ids):
        with transaction.atomic():
            conference = _lock_conference(conference_id)
            for registration in Registration.objects.select_for_update().filter(
                conference=conference, status=Status.OFFERED, offer_expires_at__lte=now
            ):
                registration.status = Status.CANCELLED
                registration.status_reason = str(_("The offered seat was not confirmed in time."))
                registration.save()
                _release_workshop_seats(registration)
                _enqueue_mail(registration, "offer_expired")
                expired += 1
            _fill_free_seats(conference)
    return expired


def decide_registrations(*, registrations, approve: bool, reason: str = "", by) -> tuple[int, int]:
    """Staff approve or decline registrations in bulk. Approving applies to submitted ones (they
    already hold a seat); declining applies to submitted, waiting and offered ones and frees their
    seats for the waiting list. Returns (changed, skipped); each changed person gets an e-mail."""
    if not has_role(by, ICMPD_STAFF):
        raise ValidationError(_("Only ICMPD staff decide on registrations."), code="forbidden")
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for declining.")}, code="reason")
    ids = [r.pk for r in registrations]
    changed = skipped = 0
    conference_ids = sorted(set(Registration.objects.filter(pk__in=ids).values_list("conference_id", flat=True)))
    with transaction.atomic():
        conferences = [_lock_conference(pk) for pk in conference_ids]
        allowed = (Status.SUBMITTED,) if approve else (Status.SUBMITTED, Status.WAITING, Status.OFFERED)
        for registration in Registration.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            if registration.status not in allowed:
                skipped += 1
                continue
            registration.status = Status.APPROVED if approve else Status.DECLINED
            registration.status_reason = reason.strip()
            registration.offer_expires_at = None
            registration.save()
            if not approve:
                _release_workshop_seats(registration)
            _enqueue_mail(registration, "approved" if approve else "declined")
            changed += 1
        if not approve:
            for conference in conferences:
                _fill_free_seats(conference)
    return changed, skipped
