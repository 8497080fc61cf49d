from datetime import timedelta

import pytest
from django.utils import timezone

from conference import tasks
from conference.models import BadgeBatch, Registration
from conference.services import registration as services
from magnet.celery import app
from tests.factories import PersonFactory, UserFactory

from .factories import ConferenceFactory, RegistrationFactory, RegistrationTypeFactory, details

pytestmark = pytest.mark.django_db


def test_periodic_tasks_are_registered_under_their_contract_names():
    assert "conference.tasks.expire_waiting_list_offers" in app.tasks
    assert "conference.tasks.erase_expired_passport_data" in app.tasks


def test_expire_offers_task_passes_the_seat_on_and_is_idempotent():
    rtype = RegistrationTypeFactory(capacity=1)
    user = UserFactory()
    holder = services.register(person=PersonFactory(user=user), conference=rtype.conference, registration_type=rtype, details=details())
    first = services.register(person=PersonFactory(), conference=rtype.conference, registration_type=rtype, details=details())
    second = services.register(person=PersonFactory(), conference=rtype.conference, registration_type=rtype, details=details())
    services.cancel_registration(registration=holder, by=user)
    Registration.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - timedelta(hours=1))

    assert tasks.expire_waiting_list_offers.delay().get() == 1
    assert tasks.expire_waiting_list_offers.delay().get() == 0
    assert Registration.objects.get(pk=second.pk).status == Registration.Status.OFFERED


def test_erase_passport_task_runs_the_service():
    ended = ConferenceFactory(
        starts_on=timezone.localdate() - timedelta(days=60), ends_on=timezone.localdate() - timedelta(days=59),
        registration_opens_at=timezone.now() - timedelta(days=100), registration_closes_at=timezone.now() - timedelta(days=70),
    )
    registration = RegistrationFactory(conference=ended, passport_number="X1")

    assert tasks.erase_expired_passport_data.delay().get() == 1
    assert Registration.objects.get(pk=registration.pk).passport_number == ""


def test_badge_batch_task_is_idempotent():
    registration = RegistrationFactory()
    batch = BadgeBatch.objects.create(conference=registration.conference)

    tasks.render_badge_batch.delay(batch.pk)
    first_file = BadgeBatch.objects.get(pk=batch.pk).file.name
    tasks.render_badge_batch.delay(batch.pk)

    assert BadgeBatch.objects.get(pk=batch.pk).file.name == first_file
