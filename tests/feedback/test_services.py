import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback import services
from feedback.models import Answer, FeedbackForm, Recipient, Response
from feedback.tokens import response_key
from magnet.models import OutboxMail
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory

from .factories import answers_for, attendee, held_meeting, sent_form, template

pytestmark = pytest.mark.django_db


def test_sending_mails_each_attendee_once_bilingually_with_a_personal_link(mailoutbox, django_capture_on_commit_callbacks):
    meeting = held_meeting(title_tr="Van Dört Sütun Toplantısı", title_en="Van Four-Pillar Meeting")
    turkish = attendee(meeting, "public", preferred_language="tr")
    english = attendee(meeting, "international", preferred_language="en")
    attendee(meeting, "civil", attended=False)  # invited, did not come: not asked
    form = services.create_form(template=template(), meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_form(form=form) == 2

    form.refresh_from_db()
    assert form.state == FeedbackForm.State.OPEN
    assert form.closes_at == form.sent_at + datetime.timedelta(days=14)
    assert set(Recipient.objects.filter(form=form).values_list("person_id", flat=True)) == {turkish.person_id, english.person_id}
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {turkish.person.email, english.person.email}
    tr_mail = by_address[turkish.person.email]
    assert tr_mail.subject.endswith("Van Dört Sütun Toplantısı hakkındaki görüşleriniz / Your feedback on Van Four-Pillar Meeting")
    assert "/tr/feedback/answer/" in tr_mail.body and "/en/feedback/answer/" in tr_mail.body
    assert tr_mail.body.index("Sayın") < tr_mail.body.index("Dear")
    en_mail = by_address[english.person.email]
    assert en_mail.body.index("Dear") < en_mail.body.index("Sayın")


def test_sending_twice_is_refused_and_writes_nothing_more():
    meeting = held_meeting()
    attendee(meeting)
    form = sent_form(meeting)
    with pytest.raises(ValidationError, match="zaten gönderildi"):
        services.send_form(form=form)
    assert OutboxMail.objects.filter(template="feedback/invitation").count() == 1


def test_a_form_is_not_sent_before_the_meeting_is_held():
    meeting = MeetingFactory(status=Meeting.Status.PUBLISHED)
    attendee(meeting)
    form = services.create_form(template=template(), meeting=meeting)
    with pytest.raises(ValidationError, match="etkinlik sona erdikten"):
        services.send_form(form=form)
    assert not Recipient.objects.exists()
    assert FeedbackForm.objects.get().state == FeedbackForm.State.DRAFT


def test_a_template_missing_english_is_not_sent():
    meeting = held_meeting()
    attendee(meeting)
    form = services.create_form(template=template(complete=False), meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.send_form(form=form)
    assert error.value.messages == ["1. sorunun EN metni yok."]
    assert not OutboxMail.objects.exists()


def test_without_attendance_taken_those_who_accepted_are_asked():
    meeting = held_meeting()
    first = attendee(meeting, attended=False)
    second = attendee(meeting, attended=False)
    form = sent_form(meeting)
    assert set(form.recipients.values_list("person_id", flat=True)) == {first.person_id, second.person_id}


def test_one_response_per_attendee_and_editing_replaces_the_answers():
    meeting = held_meeting()
    invitation = attendee(meeting, "civil")
    form = sent_form(meeting)
    recipient = form.recipients.get()

    first = services.submit_response(recipient=recipient, answers=answers_for(form, rating=2, multiple=(0, 1), text="Kısa"))
    second = services.submit_response(recipient=recipient, answers=answers_for(form, rating=5, multiple=(2,)))

    assert first.pk == second.pk
    response = Response.objects.get()
    assert response.key == response_key(recipient)
    assert response.person_id is None  # anonymous: no link to the person
    assert response.pillar.code == "civil"
    assert sorted(Answer.objects.filter(response=response, rating__isnull=False).values_list("rating", flat=True)) == [5]
    assert Answer.objects.filter(response=response, option__label_en="Meeting others").count() == 1
    assert not Answer.objects.filter(response=response).exclude(text="").exists()
    recipient.refresh_from_db()
    assert recipient.answered is True
    assert invitation.person_id not in Response.objects.values_list("person_id", flat=True)


def test_a_form_that_is_not_anonymous_keeps_the_person():
    meeting = held_meeting()
    invitation = attendee(meeting)
    form = sent_form(meeting, anonymous=False)
    response = services.submit_response(recipient=form.recipients.get(), answers=answers_for(form))
    assert response.person_id == invitation.person_id


def test_a_closed_form_refuses_answers_and_changes_nothing():
    meeting = held_meeting()
    attendee(meeting)
    form = sent_form(meeting)
    recipient = form.recipients.get()
    services.submit_response(recipient=recipient, answers=answers_for(form, rating=3))
    services.close_form(form=form)

    with pytest.raises(ValidationError, match="kapandı"):
        services.submit_response(recipient=recipient, answers=answers_for(form, rating=5))
    assert list(Answer.objects.filter(rating__isnull=False).values_list("rating", flat=True)) == [3]


def test_a_form_past_its_closing_time_refuses_answers():
    meeting = held_meeting()
    attendee(meeting)
    form = sent_form(meeting)
    FeedbackForm.objects.filter(pk=form.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="kapandı"):
        services.submit_response(recipient=form.recipients.get(), answers=answers_for(form))
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"rating": 6}, "1 ile 5 arasında bir puan seçin."),
        ({"rating": None}, "Lütfen bu soruyu yanıtlayın."),
        ({"single": "foreign"}, "Seçeneklerden birini seçin."),
        ({"multiple": "foreign"}, "Seçenekler arasından seçin."),
    ],
)
def test_answers_that_do_not_fit_are_refused_with_a_message_per_question(change, field_message):
    meeting = held_meeting()
    attendee(meeting)
    form = sent_form(meeting)
    other_form = sent_form(held_meeting())
    answers = answers_for(form)
    questions = list(form.template.questions.all())
    foreign = other_form.template.questions.get(order=2).options.first().pk
    if "rating" in change:
        answers[questions[0].pk] = change["rating"]
    if "single" in change:
        answers[questions[1].pk] = foreign
    if "multiple" in change:
        answers[questions[2].pk] = [foreign]
    with pytest.raises(ValidationError) as error:
        services.submit_response(recipient=form.recipients.get(), answers=answers)
    assert list(error.value.message_dict.values()) == [[field_message]]
    assert not Response.objects.exists()


