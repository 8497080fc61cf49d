"""The one outbox: a notification is a row written with the change that causes it, sent after the
commit by a task, marked sent, swept when stale; never lost, never twice — also when the broker is
down at commit, the database refuses the mark after the SMTP server accepted the mail, or the
worker is killed between sending and marking."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from magnet import outbox
from magnet.models import OutboxMail
from meetings import services as meetings
from meetings.models import Invitation
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory

State = OutboxMail.State


def _invite(count=3, **person):
    meeting = MeetingFactory()
    people = [PersonFactory(**person) for _ in range(count)]
    meetings.invite_people(meeting=meeting, people=people)
    return meeting, people


@pytest.mark.django_db
def test_an_invitation_is_a_row_written_with_it_and_sent_after_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting, people = _invite(2, preferred_language="en")

    rows = OutboxMail.objects.filter(template="meetings/invitation")
    assert [(r.state, r.language) for r in rows] == [(State.PENDING, "en")] * 2
    assert mailoutbox == []  # nothing leaves inside the transaction

    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert {r.state for r in rows.all()} == {State.SENT}
    assert all(m.extra_headers["Message-ID"] == r.message_id for m, r in zip(mailoutbox, rows.order_by("pk"), strict=True))
    assert Invitation.objects.filter(meeting=meeting, sent_at__isnull=False).count() == 2  # "e-mailed" on the staff page


@pytest.mark.django_db
def test_a_batch_run_twice_sends_each_mail_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False):
        _invite(3)
    ids = list(OutboxMail.objects.values_list("pk", flat=True))

    assert outbox.send_batch(ids) == 3
    assert outbox.send_batch(ids) == 0
    assert outbox.resend_stale(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_a_person_who_answered_is_never_invited_again(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False):
        meeting, (answered, other) = _invite(2)
    invitation = Invitation.objects.get(meeting=meeting, person=answered)
    meetings.respond(invitation=invitation, response=Invitation.Response.DECLINED)  # before the mail went out

    newcomer = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.invite_people(meeting=meeting, people=[answered, other, newcomer])  # a second round
    outbox.send_batch(list(OutboxMail.objects.values_list("pk", flat=True)))

    invitations = OutboxMail.objects.filter(template="meetings/invitation")
    assert invitations.get(recipient=answered.email).state == State.SKIPPED
    # the other first-round invitee and the newcomer are invited once each
    assert sorted(invitations.filter(state=State.SENT).values_list("recipient", flat=True)) == sorted(
        [other.email, newcomer.email]
    )
    # the one mail the person who declined gets is the confirmation of their answer
    assert [m.to for m in mailoutbox].count([answered.email]) == 1
    assert OutboxMail.objects.get(recipient=answered.email, state=State.SENT).template == "meetings/answered"


@pytest.mark.django_db
def test_with_the_broker_down_at_commit_the_mails_wait_as_rows_and_the_sweep_sends_them(broker_down, mailoutbox,
                                                                                       django_capture_on_commit_callbacks):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        _invite(3)
    assert set(OutboxMail.objects.values_list("state", "dispatched_at")) == {(State.PENDING, None)}

    assert outbox.resend_stale() == 0  # just written: not stale yet
    assert outbox.resend_stale(now=timezone.now() + timedelta(minutes=1)) == 3

    assert len(mailoutbox) == 3
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENT}


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_and_gives_up_after_the_last_attempt(django_capture_on_commit_callbacks, settings,
                                                                             mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        _invite(1)
    row = OutboxMail.objects.get()
    assert (row.state, row.attempts) == (State.PENDING, 1)
    assert "Connection refused" in row.error and row.not_before > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.resend_stale() == 0  # waiting before the next attempt
    OutboxMail.objects.update(not_before=timezone.now(), created_at=timezone.now() - timedelta(minutes=1))  # time passes
    assert outbox.resend_stale() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, len(mailoutbox)) == (State.SENT, 2, 1)


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_database_that_refuses_the_mark_after_smtp_accepted_never_causes_a_second_mail(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        _invite(2)
    ids = list(OutboxMail.objects.values_list("pk", flat=True))
    with _refuse_marking_sent():
        assert outbox.send_batch(ids) == 2  # accepted by the SMTP server; the mark failed
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENDING}

    assert outbox.resend_stale() == 0  # the lease still runs
    OutboxMail.objects.update(lease_until=timezone.now() - timedelta(seconds=1))  # …and has run out
    outbox.resend_stale()

    assert len(mailoutbox) == 2
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENT}


class _refuse_marking_sent:
    """A real database failure: a trigger that refuses to mark outbox rows sent."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("""
                CREATE FUNCTION refuse_sent() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_sent BEFORE UPDATE ON magnet_outboxmail
                FOR EACH ROW WHEN (NEW.state = 'sent') EXECUTE FUNCTION refuse_sent();""")

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_sent ON magnet_outboxmail; DROP FUNCTION refuse_sent();")


# --- A real worker process on Redis, a real SMTP server ---------------------------------------------


class SmtpSink:
    """A local SMTP server (aiosmtpd) that keeps every message and counts connections."""

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        self.messages, self.sessions = [], set()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append(envelope.content)
        return "250 OK"

    def message_ids(self):
        import email

        return [email.message_from_bytes(m)["Message-ID"] for m in self.messages]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_a_worker_killed_between_sending_and_marking_leaves_each_mail_sent_exactly_once(worker_process):
    with SmtpSink(8531) as sink:
        first = worker_process()
        with _slow_marking_sent():
            _invite(5)  # autocommit: handed to the worker at once
            assert wait_for(lambda: len(sink.messages) == 5)
            time.sleep(0.5)  # the worker is now inside its mark, waiting on the database
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        assert set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENDING}

        worker_process()
        OutboxMail.objects.update(lease_until=timezone.now() - timedelta(seconds=1))  # the lease ran out
        outbox.resend_stale()  # what beat does every 20 s

        assert wait_for(lambda: set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENT})
        time.sleep(1)
        assert sorted(sink.message_ids()) == sorted(OutboxMail.objects.values_list("message_id", flat=True))


@pytest.mark.worker
def test_a_real_worker_sends_a_batch_over_one_smtp_connection_and_a_broken_mark_sends_nothing_twice(worker_process):
    with SmtpSink(8531) as sink:
        worker_process()
        with _refuse_marking_sent():
            _invite(outbox.BATCH_SIZE)
            assert wait_for(lambda: len(sink.messages) == outbox.BATCH_SIZE)
            time.sleep(3)  # the worker retries the mark, then gives up
        assert len(sink.sessions) == 1
        assert set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENDING}

        OutboxMail.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
        outbox.resend_stale()

        assert wait_for(lambda: set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENT})
        time.sleep(1)
        assert len(sink.messages) == outbox.BATCH_SIZE


class _slow_marking_sent(_refuse_marking_sent):
    """The mark waits (as on a stuck disk) long enough for the test to kill the worker inside it."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("""
                CREATE FUNCTION refuse_sent() RETURNS trigger AS $$
                BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_sent BEFORE UPDATE ON magnet_outboxmail
                FOR EACH ROW WHEN (NEW.state = 'sent') EXECUTE FUNCTION refuse_sent();""")



@pytest.mark.worker
def test_mails_written_while_redis_is_down_go_out_once_it_is_back(worker_process, broker_down):
    with SmtpSink(8531) as sink:
        with broker_down():
            _invite(3)
        assert set(OutboxMail.objects.values_list("state", "dispatched_at")) == {(State.PENDING, None)}

        worker_process()
        OutboxMail.objects.update(created_at=timezone.now() - timedelta(minutes=1))  # the sweep's wait is over
        assert outbox.resend_stale() == 3

        assert wait_for(lambda: len(sink.messages) == 3)
        assert wait_for(lambda: set(OutboxMail.objects.values_list("state", flat=True)) == {State.SENT})
