"""Imports cannot exhaust the server, and big ones run in the background (issue 9, item 9)."""

import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from openpyxl import Workbook

from stakeholders import services
from stakeholders.models import ImportJob, Organisation
from stakeholders.services import imports
from stakeholders.services.imports import MAX_CELL_CHARS, MAX_ROWS

from .factories import staff_user

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_shared_string(text_bytes: int) -> bytes:
    """A real workbook whose one shared string is `text_bytes` long: a few hundred KB compressed."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["name_tr", "type", "country"], ["x", "ngo", "TR"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w") as stream:
            stream.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">')
            stream.write(b"<si><t>name_tr</t></si><si><t>type</t></si><si><t>country</t></si><si><t>")
            chunk = b"A" * (1 << 20)
            for _ in range(text_bytes // len(chunk)):
                stream.write(chunk)
            stream.write(b"</t></si></sst>")
    return buffer.getvalue()


def _upload(client, name, content, kind="organisations", language="en"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/{language}/registry/staff/import/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


@pytest.fixture(scope="module")
def bomb():
    return _with_shared_string(200 * 1024 * 1024)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The file unpacks to 200.0\xa0MB, more than the 100.0\xa0MB an import may hold."),
     ("tr", "Dosya açıldığında 200,0\xa0MB tutuyor")],
)
def test_a_zip_bomb_is_refused_before_parsing_with_a_clear_message(client, bomb, language, message):
    assert len(bomb) < 400 * 1024
    client.force_login(staff_user())
    response = _upload(client, "bomb.xlsx", bomb, language=language)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_checking_a_zip_bomb_takes_little_memory_and_time(bomb):
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as refused:
            services.check_file(filename="bomb.xlsx", content=bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code == "unpacked_size"
    assert peak < 5 * 1024 * 1024
    assert time.monotonic() - started < 1


def test_one_cell_too_long_is_refused_while_streaming_with_bounded_memory():
    content = _with_shared_string(20 * 1024 * 1024)  # within the unpacked limit, but one 20 MB cell
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            services.check_file(filename="long.xlsx", content=content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code == "cell_length"
    assert peak < 10 * 1024 * 1024


def test_a_long_cell_in_a_csv_is_an_error_of_its_row(client):
    client.force_login(staff_user())
    content = f"name_tr,type,country,province\n{'x' * (MAX_CELL_CHARS + 1)},ngo,TR,06\nKısa Ad,ngo,TR,06\n".encode()
    url = _upload(client, "orgs.csv", content)["Location"]
    job = client.get(url).context["job"]
    assert (job.status, job.row_count, job.error_count) == ("ready", 2, 1)
    assert f"name_tr: longer than {MAX_CELL_CHARS} characters." in job.rows.get(line=2).errors


def test_more_rows_than_the_limit_are_refused(client, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 50)  # the same code path as 50,001 rows, fifty times faster
    client.force_login(staff_user())
    content = ("name_tr,type,country,province\n" + "".join(f"D{i},ngo,TR,06\n" for i in range(51))).encode()
    url = _upload(client, "orgs.csv", content)["Location"]
    job = client.get(url).context["job"]
    assert (job.status, job.file_errors) == ("failed", ["At most 50 rows can be imported at once."])


def test_50000_rows_are_checked_in_the_background_with_progress_and_a_paginated_preview(client):
    client.force_login(staff_user())
    rows = [["name_tr", "type", "country", "province"]] + [[f"Göç Derneği {i}", "ngo", "TR", "06"] for i in range(MAX_ROWS)]
    rows[12345][1] = "no-such-type"
    content = _xlsx(rows)
    url = _upload(client, "big.xlsx", content)["Location"]
    response = client.get(url)
    job = response.context["job"]
    assert (job.status, job.row_count, job.processed_count, job.error_count, job.percent) == ("ready", MAX_ROWS, MAX_ROWS, 1, 100)
    assert len(response.context["page"]) == 100 and response.context["page"].paginator.num_pages == 500
    assert "Page 1 of 500" in response.content.decode()
    errors = client.get(url, {"errors": "1"}).context["page"]
    assert [row.line for row in errors] == [12346]
    assert not job.can_import and Organisation.objects.count() == 0


def test_a_running_job_shows_its_progress_and_refreshes(client):
    user = staff_user()
    client.force_login(user)
    job = ImportJob.objects.create(kind="organisations", filename="big.xlsx", content=b"", uploaded_by=user,
                                   status=ImportJob.Status.VALIDATING, row_count=50000, processed_count=12500)
    html = client.get(f"/en/registry/staff/import/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress max="100" value="25"' in html and "12500 of about 50000 rows checked" in html


def test_a_job_whose_task_was_lost_is_sent_again_when_its_page_is_opened(client, broker_down):
    client.force_login(staff_user())
    content = b"name_tr,type,country,province\nBirinci Dernek,ngo,TR,06\n"
    with broker_down():
        url = _upload(client, "orgs.csv", content)["Location"]  # the message is lost
    job = ImportJob.objects.get()
    assert job.status == "queued"
    _upload_time = timezone.now() - datetime.timedelta(minutes=6)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=_upload_time)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(url)
    job.refresh_from_db()
    assert job.status == "ready" and job.can_import


def test_import_is_all_or_nothing_when_the_registry_changed_since_the_check(client):
    from tests.factories import OrganisationFactory

    client.force_login(staff_user())
    content = "name_tr,type,country,province\nBirinci Dernek,ngo,TR,06\nİkinci Dernek,ngo,TR,06\n".encode()
    url = _upload(client, "orgs.csv", content)["Location"]
    assert client.get(url).context["job"].can_import
    OrganisationFactory(name="İkinci Dernek", name_tr="İkinci Dernek")  # added by someone else meanwhile
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "nothing was imported" in job.file_errors[0]
    assert not Organisation.objects.filter(name_tr="Birinci Dernek").exists()


@pytest.mark.worker
def test_an_import_through_a_real_worker(celery_worker, client):
    from tests.stakeholders.factories import ensure_reference_data

    ensure_reference_data()
    client.force_login(staff_user())
    content = b"name_tr,type,country,province\nBirinci Dernek,ngo,TR,06\n"
    response = client.post("/en/registry/staff/import/", {"kind": "organisations", "file": SimpleUploadedFile("o.csv", content)})
    job = ImportJob.objects.get()
    for _ in range(100):
        job.refresh_from_db()
        if job.status == "ready":
            break
        time.sleep(0.1)
    assert job.status == "ready" and job.can_import
    client.post(response["Location"])
    for _ in range(100):
        job.refresh_from_db()
        if job.status == "done":
            break
        time.sleep(0.1)
    assert job.status == "done" and Organisation.objects.filter(name_tr="Birinci Dernek").exists()
