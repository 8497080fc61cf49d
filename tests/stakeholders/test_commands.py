import io
import time

import pytest
from django.core.management import call_command

from stakeholders.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_searchable_rows_quickly():
    started = time.monotonic()
    call_command("seed_scale", organisations=500, people=2000, stdout=io.StringIO())
    elapsed = time.monotonic() - started
    assert Organisation.objects.count() == 500
    assert Person.objects.count() == 2000
    assert Membership.objects.count() == 2000
    assert Organisation.objects.filter(search_text="").count() == 0
    assert Person.objects.filter(search_text="").count() == 0
    assert elapsed < 12  # the default 10,000 / 50,000 runs in well under two minutes


def test_seed_demo_for_the_registry_is_idempotent():
    from django.contrib.auth import get_user_model

    from magnet.demo import DEMO_ACCOUNTS
    from stakeholders import demo

    for email, given, family, _role, language in DEMO_ACCOUNTS:
        get_user_model().objects.create_user(email, first_name=given, last_name=family, preferred_language=language)
    demo.seed(stdout=io.StringIO())
    counts = (Organisation.objects.count(), Person.objects.count(), Membership.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (Organisation.objects.count(), Person.objects.count(), Membership.objects.count()) == counts
    stakeholder = get_user_model().objects.get(email="stakeholder@demo.magnet.local").person
    membership = stakeholder.memberships.get()
    assert (stakeholder.full_name, stakeholder.in_directory) == ("Çağrı Işıkoğlu", True)
    assert (membership.status, membership.organisation.status) == ("approved", "approved")
