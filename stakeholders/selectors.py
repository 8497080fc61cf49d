"""Every non-trivial read of the registry. Functions that return people or organisations take the
acting user and return only what that user may see: staff see everything, approved stakeholders see
approved organisations and the people who opted in, everyone else sees aggregate figures only."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, has_role
from magnet.text import reader_order, search_key
from magnet.translated import localised

from .cache import cached_registry
from .models import ConsentRecord, LegalText, Membership, Organisation, Person, Pillar, ThematicArea


def public_pillar_figures() -> list[Pillar]:
    """Approved organisations per pillar: aggregate figures anyone may see, never a person."""
    return cached_registry(
        "pillars",
        lambda: list(
            Pillar.objects.annotate(
                organisation_count=Count("organisations", filter=Q(organisations__status=Organisation.Status.APPROVED))
            ).order_by("order")
        ),
    )


def public_country_figures() -> list[dict]:
    """Approved organisations per country, largest first: aggregate figures anyone may see."""
    return cached_registry("countries", _country_figures)


def _country_figures() -> list[dict]:
    rows = (
        Organisation.objects.filter(status=Organisation.Status.APPROVED)
        .values("country")
        .annotate(organisation_count=Count("pk"))
        .order_by("-organisation_count", "country")
    )
    from django_countries import countries

    return [
        {"country": row["country"], "name": countries.name(row["country"]), "organisation_count": row["organisation_count"]}
        for row in rows
    ]


# --- Who the user is ------------------------------------------------------------------------------


def person_for_user(user) -> Person | None:
    """The registry person linked to a signed-in user's account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user, anonymised_at__isnull=True).first()


def needs_onboarding(user) -> bool:
    """True when a signed-in stakeholder should be sent to the onboarding page after login: they have
    no registry person yet, have not completed their profile (notice read), or belong to no
    organisation (not even a pending membership). Staff, PMM officials and field reporters never do."""
    if not getattr(user, "is_authenticated", False) or has_role(user, ICMPD_STAFF, PMM_OFFICIAL, FIELD_REPORTER):
        return False
    person = person_for_user(user)
    if person is None or person.profile_completed_at is None:
        return True
    return not person.memberships.filter(
        until__isnull=True, status__in=[Membership.Status.PENDING, Membership.Status.APPROVED]
    ).exists()


def is_approved_stakeholder(user) -> bool:
    """Signed in with an approved, current membership in an approved organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_magnet_approved_stakeholder", None)  # asked several times per request
    if cached is None:
        cached = user._magnet_approved_stakeholder = Membership.objects.filter(
            person__user=user,
            person__anonymised_at__isnull=True,
            status=Membership.Status.APPROVED,
            until__isnull=True,
            organisation__status=Organisation.Status.APPROVED,
        ).exists()
    return cached


@dataclass(frozen=True)
class ApprovalState:
    """Where a signed-in stakeholder stands on the way into the network (see approval_state)."""

    step: str  # "profile", "join", "pending" or "rejected"
    memberships: tuple = ()  # the pending, or the refused, memberships


def approval_state(user) -> ApprovalState | None:
    """The next step of a stakeholder who may not use the directory yet, shown on the home page and
    the directory; None for members of the network, staff and other roles."""
    if not getattr(user, "is_authenticated", False) or has_role(user, ICMPD_STAFF, PMM_OFFICIAL, FIELD_REPORTER):
        return None
    if is_approved_stakeholder(user):
        return None
    person = person_for_user(user)
    if person is None or person.profile_completed_at is None:
        return ApprovalState("profile")
    current = list(person.memberships.filter(until__isnull=True).select_related("organisation").order_by("-pk"))
    Pending, Rejected = Membership.Status.PENDING, Membership.Status.REJECTED
    pending = tuple(m for m in current if m.status == Pending)
    if pending:
        return ApprovalState("pending", pending)
    refused = tuple(m for m in current if m.status == Rejected or m.organisation.status != Organisation.Status.APPROVED)
    return ApprovalState("rejected", refused) if refused else ApprovalState("join")


def can_use_directory(user) -> bool:
    """Staff and approved stakeholders may search the directory; everyone else sees aggregates."""
    return has_role(user, ICMPD_STAFF) or is_approved_stakeholder(user)


# --- Organisations ---------------------------------------------------------------------------------


def _display_name_annotation():
    """The organisation's name in the current language, falling back to Turkish."""
    return localised("name")


