import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from stakeholders import services
from stakeholders.models import ConsentRecord, LegalText, Membership, Organisation, OrganisationType, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, thematic_area

pytestmark = pytest.mark.django_db

PROFILE = {
    "given_name": "Çağrı",
    "family_name": "Işıkoğlu",
    "position": "Saha Koordinatörü",
    "phone": "+90 312 555 01 02",
    "preferred_language": "tr",
    "languages_spoken": ["tr", "ar"],
}


def _person(**kwargs):
    user = UserFactory(**kwargs)
    return services.ensure_person_for_user(user=user)


def test_complete_profile_records_the_notice_and_each_consent_separately():
    person = _person()
    person = services.complete_profile(
        person=person, notice_acknowledged=True, directory_consent=True, communications_consent=False, **PROFILE
    )
    records = {r.kind: r for r in person.consents.all()}
    assert {k: (r.given, r.version, r.channel) for k, r in records.items()} == {
        "notice": (True, 1, "web"),
        "directory": (True, 1, "web"),
        "communications": (False, 1, "web"),
    }
    assert person.in_directory is True
    assert person.receives_communications is False
    assert person.profile_completed_at is not None
    assert str(person.phone) == "+903125550102"
    person.user.refresh_from_db()
    assert (person.user.first_name, person.user.last_name) == ("Çağrı", "Işıkoğlu")


def test_complete_profile_without_reading_the_notice_saves_nothing():
    person = _person(first_name="Ayşe")
    with pytest.raises(ValidationError):
        services.complete_profile(
            person=person, notice_acknowledged=False, directory_consent=True, communications_consent=True,
            **{**PROFILE, "given_name": "Changed"},
        )
    person.refresh_from_db()
    assert person.given_name == "Ayşe"
    assert ConsentRecord.objects.count() == 0


def test_complete_profile_with_an_invalid_phone_saves_nothing():
    person = _person(first_name="Ayşe")
    with pytest.raises(ValidationError) as error:
        services.complete_profile(
            person=person, notice_acknowledged=True, directory_consent=True, communications_consent=True,
            **{**PROFILE, "phone": "not a phone"},
        )
    assert "phone" in error.value.message_dict
    person.refresh_from_db()
    assert person.given_name == "Ayşe"
    assert person.profile_completed_at is None
    assert ConsentRecord.objects.count() == 0


def test_over_long_name_is_rejected():
    person = _person()
    with pytest.raises(ValidationError) as error:
        services.update_profile(person=person, given_name="x" * 151)
    assert "given_name" in error.value.message_dict


def test_consent_records_point_at_the_latest_text_version():
    person = _person()
    LegalText.objects.create(kind="directory", version=2, title="v2", title_tr="v2", title_en="v2", body="b", body_tr="b", body_en="b")
    record = services.record_consent(person=person, kind="directory", given=True, channel="web")
    assert (record.version, record.text.version) == (2, 2)


def test_withdrawing_a_consent_adds_a_record_and_hides_the_person():
    person = _person()
    services.record_consent(person=person, kind="directory", given=True, channel="web")
    services.withdraw_consent(person=person, kind="directory")
    person.refresh_from_db()
    assert person.in_directory is False
    assert list(person.consents.filter(kind="directory").values_list("given", flat=True)) == [False, True]


def test_the_notice_cannot_be_refused_or_withdrawn():
    person = _person()
    with pytest.raises(ValidationError):
        services.withdraw_consent(person=person, kind=LegalText.Kind.NOTICE)


def _propose(person, **overrides):
    fields = {
        "name_tr": "Mersin Göçmen Dayanışma Derneği",
        "name_en": "Mersin Migrant Solidarity Association",
        "acronym": "MGDD",
        "type": OrganisationType.objects.get(code="association"),
        "country": "TR",
        "province": "33",
        "thematic_areas": [thematic_area("harmonisation")],
        "role": "Başkan",
    }
    return services.propose_organisation(person=person, **{**fields, **overrides})


def test_proposed_organisation_waits_with_the_proposer_as_pending_focal_point():
    person = _person()
    organisation = _propose(person)
    membership = organisation.memberships.get()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.pillar.code == "civil"
    assert organisation.proposed_by == person
    assert (membership.person, membership.is_focal_point, membership.status) == (person, True, "pending")
    assert [a.code for a in organisation.thematic_areas.all()] == ["harmonisation"]


def test_proposing_the_same_organisation_twice_creates_it_once():
    person = _person()
    first = _propose(person)
    second = _propose(person, name_tr="  Mersin Göçmen Dayanışma Derneği ")
    assert first.pk == second.pk
    assert Organisation.objects.count() == 1


def test_proposal_with_a_bad_url_and_email_writes_nothing():
    person = _person()
    with pytest.raises(ValidationError) as error:
        _propose(person, website="javascript:alert(1)", email="not-an-email")
    assert set(error.value.message_dict) == {"website", "email"}
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_joining_is_pending_and_asking_again_is_idempotent():
    person = _person()
    organisation = OrganisationFactory()
    first = services.join_organisation(person=person, organisation=organisation, role="Uzman")
    second = services.join_organisation(person=person, organisation=organisation, role="Uzman")
    assert first.pk == second.pk
    assert first.status == Membership.Status.PENDING


def test_a_pending_organisation_cannot_be_joined():
    with pytest.raises(ValidationError):
        services.join_organisation(person=_person(), organisation=OrganisationFactory(status="pending"))


