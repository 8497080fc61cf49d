"""Is the network working? The one computation of the network figures, used by the staff/PMM page,
its XLSX download, the API and the periodic report's "Network" chapter (frozen in its snapshot).

It reads the other apps only through their selectors (`meetings.selectors.participation_facts`,
`conference.selectors.participation_facts`: one row per attendance at a held meeting or a check-in at
a conference edition) and aggregates them in SQL: per event and pillar, per person (first and
in-period attendance) and per organisation and event (distinct pairs). The few figures that compare
organisations across events (first meeting with another pillar, not seen for a year) are derived in
Python from those distinct pairs. A fixed number of queries (about ten) whatever the number of events.

Definitions (all for the period [start, end], optionally only events of one thematic area):
- participation by pillar: attendances per event and per month, by the pillar of the person's
  organisation (a meeting: the person's primary organisation; the conference: the one registered);
- first met another pillar: organisations that, at an event of the period, attended together with an
  organisation of another pillar for the first time at any MAGNET event;
- new vs returning: people (and organisations) attending in the period whose first attendance ever is
  in the period (new) or before it (returning);
- not seen for a year: organisations that attended before and whose last attendance is more than
  365 days before the end of the period."""

import datetime
import json
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Min, Q

from stakeholders.models import Organisation, Pillar, ThematicArea

NOT_SEEN_DAYS = 365
DORMANT_LISTED = 100


def _sources(end, thematic_area_id):
    from conference.selectors import participation_facts as conference_facts
    from meetings.selectors import participation_facts as meeting_facts

    return (("meeting", meeting_facts(end=end, thematic_area_id=thematic_area_id)),
            ("conference", conference_facts(end=end, thematic_area_id=thematic_area_id)))


def _titles(kind, ids):
    if kind == "meeting":
        from meetings.models import Meeting as Model
    else:
        from conference.models import Conference as Model
    return {row["pk"]: row for row in Model.objects.filter(pk__in=ids).values("pk", "title_tr", "title_en")}


def network_figures(*, start: datetime.date, end: datetime.date, thematic_area: ThematicArea | None = None) -> dict:
    """The network figures of a period as a JSON-ready dict (names in both languages):
    {"period", "thematic_area", "pillars", "events", "over_time", "first_met", "participants",
     "organisations", "dormant"} — see the module docstring for the definitions."""
    pillars = list(Pillar.objects.order_by("order", "pk"))
    code_of = {p.pk: p.code for p in pillars}
    in_period = Q(day__gte=start, day__lte=end)
    area_id = thematic_area.pk if thematic_area else None

    events, people, org_events = [], {}, set()
    for kind, facts in _sources(end, area_id):
        # 1. attendances per event and pillar in the period (SQL GROUP BY)
        per_event = defaultdict(lambda: defaultdict(int))
        days = {}
        for row in facts.filter(in_period).values("event_id", "day", "pillar_id").annotate(n=Count("pk")).order_by():
            per_event[row["event_id"]][code_of.get(row["pillar_id"], "")] += row["n"]
            days[row["event_id"]] = row["day"]
        titles = _titles(kind, list(per_event))
        for event_id, counts in per_event.items():
            events.append({
                "kind": kind, "id": event_id, "date": days[event_id],
                "title_tr": titles[event_id]["title_tr"] or titles[event_id]["title_en"] or "",
                "title_en": titles[event_id]["title_en"] or titles[event_id]["title_tr"] or "",
                "by_pillar": {p.code: counts.get(p.code, 0) for p in pillars},
                "without_pillar": counts.get("", 0),
                "total": sum(counts.values()),
            })
        # 2. per person: first attendance ever and attendances in the period (SQL GROUP BY)
        for row in facts.values("person_id").annotate(first=Min("day"), current=Count("pk", filter=in_period)).order_by():
            first, current = people.get(row["person_id"], (None, 0))
            first = min(d for d in (first, row["first"]) if d is not None)
            people[row["person_id"]] = (first, current + row["current"])
        # 3. distinct (organisation, pillar, event, day): the only per-row read, one row per pair
        for row in facts.exclude(organisation_id=None).values("organisation_id", "pillar_id", "event_id", "day").distinct().order_by():
            org_events.add((row["organisation_id"], row["pillar_id"], (kind, row["event_id"]), row["day"]))

    events.sort(key=lambda e: (e["date"], e["kind"], e["id"]))
    figures = {
        "period": {"start": start, "end": end},
        "thematic_area": ({"code": thematic_area.code, "name_tr": thematic_area.name_tr, "name_en": thematic_area.name_en}
                          if thematic_area else None),
        "pillars": [{"code": p.code, "name_tr": p.name_tr, "name_en": p.name_en} for p in pillars],
        "events": events,
        "over_time": _over_time(events, pillars),
        "participants": _new_and_returning(people.values(), start),
        **_organisation_figures(org_events, code_of, pillars, start, end),
    }
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def _over_time(events, pillars) -> list:
    months = defaultdict(lambda: defaultdict(int))
    for event in events:
        month = event["date"].strftime("%Y-%m")
        for code, n in event["by_pillar"].items():
            months[month][code] += n
        months[month]["total"] += event["total"]
    return [{"month": month, "by_pillar": {p.code: months[month].get(p.code, 0) for p in pillars},
             "total": months[month]["total"]} for month in sorted(months)]


