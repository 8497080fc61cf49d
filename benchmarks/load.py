"""Load benchmark: every page at full scale, two floors, and the seat bursts.

Run from the repository root (or `make bench`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/magnet_bench REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python benchmarks/http.py [--duration 5] [--port 8000] [--only directory]

1. Migrates the database DATABASE_URL names (Postgres; never your working one: it adds data) and,
   unless present, builds the scale data: `seed_scale` (10,000 organisations, 50,000 people) and the
   apps' `seed_scale_meetings` (500 meetings, 20,000 invitations), `seed_scale_conference` (5,000
   registrations) and `seed_scale_reports` (2,000 field reports).
2. Starts gunicorn with 3 sync workers and a Celery worker with concurrency 2 at a quarter of the web
   processes' CPU weight (nice 6), as docker-compose.yml does (DEBUG off; cpu_shares 256), and the bare Django floor (benchmarks/bare.py) under the same gunicorn settings.
3. Runs `wrk -t2 -c16 -d<duration>s` on each page in /tr/ and /en/, signed in where the page needs it
   (a session cookie), and prints one table: requests per second, latency p50/p95/p99 at the client
   (queueing included), p95 of the time the worker spent on the request (gunicorn's access log),
   SQL queries per request (Django's test client in this process), and the ratio of req/s to the two
   floors measured in the same run: the bare Django view and the portal's own minimal page (its 404
   page: every middleware, the context processors and the base template, no query of its own).
4. Bursts: 500 concurrent conference registrations for 100 seats and 200 concurrent RSVP acceptances
   for 20 seats (64 requests in flight), with latency percentiles, errors and the seats taken.

A measurement, not a test: it never fails a build. The machine's cores and load are printed with it.
"""

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
CSRF_SECRET = "b" * 32  # an unmasked CSRF secret: the cookie and the form field carry the same value
BIN = Path(sys.executable).parent


def server_env(args) -> dict:
    """The environment docker-compose.yml gives web and worker, with local addresses."""
    env = dict(os.environ)
    env.update(
        DEBUG="0", SECRET_KEY="benchmark-only-secret-key-" + "x" * 40, DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url, EMAIL_URL="dummymail://", ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{args.port}", SECURE_SSL_REDIRECT="0", LOG_LEVEL="WARNING",
        STATIC_ROOT=str(ROOT / "var" / "bench" / "static"), MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "60"),
    )
    return env


def setup_django(args):
    os.environ.update(server_env(args))
    os.environ["DJANGO_SETTINGS_MODULE"] = "magnet.settings"
    import django

    django.setup()


def manage(*command, env):
    subprocess.run([str(BIN / "python"), "manage.py", *command], check=True, env=env, cwd=ROOT)


def build_data(args, env):
    from conference.models import Conference
    from meetings.models import Meeting
    from reports.models import FieldReport
    from stakeholders.models import Organisation

    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    if Organisation.objects.count() < 10_000:
        manage("seed_scale", env=env)
    if Meeting.objects.count() < 500:
        manage("seed_scale_meetings", env=env)
    if not Conference.objects.filter(slug="scale").exists():
        manage("seed_scale_conference", env=env)
    if FieldReport.objects.count() < 2_000:
        manage("seed_scale_reports", env=env)
    # Bulk inserts leave the planner without statistics until autovacuum comes round; production
    # tables have them, so gather them now (without, a pending-membership count took 1.7 s, not 35 ms).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Users and sessions ---------------------------------------------------------------------------


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def bench_users() -> dict:
    """A staff member (two-factor enrolled), an approved stakeholder and a field reporter."""
    from allauth.mfa.models import Authenticator
    from django.utils import timezone

    from magnet.models import User
    from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, STAKEHOLDER, assign_role
    from stakeholders.models import Membership, Organisation, Person

    staff, created = User.objects.get_or_create(email="bench-staff@bench.magnet.local")
    if created:
        assign_role(staff, ICMPD_STAFF)
        Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    member, created = User.objects.get_or_create(email="bench-member@bench.magnet.local")
    if created:
        assign_role(member, STAKEHOLDER)
        person = Person(user=member, given_name="Ayşe", family_name="Yılmaz", email=member.email,
                        profile_completed_at=timezone.now())
        person.refresh_search_columns()
        person.save()
        organisation = Organisation.objects.filter(status=Organisation.Status.APPROVED).order_by("pk").first()
        Membership.objects.create(person=person, organisation=organisation, status=Membership.Status.APPROVED)
    reporter, created = User.objects.get_or_create(email="bench-reporter@bench.magnet.local")
    if created:
        assign_role(reporter, FIELD_REPORTER)
    return {"staff": session_for(staff), "member": session_for(member), "reporter": session_for(reporter), None: None}


