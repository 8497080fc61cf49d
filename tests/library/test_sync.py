import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from library.models import Document
from meetings.models import Meeting, MeetingDocument
from tests.factories import pillar, thematic_area
from tests.library.helpers import pdf_bytes
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _meeting_document(meeting, title_tr="Arka plan notu", content=None):
    document = MeetingDocument(meeting=meeting, kind=MeetingDocument.Kind.PRESENTATION, title=title_tr,
                               title_tr=title_tr, title_en="Background note")
    document.file.save("not.pdf", ContentFile(content or pdf_bytes()), save=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        document.save()
    return document


def test_a_meeting_document_is_published_into_the_library_with_the_meetings_tags_and_text():
    meeting = MeetingFactory(pillars=[pillar("public"), pillar("civil")])
    meeting.thematic_areas.set([thematic_area("harmonisation")])
    source = _meeting_document(meeting)

    document = Document.objects.get(meeting_document=source)

    assert (document.title_tr, document.title_en, document.kind) == ("Arka plan notu", "Background note", "presentation")
    assert document.file.name == source.file.name
    assert document.visibility == Document.Visibility.MEMBERS  # staff decide what is public
    assert document.is_listed and document.year == meeting.starts_at.year
    assert document.event_title_tr == meeting.title_tr
    assert document.language == Document.Language.BILINGUAL
    assert {p.code for p in document.pillars.all()} == {"public", "civil"}
    assert [a.code for a in document.thematic_areas.all()] == ["harmonisation"]
    assert document.text_state == Document.TextState.DONE and "sığınmacıların" in document.text


def test_minutes_and_outcomes_appear_once_and_follow_the_meeting():
    meeting = MeetingFactory(status=Meeting.Status.HELD, minutes_tr="<p>İl uyum kurulları toplandı.</p>",
                             minutes_en="<p>Boards met.</p>", outcomes_tr="Ortak anket.")
    meeting.save()
    minutes = Document.objects.get(meeting=meeting, meeting_part="minutes")
    assert minutes.kind == Document.Kind.MINUTES
    assert "İl uyum kurulları toplandı." in minutes.text and "<p>" not in minutes.text
    assert minutes.title_tr.endswith(meeting.title_tr) and minutes.title_en.endswith(meeting.title_en)
    assert Document.objects.filter(meeting=meeting, meeting_part="outcomes").count() == 1

    Document.objects.filter(pk=minutes.pk).update(visibility=Document.Visibility.PUBLIC)
    meeting.outcomes_tr = ""
    meeting.save()

    assert not Document.objects.filter(meeting=meeting, meeting_part="outcomes").exists()
    assert Document.objects.get(pk=minutes.pk).visibility == Document.Visibility.PUBLIC  # staff's choice kept


def test_documents_of_a_draft_or_cancelled_meeting_are_not_listed():
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    source = _meeting_document(meeting)
    assert not Document.objects.get(meeting_document=source).is_listed

    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    assert Document.objects.get(meeting_document=source).is_listed

    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    assert not Document.objects.get(meeting_document=source).is_listed


def test_a_meeting_document_deleted_leaves_the_library():
    source = _meeting_document(MeetingFactory())
    source.delete()
    assert not Document.objects.exists()
