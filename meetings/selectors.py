"""Every non-trivial read of meetings. Functions that show meetings take the acting user and return
only what that user may see: ICMPD staff see everything; other people see published (or cancelled,
or held) meetings they are invited to, or that are open to approved members of their pillars."""

import datetime
from collections.abc import Iterable

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django_countries import countries

from magnet.roles import ICMPD_STAFF, has_role
from magnet.text import reader_order, search_key
from magnet.translated import localised
from stakeholders.models import Membership, Organisation, OrganisationType, Person, Pillar

from .models import AgendaItem, Invitation, Meeting, Printout

VISIBLE_STATUSES = (Meeting.Status.PUBLISHED, Meeting.Status.CANCELLED, Meeting.Status.HELD)


def person_for(user) -> Person | None:
    """The registry person of a signed-in user (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_meetings_person"):
        user._meetings_person = Person.objects.filter(user=user, anonymised_at__isnull=True).first()
    return user._meetings_person


def _current_approved_memberships(today=None):
    today = today or timezone.localdate()
    return Membership.objects.filter(
        status=Membership.Status.APPROVED,
        organisation__status=Organisation.Status.APPROVED,
    ).filter(Q(until__isnull=True) | Q(until__gte=today))


def with_current_organisations(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with `current_memberships` (approved, current, with the organisation) loaded, so a
    list can tell two people of the same name apart by their organisation."""
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=_current_approved_memberships().select_related("organisation").order_by("-is_focal_point", "pk"),
            to_attr="current_memberships",
        )
    )


def invitee_label(person: Person) -> str:
    """For staff: "Name — Organisation · e-mail", so two people of the same name can be told apart."""
    organisations = ", ".join(str(m.organisation.name) for m in getattr(person, "current_memberships", []))
    details = " · ".join(part for part in (organisations, person.email) if part)
    return f"{person.full_name} — {details}" if details else person.full_name


def _pillars_of(person):
    return _current_approved_memberships().filter(person=person).values("organisation__pillar_id")


def visible_meetings(*, user) -> QuerySet[Meeting]:
    if has_role(user, ICMPD_STAFF):
        return Meeting.objects.all()
    person = person_for(user)
    if person is None:
        return Meeting.objects.none()
    invited = Exists(Invitation.objects.filter(meeting=OuterRef("pk"), person=person))
    open_to_pillar = Exists(
        Meeting.pillars.through.objects.filter(meeting_id=OuterRef("pk"), pillar_id__in=_pillars_of(person))
    )
    return Meeting.objects.filter(status__in=VISIBLE_STATUSES).filter(
        invited | (Q(visibility=Meeting.Visibility.PILLAR_MEMBERS) & open_to_pillar)
    )


def meeting_list_page(*, user, number, per_page: int) -> Page:
    """One page of the meeting list: visible meetings, latest first, with what the list shows (the
    user's answer, the accepted count, pillars) in a fixed number of queries. The page is counted and
    cut on the meetings alone and only its rows are annotated: counting every meeting's invitations
    to show one page took most of the page's time."""
    ordered = visible_meetings(user=user).order_by("-starts_at", "pk").values_list("pk", flat=True)
    page = Paginator(ordered, per_page).get_page(number)
    ids = list(page.object_list)
    person = person_for(user)
    my_response = Invitation.objects.filter(meeting=OuterRef("pk"), person=person).values("response")[:1]
    rows = (
        Meeting.objects.filter(pk__in=ids)
        # The list shows no summary, minutes or outcomes: long texts in two languages not worth reading.
        .defer(*(f"{name}{suffix}" for name in ("summary", "minutes", "outcomes") for suffix in ("", "_tr", "_en")))
        .annotate(
            my_response=Subquery(my_response) if person else Value(""),
            accepted_count=Count("invitations", filter=Q(invitations__response=Invitation.Response.ACCEPTED)),
        )
        .prefetch_related("pillars")
        .in_bulk()
    )
    page.object_list = [rows[pk] for pk in ids]
    return page


def meeting_for(*, user, pk) -> Meeting | None:
    return visible_meetings(user=user).filter(pk=pk).first()


def invitation_of(*, user, meeting) -> Invitation | None:
    person = person_for(user)
    if person is None:
        return None
    return Invitation.objects.filter(meeting=meeting, person=person).first()


def may_join(*, user, meeting) -> bool:
    """An uninvited approved member may answer a published meeting open to their pillar."""
    person = person_for(user)
    if person is None or meeting.visibility != Meeting.Visibility.PILLAR_MEMBERS:
        return False
    return meeting.pillars.filter(pk__in=_pillars_of(person)).exists()


