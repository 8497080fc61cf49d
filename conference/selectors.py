"""Every non-trivial read of the conference app. Functions that take the acting user return only
what that user may see: the public sees published conferences and their programmes; a participant
their own registration; ICMPD staff everything, passport data included."""

from collections import OrderedDict
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django_countries import countries

from magnet.roles import ICMPD_STAFF, has_role
from magnet.text import reader_order, search_key
from stakeholders.models import Membership, Organisation, Person, Pillar
from stakeholders.selectors import person_for_user

from .models import (
    BadgeBatch,
    Conference,
    InvitationLetter,
    Registration,
    RegistrationType,
    Session,
    WorkshopChoice,
)

Status = Registration.Status


def visible_conferences(*, user):
    qs = Conference.objects.all()
    return qs if has_role(user, ICMPD_STAFF) else qs.filter(is_published=True)


def current_conference(*, user) -> Conference | None:
    """The next (or running) edition; failing that, the latest one."""
    today = timezone.localdate()
    conferences = visible_conferences(user=user)
    return conferences.filter(ends_on__gte=today).order_by("starts_on").first() or conferences.order_by("-starts_on").first()


def registration_types(*, conference):
    return RegistrationType.objects.filter(conference=conference).order_by("order", "pk")


def programme(*, conference) -> "OrderedDict[date, list[Session]]":
    """Sessions by day, with room, speakers and moderators fetched in a fixed number of queries."""
    sessions = (
        Session.objects.filter(conference=conference)
        .select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=Person.objects.order_by(reader_order(), "pk")),
            Prefetch("moderators", queryset=Person.objects.order_by(reader_order(), "pk")),
        )
        .annotate(held=Count("choices", filter=Q(choices__status=WorkshopChoice.Status.HELD)))
        .order_by("starts_at", "room__order", "pk")
    )
    days: OrderedDict = OrderedDict()
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return days


def workshops(*, conference):
    return (
        Session.objects.filter(conference=conference, kind=Session.Kind.WORKSHOP)
        .select_related("room")
        .annotate(held=Count("choices", filter=Q(choices__status=WorkshopChoice.Status.HELD)))
        .order_by("starts_at", "pk")
    )


def own_registration(*, user, conference) -> Registration | None:
    """The user's current registration (the latest, when an old one was cancelled)."""
    person = person_for_user(user)
    if person is None:
        return None
    return (
        Registration.objects.filter(conference=conference, person=person)
        .select_related("type", "organisation", "pillar", "conference", "person")
        .prefetch_related(Prefetch("workshop_choices", queryset=WorkshopChoice.objects.select_related("session", "session__room")))
        .order_by("-created_at")
        .first()
    )


def own_registrations(*, user):
    person = person_for_user(user)
    if person is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=person)
        .select_related("type", "organisation", "pillar", "conference", "person")
        .prefetch_related(Prefetch("workshop_choices", queryset=WorkshopChoice.objects.select_related("session")))
        .order_by("-created_at")
    )


def prefill_for_person(person) -> dict:
    """Initial form values from the registry: the person's current approved organisation."""
    if person is None:
        return {}
    membership = (
        Membership.objects.filter(person=person, status=Membership.Status.APPROVED, until__isnull=True)
        .select_related("organisation")
        .order_by("-is_focal_point", "pk")
        .first()
    )
    if membership is None:
        return {"interpretation_language": person.preferred_language}
    organisation = membership.organisation
    return {
        "organisation": organisation.pk,
        "pillar": organisation.pillar_id,
        "country": organisation.country,
        "interpretation_language": person.preferred_language,
    }


def organisations_for_person(person):
    """The approved organisations the person is an approved, current member of: the only ones a
    registration may name (conference.services.registration.validate_details)."""
    if person is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        status=Organisation.Status.APPROVED,
        memberships__person=person,
        memberships__status=Membership.Status.APPROVED,
        memberships__until__isnull=True,
    ).distinct()


def staff_registrations(*, user, conference, status="", type_id=None, country="", pillar_code="", query=""):
    """Registrations for the staff lists, filtered; empty for anyone but ICMPD staff."""
    if not has_role(user, ICMPD_STAFF):
        return Registration.objects.none()
    qs = Registration.objects.filter(conference=conference).select_related(
        "person", "type", "organisation", "pillar"
    )
    if status:
        qs = qs.filter(status=status)
    if type_id:
        qs = qs.filter(type_id=type_id)
    if country:
        qs = qs.filter(country=country)
    if pillar_code:
        qs = qs.filter(pillar__code=pillar_code)
    if query:
        qs = qs.filter(search_text__contains=search_key(query))
    return qs.order_by("created_at", "pk")


def staff_registration(*, user, pk) -> Registration | None:
    if not has_role(user, ICMPD_STAFF):
        return None
    return (
        Registration.objects.select_related("person", "type", "organisation", "pillar", "conference", "checked_in_by")
        .prefetch_related("workshop_choices__session", "invitation_letters__generated_by", "attendance__session")
        .filter(pk=pk)
        .first()
    )


def search_for_checkin(*, user, conference, query: str, limit: int = 20):
    """Name, e-mail or code search at the door (Turkish-insensitive: "isik" finds "Işık")."""
    key = search_key(query)
    if not has_role(user, ICMPD_STAFF) or len(key) < 2:
        return Registration.objects.none()
    return (
        Registration.objects.filter(conference=conference, search_text__contains=key)
        .select_related("person", "type", "organisation")
        .order_by("person__family_name", "person__given_name")[:limit]
    )


