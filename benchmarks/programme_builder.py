"""Benchmark: the programme builder page of a 3-day conference with 6 rooms and 120 sessions.

Run from the repository root:
    DEBUG=1 DATABASE_URL=postgres://… .venv/bin/python benchmarks/programme_builder.py [requests] [--keep]

It builds the conference (two speakers and a chair per session from 360 registry people with
organisations, a quarter of the sessions workshops) on the configured database inside a transaction
that it rolls back, signs in an ICMPD staff account and requests the builder page N times (default
40, in Turkish and English alternately) through the Django test client, in the same process: the
time is the server's (request to response, templates included; no network). It prints p50, p95 and
max, the web process's CPU time (p50: what the page costs, whatever else the machine is doing), the
load average, the page size and the SQL query count. Target: under 300 ms p95 with a fixed number of queries.
`--keep` commits the data instead (for looking at the page) and prints its address.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magnet.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

DAYS, ROOMS, SESSIONS = 3, 6, 120


class Rollback(Exception):
    pass


def build(*, slug="programme-benchmark", sessions=SESSIONS, rooms=ROOMS, days=DAYS):
    """A conference with `rooms` rooms and `sessions` sessions over `days` days (no conflicts)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from conference.models import Conference, Room, Session
    from stakeholders.models import Membership, Organisation, OrganisationType, Person, Pillar

    start = timezone.localdate() + timedelta(days=200)
    conference = Conference.objects.create(
        title_tr="Bölgesel MAGNET Konferansı (ölçüm)", title_en="Regional MAGNET Conference (benchmark)", slug=slug,
        venue_tr="Haliç Kongre Merkezi", venue_en="Haliç Congress Centre", starts_on=start,
        ends_on=start + timedelta(days=days - 1), registration_opens_at=timezone.now(),
        registration_closes_at=timezone.now() + timedelta(days=100), capacity=600, is_published=False,
    )
    halls = [
        Room.objects.create(conference=conference, order=i, name_tr=f"Salon {chr(65 + i)}", name_en=f"Hall {chr(65 + i)}", capacity=80 + 20 * i)
        for i in range(rooms)
    ]
    pillar = Pillar.objects.order_by("order").first()
    kind = OrganisationType.objects.filter(pillar=pillar).first()
    organisations = [
        Organisation.objects.create(name=f"{city} İl Göç İdaresi Müdürlüğü", name_tr=f"{city} İl Göç İdaresi Müdürlüğü",
                                    name_en=f"{city} Provincial Directorate of Migration Management", pillar=pillar,
                                    type=kind, country="TR", status=Organisation.Status.APPROVED)
        for city in ("Gaziantep", "Hatay", "Şanlıurfa", "Kilis", "Mersin", "İzmir", "Van", "Ankara", "İstanbul", "Adana")
    ]
    given = ["Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Ahmet", "Fatma", "Emre", "Hatice", "Can", "Selin", "Murat"]
    family = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Arslan"]
    people = []
    for i in range(sessions * 3):
        person = Person.objects.create(given_name=given[i % len(given)], family_name=family[(i // len(given)) % len(family)],
                                       position="Uzman" if i % 2 else "Şube Müdürü", email=f"bench{i}@example.org")
        Membership.objects.create(person=person, organisation=organisations[i % len(organisations)], status=Membership.Status.APPROVED)
        people.append(person)
    per_room_day = -(-sessions // (days * rooms))
    n = 0
    for day in range(days):
        for slot in range(per_room_day):
            for room in halls:
                if n >= sessions:
                    break
                begins = timezone.make_aware(datetime.combine(start + timedelta(days=day), datetime.min.time()).replace(hour=9)) + timedelta(minutes=75 * slot)
                workshop = n % 4 == 3
                session = Session.objects.create(
                    conference=conference, room=room, kind=Session.Kind.WORKSHOP if workshop else Session.Kind.PANEL,
                    capacity=40 if workshop else None, starts_at=begins, ends_at=begins + timedelta(minutes=60),
                    title_tr=f"Oturum {n + 1}: Geçici koruma altındakilerin uyumu", title_en=f"Session {n + 1}: Integration of people under temporary protection",
                    abstract_tr="Yerel yönetimlerin ve sivil toplumun deneyimleri.", abstract_en="What local authorities and civil society have learnt.",
                )
                session.speakers.set(people[3 * n:3 * n + 2])
                session.moderators.set([people[3 * n + 2]])
                n += 1
    return conference


def main():
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from magnet.models import User
    from magnet.roles import ICMPD_STAFF, assign_role

    settings.MAGNET_REQUIRE_MFA = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    requests = int(args[0]) if args else 40
    keep = "--keep" in sys.argv
    try:
        with transaction.atomic():
            conference = build(slug="programme-benchmark" + ("-kept" if keep else ""))
            user = User.objects.create_user(email=f"builder-bench-{conference.pk}@example.org", password="Bench-Builder-2027!")
            assign_role(user, ICMPD_STAFF)
            client = Client()
            client.force_login(user)
            urls = {}
            for language in ("tr", "en"):
                with translation.override(language):
                    urls[language] = reverse("admin:conference_conference_programme", args=[conference.pk])
            client.get(urls["tr"], secure=True)  # warm up templates and caches
            client.get(urls["en"], secure=True)
            timings, cpu, queries, size = [], [], set(), 0
            for i in range(requests):
                url = urls["tr" if i % 2 == 0 else "en"]
                with CaptureQueriesContext(connection) as captured:
                    begun, begun_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url, secure=True)  # production settings redirect plain HTTP
                    timings.append((time.perf_counter() - begun) * 1000)
                    cpu.append((time.process_time() - begun_cpu) * 1000)
                assert response.status_code == 200, response.status_code
                queries.add(len(captured))
                size = len(response.content)
            timings.sort()
            p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
            print(f"programme builder, {DAYS} days × {ROOMS} rooms × {SESSIONS} sessions, {requests} requests (tr/en):")
            print(f"  server time p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
            print(f"  of which Python CPU p50 {statistics.median(cpu):.1f} ms (the rest is SQL and waiting for a CPU);"
                  f" load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(f"  SQL queries per page: {sorted(queries)}; page {size / 1024:.0f} KiB")
            if keep:
                print(f"  kept: {urls['tr']} (sign in as {user.email} / Bench-Builder-2027!)")
                return
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