def may_read_minutes(*, user, meeting, invitation) -> bool:
    """Minutes and action items: staff, and invitees who attended."""
    return has_role(user, ICMPD_STAFF) or bool(invitation and invitation.attended)


def my_invitations(*, user) -> QuerySet[Invitation]:
    """The signed-in person's invitations to meetings they may see, soonest first."""
    person = person_for(user)
    if person is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(person=person, meeting__status__in=VISIBLE_STATUSES)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


def my_invitations_split(*, user) -> tuple[list, list]:
    """(upcoming, past) invitations of the user: one query."""
    now = timezone.now()
    upcoming, past = [], []
    for invitation in my_invitations(user=user):
        (past if invitation.meeting.ends_at <= now else upcoming).append(invitation)
    past.reverse()
    return upcoming, past


def agenda_of(meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.prefetch_related("speakers", "moderators", "documents").order_by("starts_at", "order", "pk")


def visible_agenda_items(*, user) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(meeting__in=visible_meetings(user=user).values("pk"))
        .prefetch_related("speakers", "moderators")
        .order_by("meeting_id", "starts_at", "order", "pk")
    )


def ready_printout(*, meeting, kind, language) -> Printout | None:
    return Printout.objects.filter(meeting=meeting, kind=kind, language=language, state=Printout.State.DONE).first()


# --- Choosing invitees ----------------------------------------------------------------------------


def select_invitees(
    *,
    pillars: Iterable = (),
    thematic_areas: Iterable = (),
    organisations: Iterable = (),
    people: Iterable = (),
) -> QuerySet[Person]:
    """People to invite. Organisations are chosen by pillar and/or thematic area (both narrow the
    choice when both are given) plus any organisations named; their people are those with a current
    approved membership of an approved organisation. Individually chosen people are added. Anonymised
    people and people without an e-mail address are never selected."""
    pillars, thematic_areas = list(pillars), list(thematic_areas)
    organisations, people = list(organisations), list(people)
    chosen_orgs = Q(pk__in=[])
    if pillars or thematic_areas:
        by_criteria = Q()
        if pillars:
            by_criteria &= Q(pillar__in=pillars)
        if thematic_areas:
            by_criteria &= Q(thematic_areas__in=thematic_areas)
        chosen_orgs |= by_criteria
    if organisations:
        chosen_orgs |= Q(pk__in=[getattr(o, "pk", o) for o in organisations])
    organisation_ids = Organisation.objects.filter(chosen_orgs, status=Organisation.Status.APPROVED).values("pk")
    members = _current_approved_memberships().filter(organisation__in=organisation_ids).values("person_id")
    return (
        Person.objects.filter(Q(pk__in=members) | Q(pk__in=[getattr(p, "pk", p) for p in people]))
        .filter(anonymised_at__isnull=True)
        .exclude(email="")
        .order_by(reader_order(), "pk")
    )


def search_people(*, query: str, limit: int = 20) -> QuerySet[Person]:
    """Registry people for a walk-in, found by name or e-mail, Turkish-insensitive."""
    key = search_key(query)
    if len(key) < 2:
        return Person.objects.none()
    return Person.objects.filter(anonymised_at__isnull=True, search_text__contains=key).order_by(
        reader_order(), "pk"
    )[:limit]


# --- Staff lists and figures ----------------------------------------------------------------------


def _primary_membership(value):
    """A subquery for one value (a field path or an expression) of the person's first current
    approved membership."""
    return Subquery(
        _current_approved_memberships()
        .filter(person_id=OuterRef("person_id"))
        .order_by("-is_focal_point", "pk")
        .annotate(value=F(value) if isinstance(value, str) else value)
        .values("value")[:1]
    )


def with_affiliation(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Annotate each invitation with the person's primary organisation, its type, pillar and country."""
    return invitations.annotate(
        organisation_name=_primary_membership(localised("organisation__name")),
        organisation_type_id=_primary_membership("organisation__type_id"),
        pillar_id=_primary_membership("organisation__pillar_id"),
        country=_primary_membership("organisation__country"),
    )


def attendance_list(*, meeting) -> QuerySet[Invitation]:
    """Staff: everyone who may come (not declined) plus walk-ins, by family name in Turkish order."""
    return with_affiliation(
        meeting.invitations.exclude(response=Invitation.Response.DECLINED).select_related("person")
    ).order_by(reader_order("person__sort"), "pk")


def attendee_rows(*, meeting) -> QuerySet[Invitation]:
    """Staff: every invitation with affiliation, for the XLSX export."""
    return with_affiliation(meeting.invitations.select_related("person")).order_by(
        reader_order("person__sort"), "pk"
    )


def _counts():
    return {
        "invited": Count("pk", filter=Q(walk_in=False)),
        "accepted": Count("pk", filter=Q(response=Invitation.Response.ACCEPTED)),
        "attended": Count("pk", filter=Q(attended=True)),
    }


def invitation_counts(*, meeting) -> dict:
    """Per meeting: invited, accepted, tentative, declined, waiting, no answer, attended, sent."""
    R = Invitation.Response
    return meeting.invitations.aggregate(
        **_counts(),
        tentative=Count("pk", filter=Q(response=R.TENTATIVE)),
        declined=Count("pk", filter=Q(response=R.DECLINED)),
        waiting=Count("pk", filter=Q(response=R.WAITING)),
        no_answer=Count("pk", filter=Q(response=R.NONE, walk_in=False)),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(walk_in=True)),
    )


