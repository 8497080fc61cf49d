import threading
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from conference.models import Registration, RegistrationType, Session, WorkshopChoice
from conference.services import registration as services
from conference.tokens import offer_token
from magnet.roles import ICMPD_STAFF
from tests.factories import PersonFactory, UserFactory

from .factories import ConferenceFactory, RegistrationTypeFactory, SessionFactory, at, details

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _register(conference, rtype, person=None, **kwargs):
    return services.register(
        person=person or PersonFactory(),
        conference=conference,
        registration_type=rtype,
        details=details(**kwargs.pop("details", {})),
        **kwargs,
    )


def test_registration_with_free_seats_is_submitted_and_holds_a_seat():
    rtype = RegistrationTypeFactory(capacity=2)

    registration = _register(rtype.conference, rtype)

    assert registration.status == Status.SUBMITTED
    assert registration.holds_seat is True
    assert registration.code.startswith("MAG-")


def test_registration_of_a_type_without_approval_is_approved_at_once():
    rtype = RegistrationTypeFactory(capacity=2, requires_approval=False)

    assert _register(rtype.conference, rtype).status == Status.APPROVED


def test_registration_over_the_type_capacity_goes_to_the_waiting_list_in_order():
    rtype = RegistrationTypeFactory(capacity=1)
    _register(rtype.conference, rtype)

    second = _register(rtype.conference, rtype)
    third = _register(rtype.conference, rtype)

    assert (second.status, third.status) == (Status.WAITING, Status.WAITING)
    assert second.waiting_since <= third.waiting_since


def test_registration_over_the_conference_capacity_waits_even_when_the_type_has_room():
    conference = ConferenceFactory(capacity=1)
    delegates = RegistrationTypeFactory(conference=conference, capacity=10)
    observers = RegistrationTypeFactory(conference=conference, kind="observer", name="Gözlemci", name_en="Observer", capacity=10)
    _register(conference, delegates)

    assert _register(conference, observers).status == Status.WAITING


def test_second_registration_by_the_same_person_is_refused_and_changes_nothing():
    rtype = RegistrationTypeFactory()
    person = PersonFactory()
    _register(rtype.conference, rtype, person=person)

    with pytest.raises(ValidationError) as error:
        _register(rtype.conference, rtype, person=person)

    assert error.value.messages == ["You are already registered for this conference."]
    assert Registration.objects.filter(person=person).count() == 1


def test_registration_after_closing_is_refused():
    conference = ConferenceFactory(
        registration_opens_at=timezone.now() - timedelta(days=10), registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    rtype = RegistrationTypeFactory(conference=conference)

    with pytest.raises(ValidationError) as error:
        _register(conference, rtype)

    assert error.value.messages == ["Registration for this conference is closed."]
    assert Registration.objects.count() == 0


def test_invitation_only_type_is_refused_to_a_stakeholder_and_open_to_staff():
    rtype = RegistrationTypeFactory(kind="speaker", name="Konuşmacı", name_en="Speaker", invitation_only=True)

    with pytest.raises(ValidationError):
        _register(rtype.conference, rtype, by=UserFactory())
    registration = _register(rtype.conference, rtype, by=UserFactory(role=ICMPD_STAFF))

    assert registration.type == rtype


def test_visa_letter_without_passport_details_is_refused_and_nothing_is_saved():
    rtype = RegistrationTypeFactory()

    with pytest.raises(ValidationError) as error:
        _register(rtype.conference, rtype, details={"needs_visa_letter": True, "passport_number": "U1234567"})

    assert set(error.value.message_dict) == {"passport_name", "passport_country", "passport_expires_on", "date_of_birth"}
    assert Registration.objects.count() == 0


def test_full_workshop_puts_only_that_choice_on_its_waiting_list():
    rtype = RegistrationTypeFactory()
    conference = rtype.conference
    small = SessionFactory(conference=conference, kind=Session.Kind.WORKSHOP, capacity=1)
    big = SessionFactory(conference=conference, kind=Session.Kind.WORKSHOP, capacity=10, starts_at=at(conference, 0, 14))
    _register(conference, rtype, workshop_ids=[small.pk])

    second = _register(conference, rtype, workshop_ids=[small.pk, big.pk])

    statuses = dict(second.workshop_choices.values_list("session_id", "status"))
    assert statuses == {small.pk: WorkshopChoice.Status.WAITING, big.pk: WorkshopChoice.Status.HELD}


def test_workshop_of_another_conference_is_refused_and_nothing_is_saved():
    rtype = RegistrationTypeFactory()
    foreign = SessionFactory(kind=Session.Kind.WORKSHOP, capacity=5)

    with pytest.raises(ValidationError):
        _register(rtype.conference, rtype, workshop_ids=[foreign.pk])

    assert Registration.objects.count() == 0


def test_cancellation_offers_the_seat_to_the_next_person_by_email(mailoutbox, django_capture_on_commit_callbacks):
    rtype = RegistrationTypeFactory(capacity=1)
    holder_user = UserFactory()
    holder = _register(rtype.conference, rtype, person=PersonFactory(user=holder_user))
    waiting = _register(rtype.conference, rtype, person=PersonFactory(email="bekleyen@example.org", preferred_language="en"))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder, by=holder_user)

    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    assert waiting.offer_expires_at > timezone.now() + timedelta(hours=47)
    offer_mail = next(m for m in mailoutbox if m.to == ["bekleyen@example.org"])
    assert "A place is free for you" in offer_mail.subject
    assert "/en/conference/offer/" in offer_mail.body


