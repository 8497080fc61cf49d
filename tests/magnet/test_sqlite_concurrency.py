"""The embedded default must not lock: several processes writing at once on one SQLite file (as the
web server, two worker processes and beat do under `make run`) — conference registrations and RSVPs
through the services — never raise "database is locked", and no seat is oversold."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
PER_PROCESS = 3

SETUP = """
import json
from tests.conference.factories import ConferenceFactory, RegistrationTypeFactory
from tests.factories import PersonFactory
from tests.meetings.factories import InvitationFactory, MeetingFactory
from stakeholders.models import OrganisationType, Pillar, ThematicArea
from stakeholders.reference_data import load_reference_data
load_reference_data(Pillar, OrganisationType, ThematicArea)
conference = ConferenceFactory(capacity=12)
rtype = RegistrationTypeFactory(conference=conference, capacity=12, requires_approval=False)
meeting = MeetingFactory(capacity=7)
n = {n}
print(json.dumps({{
    "conference": conference.pk, "type": rtype.pk, "meeting": meeting.pk,
    "people": [PersonFactory().pk for _ in range(n)],
    "invitations": [InvitationFactory(meeting=meeting).pk for _ in range(n)],
}}))
"""

WRITER = """
import json, sys
import django
django.setup()
from django.db import OperationalError
from conference.models import Conference, RegistrationType
from conference.services import registration
from meetings import services as meetings
from meetings.models import Invitation
from stakeholders.models import Person
from tests.conference.factories import details

job = json.loads(sys.argv[1])
conference = Conference.objects.get(pk=job["conference"])
rtype = RegistrationType.objects.get(pk=job["type"])
errors = []
for person, invitation in zip(job["people"], job["invitations"]):
    try:
        registration.register(person=Person.objects.get(pk=person), conference=conference,
                              registration_type=rtype, details=details())
        meetings.respond(invitation=Invitation.objects.get(pk=invitation), response="accepted")
    except OperationalError as exc:
        errors.append(str(exc))
print(json.dumps(errors))
"""

COUNT = """
import json
from conference.models import Registration
from meetings.models import Invitation
from magnet.models import OutboxMail
print(json.dumps({
    "approved": Registration.objects.filter(status="approved").count(),
    "waiting": Registration.objects.filter(status="waiting").count(),
    "accepted": Invitation.objects.filter(response="accepted").count(),
    "rsvp_waiting": Invitation.objects.filter(response="waiting").count(),
    "mails": OutboxMail.objects.filter(template="conference/registration").count(),
}))
"""


def test_concurrent_registrations_and_rsvps_on_the_sqlite_default_never_lock(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", MAGNET_VAR_DIR=str(tmp_path / "var"),
               DJANGO_SETTINGS_MODULE="magnet.settings", PYTHONPATH=str(ROOT))

    def manage(*args):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v", "0")
    journal = manage("shell", "-c", "from django.db import connection; c = connection.cursor(); "
                                    "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    assert journal.strip().splitlines()[-1] == "wal"
    ids = json.loads(manage("shell", "-c", SETUP.format(n=PROCESSES * PER_PROCESS)).strip().splitlines()[-1])

    writers = []
    for i in range(PROCESSES):
        job = {**ids, "people": ids["people"][i::PROCESSES], "invitations": ids["invitations"][i::PROCESSES]}
        writers.append(subprocess.Popen([sys.executable, "-c", WRITER, json.dumps(job)], cwd=ROOT, env=env,  # noqa: S603
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    errors = []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err[-3000:]
        errors += json.loads(out.strip().splitlines()[-1])

    assert errors == []
    counts = json.loads(manage("shell", "-c", COUNT).strip().splitlines()[-1])
    total = PROCESSES * PER_PROCESS
    assert counts == {"approved": 12, "waiting": total - 12, "accepted": 7, "rsvp_waiting": total - 7, "mails": total}