def visible_organisations(user) -> QuerySet[Organisation]:
    """Staff see every organisation; approved stakeholders the approved ones; others none."""
    queryset = Organisation.objects.all()
    if has_role(user, ICMPD_STAFF):
        return queryset
    if is_approved_stakeholder(user):
        return queryset.filter(status=Organisation.Status.APPROVED)
    return queryset.none()


def search_organisations(queryset: QuerySet[Organisation], query: str, *, include_people: bool = False):
    """Turkish-aware, accent-insensitive search on names, acronym, province and city ("goc" finds
    "Göç", "istanbul" finds organisations in İstanbul). With include_people, also organisations with an
    approved member of that name who opted in (by name only: an e-mail address never matches, so nobody
    can confirm membership by address)."""
    key = search_key(query)
    if not key:
        return queryset
    condition = Q(search_text__contains=key)
    if include_people:
        # An IN over one subquery (run once, hashed) rather than EXISTS per organisation: the person
        # trigram index answers it once for the whole page.
        condition |= Q(pk__in=_directory_members(key).values("organisation_id"))
    return queryset.filter(condition)


def _directory_members(key: str) -> QuerySet[Membership]:
    """Current approved memberships of people who opted into the directory and whose name matches."""
    return Membership.objects.filter(
        status=Membership.Status.APPROVED,
        until__isnull=True,
        person__in_directory=True,
        person__anonymised_at__isnull=True,
        person__directory_text__contains=key,
    )


def members_matching(organisations, query: str) -> dict[int, list[str]]:
    """For a page of directory results: organisation id -> the names of the members through whom a
    search for `query` found it (only organisations whose own name, acronym or place do not match)."""
    key = search_key(query)
    if not key:
        return {}
    through_people = [o.pk for o in organisations if key not in o.search_text]
    found: dict[int, list[str]] = {}
    for membership in (
        _directory_members(key).filter(organisation_id__in=through_people).select_related("person").order_by(reader_order("person__sort"), "pk")
    ):
        found.setdefault(membership.organisation_id, []).append(membership.person.full_name)
    return found


def directory_organisations(user, *, query="", pillar=None, country="", thematic_area=None, status=None):
    """The directory list: visible organisations, filtered, sorted in Turkish alphabetical order,
    with the related rows the list shows loaded in a fixed number of queries."""
    queryset = visible_organisations(user).select_related("pillar", "type")
    queryset = search_organisations(queryset, query, include_people=True)
    if pillar is not None:
        queryset = queryset.filter(pillar=pillar)
    if country:
        queryset = queryset.filter(country=country)
    if thematic_area is not None:
        queryset = queryset.filter(thematic_areas=thematic_area)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.annotate(display_name=_display_name_annotation()).order_by(reader_order(), "pk")


def organisation_for_directory(user, pk) -> Organisation | None:
    return visible_organisations(user).select_related("pillar", "type").filter(pk=pk).first()


def directory_people(user, organisation: Organisation) -> QuerySet[Person]:
    """The organisation's current approved members who opted into the directory (staff see every
    current member). Never an anonymised person."""
    memberships = Membership.objects.filter(
        organisation=organisation, until__isnull=True, status=Membership.Status.APPROVED
    )
    people = Person.objects.filter(anonymised_at__isnull=True, memberships__in=memberships)
    if not has_role(user, ICMPD_STAFF):
        if not is_approved_stakeholder(user):
            return Person.objects.none()
        people = people.filter(in_directory=True)
    return (
        people.distinct()
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="current_memberships"))
        .order_by(reader_order(), "pk")
    )


