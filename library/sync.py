"""Meetings' documents, minutes and outcomes in the library.

The library reads meetings; meetings know nothing of the library. `LibraryConfig.ready()` connects
the receivers below to the meetings' model signals, and each calls `sync_meeting`, which makes the
library match the meeting as it is now. Idempotent: running it twice changes nothing; staff's choice
of visibility is never overwritten."""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingDocument

from . import services
from .models import Document

LISTED_STATUSES = (Meeting.Status.PUBLISHED, Meeting.Status.HELD)
KIND_OF_MEETING_DOCUMENT = {
    MeetingDocument.Kind.AGENDA: Document.Kind.AGENDA,
    MeetingDocument.Kind.BACKGROUND: Document.Kind.BACKGROUND,
    MeetingDocument.Kind.PRESENTATION: Document.Kind.PRESENTATION,
    MeetingDocument.Kind.OTHER: Document.Kind.OTHER,
}


def _language_of(meeting: Meeting) -> str:
    languages = set(meeting.working_languages or [])
    if {"tr", "en"} <= languages:
        return Document.Language.BILINGUAL
    return Document.Language.ENGLISH if languages == {"en"} else Document.Language.TURKISH


def _in_both(text_function) -> tuple[str, str]:
    values = []
    for language in ("tr", "en"):
        with translation.override(language):
            values.append(text_function())
    return tuple(values)


@transaction.atomic
def sync_meeting(*, meeting_id: int) -> None:
    """Publish the meeting's documents, minutes and outcomes into the library (listed while the
    meeting is published or held), with its year, pillars, thematic areas and title as the event."""
    meeting = Meeting.objects.filter(pk=meeting_id).prefetch_related("pillars", "thematic_areas").first()
    if meeting is None:
        return
    listed = meeting.status in LISTED_STATUSES
    common = {
        "year": meeting.starts_at.year, "is_listed": listed, "meeting": meeting,
        "event_title": meeting.title_tr or meeting.title, "event_title_tr": meeting.title_tr or meeting.title,
        "event_title_en": meeting.title_en or "",
    }
    pillars, areas = list(meeting.pillars.all()), list(meeting.thematic_areas.all())
    kept = []
    for source in MeetingDocument.objects.filter(meeting=meeting):
        document = Document.objects.filter(meeting_document=source).first() or Document(
            meeting_document=source, visibility=Document.Visibility.MEMBERS, language=_language_of(meeting)
        )
        file_changed = document.file.name != source.file.name
        document.file = source.file.name
        document.title, document.title_tr, document.title_en = source.title_tr or source.title, source.title_tr or source.title, source.title_en or ""
        document.kind = KIND_OF_MEETING_DOCUMENT.get(source.kind, Document.Kind.OTHER)
        kept.append(_save(document, common, pillars, areas, file_changed=file_changed))
    for part, kind in ((Document.Part.MINUTES, Document.Kind.MINUTES), (Document.Part.OUTCOMES, Document.Kind.OUTCOME)):
        text_tr, text_en = getattr(meeting, f"{part}_tr") or "", getattr(meeting, f"{part}_en") or ""
        if not (text_tr or text_en):
            continue
        document = Document.objects.filter(meeting=meeting, meeting_part=part).first() or Document(
            meeting_part=part, visibility=Document.Visibility.MEMBERS, language=_language_of(meeting)
        )
        label = (lambda: _("Minutes")) if part == Document.Part.MINUTES else (lambda: _("Outcomes"))
        label_tr, label_en = _in_both(label)
        document.title = document.title_tr = f"{label_tr}: {common['event_title_tr']}"
        document.title_en = f"{label_en}: {common['event_title_en'] or common['event_title_tr']}"
        document.kind = kind
        document.text = services.plain_text(f"{text_tr}\n\n{text_en}")
        document.text_state = Document.TextState.NONE
        kept.append(_save(document, common, pillars, areas, file_changed=False))
    # Rows that came from the meeting and are gone from it (not staff uploads naming the meeting).
    Document.objects.filter(meeting=meeting).exclude(pk__in=kept).filter(
        Q(meeting_document__isnull=False) | ~Q(meeting_part="")
    ).delete()


# The extraction task owns these on a meeting document's row: a sync never writes them back.
_TASK_FIELDS = {"text", "text_state", "text_error", "text_file", "pages", "search_tr", "search_en", "search_text"}


def _save(document, common, pillars, areas, *, file_changed) -> int:
    for field, value in common.items():
        setattr(document, field, value)
    if document.pk is None:
        document.save()
    else:
        owned = _TASK_FIELDS if document.meeting_document_id else _TASK_FIELDS - {"text", "text_state"}
        fields = [f.attname for f in Document._meta.concrete_fields if not f.primary_key and f.attname not in owned]
        document.save(update_fields=fields)
    document.pillars.set(pillars)
    document.thematic_areas.set(areas)
    services.document_saved(document=document, file_changed=file_changed)
    return document.pk


def _meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_meeting(meeting_id=instance.pk)


def _document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_meeting(meeting_id=instance.meeting_id)


def _meeting_tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Meeting):
        sync_meeting(meeting_id=instance.pk)


def connect() -> None:
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="library.meeting_saved")
    post_save.connect(_document_saved, sender=MeetingDocument, dispatch_uid="library.meeting_document_saved")
    m2m_changed.connect(_meeting_tags_changed, sender=Meeting.pillars.through, dispatch_uid="library.meeting_pillars")
    m2m_changed.connect(
        _meeting_tags_changed, sender=Meeting.thematic_areas.through, dispatch_uid="library.meeting_areas"
    )
