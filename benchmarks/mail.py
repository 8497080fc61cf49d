"""Benchmark: 5,000 meeting invitations from `invite_people` to a local SMTP server, end to end.

Run from the repository root, on Postgres and Redis (as in production):

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python benchmarks/mail.py [rounds]

It starts an SMTP sink (aiosmtpd) on 127.0.0.1:$SMTP_PORT (default 8532) and a real Celery worker
(`celery worker -c 2`, as the Dockerfile runs it) mailing to it, then per round: creates a published
meeting and 5,000 people, invites them all in one `invite_people` call (outbox rows written in its
transaction, handed to the worker as a group of batches after the commit) and measures until the sink
has every message and every outbox row is marked sent. It prints mails/s per round, the range over
the rounds, how many SMTP connections were used (one per batch of outbox.BATCH_SIZE) and the worker's
CPU time per mail (independent of what else the machine is running, unlike mails/s). Its data is
deleted afterwards. A measurement, not a test: it never fails a build. Target: at least 100 mails/s.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magnet.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

INVITATIONS = 5_000
SMTP_PORT = int(os.environ.get("SMTP_PORT", "8532"))


class Sink:
    """Counts messages and connections; keeps nothing else."""

    def __init__(self):
        self.messages = 0
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.sessions.add(id(session))
        return "250 OK"


def start_worker():
    settings = connection.settings_dict
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}", "DEBUG": "0",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-not-secret"),
           "DATABASE_URL": os.environ.get("DATABASE_URL")
           or f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "magnet", "worker", "-c", "2", "-l", "WARNING", "-n", "bench-mail@%h"],
        cwd=ROOT, env=env, start_new_session=True,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the worker's pool), from /proc."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(cpu_seconds(int(child)) for child in children)


def one_round(sink, number: int, worker) -> tuple[float, int, float]:
    from datetime import timedelta

    from django.utils import timezone

    from magnet.models import OutboxMail
    from meetings.models import Meeting
    from meetings.services import invite_people
    from stakeholders.models import Person

    tag = f"bench-mail-{number}-{int(time.time())}"
    meeting = Meeting.objects.create(
        title_tr="Kıyaslama toplantısı", title_en="Benchmark meeting", summary_tr="Kıyaslama", summary_en="Benchmark",
        kind=Meeting.Kind.FOUR_PILLAR, starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=6), venue_name="Ankara", province="06",
        working_languages=["tr", "en"], status=Meeting.Status.PUBLISHED,
    )
    people = Person.objects.bulk_create(
        Person(given_name="Çağrı", family_name=f"Işık{i}", email=f"{tag}-{i}@example.org",
               preferred_language="tr" if i % 3 else "en")
        for i in range(INVITATIONS)
    )
    before, sessions_before = sink.messages, len(sink.sessions)
    cpu_before = cpu_seconds(worker.pid)
    started = time.perf_counter()
    invite_people(meeting=meeting, people=people)
    written = time.perf_counter() - started
    rows = OutboxMail.objects.filter(recipient__startswith=tag)
    while sink.messages - before < INVITATIONS or rows.exclude(state=OutboxMail.State.SENT).exists():
        time.sleep(0.05)
        if time.perf_counter() - started > 600:
            raise SystemExit("gave up after 10 minutes: is the worker running?")
    elapsed = time.perf_counter() - started
    cpu_per_mail = (cpu_seconds(worker.pid) - cpu_before) / INVITATIONS
    connections = len(sink.sessions) - sessions_before
    rows.delete()
    meeting.delete()
    Person.objects.filter(email__startswith=tag).delete()
    print(f"  invitations and outbox rows written and committed in {written:.1f} s")
    return INVITATIONS / elapsed, connections, cpu_per_mail


def main():
    from aiosmtpd.controller import Controller

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    worker = start_worker()
    try:
        time.sleep(8)  # the worker connects to Redis and starts its two processes
        rates = []
        for number in range(1, rounds + 1):
            rate, connections, cpu = one_round(sink, number, worker)
            rates.append(rate)
            print(f"round {number}: {INVITATIONS} invitations, {rate:.0f} mails/s, {connections} SMTP connections, "
                  f"worker CPU {cpu * 1000:.1f} ms per mail, load average {os.getloadavg()[0]:.1f}")
        print(f"mails/s over {rounds} rounds: {min(rates):.0f}–{max(rates):.0f} (target: at least 100)")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        controller.stop()


if __name__ == "__main__":
    main()
