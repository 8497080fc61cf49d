"""What the conference erases when a person asks for deletion (registered with magnet.erasure)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from magnet import erasure
from magnet.text import search_key


def _delete_files_on_commit(files) -> None:
    """Storage is not transactional: the files go only once the erasure is committed."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def register() -> None:
    from .models import BadgeBatch, InvitationLetter, Registration, Session

    @erasure.eraser(Registration, Registration.history.model, InvitationLetter, BadgeBatch)
    def erase_registrations(subject: erasure.Subject):
        """Registrations stay (seats and figures stay right) without passport data, needs, travel
        dates or a searchable name; their history is deleted; visa letters and the badge print runs
        that carry the name are deleted."""
        registrations = list(Registration.objects.select_for_update().filter(person_id=subject.person_id))
        now = timezone.now()
        for registration in registrations:
            # update(), not save(): save() would rebuild search_text and write a history row.
            Registration.objects.filter(pk=registration.pk).update(
                passport_name="", passport_number="", passport_country="", passport_expires_on=None,
                date_of_birth=None, passport_erased_at=now, nationality="", dietary_needs="",
                accessibility_needs="", arrival_on=None, departure_on=None, status_reason="", photo_consent=False,
                search_text=search_key(registration.code),
            )
        ids = [r.pk for r in registrations]
        Registration.history.filter(id__in=ids).delete()
        letters = list(InvitationLetter.objects.filter(registration_id__in=ids))
        _delete_files_on_commit(letter.file for letter in letters)
        InvitationLetter.objects.filter(pk__in=[letter.pk for letter in letters]).update(file="", erased_at=now)
        printed_with_them = Q(pk__in=[])
        for registration in registrations:
            printed_with_them |= Q(
                Q(registration_type__isnull=True) | Q(registration_type_id=registration.type_id),
                conference_id=registration.conference_id, created_at__gte=registration.created_at,
            )
        batches = list(BadgeBatch.objects.filter(printed_with_them))
        _delete_files_on_commit(batch.file for batch in batches)
        BadgeBatch.objects.filter(pk__in=[batch.pk for batch in batches]).delete()
        # The programme stops naming them.
        Session.speakers.through.objects.filter(person_id=subject.person_id).delete()
        Session.moderators.through.objects.filter(person_id=subject.person_id).delete()
        return {Registration: ids, InvitationLetter: [letter.pk for letter in letters]}