def test_the_reminder_goes_once_and_only_to_those_who_have_not_answered(mailoutbox, django_capture_on_commit_callbacks):
    meeting = held_meeting()
    answered = attendee(meeting)
    waiting = attendee(meeting, preferred_language="en")
    form = sent_form(meeting)
    services.submit_response(recipient=form.recipients.get(person=answered.person), answers=answers_for(form))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminder(form=form) == 1
    with pytest.raises(ValidationError, match="zaten gönderildi"):
        services.send_reminder(form=form)

    assert [mail.to[0] for mail in mailoutbox] == [waiting.person.email]
    assert "Reminder: your feedback on" in mailoutbox[0].subject
    assert OutboxMail.objects.filter(template="feedback/reminder").count() == 1
    assert form.recipients.get(person=waiting.person).reminded_at is not None


def test_the_schedule_sends_when_held_reminds_once_and_closes():
    meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(hours=3),
                             ends_at=timezone.now() - datetime.timedelta(hours=1))
    attendee(meeting)
    form = services.create_form(template=template(), meeting=meeting, reminder_days=2, open_days=7)
    now = timezone.now()

    assert services.run_schedule(now=now) == {"sent": 0, "reminded": 0, "closed": 0}  # not marked held yet
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    assert services.run_schedule(now=now) == {"sent": 1, "reminded": 0, "closed": 0}
    assert services.run_schedule(now=now + datetime.timedelta(days=3)) == {"sent": 0, "reminded": 1, "closed": 0}
    assert services.run_schedule(now=now + datetime.timedelta(days=4)) == {"sent": 0, "reminded": 0, "closed": 0}
    assert services.run_schedule(now=now + datetime.timedelta(days=8)) == {"sent": 0, "reminded": 0, "closed": 1}
    form.refresh_from_db()
    assert form.state == FeedbackForm.State.CLOSED
    assert OutboxMail.objects.filter(template="feedback/reminder").count() == 1


def test_a_form_is_for_one_event_only():
    meeting = held_meeting()
    with pytest.raises(ValidationError):
        services.create_form(template=template(), meeting=None, conference=None)
    services.create_form(template=template(), meeting=meeting)
    with pytest.raises(ValidationError):
        services.create_form(template=template(), meeting=meeting)


def test_a_conference_form_goes_to_those_checked_in_once_the_conference_has_ended(mailoutbox, django_capture_on_commit_callbacks):
    from conference.models import Registration
    from tests.conference.factories import ConferenceFactory, RegistrationFactory
    from tests.factories import pillar

    today = timezone.localdate()
    conference = ConferenceFactory(starts_on=today - datetime.timedelta(days=3), ends_on=today - datetime.timedelta(days=2),
                                   title_tr="Bölgesel MAGNET Konferansı", title_en="Regional MAGNET Conference")
    came = RegistrationFactory(conference=conference, pillar=pillar("international"), status=Registration.Status.CHECKED_IN)
    RegistrationFactory(conference=conference, status=Registration.Status.APPROVED)  # did not come
    form = services.create_form(template=template(), conference=conference)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_form(form=form) == 1

    assert form.recipients.get().pillar.code == "international"
    assert [mail.to[0] for mail in mailoutbox] == [came.person.email]
    assert "Bölgesel MAGNET Konferansı hakkındaki görüşleriniz" in mailoutbox[0].subject


def test_a_conference_still_running_is_not_asked():
    from tests.conference.factories import ConferenceFactory

    today = timezone.localdate()
    form = services.create_form(template=template(), conference=ConferenceFactory(starts_on=today, ends_on=today))
    with pytest.raises(ValidationError):
        services.send_form(form=form)
