"""Printed documents of the conference: badges (single, or print runs of four per A4 sheet), visa
invitation letters (bilingual, logged), the programme PDF; and the erasure of passport data."""

from datetime import timedelta

import segno
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from magnet.pdf import RenderedPdf, render_pdf
from magnet.roles import ICMPD_STAFF, has_role
from magnet.tasks import enqueue_on_commit

from ..models import BadgeBatch, Conference, InvitationLetter, Registration
from ..tokens import badge_token

BADGE_STATUSES = (Registration.Status.APPROVED, Registration.Status.CHECKED_IN)
BADGES_PER_SHEET = 4


def qr_svg(text: str):
    """The QR code as inline SVG markup (drawn by segno from our own signed token, no user markup),
    so WeasyPrint needs no URL fetch for it."""
    return mark_safe(segno.make(text, error="m").svg_inline(scale=4, border=2, omitsize=True))  # noqa: S308


def _type_words(registration_type) -> tuple[str, str]:
    return registration_type.name_tr or registration_type.name, registration_type.name_en or registration_type.name


def _badge_context(registration) -> dict:
    word_tr, word_en = _type_words(registration.type)
    return {
        "registration": registration,
        "name": registration.person.full_name,  # exactly as written, never re-cased
        "organisation": registration.badge_organisation,
        "country": registration.country.name,
        "type_tr": word_tr,
        "type_en": word_en,
        "colour": registration.type.colour,
        "qr": qr_svg(badge_token(registration)),
    }


def render_badges(registrations, *, single: bool = False) -> RenderedPdf:
    """Badges as a PDF: one A6 page (`single`) or four A6 badges per A4 sheet for printing.
    Country names are in English, the working language of the badges; labels are bilingual."""
    registrations = list(registrations)
    if not registrations:
        raise ValidationError(_("There are no approved registrations to print badges for."), code="empty")
    conference = registrations[0].conference
    # Fixed bilingual, whatever the language of the page it is downloaded from: every word that has
    # a language (country, organisation name) is taken in English, the badges' working language.
    with translation.override("en"):
        badges = [_badge_context(r) for r in registrations]
        sheets = [badges[i : i + BADGES_PER_SHEET] for i in range(0, len(badges), BADGES_PER_SHEET)]
        return render_pdf(
            "pdf/conference/badges.html",
            {"conference": conference, "sheets": sheets, "single": single},
            pdf_variant=None,
        )


def participant_badge(*, registration) -> RenderedPdf:
    """The participant's own badge; refused unless the registration is approved."""
    if registration.status not in BADGE_STATUSES:
        raise ValidationError(_("A badge is available once the registration is approved."), code="not_approved")
    return render_badges([registration], single=True)


def request_badge_batch(*, conference, by, registration_type=None) -> BadgeBatch:
    """Staff ask for a print run; a Celery task renders it after the transaction commits."""
    from ..tasks import render_badge_batch

    if not has_role(by, ICMPD_STAFF):
        raise ValidationError(_("Only ICMPD staff print badges."), code="forbidden")
    batch = BadgeBatch(conference=conference, registration_type=registration_type, requested_by=by)
    batch.full_clean()
    batch.save()
    enqueue_on_commit(render_badge_batch, batch.pk)
    return batch


def build_badge_batch(*, batch_id: int) -> BadgeBatch:
    """Render a print run. Idempotent: a finished batch is left as it is; a failure is recorded on
    the batch so the page can show it."""
    with transaction.atomic():
        batch = BadgeBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == BadgeBatch.Status.DONE:
            return batch
        batch.status = BadgeBatch.Status.RUNNING
        batch.save(update_fields=["status"])
    registrations = (
        Registration.objects.filter(conference_id=batch.conference_id, status__in=BADGE_STATUSES)
        .select_related("person", "type", "organisation", "conference")
        .order_by("type__order", "person__family_name", "person__given_name", "pk")
    )
    if batch.registration_type_id:
        registrations = registrations.filter(type_id=batch.registration_type_id)
    try:
        pdf = render_badges(registrations)
    except ValidationError as error:
        batch.status = BadgeBatch.Status.FAILED
        batch.error = " ".join(error.messages)
        batch.finished_at = timezone.now()
        batch.save()
        return batch
    batch.file.save(f"badges-{batch.conference.slug}-{batch.pk}.pdf", ContentFile(pdf.content), save=False)
    batch.badge_count = len(registrations)
    batch.page_count = pdf.page_count
    batch.status = BadgeBatch.Status.DONE
    batch.error = ""
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def generate_invitation_letter(*, registration, by) -> InvitationLetter:
    """A bilingual (Turkish and English) visa invitation letter, stored and logged with who made it.
    Refused unless the person asked for one, the passport details are complete and the registration
    holds an approved seat."""
    if not has_role(by, ICMPD_STAFF):
        raise ValidationError(_("Only ICMPD staff issue invitation letters."), code="forbidden")
    if not registration.needs_visa_letter:
        raise ValidationError(_("This participant did not ask for a visa invitation letter."), code="not_requested")
    if registration.status not in BADGE_STATUSES:
        raise ValidationError(_("Invitation letters are issued for approved registrations only."), code="not_approved")
    if not all(getattr(registration, f) for f in Registration.PASSPORT_FIELDS):
        raise ValidationError(_("The passport details are incomplete or were erased."), code="passport")
    context = {
        "registration": registration,
        "conference": registration.conference,
        "person": registration.person,
        "issued_on": timezone.localdate(),
    }
    with translation.override("tr"):
        pdf = render_pdf("pdf/conference/invitation_letter.html", context)
    with transaction.atomic():
        letter = InvitationLetter(registration=registration, generated_by=by)
        letter.file.save(f"invitation-{registration.code}.pdf", ContentFile(pdf.content), save=False)
        letter.save()
    return letter


def render_programme(*, conference, sessions_by_day, language: str) -> RenderedPdf:
    with translation.override(language):
        return render_pdf("pdf/conference/programme.html", {"conference": conference, "days": sessions_by_day})


def erase_expired_passport_data(*, today=None) -> int:
    """Blank the passport details (and delete the invitation letters that repeat them) of every
    registration whose conference ended more than its retention period ago. Idempotent; returns the
    number of registrations erased. History never held these fields."""
    today = today or timezone.localdate()
    erased = 0
    for conference in Conference.objects.filter(ends_on__lt=today):
        if conference.ends_on + timedelta(days=conference.passport_retention_days) >= today:
            continue
        with transaction.atomic():
            registrations = Registration.objects.select_for_update().filter(
                conference=conference, passport_erased_at__isnull=True
            )
            ids = [r.pk for r in registrations if r.has_passport_data]
            erased += Registration.objects.filter(pk__in=ids).update(
                passport_name="",
                passport_number="",
                passport_country="",
                passport_expires_on=None,
                date_of_birth=None,
                passport_erased_at=timezone.now(),
            )
            for letter in InvitationLetter.objects.filter(registration__conference=conference, erased_at__isnull=True):
                if letter.file:
                    letter.file.delete(save=False)
                letter.erased_at = timezone.now()
                letter.save(update_fields=["file", "erased_at"])
    return erased