def test_approving_an_organisation_approves_its_proposer_and_mails_them_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = _person(preferred_language="en")
    organisation = _propose(person)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.status == "approved"
    assert organisation.memberships.get().status == "approved"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    assert mailoutbox[0].subject == "[MAGNET] Mersin Migrant Solidarity Association is approved in the MAGNET registry"
    assert "/en/registry/organisations/" in mailoutbox[0].body


def test_approving_twice_sends_one_mail(mailoutbox, django_capture_on_commit_callbacks):
    organisation = _propose(_person())
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=organisation)
        services.approve_organisation(organisation=organisation)
    assert len(mailoutbox) == 1


def test_rejection_needs_a_reason_and_tells_the_proposer_the_reason(mailoutbox, django_capture_on_commit_callbacks):
    person = _person(preferred_language="tr")
    organisation = _propose(person)
    with pytest.raises(ValidationError):
        services.reject_organisation(organisation=organisation, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_organisation(organisation=organisation, reason="Zaten kayıtlı: SGDD-ASAM")
    organisation.refresh_from_db()
    assert organisation.status == "rejected"
    assert organisation.memberships.get().status == "rejected"
    assert len(mailoutbox) == 1
    assert "Zaten kayıtlı: SGDD-ASAM" in mailoutbox[0].body
    assert "Gerekçe: Zaten kayıtlı: SGDD-ASAM" in mailoutbox[0].body


def test_membership_decisions_mail_the_person(mailoutbox, django_capture_on_commit_callbacks):
    person = _person(preferred_language="en")
    approved = services.join_organisation(person=person, organisation=OrganisationFactory(name_en="Red Crescent"))
    rejected = services.join_organisation(person=person, organisation=OrganisationFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_membership(membership=approved)
        services.reject_membership(membership=rejected, reason="Not a staff member")
    assert [m.subject.startswith("[MAGNET] Your membership") for m in mailoutbox] == [True, True]
    assert "Not a staff member" in mailoutbox[1].body


def test_markup_in_names_stays_text_in_mails(mailoutbox, django_capture_on_commit_callbacks):
    person = _person(first_name='<script>alert(1)</script>', preferred_language="en")
    organisation = _propose(person, name_tr='"><img src=x onerror=alert(1)>', name_en="")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=organisation)
    message = mailoutbox[0]
    [(html, _mimetype)] = message.alternatives  # the HTML part escapes what the plain part says
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '"><img src=x onerror=alert(1)>' in message.subject


def test_merge_moves_memberships_children_and_themes_to_the_survivor():
    target = OrganisationFactory(acronym="")
    source = OrganisationFactory(acronym="SGDD", website="https://sgdd.org.tr", thematic_areas=[thematic_area("asylum")])
    child = OrganisationFactory(parent=source)
    both = PersonFactory()
    MembershipFactory(person=both, organisation=target, is_focal_point=False)
    MembershipFactory(person=both, organisation=source, is_focal_point=True)
    only_source = MembershipFactory(organisation=source)
    services.merge_organisations(source=source, target=target)
    source.refresh_from_db()
    target.refresh_from_db()
    child.refresh_from_db()
    only_source.refresh_from_db()
    assert (source.status, source.merged_into) == ("suspended", target)
    assert only_source.organisation == target
    assert target.memberships.get(person=both).is_focal_point is True
    assert target.memberships.count() == 2
    assert child.parent == target
    assert target.acronym == "SGDD"
    assert target.website == "https://sgdd.org.tr"
    assert [a.code for a in target.thematic_areas.all()] == ["asylum"]
    assert target.history.first().history_change_reason.startswith(f"Merged #{source.pk}")


def test_an_organisation_cannot_be_merged_into_itself_or_twice():
    a, b, c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    with pytest.raises(ValidationError):
        services.merge_organisations(source=a, target=a)
    services.merge_organisations(source=a, target=b)
    with pytest.raises(ValidationError):
        services.merge_organisations(source=a, target=c)


def test_anonymising_keeps_counts_and_erases_the_person_and_account():
    user = UserFactory(first_name="Çağrı", last_name="Işıkoğlu")
    person = services.ensure_person_for_user(user=user)
    services.update_profile(person=person, position="Uzman", phone="+905551112233")
    membership = MembershipFactory(person=person)
    services.record_consent(person=person, kind="directory", given=True, channel="web")
    services.anonymise_person(person=person)
    person.refresh_from_db()
    user.refresh_from_db()
    assert (person.given_name, person.family_name, person.email, str(person.phone), person.position) == (
        "—", "", "", "", ""
    )
    assert person.in_directory is False and person.user is None and person.anonymised_at is not None
    assert person.history.count() == 0
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert user.is_active is False and user.email.endswith("@invalid.magnet.local") and user.first_name == ""
    assert not user.has_usable_password()
    assert Person.objects.filter(search_text__contains="isikoglu").count() == 0


def test_one_current_membership_per_organisation_is_a_database_rule():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(person=membership.person, organisation=membership.organisation)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_join_requests_make_one_membership():
    import threading

    from django.db import connection

    from .factories import ensure_reference_data

    ensure_reference_data()
    person = PersonFactory()
    organisation = OrganisationFactory()
    barrier = threading.Barrier(2)
    errors = []

    def join():
        try:
            barrier.wait()
            services.join_organisation(person=person, organisation=organisation, role="Uzman")
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=join) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Membership.objects.filter(person=person, organisation=organisation).count() == 1
