"""The overlap check (no repeated work): which earlier and ongoing projects overlap a proposal.

One selector, `find_overlaps(criteria)`, used by the live check in the form (criteria from what is
typed), by submission and by PMM's view (criteria from the saved proposal, `criteria_for`).

A project overlaps when it works in the same place (a shared province, or either is nationwide) in
the same time (the planned dates overlap) on the same subject (a shared thematic area or target
group) — or when its title is similar (pg_trgm similarity of the folded texts, magnet.text.search_key,
at least TEXT_THRESHOLD; summaries are compared for every candidate). Its score (0–1):

    0.25 · same place + 0.15 · same thematic area + 0.25 · same target group + 0.10 · same time
    + 0.25 · the higher of the title and summary similarities

and its reason says why, in the reader's language ("same province: Gaziantep · same target group:
Migrant workers · 2023–2025 · 0.62 similar summary").

Queries are bounded whatever the number of projects: one for the place-and-time candidates (the
province index and the date index), one for the similar titles (the title's trigram GIN index,
through the `%` operator), one to load at most 2 × CANDIDATE_LIMIT candidates with their similarities, three
to load their provinces and the thematic areas and target groups they share with the proposal."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stakeholders.provinces import PROVINCE_NAMES

from .models import Project, ProjectProvince

TEXT_THRESHOLD = 0.3
CANDIDATE_LIMIT = 100
WEIGHTS = {"place": 0.25, "theme": 0.15, "group": 0.25, "time": 0.10, "text": 0.25}


@dataclass
class Criteria:
    """What a proposal is about, from the form or from the saved project."""

    provinces: set[str] = field(default_factory=set)
    nationwide: bool = False
    thematic_areas: set[int] = field(default_factory=set)
    target_groups: set[int] = field(default_factory=set)
    starts_on: date | None = None
    ends_on: date | None = None
    title_key: str = ""
    summary_key: str = ""
    exclude_pk: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.provinces or self.nationwide or self.thematic_areas or self.target_groups
                    or len(self.title_key) >= 3 or len(self.summary_key) >= 3)


@dataclass
class Overlap:
    project: Project
    score: float
    reason: str
    same_place: list[str]
    same_themes: list[str]
    same_groups: list[str]
    same_time: bool
    title_similarity: float
    summary_similarity: float


def criteria_for(project: Project) -> Criteria:
    """The criteria of a saved proposal (3 queries)."""
    return Criteria(
        provinces=set(project.province_rows.values_list("province", flat=True)),
        nationwide=project.nationwide,
        thematic_areas=set(project.thematic_areas.values_list("pk", flat=True)),
        target_groups=set(project.target_groups.values_list("pk", flat=True)),
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        title_key=project.title_key,
        summary_key=project.summary_key,
        exclude_pk=project.pk,
    )


def _base(criteria: Criteria):
    queryset = Project.objects.filter(state__in=Project.VISIBLE_FOR_OVERLAP)
    if criteria.exclude_pk:
        queryset = queryset.exclude(pk=criteria.exclude_pk)
    return queryset


def _time_filter(criteria: Criteria) -> Q:
    """Planned dates overlap; a project without dates (or a proposal without them) is not ruled out."""
    condition = Q()
    if criteria.ends_on:
        condition &= Q(starts_on__isnull=True) | Q(starts_on__lte=criteria.ends_on)
    if criteria.starts_on:
        condition &= Q(ends_on__isnull=True) | Q(ends_on__gte=criteria.starts_on)
    return condition


def _structural_ids(criteria: Criteria) -> list[int]:
    if not (criteria.provinces or criteria.nationwide) or not (criteria.thematic_areas or criteria.target_groups):
        return []
    queryset = _base(criteria).filter(_time_filter(criteria))
    if not criteria.nationwide:
        queryset = queryset.filter(
            Q(nationwide=True)
            | Exists(ProjectProvince.objects.filter(project=OuterRef("pk"), province__in=criteria.provinces))
        )
    subject = Q()
    through_areas = Project.thematic_areas.through.objects
    through_groups = Project.target_groups.through.objects
    if criteria.thematic_areas:
        subject |= Exists(through_areas.filter(project=OuterRef("pk"), thematicarea_id__in=criteria.thematic_areas))
    if criteria.target_groups:
        subject |= Exists(through_groups.filter(project=OuterRef("pk"), targetgroup_id__in=criteria.target_groups))
    return list(queryset.filter(subject).order_by("-submitted_at", "-pk").values_list("pk", flat=True)[:CANDIDATE_LIMIT])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_ids(criteria: Criteria) -> list[int]:
    """Projects with a similar title, found through the title's trigram index (`%`, whose threshold
    pg_trgm.similarity_threshold is 0.3 by default — the same as TEXT_THRESHOLD), most similar first.
    Summaries are compared only for the candidates (place, subject and time, or title): a summary's
    hundreds of trigrams share common phrases with nearly every other summary, so the index cannot
    narrow them down (benchmarks/project_overlap.py: 2.5 s for 5,000 projects)."""
    if not _postgres() or len(criteria.title_key) < 3:
        return []
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.models import Value

    # Only the trigram condition in SQL: with the state filter too, the planner walks the state index
    # and computes the similarity on every row (EXPLAIN ANALYZE on 5,000 projects: 1,089 ms against
    # 70 ms through the trigram index); it also prices the similarity function far too cheaply and
    # prefers a sequential scan, so for this one query it takes the index. States are filtered here.
    queryset = (
        Project.objects.filter(title_key__trigram_similar=criteria.title_key)
        .annotate(similar=TrigramSimilarity("title_key", Value(criteria.title_key)))
        .order_by("-similar", "-pk").values_list("pk", "state")[:2 * CANDIDATE_LIMIT]
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        rows = list(queryset)
    visible = set(Project.VISIBLE_FOR_OVERLAP)
    return [pk for pk, state in rows if state in visible and pk != criteria.exclude_pk][:CANDIDATE_LIMIT]


DEFERRED = ("summary", "summary_tr", "summary_en", "planned_activities", "planned_activities_tr",
            "planned_activities_en", "expected_results", "expected_results_tr", "expected_results_en", "summary_key")


def find_overlaps(criteria: Criteria, *, limit: int = 20) -> list[Overlap]:
    """The projects that overlap, best first, each with its score and reason in the active language.
    At most `limit`; bounded queries (see the module's docstring)."""
    if criteria.is_empty:
        return []
    ids = set(_structural_ids(criteria)) | set(_text_ids(criteria))
    if not ids:
        return []
    queryset = Project.objects.filter(pk__in=ids).select_related("organisation").defer(*DEFERRED)
    if _postgres():
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db.models import Value

        queryset = queryset.annotate(
            title_similarity=TrigramSimilarity("title_key", Value(criteria.title_key or "")),
            summary_similarity=TrigramSimilarity("summary_key", Value(criteria.summary_key or "")),
        )
    # The relations, read as plain rows (no per-project prefetch querysets: with hundreds of
    # candidates their cloning cost more than the database).
    provinces = defaultdict(set)
    for project_id, province in ProjectProvince.objects.filter(project_id__in=ids).values_list("project_id", "province"):
        provinces[project_id].add(province)
    shared_areas = defaultdict(list)
    if criteria.thematic_areas:
        links = Project.thematic_areas.through.objects.filter(
            project_id__in=ids, thematicarea_id__in=criteria.thematic_areas).select_related("thematicarea")
        for link in links:
            shared_areas[link.project_id].append(str(link.thematicarea))
    shared_groups = defaultdict(list)
    if criteria.target_groups:
        links = Project.target_groups.through.objects.filter(
            project_id__in=ids, targetgroup_id__in=criteria.target_groups).select_related("targetgroup")
        for link in links:
            shared_groups[link.project_id].append(str(link.targetgroup))
    overlaps = [
        _score(project, criteria, provinces[project.pk], sorted(shared_areas[project.pk]), sorted(shared_groups[project.pk]))
        for project in queryset
    ]
    overlaps = [o for o in overlaps if o is not None]
    overlaps.sort(key=lambda o: (-o.score, -(o.project.pk)))
    return overlaps[:limit]


def _years(project: Project) -> str:
    if project.starts_on and project.ends_on:
        if project.starts_on.year == project.ends_on.year:
            return str(project.starts_on.year)
        return f"{project.starts_on.year}–{project.ends_on.year}"
    return ""


def _similarity(value) -> float:
    return round(float(value or 0), 2)


def _score(project: Project, criteria: Criteria, provinces: set, same_themes: list, same_groups: list) -> Overlap | None:
    if criteria.nationwide or project.nationwide:
        same_place = [_("nationwide")]
    else:
        same_place = sorted(PROVINCE_NAMES[code] for code in provinces & criteria.provinces)
    same_time = _dates_overlap(project, criteria)
    title_similarity = _similarity(getattr(project, "title_similarity", 0))
    summary_similarity = _similarity(getattr(project, "summary_similarity", 0))
    text = max(title_similarity, summary_similarity)
    structural = bool(same_place) and same_time and bool(same_themes or same_groups)
    if not structural and text < TEXT_THRESHOLD:
        return None
    score = (WEIGHTS["place"] * bool(same_place) + WEIGHTS["theme"] * bool(same_themes)
             + WEIGHTS["group"] * bool(same_groups) + WEIGHTS["time"] * same_time + WEIGHTS["text"] * text)
    parts = []
    if same_place:
        if same_place == [_("nationwide")]:
            parts.append(_("nationwide"))
        elif len(same_place) == 1:
            parts.append(_("same province: %(names)s") % {"names": same_place[0]})
        else:
            parts.append(_("same provinces: %(names)s") % {"names": ", ".join(same_place)})
    if same_themes:
        parts.append(_("same thematic area: %(names)s") % {"names": ", ".join(same_themes)})
    if same_groups:
        parts.append(_("same target group: %(names)s") % {"names": ", ".join(same_groups)})
    years = _years(project)
    if years and same_time:
        parts.append(years)
    if title_similarity >= TEXT_THRESHOLD:
        parts.append(_("%(value)s similar title") % {"value": number_format(title_similarity, 2)})
    if summary_similarity >= TEXT_THRESHOLD:
        parts.append(_("%(value)s similar summary") % {"value": number_format(summary_similarity, 2)})
    return Overlap(
        project=project, score=round(score, 2), reason=" · ".join(parts), same_place=same_place,
        same_themes=same_themes, same_groups=same_groups, same_time=same_time,
        title_similarity=title_similarity, summary_similarity=summary_similarity,
    )


def _dates_overlap(project: Project, criteria: Criteria) -> bool:
    if criteria.ends_on and project.starts_on and project.starts_on > criteria.ends_on:
        return False
    return not (criteria.starts_on and project.ends_on and project.ends_on < criteria.starts_on)
