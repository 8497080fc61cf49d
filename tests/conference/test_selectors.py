from datetime import date, timedelta

import pytest

from conference import selectors
from conference.models import Registration
from magnet.roles import ICMPD_STAFF
from tests.factories import UserFactory, pillar

from .factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_conference_figures_counts_overlapping_editions_by_pillar_and_country(django_assert_max_num_queries):
    """Names follow the active language."""
    conference = ConferenceFactory(starts_on=date(2027, 4, 20), ends_on=date(2027, 4, 21))
    ConferenceFactory(starts_on=date(2029, 1, 1), ends_on=date(2029, 1, 2))
    RegistrationFactory(conference=conference, status=Status.CHECKED_IN, country="AL", pillar=pillar("civil"))
    RegistrationFactory(conference=conference, status=Status.APPROVED, country="AL")
    RegistrationFactory(conference=conference, status=Status.WAITING, country="TR")
    RegistrationFactory(conference=conference, status=Status.CANCELLED, country="TR")

    with django_assert_max_num_queries(6):
        figures = selectors.conference_figures(start=date(2027, 1, 1), end=date(2027, 12, 31))

    assert [c["id"] for c in figures["conferences"]] == [conference.pk]
    assert (figures["registrations"], figures["approved"], figures["waiting"], figures["checked_in"]) == (3, 2, 1, 1)
    assert [p["pillar_code"] for p in figures["by_pillar"]] == ["public", "civil", "international", "private_academia"]
    assert figures["by_pillar"][1] == {"pillar_code": "civil", "pillar_name": figures["by_pillar"][1]["pillar_name"], "registered": 1, "approved": 1, "checked_in": 1}
    assert figures["by_pillar"][2]["registered"] == 0
    assert figures["by_country"][0] == {"country": "AL", "country_name": "Albania", "registered": 2, "checked_in": 1}


def test_staff_lists_are_empty_for_anyone_but_staff():
    registration = RegistrationFactory()

    assert list(selectors.staff_registrations(user=UserFactory(), conference=registration.conference)) == []
    assert selectors.staff_registration(user=UserFactory(), pk=registration.pk) is None
    assert selectors.staff_registration(user=UserFactory(role=ICMPD_STAFF), pk=registration.pk) == registration


def test_current_conference_is_the_next_published_edition():
    ConferenceFactory(starts_on=date.today() - timedelta(days=400), ends_on=date.today() - timedelta(days=399))
    upcoming = ConferenceFactory()
    ConferenceFactory(is_published=False, starts_on=date.today() + timedelta(days=5), ends_on=date.today() + timedelta(days=6))

    assert selectors.current_conference(user=UserFactory()) == upcoming