def test_confirming_an_offer_takes_the_seat(settings):
    rtype = RegistrationTypeFactory(capacity=1)
    holder_user = UserFactory()
    holder = _register(rtype.conference, rtype, person=PersonFactory(user=holder_user))
    waiting = _register(rtype.conference, rtype)
    services.cancel_registration(registration=holder, by=holder_user)
    waiting.refresh_from_db()

    confirmed = services.confirm_offer(token=offer_token(waiting))

    assert confirmed.status == Status.SUBMITTED
    assert confirmed.offer_expires_at is None


def test_expired_offer_passes_the_seat_to_the_next_person_and_its_link_no_longer_works():
    rtype = RegistrationTypeFactory(capacity=1)
    holder_user = UserFactory()
    holder = _register(rtype.conference, rtype, person=PersonFactory(user=holder_user))
    first = _register(rtype.conference, rtype)
    second = _register(rtype.conference, rtype)
    services.cancel_registration(registration=holder, by=holder_user)
    first.refresh_from_db()
    token = offer_token(first)
    Registration.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    expired = services.expire_offers()

    first.refresh_from_db()
    second.refresh_from_db()
    assert expired == 1
    assert first.status == Status.CANCELLED
    assert second.status == Status.OFFERED
    with pytest.raises(ValidationError) as error:
        services.confirm_offer(token=token)
    assert error.value.messages == ["This offer is no longer valid."]


def test_offer_confirmed_after_its_time_is_refused_and_changes_nothing():
    rtype = RegistrationTypeFactory(capacity=1)
    holder_user = UserFactory()
    holder = _register(rtype.conference, rtype, person=PersonFactory(user=holder_user))
    waiting = _register(rtype.conference, rtype)
    services.cancel_registration(registration=holder, by=holder_user)
    Registration.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(seconds=1))
    waiting.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.confirm_offer(token=offer_token(waiting))

    waiting.refresh_from_db()
    assert error.value.messages == ["This offer has expired and the seat has passed to the next person."]
    assert waiting.status == Status.OFFERED


def test_tampered_offer_link_is_refused():
    with pytest.raises(ValidationError) as error:
        services.confirm_offer(token=signing.dumps({"r": 1, "n": 1}, salt="another.salt"))

    assert error.value.messages == ["This link is not valid."]


def test_a_larger_capacity_offers_the_new_seats_in_order():
    rtype = RegistrationTypeFactory(capacity=1)
    _register(rtype.conference, rtype)
    first = _register(rtype.conference, rtype)
    second = _register(rtype.conference, rtype)

    services.set_capacity(registration_type=rtype, capacity=2)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.OFFERED, Status.WAITING)


