"""The right to erasure (KVKK art. 7) across apps, without magnet knowing any app.

`stakeholders.services.anonymise_person` takes a snapshot of who is erased (a `Subject`, taken before
anything is blanked) and calls `erase(subject)` inside its transaction. Every app registers, in its
AppConfig.ready(), one eraser per group of models it owns that hold the person's data:

    @erasure.eraser(Outbox)
    def erase_outbox(subject):
        Outbox.objects.filter(recipient__in=subject.addresses).delete()

An eraser returns the rows it touched as {model: [pk, …]} (or None); the admin log entries of those
rows lose their names. tests/magnet/test_erasure.py lists every model with personal fields and fails
when one is covered by no eraser, so a new model cannot forget its person."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

ERASED = "—"  # what a blanked name reads in every language


@dataclass(frozen=True)
class Subject:
    """Who is erased, as known before erasure."""

    person_id: int
    user_id: int | None
    addresses: frozenset[str]  # every e-mail address of the person and the account, lower-cased


Eraser = Callable[[Subject], dict | None]
_erasers: dict[str, tuple[tuple[type[models.Model], ...], Eraser]] = {}


def eraser(*covered: type[models.Model]):
    """Register the decorated function as the eraser of the person's data in `covered` (list the
    history models too). Registering the same function again replaces it."""

    def register(function: Eraser) -> Eraser:
        _erasers[f"{function.__module__}.{function.__qualname__}"] = (covered, function)
        return function

    return register


def covered_models() -> set[type[models.Model]]:
    """Every model some eraser covers, and the admin log, which erase() itself scrubs."""
    from django.contrib.admin.models import LogEntry

    return {LogEntry} | {model for covered, _function in _erasers.values() for model in covered}


def erase(subject: Subject) -> None:
    """Run every registered eraser. The caller holds the transaction: all or nothing."""
    for _covered, function in _erasers.values():
        for model, pks in (function(subject) or {}).items():
            scrub_admin_log(model, pks)


def scrub_admin_log(model: type[models.Model], pks: Iterable) -> int:
    """Admin log entries keep the object's name as it was (object_repr): blank it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    object_ids = [str(pk) for pk in pks]
    if not object_ids:
        return 0
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False), object_id__in=object_ids
    ).update(object_repr=ERASED, change_message="")


def register() -> None:
    """magnet's own erasers: the account and the outbox (called from MagnetConfig.ready)."""
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    from .models import OutboxMail

    User = get_user_model()

    @eraser(User, EmailAddress, EmailConfirmation, Authenticator)
    def close_account(subject: Subject):
        """The account can never sign in again and keeps no name or address."""
        if subject.user_id is None:
            return None
        EmailAddress.objects.filter(user_id=subject.user_id).delete()  # confirmations cascade
        Authenticator.objects.filter(user_id=subject.user_id).delete()
        user = User.objects.get(pk=subject.user_id)
        user.email = f"erased-{user.pk}@invalid.magnet.local"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        return {User: [user.pk]}

    @eraser(OutboxMail)
    def forget_mail(subject: Subject):
        """The outbox keeps each mail's address and the ids it was rendered from: mails to the person,
        sent or not, go (one that was still to be sent is no longer wanted)."""
        for address in subject.addresses:
            OutboxMail.objects.filter(recipient__iexact=address).delete()
