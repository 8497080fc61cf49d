"""Writes about people: the profile, consent records, and anonymisation (the KVKK right to erasure)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet import erasure

from ..models import ConsentRecord, LegalText, Membership, Person

PROFILE_FIELDS = ("given_name", "family_name", "position", "phone", "preferred_language", "languages_spoken")


@transaction.atomic
def ensure_person_for_user(*, user) -> Person:
    """The registry person of a signed-in user, created from the account on first use.

    Idempotent: a second call returns the same person. An existing person with the same e-mail and
    no account is linked rather than duplicated."""
    person = Person.objects.select_for_update().filter(user=user).first()
    if person:
        return person
    person = Person.objects.select_for_update().filter(user__isnull=True, email__iexact=user.email).first()
    if person is None:
        person = Person(email=user.email)
    person.user = user
    person.given_name = person.given_name or user.first_name
    person.family_name = person.family_name or user.last_name
    person.preferred_language = user.preferred_language
    person.full_clean(exclude=["phone"])
    person.save()
    return person


@transaction.atomic
def register_person_met_in_person(*, given_name: str, family_name: str, email: str = "", position: str = "") -> Person:
    """Staff add someone they met at a meeting's door. With a known e-mail address the existing
    person is returned rather than a duplicate made. No consent is assumed: the person stays out of
    the directory until they give it themselves."""
    email = (email or "").strip()
    if email:
        existing = Person.objects.filter(email__iexact=email, anonymised_at__isnull=True).first()
        if existing:
            return existing
    person = Person(
        given_name=(given_name or "").strip(), family_name=(family_name or "").strip(),
        email=email, position=(position or "").strip(), in_directory=False, added_by_staff=True,
    )
    person.full_clean(exclude=["phone"])
    person.save()
    return person


@transaction.atomic
def add_person_by_staff(
    *, given_name: str, family_name: str, email: str = "", organisation=None, role: str = ""
) -> tuple[Person, bool]:
    """Staff add someone not yet in the registry (e.g. a speaker, from the agenda builder).

    Deduplicated by the registry's rule (`register_person_met_in_person`): a known e-mail address
    returns that person, unchanged, instead of a new one. A new person is marked `added_by_staff`,
    stays out of the directory (no consent assumed) and, with an organisation, gets an approved
    membership there (staff vouch for it). Returns (person, created)."""
    email = (email or "").strip()
    known = email and Person.objects.filter(email__iexact=email, anonymised_at__isnull=True).exists()
    person = register_person_met_in_person(given_name=given_name, family_name=family_name, email=email)
    if known:
        return person, False
    if organisation is not None:
        Membership.objects.create(
            person=person, organisation=organisation, role=(role or "").strip(), status=Membership.Status.APPROVED
        )
    return person, True


def _apply_profile(person: Person, fields: dict) -> None:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(person, name, value)


@transaction.atomic
def update_profile(*, person: Person, **fields) -> Person:
    """Change a person's own profile fields. Validated before anything is saved; the account's name
    and language follow the profile."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _apply_profile(person, fields)
    person.full_clean()
    person.save()
    if person.user_id:
        user = person.user
        user.first_name, user.last_name = person.given_name, person.family_name
        user.preferred_language = person.preferred_language
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return person


@transaction.atomic
def record_consent(*, person: Person, kind: str, given: bool, channel: str) -> ConsentRecord:
    """Add a consent record against the current version of the text of that kind and mirror the
    choice on the person (in_directory, receives_communications). The notice can only be
    acknowledged (given=True), never refused, because it is information, not consent."""
    text = LegalText.objects.filter(kind=kind).order_by("-version").first()
    if text is None:
        raise ValidationError(_("There is no published text of this kind yet."), code="no_text")
    if kind == LegalText.Kind.NOTICE and not given:
        raise ValidationError(_("The information notice can only be acknowledged."), code="notice_only_acknowledged")
    record = ConsentRecord(person=person, text=text, kind=kind, version=text.version, given=given, channel=channel)
    record.full_clean()
    record.save()
    flag = {LegalText.Kind.DIRECTORY: "in_directory", LegalText.Kind.COMMUNICATIONS: "receives_communications"}.get(kind)
    if flag and getattr(person, flag) != given:
        setattr(person, flag, given)
        person.save(update_fields=[flag, "search_text", "updated_at"])
    return record


def withdraw_consent(*, person: Person, kind: str, channel: str = ConsentRecord.Channel.WEB) -> ConsentRecord:
    """Withdraw a consent (directory or communications): a new record with given=False."""
    if kind == LegalText.Kind.NOTICE:
        raise ValidationError(_("The information notice can only be acknowledged."), code="notice_only_acknowledged")
    return record_consent(person=person, kind=kind, given=False, channel=channel)


@transaction.atomic
def complete_profile(
    *,
    person: Person,
    notice_acknowledged: bool,
    directory_consent: bool,
    communications_consent: bool,
    channel: str = ConsentRecord.Channel.WEB,
    **profile,
) -> Person:
    """The onboarding step: save the profile, record that the current notice was read, and record
    each optional consent separately (a refusal is recorded too). All or nothing."""
    if not notice_acknowledged:
        raise ValidationError(
            {"notice_acknowledged": _("Please confirm that you have read the information notice.")}, code="notice"
        )
    person = update_profile(person=person, **profile)
    record_consent(person=person, kind=LegalText.Kind.NOTICE, given=True, channel=channel)
    record_consent(person=person, kind=LegalText.Kind.DIRECTORY, given=directory_consent, channel=channel)
    record_consent(person=person, kind=LegalText.Kind.COMMUNICATIONS, given=communications_consent, channel=channel)
    person.refresh_from_db()
    if person.profile_completed_at is None:
        person.profile_completed_at = timezone.now()
        person.save(update_fields=["profile_completed_at", "search_text", "updated_at"])
    return person


@transaction.atomic
def anonymise_person(*, person: Person) -> Person:
    """Erase a person at their request while keeping the registry's aggregates: every app's eraser
    (magnet.erasure) blanks or deletes what it holds about them — profile, memberships, conference
    registrations with passport data, invitations and notes, search columns, change history, mail
    ledger — and the account is closed so it can never sign in again. All or nothing; idempotent."""
    from allauth.account.models import EmailAddress

    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.anonymised_at:
        return person
    addresses = {person.email, person.user.email if person.user else ""}
    if person.user_id:
        addresses |= set(EmailAddress.objects.filter(user_id=person.user_id).values_list("email", flat=True))
    erasure.erase(
        erasure.Subject(
            person_id=person.pk, user_id=person.user_id, addresses=frozenset(a.lower() for a in addresses if a)
        )
    )
    person.refresh_from_db()
    return person