def _new_and_returning(people, start) -> dict:
    current = [(first, n) for first, n in people if n]
    new = sum(1 for first, _n in current if first >= start)
    return {"total": len(current), "new": new, "returning": len(current) - new}


def _organisation_figures(org_events, code_of, pillars, start, end) -> dict:
    pillars_at = defaultdict(set)  # event -> pillars of the organisations present
    for _org, pillar_id, event, _day in org_events:
        if pillar_id:
            pillars_at[event].add(pillar_id)
    first_met = {}  # (organisation, other pillar) -> first day they were at the same event
    first_seen, last_seen, seen_in_period, pillar_of = {}, {}, set(), {}
    for org, pillar_id, event, day in org_events:
        pillar_of[org] = pillar_id
        first_seen[org] = min(first_seen.get(org, day), day)
        last_seen[org] = max(last_seen.get(org, day), day)
        if start <= day <= end:
            seen_in_period.add(org)
        for other in pillars_at[event]:
            if other != pillar_id and ((org, other) not in first_met or day < first_met[(org, other)]):
                first_met[(org, other)] = day
    met_now = {org for (org, _other), day in first_met.items() if start <= day <= end}
    met_by_pillar = defaultdict(int)
    for org in met_now:
        met_by_pillar[code_of.get(pillar_of[org], "")] += 1
    new_orgs = sum(1 for org in seen_in_period if first_seen[org] >= start)
    cutoff = end - datetime.timedelta(days=NOT_SEEN_DAYS)
    dormant_ids = sorted((org for org, day in last_seen.items() if day < cutoff), key=lambda org: (last_seen[org], org))
    names = {
        row["pk"]: row
        for row in Organisation.objects.filter(pk__in=dormant_ids[:DORMANT_LISTED]).values("pk", "name_tr", "name_en", "pillar__code")
    }
    return {
        "first_met": {"organisations": len(met_now), "by_pillar": {p.code: met_by_pillar.get(p.code, 0) for p in pillars}},
        "organisations": {"total": len(seen_in_period), "new": new_orgs, "returning": len(seen_in_period) - new_orgs},
        "dormant": {
            "count": len(dormant_ids),
            "organisations": [
                {"name_tr": names[org]["name_tr"] or names[org]["name_en"], "name_en": names[org]["name_en"] or names[org]["name_tr"],
                 "pillar": names[org]["pillar__code"], "last_seen": last_seen[org]}
                for org in dormant_ids[:DORMANT_LISTED] if org in names
            ],
        },
    }


def localise(figures: dict, language: str) -> dict:
    """The same figures with names in one language (for a page, an API answer or a PDF part)."""
    names = {p["code"]: p[f"name_{language}"] for p in figures.get("pillars", [])}
    pillars = [{"code": p["code"], "name": p[f"name_{language}"]} for p in figures.get("pillars", [])]
    area = figures.get("thematic_area")
    return {
        **figures,
        "pillars": pillars,
        "thematic_area": {"code": area["code"], "name": area[f"name_{language}"]} if area else None,
        "events": [{**e, "title": e[f"title_{language}"]} for e in figures.get("events", [])],
        "dormant": {**figures.get("dormant", {}), "organisations": [
            {**o, "name": o[f"name_{language}"], "pillar_name": names.get(o["pillar"], "")}
            for o in figures.get("dormant", {}).get("organisations", [])]},
        "first_met": {**figures.get("first_met", {}), "rows": [
            {"pillar_name": p["name"], "organisations": figures.get("first_met", {}).get("by_pillar", {}).get(p["code"], 0)}
            for p in pillars]},
    }



