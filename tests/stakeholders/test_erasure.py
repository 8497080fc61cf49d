""""Delete my data" erases the person everywhere: what staff can still search, open and export
afterwards holds nothing of them (issue 9, item 5)."""

import datetime
import io
import os

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from conference.models import BadgeBatch, InvitationLetter, Registration
from magnet.models import OutboxMail
from meetings.models import Invitation
from stakeholders import services
from stakeholders.models import Membership, Person
from tests.conference.factories import ConferenceFactory, RegistrationFactory, SessionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.meetings.factories import InvitationFactory

from .factories import staff_user

pytestmark = pytest.mark.django_db
SECRETS = ("Selin", "Karagöz", "selin.karagoz", "U12345678", "SELIN KARAGOZ", "1987", "Glütensiz", "Tekerlekli",
           "Vejetaryen", "Geç kalabilirim")


def _person_with_everything(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(email="selin.karagoz@example.org", first_name="Selin", last_name="Karagöz")
    person = services.ensure_person_for_user(user=user)
    services.update_profile(person=person, position="Uzman", phone="+903125550102")
    membership = MembershipFactory(person=person, organisation=OrganisationFactory(), role="Koordinatör", status="approved")
    conference = ConferenceFactory()
    registration = RegistrationFactory(
        conference=conference, person=person, status=Registration.Status.SUBMITTED, needs_visa_letter=True,
        passport_name="SELIN KARAGOZ", passport_number="U12345678", passport_country="TR",
        passport_expires_on=datetime.date(2031, 1, 1), date_of_birth=datetime.date(1987, 5, 6),
        dietary_needs="Glütensiz", accessibility_needs="Tekerlekli sandalye", nationality="TR",
    )
    registration.save()  # a second history row, as an edit makes
    letter = InvitationLetter.objects.create(registration=registration)
    letter.file.save("letter.pdf", ContentFile(b"%PDF SELIN KARAGOZ U12345678"))
    batch = BadgeBatch.objects.create(conference=conference, status=BadgeBatch.Status.DONE)
    batch.file.save("badges.pdf", ContentFile("%PDF Selin Karagöz".encode()))
    SessionFactory(conference=conference, speakers=[person])
    invitation = InvitationFactory(person=person, note="Geç kalabilirim", dietary_needs="Vejetaryen")
    for address in ("selin.karagoz@example.org", "someone.else@example.org"):
        OutboxMail.objects.create(
            key=f"abc123:{address}", recipient=address, language="tr", template="meetings/invitation",
            message_id=f"<abc123.{address}>",
        )
    LogEntry.objects.create(
        user=staff_user(), content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk),
        object_repr=str(person), action_flag=CHANGE, change_message="Selin Karagöz",
    )
    return user, person, membership, registration, letter, batch, invitation


def test_delete_my_data_leaves_nothing_staff_can_search_open_or_export(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    user, person, membership, registration, letter, batch, invitation = _person_with_everything(settings, tmp_path)
    letter_path, batch_path = letter.file.path, batch.file.path
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tr/registry/my-data/delete/", {"confirm": "1"})
    assert response.status_code == 302

    client.force_login(staff_user())
    slug = registration.conference.slug
    for query in ("selin", "karagoz", "selin.karagoz@example.org"):
        page = client.get(f"/en/conference/{slug}/staff/registrations/", {"status": "", "q": query})
        assert list(page.context["page"]) == []
    assert [r.pk for r in client.get(f"/en/conference/{slug}/staff/registrations/", {"q": registration.code}).context["page"]] == [registration.pk]
    html = client.get(f"/en/conference/staff/registrations/{registration.pk}/").content.decode()
    workbook = load_workbook(io.BytesIO(client.get(f"/en/conference/{slug}/staff/registrations.xlsx?passport=1&status=").content))
    exported = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    for secret in SECRETS:
        assert secret.lower() not in html.lower(), secret
        assert secret.lower() not in exported.lower(), secret

    # And in the tables behind those pages:
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.email, person.search_text, person.directory_text) == ("—", "", "", "—", "—")
    assert not Person.history.filter(id=person.pk).exists()
    membership.refresh_from_db()
    assert membership.role == "" and not Membership.history.filter(person_id=person.pk).exists()
    registration.refresh_from_db()
    assert not registration.has_passport_data and registration.passport_erased_at
    assert (registration.dietary_needs, registration.accessibility_needs, registration.search_text) == ("", "", registration.code.lower())
    assert not Registration.history.filter(id=registration.pk).exists()
    letter.refresh_from_db()
    assert letter.erased_at and not letter.file
    assert not BadgeBatch.objects.filter(pk=batch.pk).exists()


    assert not os.path.exists(letter_path) and not os.path.exists(batch_path)
    assert not registration.conference.sessions.filter(speakers=person).exists()
    invitation.refresh_from_db()
    assert (invitation.note, invitation.dietary_needs) == ("", "")
    assert not Invitation.history.filter(person_id=person.pk).exists()
    assert list(OutboxMail.objects.values_list("recipient", flat=True)) == ["someone.else@example.org"]
    entry = LogEntry.objects.get(object_id=str(person.pk), content_type__model="person")
    assert (entry.object_repr, entry.change_message) == ("—", "")
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password() and "selin" not in user.email


def test_erasure_is_all_or_nothing(settings, tmp_path, monkeypatch):
    """An eraser that fails rolls every other eraser back: nothing is half erased."""
    from magnet import erasure

    user, person, *_ = _person_with_everything(settings, tmp_path)

    def broken(subject):
        raise RuntimeError("disk full")

    monkeypatch.setitem(erasure._erasers, "tests.broken", ((), broken))
    with pytest.raises(RuntimeError):
        services.anonymise_person(person=person)
    person.refresh_from_db()
    assert person.given_name == "Selin" and person.anonymised_at is None
    assert Registration.objects.get(person=person).passport_number == "U12345678"
