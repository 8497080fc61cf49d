"""Shared test set-up. Tests that need Postgres, Chromium or a Celery worker on Redis are marked;
where the machine lacks them they are skipped with the reason printed, and with CI=true they fail
instead, so CI never passes by skipping."""

import os
import shutil
import signal

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"CI=true, so this test may not be skipped: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if request.node.get_closest_marker("browser") and not (
        shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)
    ):
        _unavailable(f"needs Chromium at {CHROMIUM}: apt-get install chromium")


@pytest.fixture(autouse=True)
def _turkish_by_default():
    """A request to an /en/ page leaves English active in the test thread; every test starts in
    Turkish, the portal's default language, so reverse() gives /tr/ addresses."""
    from django.utils import translation

    translation.activate("tr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Pillars, organisation types, thematic areas and the legal texts come from data migrations; a
    transactional test (live server, threads) flushes every table afterwards, so put them back for
    each test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    transactional = transactional or any(f in request.fixturenames for f in ("transactional_db", "live_server"))
    if marker is None and not transactional and "db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from stakeholders.models import LegalText, OrganisationType, Pillar, ThematicArea
    from stakeholders.reference_data import load_legal_texts, load_reference_data

    load_reference_data(Pillar, OrganisationType, ThematicArea)
    load_legal_texts(LegalText)


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Unit and view tests run tasks in-process (the real task code, at once); tests marked
    `worker` use a real worker on Redis instead."""
    from magnet.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _defaults(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MAGNET_REQUIRE_MFA = True
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
    from django.core.cache import cache

    cache.clear()  # rate limits and throttles start fresh in every test
    from magnet.views import forget_health

    forget_health()  # /health/ remembers its checks for two seconds


def _use_broker(app, url):
    app.conf.broker_url = url
    app._pool = None  # the producer pools remember the old address
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """`with broker_down():` — the Celery app talks to an address where nothing listens, and tasks
    are really sent (not run in-process), as when Redis is down in production."""
    from contextlib import contextmanager

    from magnet.celery import app

    @contextmanager
    def down():
        real_url, real_eager = app.conf.broker_url, app.conf.task_always_eager
        _use_broker(app, "redis://127.0.0.1:1/0")
        app.conf.task_always_eager = False
        try:
            yield
        finally:
            _use_broker(app, real_url)
            app.conf.task_always_eager = real_eager

    return down


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread, consuming from Redis (REDIS_URL)."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from magnet.celery import app

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"needs Redis at {url}: {exc}")
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"visibility_timeout": 3600}
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING") as worker:
        yield worker


@pytest.fixture
def worker_process(transactional_db):
    """`start()` runs `celery worker` (prefork, 2 processes) as a separate process on this test's
    database and Redis, mailing to 127.0.0.1:8531; returns the Popen (its own process group)."""
    import subprocess
    import sys
    from pathlib import Path

    import redis
    from django.db import connection

    if connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: the worker process shares the test database")
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"needs Redis at {url}: {exc}")
    from magnet.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._pool = None
    settings = connection.settings_dict
    env = {**os.environ, "REDIS_URL": url, "EMAIL_URL": "smtp://127.0.0.1:8531",
           "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"}
    started = []

    def start():
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "magnet", "worker", "-c", "2", "-l", "WARNING", "--without-heartbeat",
             "--without-gossip", "--without-mingle", "-n", f"test{len(started)}@%h"],
            cwd=Path(__file__).resolve().parents[1], env=env, start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)


@pytest.fixture(scope="session")
def chromium():
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        _unavailable(f"needs Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, settings):
    """A fresh browser context (phone-sized when a test asks) against the live server."""
    settings.ALLOWED_HOSTS = ["*"]
    context = chromium.new_context(base_url=live_server.url, locale="tr-TR", timezone_id="Europe/Istanbul")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
