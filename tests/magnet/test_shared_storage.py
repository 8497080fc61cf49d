"""Beyond one machine (issue 10): a Celery worker in its own process renders a PDF into S3-compatible
storage (moto in server mode), and a different web process — the test client here — serves it.
Nothing but the bucket is shared between them: no local media folder."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from reports.models import ReportDocument
from reports.services import generation
from tests.reports.factories import PeriodFactory, approved_report, compiled_report, staff_user

S3_PORT = 8690  # this project's test ports are 86xx
BUCKET = "magnet-shared-test"
QUEUE = "magnet-shared-storage-test"  # so no other worker on the same Redis takes the job
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_S3_REGION_NAME": "us-east-1"}


def _wait(condition, timeout=120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def s3_server():
    if not (BIN / "moto_server").exists():
        pytest.skip("needs moto[server] (a dev dependency)")
    server = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait(lambda: _listening(S3_PORT), timeout=30), "moto_server did not start"
        yield f"http://127.0.0.1:{S3_PORT}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_storage(s3_server, settings):
    import boto3

    s3 = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="testing", aws_secret_access_key="testing",
                      region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_server, "access_key": "testing", "secret_key": "testing",
                        "region_name": "us-east-1", "default_acl": "private", "querystring_auth": True,
                        "file_overwrite": False},
        },
    }
    return s3, s3_server


@pytest.fixture
def worker_process(transactional_db, s3_storage):
    """A Celery worker in its own process (as in production), on the test database and the bucket."""
    import redis

    from magnet.celery import app
    from tests.conftest import _unavailable, _use_broker

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"needs Redis at {url}: {exc}")
    _use_broker(app, url)
    app.conf.task_always_eager = False
    _s3, endpoint = s3_storage
    database = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    env = {
        **os.environ, **CREDENTIALS, "DATABASE_URL": urlunsplit(database), "REDIS_URL": app.conf.broker_url,
        "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": endpoint, "DEBUG": "1", "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": "/nonexistent/no-local-files",
    }
    worker = subprocess.Popen(
        [str(BIN / "celery"), "-A", "magnet", "worker", "--pool", "solo", "-Q", QUEUE, "--hostname",
         f"shared-storage-{os.getpid()}@%h", "--loglevel", "WARNING"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    try:
        yield worker
    finally:
        app.conf.task_default_queue = default_queue
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.postgres
def test_a_pdf_a_worker_process_rendered_into_s3_is_downloaded_through_another_web_process(
    worker_process, s3_storage, client
):
    s3, _endpoint = s3_storage
    staff = staff_user(first_name="Elif", last_name="Şahin")
    period = PeriodFactory()
    approved_report(period=period)
    report = compiled_report(staff=staff, period=period)

    documents = generation.request_generation(report=report, actor=staff)  # autocommit: sent at once

    done = ReportDocument.objects.filter(pk__in=[d.pk for d in documents], state=ReportDocument.State.DONE)
    assert _wait(lambda: done.count() == len(documents), timeout=180), "the worker did not render the documents"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert sorted(keys) == sorted(d.file.name for d in done)
    client.force_login(staff)
    document = done.get(language="bilingual")
    response = client.get(f"/tr/reports/documents/{document.token}/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:5] == b"%PDF-"
    assert response["X-Checksum-SHA256"] == document.sha256