def test_participant_cannot_cancel_after_the_deadline_but_staff_can():
    rtype = RegistrationTypeFactory()
    user = UserFactory()
    registration = _register(rtype.conference, rtype, person=PersonFactory(user=user))
    type(rtype.conference).objects.filter(pk=rtype.conference.pk).update(
        registration_closes_at=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(ValidationError):
        services.cancel_registration(registration=registration, by=user)
    cancelled = services.cancel_registration(registration=registration, by=UserFactory(role=ICMPD_STAFF))

    assert cancelled.status == Status.CANCELLED


def test_declining_needs_a_reason_and_frees_the_seat_for_the_waiting_list(mailoutbox, django_capture_on_commit_callbacks):
    rtype = RegistrationTypeFactory(capacity=1)
    staff = UserFactory(role=ICMPD_STAFF)
    holder = _register(rtype.conference, rtype)
    waiting = _register(rtype.conference, rtype)

    with pytest.raises(ValidationError):
        services.decide_registrations(registrations=[holder], approve=False, reason=" ", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        changed, skipped = services.decide_registrations(
            registrations=[holder], approve=False, reason="Kontenjan kurum başına bir kişidir.", by=staff
        )

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (changed, skipped) == (1, 0)
    assert holder.status == Status.DECLINED
    assert waiting.status == Status.OFFERED
    assert any("Kontenjan kurum başına bir kişidir." in m.body for m in mailoutbox)


def test_bulk_approval_applies_to_submitted_registrations_only():
    rtype = RegistrationTypeFactory(capacity=1)
    submitted = _register(rtype.conference, rtype)
    waiting = _register(rtype.conference, rtype)

    changed, skipped = services.decide_registrations(
        registrations=[submitted, waiting], approve=True, by=UserFactory(role=ICMPD_STAFF)
    )

    assert (changed, skipped) == (1, 1)
    assert Registration.objects.get(pk=submitted.pk).status == Status.APPROVED
    assert Registration.objects.get(pk=waiting.pk).status == Status.WAITING


def test_bulk_decisions_are_refused_to_non_staff():
    rtype = RegistrationTypeFactory()
    registration = _register(rtype.conference, rtype)

    with pytest.raises(ValidationError):
        services.decide_registrations(registrations=[registration], approve=True, by=UserFactory())


def test_confirmation_email_is_in_the_participants_language_with_a_calendar_file(mailoutbox, django_capture_on_commit_callbacks):
    rtype = RegistrationTypeFactory()
    person = PersonFactory(email="katilimci@example.org", preferred_language="tr")

    with django_capture_on_commit_callbacks(execute=True):
        _register(rtype.conference, rtype, person=person)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == f"[MAGNET] Kaydınız alındı — {rtype.conference.title_tr}"
    assert mail.attachments[0][0] == "magnet-conference.ics"
    assert b"BEGIN:VEVENT" in mail.attachments[0][1].encode() if isinstance(mail.attachments[0][1], str) else mail.attachments[0][1]


def _race(people, submit_one, *, threads: int):
    """Submit for every person from `threads` threads at once (each its own DB connection; the
    server's connection limit is shared, so hundreds of submissions go through a few dozen
    connections that all start together)."""
    batches = [people[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads)
    errors = []

    def run(batch):
        try:
            barrier.wait()
            for person in batch:
                submit_one(person)
        except Exception as exc:  # noqa: BLE001 — collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(batch,)) for batch in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hundreds_of_concurrent_registrations_never_oversell():
    conference = ConferenceFactory(capacity=1000)
    rtype = RegistrationTypeFactory(conference=conference, capacity=40)
    people = [PersonFactory() for _ in range(250)]

    errors = _race(
        people,
        lambda person: services.register(person=person, conference=conference, registration_type=rtype, details=details()),
        threads=16,
    )

    assert errors == []
    held = Registration.objects.filter(type=rtype, status__in=Registration.HOLDING_STATUSES).count()
    waiting = Registration.objects.filter(type=rtype, status=Status.WAITING).count()
    assert (held, waiting) == (40, 210)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_the_last_conference_seats_never_oversell_across_types():
    conference = ConferenceFactory(capacity=15)
    delegates = RegistrationTypeFactory(conference=conference, capacity=100)
    observers = RegistrationTypeFactory(conference=conference, kind="observer", name="Gözlemci", name_en="Observer", capacity=100)
    people = [PersonFactory() for _ in range(120)]

    errors = _race(
        people,
        lambda person: services.register(
            person=person, conference=conference, registration_type=delegates if person.pk % 2 else observers, details=details()
        ),
        threads=16,
    )

    assert errors == []
    assert Registration.objects.filter(conference=conference, status__in=Registration.HOLDING_STATUSES).count() == 15
    assert Registration.objects.filter(conference=conference, status=Status.WAITING).count() == 105


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_a_workshop_never_exceed_its_capacity():
    rtype = RegistrationTypeFactory(capacity=500)
    workshop = SessionFactory(conference=rtype.conference, kind=Session.Kind.WORKSHOP, capacity=10)
    people = [PersonFactory() for _ in range(60)]

    errors = _race(
        people,
        lambda person: services.register(
            person=person, conference=rtype.conference, registration_type=rtype, details=details(), workshop_ids=[workshop.pk]
        ),
        threads=16,
    )

    assert errors == []
    assert WorkshopChoice.objects.filter(session=workshop, status=WorkshopChoice.Status.HELD).count() == 10
    assert WorkshopChoice.objects.filter(session=workshop, status=WorkshopChoice.Status.WAITING).count() == 50


def test_registration_type_kind_is_unique_per_conference():
    rtype = RegistrationTypeFactory()

    with pytest.raises(ValidationError):
        RegistrationType(conference=rtype.conference, kind=rtype.kind, name="x", name_tr="x", name_en="x", capacity=1).full_clean()