def possible_duplicates(*, name: str, acronym: str = "", exclude_pk=None, limit: int = 8) -> list[Organisation]:
    """Approved organisations a proposal may duplicate: the same acronym, or a similar name after
    Turkish-aware normalisation (trigram word similarity on Postgres, containment elsewhere). Shown to
    the proposing stakeholder, so never a pending, rejected or merged one (staff find those in the
    approval queue)."""
    key = search_key(name)
    acronym_key = search_key(acronym)
    queryset = Organisation.objects.filter(
        status=Organisation.Status.APPROVED, merged_into__isnull=True
    ).select_related("pillar")
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    condition = Q(pk__in=[])
    if acronym_key:
        condition |= Q(acronym_key=acronym_key)
    if key:
        condition |= Q(search_text__contains=key)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import TrigramWordSimilarity

            similar = queryset.annotate(similarity=TrigramWordSimilarity(key, "search_text")).filter(similarity__gte=0.6)
            condition |= Q(pk__in=similar.values("pk"))
    return list(queryset.filter(condition).order_by(reader_order(), "pk")[:limit])


def organisations_for_joining(query: str, *, limit: int = 20) -> list[Organisation]:
    """Approved organisations a signed-in person may ask to join, by name or acronym."""
    key = search_key(query)
    if len(key) < 2:
        return []
    queryset = Organisation.objects.filter(status=Organisation.Status.APPROVED).select_related("pillar")
    return list(
        search_organisations(queryset, key)
        .annotate(display_name=_display_name_annotation())
        .order_by(reader_order(), "pk")[:limit]
    )


def editable_organisation(user, pk) -> Organisation | None:
    """An organisation the user may edit: staff any; a stakeholder only as approved focal point."""
    queryset = Organisation.objects.filter(pk=pk)
    if has_role(user, ICMPD_STAFF):
        return queryset.first()
    return queryset.filter(
        memberships__person__user=user,
        memberships__person__anonymised_at__isnull=True,
        memberships__is_focal_point=True,
        memberships__status=Membership.Status.APPROVED,
        memberships__until__isnull=True,
        status=Organisation.Status.APPROVED,
    ).first()


# --- Staff ----------------------------------------------------------------------------------------


def approval_queue(user) -> dict:
    """Pending organisations and pending memberships, oldest first (staff only)."""
    if not has_role(user, ICMPD_STAFF):
        return {"organisations": Organisation.objects.none(), "memberships": Membership.objects.none()}
    return {
        "organisations": Organisation.objects.filter(status=Organisation.Status.PENDING)
        .select_related("pillar", "type", "proposed_by")
        .order_by("created_at", "pk"),
        "memberships": Membership.objects.filter(
            status=Membership.Status.PENDING, organisation__status=Organisation.Status.APPROVED
        )
        .select_related("person", "organisation")
        .order_by("created_at", "pk"),
    }


def dashboard_figures(user) -> dict:
    """Counts for the staff dashboard: approved organisations by pillar, country and thematic area,
    people, and what waits for approval."""
    if not has_role(user, ICMPD_STAFF):
        return {}
    return cached_registry("dashboard", _dashboard_figures)


def _dashboard_figures() -> dict:
    approved = Q(organisations__status=Organisation.Status.APPROVED)
    by_pillar = list(
        Pillar.objects.annotate(
            organisation_count=Count("organisations", filter=approved, distinct=True),
            people_count=Count(
                "organisations__memberships__person",
                filter=approved
                & Q(organisations__memberships__status=Membership.Status.APPROVED)
                & Q(organisations__memberships__until__isnull=True)
                & Q(organisations__memberships__person__anonymised_at__isnull=True),
                distinct=True,
            ),
        ).order_by("order")
    )
    by_thematic_area = list(
        ThematicArea.objects.annotate(organisation_count=Count("organisations", filter=approved)).order_by(
            "-organisation_count", "order"
        )
    )
    return {
        "by_pillar": by_pillar,
        "by_country": public_country_figures(),
        "by_thematic_area": by_thematic_area,
        "organisations_total": sum(p.organisation_count for p in by_pillar),
        "people_total": Person.objects.filter(anonymised_at__isnull=True).count(),
        "pending_organisations": Organisation.objects.filter(status=Organisation.Status.PENDING).count(),
        "pending_memberships": Membership.objects.filter(status=Membership.Status.PENDING).count(),
    }


