"""Check-in at the door and at workshop doors. Each scan gives a clear outcome; only a valid,
approved and not yet checked-in registration changes anything."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Registration, SessionAttendance, WorkshopChoice
from ..tokens import code_from_badge_token

Status = Registration.Status


@dataclass(frozen=True)
class CheckInResult:
    outcome: str  # "ok", "already", "not_approved", "cancelled", "invalid", "no_seat"
    message: str
    registration: Registration | None = None
    earlier: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def registration_from_token(*, conference, token: str) -> Registration | None:
    """The registration of this conference named by a badge: the QR token (signed code), or the code
    printed under it as typed at the door ("MAG-G2984B", "mag g2984b", "G2984B"). None when the
    token is tampered with or belongs to another conference."""
    token = (token or "").strip()
    if ":" in token:  # the QR carries "CODE:signature"
        try:
            code = code_from_badge_token(token)
        except signing.BadSignature:
            return None
    else:
        code = printed_code(token)
    return Registration.objects.filter(conference=conference, code=code).select_related("person", "type").first()


def printed_code(typed: str) -> str:
    """A registration code as stored ("MAG-G2984B"), whatever the case, spaces or dashes typed."""
    letters = re.sub(r"[\s\-_.]", "", typed).upper()
    return "MAG-" + letters.removeprefix("MAG")


def check_in(*, conference, by, token: str = "", registration_id: int | None = None, session=None) -> CheckInResult:
    """Record a participant's arrival, at the conference door or (with `session`) at a session.

    Guarantees: a tampered or foreign token, a registration that is not approved, a cancelled or
    declined one, and a second scan change nothing and say why; the registration row is locked,
    so two scanners at once record one arrival."""
    with transaction.atomic():
        if token:
            found = registration_from_token(conference=conference, token=token)
        else:
            found = Registration.objects.filter(conference=conference, pk=registration_id).first()
        if found is None:
            return CheckInResult("invalid", str(_("This code is not a badge of this conference.")))
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("person", "type", "organisation")
            .get(pk=found.pk)
        )
        if registration.status in (Status.CANCELLED, Status.DECLINED):
            message = (
                _("This registration was cancelled: do not admit.")
                if registration.status == Status.CANCELLED
                else _("This registration was declined: do not admit.")
            )
            return CheckInResult("cancelled", str(message), registration)
        if registration.status not in (Status.APPROVED, Status.CHECKED_IN):
            return CheckInResult("not_approved", str(_("This registration is not approved.")), registration)
        if session is not None:
            return _attend_session(registration, session, by)
        if registration.status == Status.CHECKED_IN:
            return CheckInResult(
                "already", str(_("Already checked in.")), registration, earlier=registration.checked_in_at
            )
        registration.status = Status.CHECKED_IN
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by
        registration.save()
        return CheckInResult("ok", str(_("Checked in.")), registration)


def _attend_session(registration, session, by) -> CheckInResult:
    earlier = SessionAttendance.objects.filter(session=session, registration=registration).first()
    if earlier:
        return CheckInResult("already", str(_("Already recorded at this session.")), registration, earlier=earlier.checked_in_at)
    if session.capacity is not None and not WorkshopChoice.objects.filter(
        registration=registration, session=session, status=WorkshopChoice.Status.HELD
    ).exists():
        return CheckInResult("no_seat", str(_("No seat in this workshop.")), registration)
    try:
        with transaction.atomic():
            SessionAttendance.objects.create(session=session, registration=registration, checked_in_by=by)
    except IntegrityError:
        return CheckInResult("already", str(_("Already recorded at this session.")), registration)
    return CheckInResult("ok", str(_("Attendance recorded.")), registration)