def pages() -> list[tuple[str, str, str | None]]:
    """(label, path with {lang}, who is signed in)."""
    from reports.models import FieldReport

    report = FieldReport.objects.filter(status=FieldReport.Status.APPROVED).order_by("pk").first()
    return [
        ("sign-in page", "/{lang}/accounts/login/", None),
        ("home, anonymous", "/{lang}/", None),
        ("home, stakeholder", "/{lang}/", "member"),
        ("directory", "/{lang}/registry/", "member"),
        ("directory ?q=istanbul", "/{lang}/registry/?q=istanbul", "member"),
        ("directory ?q=göç", "/{lang}/registry/?q=" + urllib.parse.quote("göç"), "member"),
        ("organisation list API", "/api/v1/organisations/", "member"),
        ("meetings list", "/{lang}/meetings/", "member"),
        ("conference programme", "/{lang}/conference/scale/programme/", None),
        ("staff: registration list", "/{lang}/conference/scale/staff/registrations/", "staff"),
        ("staff: approval queue", "/{lang}/registry/staff/queue/", "staff"),
        ("staff: registry dashboard", "/{lang}/registry/staff/", "staff"),
        ("staff: home", "/{lang}/staff/", "staff"),
        ("staff: field report detail", f"/{{lang}}/reports/field/{report.pk}/", "staff"),
    ]


# --- Servers --------------------------------------------------------------------------------------


class Servers:
    def __init__(self, args, env, workdir: Path):
        self.args, self.env, self.workdir = args, env, workdir
        self.access_log = workdir / "access.log"
        self.processes = []

    def __enter__(self):
        gunicorn = [
            str(BIN / "gunicorn"), "--workers", "3", "--timeout", "60", "--access-logfile", str(self.access_log),
            "--access-logformat", "%(U)s %(s)s %(D)s",
        ]
        self._start([*gunicorn, "magnet.wsgi:application", "--bind", f"127.0.0.1:{self.args.port}"])
        self._start([*gunicorn[:5], "benchmarks.bare:application", "--bind", f"127.0.0.1:{self.args.port + 1}"])
        # nice 6 gives the worker a quarter of the CPU weight of the web processes (272 against 1024),
        # as docker-compose.yml's cpu_shares: 256 does between containers.
        self._start(["nice", "-n", "6", str(BIN / "celery"), "-A", "magnet", "worker", "--loglevel=WARNING", "--concurrency=2",
                     "--hostname", f"bench{self.args.port}@%h"])
        for port in (self.args.port, self.args.port + 1):
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health/" if port == self.args.port else f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except Exception:
                    time.sleep(0.2)
        return self

    def _start(self, command):
        log = open(self.workdir / f"process-{len(self.processes)}.log", "w")  # noqa: SIM115
        self.processes.append(subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True))

    def __exit__(self, *exc):
        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk is missing: installing it with apt-get", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)


