from django.db import transaction

from .models import Person


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