def held_meetings(*, start: datetime.date, end: datetime.date) -> QuerySet[Meeting]:
    """Meetings held in [start, end] (Türkiye dates): status held, or published and already ended."""
    now = timezone.now()
    return Meeting.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end).filter(
        Q(status=Meeting.Status.HELD) | Q(status=Meeting.Status.PUBLISHED, ends_at__lte=now)
    )


def meeting_figures(*, start: datetime.date, end: datetime.date) -> dict:
    """Figures for the reports: meetings held in the period and their invited, accepted and attended
    people, per meeting and by pillar, organisation type and country (of each person's primary
    organisation). A fixed number of aggregate queries, whatever the number of meetings."""
    meetings = held_meetings(start=start, end=end)
    per_meeting = meetings.annotate(
        invited=Count("invitations", filter=Q(invitations__walk_in=False)),
        accepted=Count("invitations", filter=Q(invitations__response=Invitation.Response.ACCEPTED)),
        attended=Count("invitations", filter=Q(invitations__attended=True)),
    ).order_by("starts_at", "pk")
    meeting_rows = [
        {
            "id": m.pk,
            "title": m.title,
            "kind": m.kind,
            "starts_at": m.starts_at,
            "invited": m.invited,
            "accepted": m.accepted,
            "attended": m.attended,
        }
        for m in per_meeting
    ]
    invitations = with_affiliation(Invitation.objects.filter(meeting__in=meetings.values("pk")))

    def grouped(*fields):
        return list(invitations.values(*fields).annotate(**_counts()).order_by(*fields))

    by_pillar_id = {row["pillar_id"]: row for row in grouped("pillar_id")}
    by_pillar = []
    for pillar in Pillar.objects.order_by("order", "pk"):
        row = by_pillar_id.get(pillar.pk, {})
        by_pillar.append(
            {
                "pillar_code": pillar.code,
                "pillar_name": pillar.name,
                **{key: row.get(key, 0) for key in ("invited", "accepted", "attended")},
            }
        )
    type_rows = [row for row in grouped("organisation_type_id") if row["organisation_type_id"]]
    types = OrganisationType.objects.in_bulk([row["organisation_type_id"] for row in type_rows])
    by_type = sorted(
        (
            {"name": types[row["organisation_type_id"]].name, **{k: row[k] for k in ("invited", "accepted", "attended")}}
            for row in type_rows
        ),
        key=lambda row: (-row["invited"], row["name"]),
    )
    by_country = [
        {
            "country": row["country"],
            "country_name": str(countries.name(row["country"])),
            **{k: row[k] for k in ("invited", "accepted", "attended")},
        }
        for row in grouped("country")
        if row["country"]
    ]
    return {
        "meetings_held": len(meeting_rows),
        "meetings": meeting_rows,
        "by_pillar": by_pillar,
        "by_organisation_type": by_type,
        "by_country": by_country,
    }



def participation_facts(*, end: datetime.date, thematic_area_id: int | None = None) -> QuerySet[Invitation]:
    """For the network figures (reports.network): who attended which held meeting up to `end`, one
    row per attendance with the meeting, its Türkiye date, the person and the organisation and pillar
    of their primary organisation. Callers aggregate it (values() + annotate) in SQL."""
    from django.db.models.functions import TruncDate

    meetings = held_meetings(start=datetime.date(1, 1, 1), end=end)
    if thematic_area_id:
        meetings = meetings.filter(thematic_areas=thematic_area_id)
    return Invitation.objects.filter(meeting__in=meetings.values("pk"), attended=True).annotate(
        event_id=F("meeting_id"),
        day=TruncDate("meeting__starts_at"),
        organisation_id=_primary_membership("organisation_id"),
        pillar_id=_primary_membership("organisation__pillar_id"),
    )
