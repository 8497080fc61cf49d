"""The embedded default, run the way `make run` runs it: SQLite, a real Celery worker and beat on
kombu's filesystem transport, e-mails to files; no server needed."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


@pytest.fixture
def embedded_env(tmp_path):
    drop = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(DEBUG="1", MAGNET_REQUIRE_MFA="0", MAGNET_VAR_DIR=str(tmp_path / "var"), PORT=str(_free_port()))
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_embedded_default_serves_the_portal_with_a_working_celery_worker(embedded_env):
    env = embedded_env
    assert _manage(env, "migrate", "--noinput", "-v", "0").returncode == 0
    first = _manage(env, "seed_demo")
    assert first.returncode == 0, first.stderr
    counts = "from django.apps import apps; print(sum(m.objects.count() for m in apps.get_models()))"
    before = _manage(env, "shell", "-c", counts).stdout.strip()
    assert _manage(env, "seed_demo").returncode == 0  # idempotent
    assert _manage(env, "shell", "-c", counts).stdout.strip() == before

    base = f"http://127.0.0.1:{env['PORT']}"
    portal = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "magnet.run"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True, text=True,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline and _get(f"{base}/health/")[0] != 200:
            time.sleep(0.5)
        status, body = _get(f"{base}/tr/")
        assert status == 200
        assert "Dört sütun" in body
        # A task sent through the filesystem broker is run by the worker that `make run` started.
        sent = _manage(env, "shell", "-c", "from magnet.tasks import heartbeat; heartbeat.delay()")
        assert sent.returncode == 0, sent.stderr
        health = {}
        while time.time() < deadline + 30:
            health = json.loads(_get(f"{base}/health/")[1] or "{}")
            if health.get("worker") == "ok":
                break
            time.sleep(1)
        assert health == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}
    finally:
        os.killpg(portal.pid, signal.SIGINT)
        output, _ = portal.communicate(timeout=30)
    assert "http://127.0.0.1:" in output
    assert "staff@demo.magnet.local" in output
    assert _get(f"{base}/health/")[0] is None  # Ctrl-C stopped the web server too
