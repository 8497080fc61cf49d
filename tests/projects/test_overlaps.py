import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects import overlaps
from projects.models import Project
from projects.services import proposals as services
from stakeholders.models import ThematicArea
from tests.factories import OrganisationFactory

from .proposal_factories import iom, member, proposal, target_groups

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
D = datetime.date


@pytest.fixture
def world():
    groups = target_groups()
    areas = list(ThematicArea.objects.order_by("pk")[:3])
    return groups, areas


def _other(**data):
    author = member(OrganisationFactory())
    return proposal(author, submit=True, **data)


UNRELATED = {
    "title_tr": "Kıyı güvenliği personeline yönelik dalış ekipmanı",
    "title_en": "Diving equipment for coast guard staff",
    "summary_tr": "Deniz kurtarma teçhizatı alımı ve bakım planı.",
    "summary_en": "Procurement of sea rescue gear with a maintenance plan.",
}


def test_overlap_scores_and_reasons_on_crafted_projects(world):
    groups, (area_a, area_b, _area_c) = world
    workers, hosts = groups["migrant-workers"].pk, groups["host-communities"].pk
    same = _other(provinces=["27"], areas=[area_a.pk], groups=[workers], starts=D(2026, 1, 1), ends=D(2027, 6, 30))
    earlier = _other(provinces=["27"], areas=[area_b.pk], groups=[workers], starts=D(2024, 1, 1),
                     ends=D(2026, 12, 31), **UNRELATED)
    elsewhere = _other(provinces=["63"], areas=[area_a.pk], groups=[workers], **UNRELATED)
    nationwide = _other(provinces=[], nationwide=True, areas=[area_a.pk], groups=[hosts], **UNRELATED)
    similar_title = _other(provinces=["06"], areas=[area_b.pk], groups=[hosts], starts=D(2030, 1, 1),
                           ends=D(2031, 1, 1), title_tr="Gaziantep'te göçmen işçilerin işe uyumu II",
                           title_en="Labour market integration of migrant workers in Gaziantep, phase II",
                           summary_tr=UNRELATED["summary_tr"], summary_en=UNRELATED["summary_en"])
    proposal(member(OrganisationFactory()))  # a draft elsewhere: never listed
    withdrawn = _other()
    services.withdraw(project=withdrawn, actor=withdrawn.created_by)

    mine = proposal(member(iom()), provinces=["27"], areas=[area_a.pk], groups=[workers])
    found = overlaps.find_overlaps(overlaps.criteria_for(mine))
    by_project = {o.project.pk: o for o in found}

    assert set(by_project) == {same.pk, nationwide.pk, similar_title.pk}
    assert earlier.pk not in by_project and elsewhere.pk not in by_project

    top = by_project[same.pk]
    assert found[0].project.pk == same.pk
    assert (top.title_similarity, top.summary_similarity, top.score) == (1.0, 1.0, 1.0)
    assert top.reason == ("aynı il: Gaziantep · aynı tematik alan: " + str(area_a)
                          + " · aynı hedef grup: Göçmen işçiler · 2026–2027 · başlık benzerliği 1,00"
                          " · özet benzerliği 1,00")

    wide = by_project[nationwide.pk]
    assert wide.same_place == ["ülke geneli"] and wide.same_groups == [] and wide.same_time
    assert wide.score == round(0.25 + 0.15 + 0.10 + 0.25 * max(wide.title_similarity, wide.summary_similarity), 2)
    assert wide.reason.startswith("ülke geneli · aynı tematik alan: ")

    text_only = by_project[similar_title.pk]
    assert not text_only.same_place and not text_only.same_time
    assert text_only.title_similarity >= 0.3
    assert text_only.score == round(0.25 * text_only.title_similarity, 2)

    with translation.override("en"):
        english = overlaps.find_overlaps(overlaps.criteria_for(mine))[0]
    assert english.reason == (f"same province: Gaziantep · same thematic area: {area_a.name_en} · same target group: "
                              "Migrant workers · 2026–2027 · 1.00 similar title · 1.00 similar summary")


def test_an_empty_form_finds_nothing_and_asks_nothing(world):
    with CaptureQueriesContext(connection) as queries:
        assert overlaps.find_overlaps(overlaps.Criteria()) == []
    assert len(queries) == 0


def test_overlap_check_queries_are_bounded(world):
    groups, (area_a, *_rest) = world
    workers = groups["migrant-workers"].pk
    mine = proposal(member(iom()), provinces=["27", "31"], areas=[area_a.pk], groups=[workers])
    criteria = overlaps.criteria_for(mine)
    _other(provinces=["27"], areas=[area_a.pk], groups=[workers])
    with CaptureQueriesContext(connection) as few:
        assert len(overlaps.find_overlaps(criteria)) == 1
    for index in range(12):
        _other(provinces=["27" if index % 2 else "31"], areas=[area_a.pk], groups=[workers])
    with CaptureQueriesContext(connection) as many:
        assert len(overlaps.find_overlaps(criteria)) == 13
    assert len(few) == len(many) == 9  # incl. BEGIN, SET LOCAL, COMMIT around the title lookup
    assert Project.objects.count() == 14
