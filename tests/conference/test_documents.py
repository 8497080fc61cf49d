import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from conference.models import BadgeBatch, InvitationLetter, Registration, Session
from conference.services import checkin, documents
from conference.tokens import badge_token
from magnet.roles import ICMPD_STAFF
from tests.factories import PersonFactory, UserFactory

from .factories import ConferenceFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _text(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def _visa_registration(**kwargs):
    return RegistrationFactory(
        person=PersonFactory(given_name="Şükrü İlkay", family_name="Çağlayan-Öztürk"),
        needs_visa_letter=True,
        passport_name="ŞÜKRÜ İLKAY ÇAĞLAYAN ÖZTÜRK",
        passport_number="U12345678",
        passport_country="AZ",
        passport_expires_on=date(2030, 5, 1),
        date_of_birth=date(1984, 2, 29),
        nationality="AZ",
        **kwargs,
    )


# --- QR tokens and check-in -------------------------------------------------------------------------


def test_badge_token_checks_in_an_approved_participant_once():
    registration = RegistrationFactory(status=Status.APPROVED)
    staff = UserFactory(role=ICMPD_STAFF)

    first = checkin.check_in(conference=registration.conference, by=staff, token=badge_token(registration))
    second = checkin.check_in(conference=registration.conference, by=staff, token=badge_token(registration))

    registration.refresh_from_db()
    assert first.outcome == "ok"
    assert second.outcome == "already"
    assert second.earlier == registration.checked_in_at
    assert registration.status == Status.CHECKED_IN
    assert registration.checked_in_by == staff


def test_tampered_badge_token_is_refused_and_changes_nothing():
    registration = RegistrationFactory(status=Status.APPROVED)
    token = badge_token(registration)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    result = checkin.check_in(conference=registration.conference, by=UserFactory(role=ICMPD_STAFF), token=tampered)

    registration.refresh_from_db()
    assert result.outcome == "invalid"
    assert result.message == "This code is not a badge of this conference."
    assert registration.status == Status.APPROVED


def test_a_badge_of_another_conference_is_refused():
    registration = RegistrationFactory(status=Status.APPROVED)

    result = checkin.check_in(conference=ConferenceFactory(), by=UserFactory(role=ICMPD_STAFF), token=badge_token(registration))

    assert result.outcome == "invalid"


def test_the_code_printed_on_the_badge_can_be_typed_at_the_door():
    registration = RegistrationFactory(status=Status.APPROVED)
    printed = re.search(r"MAG-[A-Z0-9]{6}", _text(documents.participant_badge(registration=registration).content)).group(0)
    assert printed == registration.code
    staff = UserFactory(role=ICMPD_STAFF)

    typed = [printed, printed.lower(), f"  {printed[:6]} {printed[6:]} ".lower(), printed.replace("-", ""), printed[4:]]
    results = [checkin.check_in(conference=registration.conference, by=staff, token=t).outcome for t in typed]

    assert results == ["ok", "already", "already", "already", "already"]


def test_a_typed_code_of_another_conference_or_a_wrong_one_is_refused():
    registration = RegistrationFactory(status=Status.APPROVED)
    staff = UserFactory(role=ICMPD_STAFF)

    other = checkin.check_in(conference=ConferenceFactory(), by=staff, token=registration.code)
    wrong = checkin.check_in(conference=registration.conference, by=staff, token="MAG-ZZZZZZ")

    assert other.outcome == wrong.outcome == "invalid"
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(Status.CANCELLED, "cancelled"), (Status.DECLINED, "cancelled"), (Status.SUBMITTED, "not_approved"), (Status.WAITING, "not_approved")],
)
def test_check_in_warns_on_a_registration_that_is_not_approved(status, outcome):
    registration = RegistrationFactory(status=status)

    result = checkin.check_in(conference=registration.conference, by=UserFactory(role=ICMPD_STAFF), token=badge_token(registration))

    registration.refresh_from_db()
    assert result.outcome == outcome
    assert registration.status == status
    assert registration.checked_in_at is None


def test_workshop_attendance_needs_a_seat_and_is_recorded_once():
    registration = RegistrationFactory(status=Status.CHECKED_IN)
    workshop = SessionFactory(conference=registration.conference, kind=Session.Kind.WORKSHOP, capacity=5)
    plenary = SessionFactory(conference=registration.conference)
    staff = UserFactory(role=ICMPD_STAFF)
    token = badge_token(registration)

    no_seat = checkin.check_in(conference=registration.conference, by=staff, token=token, session=workshop)
    registration.workshop_choices.create(session=workshop, status="held")
    ok = checkin.check_in(conference=registration.conference, by=staff, token=token, session=workshop)
    again = checkin.check_in(conference=registration.conference, by=staff, token=token, session=workshop)
    plenary_ok = checkin.check_in(conference=registration.conference, by=staff, token=token, session=plenary)

    assert [no_seat.outcome, ok.outcome, again.outcome, plenary_ok.outcome] == ["no_seat", "ok", "already", "ok"]
    assert registration.attendance.count() == 2