def run_wrk(url: str, cookie: str | None, args, lua: Path) -> dict:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s", str(lua), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    numbers = [float(x) for x in re.search(r"^RESULT (.*)$", out, re.M).group(1).split()]
    requests, duration_us, errors, status_errors, p50, p95, p99 = numbers
    return {"rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "errors": int(errors), "non2xx": int(status_errors)}


def server_p95(log: Path, offset: int) -> tuple[float | None, int]:
    """p95 of the time the workers spent on the requests logged after offset (ms), and the new offset."""
    with open(log) as handle:
        handle.seek(offset)
        lines = handle.read().splitlines()
        offset = handle.tell()
    times = sorted(int(line.rsplit(" ", 1)[1]) / 1000 for line in lines if line.strip())
    return (times[int(len(times) * 0.95)] if times else None), offset


def count_queries(path: str, cookie: str | None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if cookie:
        client.cookies["sessionid"] = cookie
    client.get(path)  # warm: what a steady stream of requests costs
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


# --- Bursts ---------------------------------------------------------------------------------------


def _post(port: int, path: str, fields: dict, cookies: dict) -> tuple[int, float]:
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": CSRF_SECRET})
    cookie = "; ".join(f"{k}={v}" for k, v in {**cookies, "csrftoken": CSRF_SECRET}.items())
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        status = connection.getresponse().status
    except Exception:
        status = 0
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def _burst(port: int, requests: list[tuple[str, dict, dict]], in_flight: int) -> dict:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        results = list(pool.map(lambda r: _post(port, *r), requests))
    wall = time.perf_counter() - started
    latencies = sorted(ms for _status, ms in results)
    return {
        "requests": len(results), "wall": wall, "errors": sum(1 for status, _ms in results if status != 302),
        "p50": statistics.median(latencies), "p95": latencies[int(len(latencies) * 0.95)], "max": latencies[-1],
    }


def burst_people(count: int, prefix: str):
    """`count` people with accounts and an approved membership of an approved organisation."""
    from django.utils import timezone

    from magnet.models import User
    from stakeholders.models import Membership, Organisation, Person

    users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))
    if len(users) < count:
        organisations = list(Organisation.objects.filter(status=Organisation.Status.APPROVED).order_by("pk")[:count])
        new_users = User.objects.bulk_create(
            [User(email=f"{prefix}{i}@bench.magnet.local") for i in range(len(users), count)]
        )
        people = []
        for user in new_users:
            person = Person(user=user, given_name="Burst", family_name=f"Katılımcı {user.pk}", email=user.email,
                            profile_completed_at=timezone.now())
            person.refresh_search_columns()
            people.append(person)
        people = Person.objects.bulk_create(people)
        Membership.objects.bulk_create(
            [Membership(person=p, organisation=organisations[i % len(organisations)], status=Membership.Status.APPROVED)
             for i, p in enumerate(people)]
        )
        users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))
    return users[:count]


def registration_burst(args, count=500, seats=100) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from conference.models import Conference, Registration, RegistrationType

    Registration.objects.filter(conference__slug="burst").delete()
    Conference.objects.filter(slug="burst").delete()
    now = timezone.now()
    conference = Conference.objects.create(
        slug="burst", title_tr="Yoğunluk konferansı", title_en="Burst conference", venue_tr="Salon", venue_en="Hall",
        starts_on=(now + timedelta(days=60)).date(), ends_on=(now + timedelta(days=61)).date(),
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=30),
        capacity=seats, is_published=True,
    )
    RegistrationType.objects.create(conference=conference, kind="delegate", name_tr="Delege", name_en="Delegate",
                                    capacity=seats, requires_approval=False, asks_workshops=False)
    requests = []
    for user in burst_people(count, "burst-registrant-"):
        membership = user.person.memberships.select_related("organisation").first()
        organisation = membership.organisation
        fields = {"organisation": organisation.pk, "pillar": organisation.pillar_id, "country": "TR",
                  "nationality": "TR", "interpretation_language": "tr"}
        requests.append(("/tr/conference/burst/register/", fields, {"sessionid": session_for(user)}))
    result = _burst(args.port, requests, args.in_flight)
    held = Registration.objects.filter(conference=conference, status__in=Registration.HOLDING_STATUSES).count()
    waiting = Registration.objects.filter(conference=conference, status=Registration.Status.WAITING).count()
    return {**result, "seats": seats, "taken": held, "waiting": waiting}


def rsvp_burst(args, count=200, seats=20) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import Invitation, Meeting
    from meetings.tokens import make_rsvp_token

    Meeting.objects.filter(title="Yoğunluk toplantısı").delete()
    starts = timezone.now() + timedelta(days=20)
    meeting = Meeting.objects.create(
        title="Yoğunluk toplantısı", title_tr="Yoğunluk toplantısı", title_en="Burst meeting", starts_at=starts,
        ends_at=starts + timedelta(hours=2), capacity=seats, status=Meeting.Status.PUBLISHED,
    )
    people = [user.person for user in burst_people(count, "burst-invitee-")]
    invitations = Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, person=person, sent_at=timezone.now()) for person in people]
    )
    requests = [(f"/tr/meetings/rsvp/{make_rsvp_token(i)}/", {"response": "accepted"}, {}) for i in invitations]
    result = _burst(args.port, requests, args.in_flight)
    accepted = Invitation.objects.filter(meeting=meeting, response=Invitation.Response.ACCEPTED).count()
    waiting = Invitation.objects.filter(meeting=meeting, response=Invitation.Response.WAITING).count()
    return {**result, "seats": seats, "taken": accepted, "waiting": waiting}