def registry_growth(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """One dict per pillar in pillar order: approved organisations and people (not anonymised) created
    within [start, end] ("new") and existing at the end of `end` ("total"). A person counts in the
    pillar of each organisation where they have an approved membership."""
    tz = timezone.get_current_timezone()
    start_at = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    end_at = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    organisations = Q(organisations__status=Organisation.Status.APPROVED, organisations__created_at__lt=end_at)
    people = Q(
        organisations__status=Organisation.Status.APPROVED,
        organisations__memberships__status=Membership.Status.APPROVED,
        organisations__memberships__person__anonymised_at__isnull=True,
        organisations__memberships__person__created_at__lt=end_at,
    )
    pillars = Pillar.objects.annotate(
        organisations_total=Count("organisations", filter=organisations, distinct=True),
        organisations_new=Count(
            "organisations", filter=organisations & Q(organisations__created_at__gte=start_at), distinct=True
        ),
        people_total=Count("organisations__memberships__person", filter=people, distinct=True),
        people_new=Count(
            "organisations__memberships__person",
            filter=people & Q(organisations__memberships__person__created_at__gte=start_at),
            distinct=True,
        ),
    ).order_by("order", "pk")
    return [
        {
            "pillar_code": p.code,
            "pillar_name": p.name,
            "organisations_new": p.organisations_new,
            "organisations_total": p.organisations_total,
            "people_new": p.people_new,
            "people_total": p.people_total,
        }
        for p in pillars
    ]


# --- Consent and My data ---------------------------------------------------------------------------


def current_legal_text(kind: str) -> LegalText:
    """The latest version of the notice or consent text of that kind."""
    return LegalText.objects.filter(kind=kind).order_by("-version").first()


def current_consents(person: Person) -> dict[str, ConsentRecord | None]:
    """The latest consent record of each kind (None when the person never answered)."""
    latest = {}
    for record in person.consents.select_related("text").order_by("-recorded_at", "-pk"):
        latest.setdefault(record.kind, record)
    return {kind: latest.get(kind) for kind in LegalText.Kind.values}


def my_data(person: Person) -> dict:
    """Everything the registry holds about a person, as plain JSON-ready data (KVKK art. 11)."""
    return {
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "position": person.position,
            "email": person.email,
            "phone": str(person.phone or ""),
            "preferred_language": person.preferred_language,
            "languages_spoken": person.languages_spoken,
            "in_directory": person.in_directory,
            "receives_communications": person.receives_communications,
            "profile_completed_at": person.profile_completed_at.isoformat() if person.profile_completed_at else None,
            "created_at": person.created_at.isoformat(),
            "updated_at": person.updated_at.isoformat(),
        },
        "account": (
            {"email": person.user.email, "date_joined": person.user.date_joined.isoformat()} if person.user else None
        ),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "is_focal_point": m.is_focal_point,
                "since": m.since.isoformat() if m.since else None,
                "until": m.until.isoformat() if m.until else None,
                "status": m.status,
                "status_reason": m.status_reason,
            }
            for m in person.memberships.select_related("organisation").order_by("pk")
        ],
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "given": c.given,
                "channel": c.channel,
                "recorded_at": c.recorded_at.isoformat(),
            }
            for c in person.consents.order_by("recorded_at", "pk")
        ],
    }


def my_memberships(person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("organisation").order_by("-created_at", "-pk")