# --- Badges -----------------------------------------------------------------------------------------


def test_participant_badge_keeps_the_turkish_name_exactly_as_written():
    registration = RegistrationFactory(
        person=PersonFactory(given_name="Işıl Ümran", family_name="Çiğdemoğlu Şahinİ"), organisation_name="Göç İdaresi Başkanlığı"
    )

    pdf = documents.participant_badge(registration=registration)

    text = " ".join(_text(pdf.content).split())  # a long name wraps onto two lines
    assert pdf.page_count == 1
    assert "Işıl Ümran Çiğdemoğlu Şahinİ" in text
    assert "Göç İdaresi Başkanlığı" in text
    assert "Delege / Delegate" in text
    assert registration.code in text


def test_badge_of_an_unapproved_or_cancelled_registration_is_refused():
    for status in (Status.SUBMITTED, Status.CANCELLED):
        with pytest.raises(ValidationError) as error:
            documents.participant_badge(registration=RegistrationFactory(status=status))
        assert error.value.messages == ["A badge is available once the registration is approved."]


def test_badge_batch_prints_four_badges_per_sheet_of_approved_participants_only():
    conference = ConferenceFactory()
    for n in range(5):
        RegistrationFactory(conference=conference, person=PersonFactory(given_name=f"Gülşen{n}"))
    RegistrationFactory(conference=conference, status=Status.CANCELLED, person=PersonFactory(given_name="İptal"))
    batch = BadgeBatch.objects.create(conference=conference, requested_by=UserFactory(role=ICMPD_STAFF))

    done = documents.build_badge_batch(batch_id=batch.pk)

    text = _text(done.file.read())
    assert done.status == BadgeBatch.Status.DONE
    assert (done.badge_count, done.page_count) == (5, 2)
    assert all(f"Gülşen{n}" in text for n in range(5))
    assert "İptal" not in text


def test_badge_batch_without_approved_participants_records_the_failure():
    batch = BadgeBatch.objects.create(conference=ConferenceFactory(), requested_by=UserFactory(role=ICMPD_STAFF))

    done = documents.build_badge_batch(batch_id=batch.pk)

    assert done.status == BadgeBatch.Status.FAILED
    assert done.error == "There are no approved registrations to print badges for."


# --- Visa invitation letters ----------------------------------------------------------------------


def test_invitation_letter_is_bilingual_with_the_passport_details_and_logged():
    registration = _visa_registration()
    staff = UserFactory(role=ICMPD_STAFF)

    letter = documents.generate_invitation_letter(registration=registration, by=staff)

    text = _text(letter.file.read())
    assert "Davet Mektubu" in text
    assert "Letter of Invitation" in text
    assert "ŞÜKRÜ İLKAY ÇAĞLAYAN ÖZTÜRK" in text
    assert "U12345678" in text
    assert InvitationLetter.objects.get().generated_by == staff


def test_invitation_letter_is_refused_to_non_staff_and_without_a_request():
    with pytest.raises(ValidationError):
        documents.generate_invitation_letter(registration=_visa_registration(), by=UserFactory())
    with pytest.raises(ValidationError) as error:
        documents.generate_invitation_letter(registration=RegistrationFactory(), by=UserFactory(role=ICMPD_STAFF))
    assert error.value.messages == ["This participant did not ask for a visa invitation letter."]
    assert InvitationLetter.objects.count() == 0


def test_passport_data_and_letters_are_erased_after_the_retention_period():
    ended = ConferenceFactory(
        starts_on=timezone.localdate() - timedelta(days=40),
        ends_on=timezone.localdate() - timedelta(days=39),
        registration_opens_at=timezone.now() - timedelta(days=100),
        registration_closes_at=timezone.now() - timedelta(days=50),
        passport_retention_days=30,
    )
    old = _visa_registration(conference=ended)
    letter = documents.generate_invitation_letter(registration=old, by=UserFactory(role=ICMPD_STAFF))
    current = _visa_registration()

    erased = documents.erase_expired_passport_data()
    again = documents.erase_expired_passport_data()

    old.refresh_from_db()
    current.refresh_from_db()
    letter.refresh_from_db()
    assert (erased, again) == (1, 0)
    assert (old.passport_number, old.passport_name, old.date_of_birth, old.passport_expires_on) == ("", "", None, None)
    assert old.passport_erased_at is not None
    assert not letter.file and letter.erased_at is not None
    assert current.passport_number == "U12345678"
    assert not old.history.filter(passport_number="U12345678").exists() if hasattr(old.history.model, "passport_number") else True
