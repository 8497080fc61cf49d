"""The one outbox: every notification the portal sends is an `OutboxMail` row first.

1. A service writes the row with `enqueue(outbox.mail(...))` inside its business transaction, so
   the mail exists exactly when the change that causes it does. The key is unique: writing the same
   notification twice leaves one row.
2. After the commit the rows are handed to the worker in batches (`dispatch`), fanned out as a
   Celery group so every worker process takes some; one SMTP connection per batch.
3. `send_batch` claims its rows in a short committed transaction (state "sending", a lease, the
   row's fixed Message-ID), renders each from the data as it is now (a kind's builder may say "no
   longer needed", e.g. the invitee has already answered), sends, records each accepted Message-ID in
   the sent ledger (the cache, i.e. Redis: not the database), then marks the rows sent.
4. Beat runs `resend_stale` every 20 s: rows never handed over (broker down at commit), rows whose
   task was lost, and claimed rows whose lease ran out (worker killed, database write failed).

Never twice, never lost: a claimed row whose lease ran out is marked sent without sending when the
ledger holds its Message-ID (the worker died, or the database refused the mark, after the SMTP
server accepted it); otherwise it is sent again. The only window left is between the SMTP server's
"250 accepted" and the ledger write (microseconds, one Redis SET): we choose at-least-once there,
since a lost invitation is worse than a duplicate — and the duplicate carries the same Message-ID,
which mail servers and clients use to drop it.
"""

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .mail import render_templated_mail
from .models import OutboxMail

log = logging.getLogger(__name__)
State = OutboxMail.State

BATCH_SIZE = 100  # mails per task and SMTP connection: about a second of SMTP, well inside the lease
LEASE = timedelta(seconds=30)  # a batch stops taking new mails after half of it
NEVER_HANDED_OVER_AFTER = timedelta(seconds=20)
LOST_TASK_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 8
LEDGER_SECONDS = 7 * 24 * 3600
MARK_RETRIES = (0.2, 0.5, 1.0)  # seconds between attempts to record the outcome


@dataclass(frozen=True)
class Rendered:
    """What a kind's builder returns: the template context and the files to attach."""

    context: dict
    attachments: tuple = ()


@dataclass(frozen=True)
class Kind:
    build: Callable[[OutboxMail], Rendered | None]
    on_sent: Callable[[list[OutboxMail]], None] | None


_KINDS: dict[str, Kind] = {}
_batch_memo: ContextVar[dict | None] = ContextVar("outbox_batch_memo", default=None)


def batch_memo() -> dict:
    """A dict that lives for one batch: builders keep there what every mail of a batch shares
    (a meeting's agenda and calendar file; the batch's rows are under "rows", to load their objects
    in one query), so a batch of 100 invitations computes it once."""
    memo = _batch_memo.get()
    return memo if memo is not None else {}


def register(*templates: str, on_sent: Callable[[list[OutboxMail]], None] | None = None):
    """Decorate the builder of these templates: `build(row) -> Rendered | None` (None: no longer
    needed, e.g. the invitee answered). `on_sent(rows)` runs in the transaction that marks them sent.
    Each app registers its kinds in its AppConfig.ready(), so magnet knows no app."""

    def decorator(build):
        for template in templates:
            _KINDS[template] = Kind(build, on_sent)
        return build

    return decorator


def unique() -> str:
    """A key part for notifications that may legitimately happen again (a second promotion)."""
    return uuid.uuid4().hex


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "magnet.local"
    return f"<{uuid.uuid4().hex}@{domain}>"


def mail(*, key: str, to: str, template: str, language: str, context: dict, attachments: Iterable[str] = ()) -> OutboxMail:
    """An unsaved row for `enqueue`. `context` is JSON: ids and plain values only."""
    if template not in _KINDS:
        raise ValueError(f"no builder registered for {template}")
    return OutboxMail(key=key[:200], recipient=to, template=template, language=_language(language),
                      context=context, attachments=list(attachments), message_id=_message_id())


def enqueue(*mails: OutboxMail) -> None:
    """Write these rows in the current transaction (a key already there is left alone) and hand them
    to the worker once it commits."""
    mails = [m for m in mails if m.recipient]
    if not mails:
        return
    OutboxMail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
    keys = [m.key for m in mails]
    transaction.on_commit(lambda: dispatch(
        list(OutboxMail.objects.filter(key__in=keys, state=State.PENDING).values_list("pk", flat=True))
    ))


def dispatch(ids: list[int]) -> None:
    """Hand rows to the worker as a group of batches. With the broker down the rows just wait for
    the sweep: nothing is lost, the page that caused them still answers."""
    if not ids:
        return
    from celery import group

    from .tasks import send_mail_batch

    ids = sorted(ids)
    batches = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
    # Stamped before sending: the worker may finish (or fail and clear the stamp) before we return.
    OutboxMail.objects.filter(pk__in=ids, state=State.PENDING).update(dispatched_at=timezone.now())
    try:
        group(send_mail_batch.si(batch) for batch in batches).apply_async()
    except Exception:  # noqa: BLE001 — connection errors come in many classes
        log.exception("broker unavailable: %s mails wait for the sweep", len(ids))
        OutboxMail.objects.filter(pk__in=ids, state=State.PENDING).update(dispatched_at=None)


# --- The ledger of accepted Message-IDs (outside the database, so a failed mark can't lose it) -----


def _ledger_key(message_id: str) -> str:
    return f"magnet:outbox-sent:{message_id}"


def _record_accepted(message_id: str) -> None:
    try:
        cache.set(_ledger_key(message_id), 1, timeout=LEDGER_SECONDS)
    except Exception:  # noqa: BLE001 — the database mark that follows is then the only record
        log.warning("sent ledger unavailable for %s", message_id)