def seat_summary(*, conference) -> dict:
    """Held seats and waiting people of the conference and of each type (for gauges and forms)."""
    types = list(
        RegistrationType.objects.filter(conference=conference)
        .annotate(
            held=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING_STATUSES)),
            waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
        )
        .order_by("order", "pk")
    )
    held = sum(t.held for t in types)
    return {
        "capacity": conference.capacity,
        "held": held,
        "free": max(conference.capacity - held, 0),
        "percent": min(100, round(100 * held / conference.capacity)) if conference.capacity else 100,
        "types": types,
    }


def dashboard(*, user, conference) -> dict | None:
    """Registrations by status, type, country and pillar, with capacity gauges (staff only)."""
    if not has_role(user, ICMPD_STAFF):
        return None
    registrations = Registration.objects.filter(conference=conference)
    status_counts = dict(registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [{"status": s, "label": label, "count": status_counts.get(s, 0)} for s, label in Status.choices]
    countries_rows = (
        registrations.exclude(status__in=(Status.CANCELLED, Status.DECLINED))
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")
    )
    by_country = [{"country": r["country"], "name": countries.name(r["country"]), "count": r["n"]} for r in countries_rows]
    pillar_counts = dict(
        registrations.exclude(status__in=(Status.CANCELLED, Status.DECLINED))
        .values("pillar_id")
        .annotate(n=Count("pk"))
        .values_list("pillar_id", "n")
    )
    by_pillar = [{"pillar": p, "count": pillar_counts.get(p.pk, 0)} for p in Pillar.objects.order_by("order")]
    workshop_rows = list(workshops(conference=conference))
    for w in workshop_rows:
        w.percent = min(100, round(100 * w.held / w.capacity)) if w.capacity else None
    return {
        "seats": seat_summary(conference=conference),
        "by_status": by_status,
        "by_country": by_country,
        "by_pillar": by_pillar,
        "workshops": workshop_rows,
    }


def checkin_counts(*, conference, session=None) -> dict:
    """Live counts for the door: approved and arrived, and (with a session) attendance there."""
    counts = Registration.objects.filter(conference=conference).aggregate(
        expected=Count("pk", filter=Q(status__in=(Status.APPROVED, Status.CHECKED_IN))),
        checked_in=Count("pk", filter=Q(status=Status.CHECKED_IN)),
    )
    if session is not None:
        counts["session_attendance"] = session.attendance.count()
        counts["session_seats"] = session.choices.filter(status=WorkshopChoice.Status.HELD).count()
    return counts


def badge_batches(*, user, conference):
    if not has_role(user, ICMPD_STAFF):
        return BadgeBatch.objects.none()
    return BadgeBatch.objects.filter(conference=conference).select_related("registration_type", "requested_by")


def invitation_letter(*, user, pk) -> InvitationLetter | None:
    if not has_role(user, ICMPD_STAFF):
        return None
    return InvitationLetter.objects.select_related("registration").filter(pk=pk).first()


def badge_batch(*, user, pk) -> BadgeBatch | None:
    if not has_role(user, ICMPD_STAFF):
        return None
    return BadgeBatch.objects.select_related("conference").filter(pk=pk).first()


def conference_figures(*, start: date, end: date) -> dict:
    """Aggregate figures for the reports app over editions overlapping [start, end]. Six queries."""
    editions = list(
        Conference.objects.filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on")
        .values("id", "title", "starts_on", "ends_on")
    )
    ids = [c["id"] for c in editions]
    registrations = Registration.objects.filter(conference_id__in=ids)
    counted = registrations.exclude(status__in=(Status.CANCELLED, Status.DECLINED))
    approved_q = Q(status__in=(Status.APPROVED, Status.CHECKED_IN))
    checked_q = Q(status=Status.CHECKED_IN)
    totals = registrations.aggregate(
        registrations=Count("pk", filter=~Q(status__in=(Status.CANCELLED, Status.DECLINED))),
        approved=Count("pk", filter=approved_q),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        checked_in=Count("pk", filter=checked_q),
    )
    per_pillar = {
        row["pillar_id"]: row
        for row in counted.values("pillar_id").annotate(
            registered=Count("pk"), approved=Count("pk", filter=approved_q), checked_in=Count("pk", filter=checked_q)
        )
    }
    by_pillar = [
        {
            "pillar_code": p.code,
            "pillar_name": p.name,
            "registered": per_pillar.get(p.pk, {}).get("registered", 0),
            "approved": per_pillar.get(p.pk, {}).get("approved", 0),
            "checked_in": per_pillar.get(p.pk, {}).get("checked_in", 0),
        }
        for p in Pillar.objects.order_by("order", "pk")
    ]
    by_country = [
        {"country": row["country"], "country_name": str(countries.name(row["country"])), "registered": row["registered"], "checked_in": row["checked_in"]}
        for row in counted.values("country")
        .annotate(registered=Count("pk"), checked_in=Count("pk", filter=checked_q))
        .order_by("-registered", "country")
    ]
    return {"conferences": editions, **totals, "by_pillar": by_pillar, "by_country": by_country}


def participation_facts(*, end: date, thematic_area_id: int | None = None):
    """For the network figures (reports.network): who was checked in at which edition up to `end`,
    one row per registration with the edition, its first day, the person, organisation and pillar.
    Editions have no thematic area: filtered by one, there are none."""
    from django.db.models import F

    registrations = Registration.objects.filter(status=Status.CHECKED_IN, conference__starts_on__lte=end)
    if thematic_area_id:
        registrations = registrations.none()
    return registrations.annotate(event_id=F("conference_id"), day=F("conference__starts_on"))