# --- Report ---------------------------------------------------------------------------------------


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), load average {load} at the start"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/magnet_bench"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)), help="portal; the bare floor uses port+1")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--in-flight", type=int, default=64, help="concurrent requests in the bursts")
    parser.add_argument("--languages", default="tr,en")
    parser.add_argument("--only", default="", help="run only pages whose label contains this")
    parser.add_argument("--no-bursts", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The load benchmark runs on Postgres: set DATABASE_URL.")

    ensure_wrk()
    setup_django(args)
    env = server_env(args)
    build_data(args, env)
    sessions = bench_users()
    print(f"Machine: {machine()}")
    workdir = Path(tempfile.mkdtemp(prefix="magnet-bench-"))
    lua = workdir / "report.lua"
    lua.write_text(WRK_LUA)
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    with Servers(args, env, workdir) as servers:
        offset = 0

        def measure(label, lang, path, who, url=None):
            nonlocal offset
            cookie = sessions[who]
            url = url or base + path
            for _warm in range(6):
                request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
                with contextlib.suppress(OSError):  # an error status or a slow page: wrk reports it
                    urllib.request.urlopen(request, timeout=60).read()
            _ignored, offset = server_p95(servers.access_log, 0)
            result = run_wrk(url, cookie, args, lua)
            result["server_p95"], offset = server_p95(servers.access_log, offset)
            if not path:
                result["server_p95"] = None  # the bare floor does not log
            result["queries"] = count_queries(path, cookie) if path else 0
            rows.append({"label": label, "lang": lang, **result})
            print(f"  {label} {lang}: {result['rps']:.0f} req/s", file=sys.stderr, flush=True)

        measure("floor: bare Django view", "", None, None, url=f"http://127.0.0.1:{args.port + 1}/")
        languages = args.languages.split(",")
        for lang in languages:
            measure("floor: portal's minimal page (404)", lang, f"/{lang}/bench-floor/", None)
        measure("/health/", "", "/health/", None)
        for label, path, who in pages():
            if args.only and args.only not in label:
                continue
            for lang in languages if "{lang}" in path else [""]:
                measure(label, lang, path.format(lang=lang), who)
        bursts = [] if args.no_bursts else [
            ("500 registrations for 100 seats", registration_burst(args)),
            ("200 RSVP acceptances for 20 seats", rsvp_burst(args)),
        ]

    bare = rows[0]["rps"]
    floors = {row["lang"]: row["rps"] for row in rows if row["label"].startswith("floor: portal")}
    portal_floor = statistics.mean(floors.values())
    print(f"\nwrk -t2 -c{args.connections} -d{args.duration}s; gunicorn 3 sync workers; Celery worker concurrency 2.")
    print("client p50/p95/p99 include queueing for the 3 workers; server p95 is the worker's own time.\n")
    print("| page | lang | req/s | p50 ms | p95 ms | p99 ms | server p95 ms | queries | × bare | × portal floor | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        floor = floors.get(row["lang"], portal_floor)
        server = f"{row['server_p95']:.1f}" if row["server_p95"] is not None else "–"
        errors = row["errors"] + (row["non2xx"] if "404" not in row["label"] else 0)
        print(f"| {row['label']} | {row['lang']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} "
              f"| {server} | {row['queries']} | {row['rps'] / bare:.0%} | {row['rps'] / floor:.0%} | {errors} |")
    if bursts:
        print(f"\nBursts ({args.in_flight} requests in flight):\n")
        print("| burst | wall s | p50 ms | p95 ms | max ms | errors | seats taken | waiting list |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, b in bursts:
            print(f"| {label} | {b['wall']:.1f} | {b['p50']:.0f} | {b['p95']:.0f} | {b['max']:.0f} | {b['errors']} "
                  f"| {b['taken']} of {b['seats']} | {b['waiting']} |")


if __name__ == "__main__":
    main()