def _was_accepted(message_id: str) -> bool:
    try:
        return cache.get(_ledger_key(message_id)) is not None
    except Exception:  # noqa: BLE001
        return False


# --- Sending -------------------------------------------------------------------------------------


def _claim(ids: list[int], now) -> list[OutboxMail]:
    """Take the rows of a batch that are due and free (SKIP LOCKED; a lease so nobody else takes
    them), in a short transaction of its own. Expired claims the ledger knows were accepted are
    marked sent here, not sent again."""
    with transaction.atomic():
        rows = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids)
            .filter(Q(state=State.PENDING, not_before__lte=now) | Q(state=State.SENDING, lease_until__lt=now))
            .order_by("pk")
        )
        accepted = [row for row in rows if row.state == State.SENDING and _was_accepted(row.message_id)]
        _mark_sent(accepted, now)
        rows = [row for row in rows if row not in accepted]
        OutboxMail.objects.filter(pk__in=[row.pk for row in rows]).update(
            state=State.SENDING, lease_until=now + LEASE, attempts=F("attempts") + 1
        )
    return rows


def _mark_sent(rows: list[OutboxMail], now) -> None:
    if not rows:
        return
    OutboxMail.objects.filter(pk__in=[row.pk for row in rows]).update(
        state=State.SENT, sent_at=now, lease_until=None, error=""
    )
    by_template = defaultdict(list)
    for row in rows:
        by_template[row.template].append(row)
    for template, group in by_template.items():
        kind = _KINDS.get(template)
        if kind and kind.on_sent:
            kind.on_sent(group)


def _render(row: OutboxMail):
    kind = _KINDS[row.template]
    try:
        rendered = kind.build(row)
    except ObjectDoesNotExist:
        return None  # what the mail was about is gone
    if rendered is None:
        return None
    return render_templated_mail(
        to=row.recipient, template=row.template, context=rendered.context, language=row.language,
        attachments=tuple(rendered.attachments), headers={"Message-ID": row.message_id},
    )


def send_batch(ids: list[int]) -> int:
    """Send the due rows among `ids` over one SMTP connection. Returns how many were sent. Safe to
    run twice, or at the same time as another run: each row is claimed once."""
    started = time.monotonic()
    rows = _claim(ids, timezone.now())
    sent, skipped, released, failed = [], [], [], {}
    messages = []
    token = _batch_memo.set({"rows": rows})
    try:
        for row in rows:
            try:
                message = _render(row)
            except Exception as exc:  # noqa: BLE001 — a broken template must not stop the others
                failed[row.pk] = repr(exc)
                continue
            if message is None:
                skipped.append(row)
            else:
                messages.append((row, message))
    finally:
        _batch_memo.reset(token)
    connection = get_connection()
    if messages:
        try:
            connection.open()  # one connection for the whole batch (send_messages would open one each)
        except Exception as exc:  # noqa: BLE001 — the mail server is down: every row waits for a retry
            failed.update({row.pk: repr(exc) for row, _message in messages})
            messages = []
    if messages:
        try:
            for row, message in messages:
                if time.monotonic() - started > LEASE.total_seconds() / 2:
                    released.append(row)  # our lease is running out: the next run takes these
                    continue
                try:
                    if connection.send_messages([message]) != 1:
                        raise ConnectionError("the mail server did not take the message")
                except Exception as exc:  # noqa: BLE001 — SMTP errors come in many classes
                    failed[row.pk] = repr(exc)
                    continue
                _record_accepted(row.message_id)
                sent.append(row)
        finally:
            connection.close()
    _record_outcome(sent=sent, skipped=skipped, released=released, failed=failed)
    return len(sent)


def _record_outcome(*, sent, skipped, released, failed) -> None:
    """Mark what happened, retrying briefly: if the database still refuses, the rows stay claimed,
    and once the lease runs out the sweep marks the accepted ones sent from the ledger."""
    for pause in (*MARK_RETRIES, None):
        try:
            with transaction.atomic():
                now = timezone.now()
                _mark_sent(sent, now)
                OutboxMail.objects.filter(pk__in=[r.pk for r in skipped]).update(state=State.SKIPPED, lease_until=None)
                OutboxMail.objects.filter(pk__in=[r.pk for r in released]).update(
                    state=State.PENDING, lease_until=None, attempts=F("attempts") - 1
                )
                for pk, error in failed.items():
                    row = OutboxMail.objects.get(pk=pk)
                    retry = row.attempts < MAX_ATTEMPTS
                    OutboxMail.objects.filter(pk=pk).update(
                        state=State.PENDING if retry else State.FAILED, lease_until=None, error=error[:2000],
                        dispatched_at=None,
                        not_before=now + timedelta(seconds=min(30 * 2 ** row.attempts, 3600)),
                    )
            return
        except DatabaseError:
            if pause is None:
                log.exception("could not record the outcome of %s mails; the sweep will", len(sent) + len(failed))
                return
            time.sleep(pause)


def resend_stale(*, now=None) -> int:
    """Beat: hand over again the rows never handed over, handed over long ago and still waiting, or
    claimed by a worker whose lease ran out. Returns how many were handed over."""
    now = now or timezone.now()
    due = Q(state=State.PENDING, not_before__lte=now) & (
        Q(dispatched_at__isnull=True, created_at__lt=now - NEVER_HANDED_OVER_AFTER)  # incl. retries
        | Q(dispatched_at__lt=now - LOST_TASK_AFTER)
    )
    ids = list(OutboxMail.objects.filter(due | Q(state=State.SENDING, lease_until__lt=now))
               .order_by("pk").values_list("pk", flat=True)[:20_000])
    dispatch(ids)
    return len(ids)
