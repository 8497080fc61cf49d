"""Import organisations or people from an XLSX or CSV file (up to MAX_ROWS rows).

Staff upload a file: `start_import` refuses what could exhaust the server before any parser sees it
(`check_file`: the upload's size, the uncompressed size of every member of an XLSX, the longest text
in it), then a task checks every row without writing (`validate_import`, the dry run: each row and
its errors are kept in ImportJobRow for the paginated preview, with progress on the job). Once staff
confirm a file without errors, `request_import` queues `run_import`, which checks every row again
and writes them all in one transaction, or nothing. The columns are the ones in
ORGANISATION_COLUMNS / PEOPLE_COLUMNS (header names, any order)."""

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from simple_history.utils import bulk_create_with_history

from magnet.tasks import enqueue_on_commit
from magnet.text import clean_input, search_key

from ..models import ImportJob, ImportJobRow, Membership, Organisation, OrganisationType, Person, ThematicArea
from ..provinces import PROVINCES

log = logging.getLogger(__name__)

MAX_ROWS = 50_000
MAX_BYTES = 5 * 1024 * 1024  # the upload
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all an XLSX unpacks to, read from its directory before unpacking
MAX_CELL_CHARS = 4000  # the longest text the registry keeps (descriptions)
# The longest run of bytes between two "<" an XLSX may hold: a cell of MAX_CELL_CHARS characters,
# each at worst an XML entity of six bytes. Checked while streaming, before any XML parser runs.
MAX_TEXT_RUN_BYTES = MAX_CELL_CHARS * 6
MAX_COLUMNS = 64
PROGRESS_EVERY = 500  # rows between two progress updates of the job
WRITE_CHUNK = 1000
MULTILINE_COLUMNS = ("description_tr", "description_en")
ORGANISATION_COLUMNS = (
    "name_tr", "name_en", "acronym", "type", "country", "province", "city", "website", "email",
    "thematic_areas", "description_tr", "description_en",
)
ORGANISATION_REQUIRED = ("name_tr", "type", "country")
PEOPLE_COLUMNS = (
    "given_name", "family_name", "email", "phone", "position", "preferred_language", "organisation", "role",
    "is_focal_point",
)
PEOPLE_REQUIRED = ("given_name", "family_name", "organisation")
_TRUE = {"1", "yes", "true", "evet", "x"}


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    objects: tuple = ()


# --- Reading a file, safely ------------------------------------------------------------------------


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _unreadable_xlsx() -> ValidationError:
    return ValidationError(_("This is not a readable XLSX file."), code="unreadable")


def check_file(*, filename: str, content: bytes) -> None:
    """Refuse, before any parser sees it, a file that would take more memory than its size says: an
    XLSX is a zip, and 200 KB can unpack to 200 MB. Reads the zip's directory (the declared sizes,
    which also bound what unpacking produces) and streams every XML member once to find its longest
    text, with memory bounded by the chunk size. Raises ValidationError with a message for staff."""
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(MAX_BYTES)},
            code="file_size",
        )
    extension = _extension(filename)
    if extension == "csv":
        return  # plain text within MAX_BYTES; each cell's length is checked while reading
    if extension != "xlsx":
        raise ValidationError(_("Upload an XLSX or CSV file."), code="file_type")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNCOMPRESSED:
                raise ValidationError(
                    _("The file unpacks to %(size)s, more than the %(limit)s an import may hold. Split it into smaller files.")
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNCOMPRESSED)},
                    code="unpacked_size",
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as stream:
                        _check_text_runs(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _unreadable_xlsx() from exc


def _check_text_runs(stream, chunk_size: int = 1 << 20) -> None:
    run = 0
    while chunk := stream.read(chunk_size):
        parts = chunk.split(b"<")
        if len(parts) == 1:
            run += len(chunk)
        else:
            run = max(run + len(parts[0]), max(len(part) for part in parts[1:-1]) if len(parts) > 2 else 0)
            if run <= MAX_TEXT_RUN_BYTES:
                run = len(parts[-1])
        if run > MAX_TEXT_RUN_BYTES:
            raise ValidationError(
                _("A cell of the file holds more than %(max)d characters, the most any field takes.")
                % {"max": MAX_CELL_CHARS},
                code="cell_length",
            )


def _open_table(filename: str, content: bytes) -> tuple[int, Iterator[list[str]]]:
    """An estimate of the number of rows, and the rows as lists of text, read one at a time (the
    first is the header). Raises ValidationError for a file that cannot be read."""
    check_file(filename=filename, content=content)
    if _extension(filename) == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
            raise _unreadable_xlsx() from exc
        try:
            estimate = max((sheet.max_row or 1) - 1, 0)
        except (TypeError, ValueError):
            estimate = 0

        def xlsx_rows():
            try:
                for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    yield ["" if cell is None else str(cell) for cell in row]
            finally:
                workbook.close()

        return estimate, xlsx_rows()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The CSV file must be saved as UTF-8."), code="encoding") from exc
    if "\x00" in text:
        raise ValidationError(_("This is not a text CSV file."), code="binary")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # Excel in Turkish locales writes ";"

    def csv_rows():
        try:
            for row in csv.reader(io.StringIO(text), delimiter=delimiter):
                yield row[:MAX_COLUMNS]
        except csv.Error as exc:  # e.g. a field longer than the csv module's own limit
            raise ValidationError(
                _("A cell of the file holds more than %(max)d characters, the most any field takes.")
                % {"max": MAX_CELL_CHARS},
                code="cell_length",
            ) from exc

    return max(text.count("\n") - 1, 0), csv_rows()


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in error.message_dict.items()]
    return [str(m) for m in error.messages]


_PROVINCE_BY_KEY = {search_key(str(name)): code for code, name in PROVINCES}
_COUNTRY_CODES = frozenset(code for code, _name in countries)


def _organisation_from(row: ImportRow, types: dict, areas: dict) -> tuple[Organisation, list]:
    v = row.values
    type_ = types.get(v["type"].lower())
    if v["type"] and type_ is None:
        row.errors.append(_("type: unknown organisation type “%(value)s”.") % {"value": v["type"]})
    province = v["province"]
    if province and province not in dict(PROVINCES):
        province = _PROVINCE_BY_KEY.get(search_key(province), province)
    codes = [c.strip() for c in v["thematic_areas"].replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in codes if c not in areas]
    if unknown:
        row.errors.append(_("thematic_areas: unknown codes %(codes)s.") % {"codes": ", ".join(unknown)})
    country = v["country"].upper()
    if country and country not in _COUNTRY_CODES:
        field = Organisation._meta.get_field("country")
        row.errors.append(f"country: {field.error_messages['invalid_choice'] % {'value': v['country']}}")
    organisation = Organisation(
        name=v["name_tr"], name_tr=v["name_tr"], name_en=v["name_en"], acronym=v["acronym"],
        type=type_, pillar_id=type_.pillar_id if type_ else None, country=country,
        province=province, city=v["city"], website=v["website"], email=v["email"],
        description=v["description_tr"], description_tr=v["description_tr"], description_en=v["description_en"],
        status=Organisation.Status.APPROVED,
    )
    try:
        # type, pillar and country are checked above against sets: no query and no walk through
        # 250 country choices per row (that was most of the time of a 50,000-row check).
        organisation.full_clean(exclude=["type", "pillar", "country"])
    except ValidationError as exc:
        row.errors.extend(_messages(exc))
    return organisation, [areas[c] for c in codes if c in areas]


def _person_from(row: ImportRow, organisations: dict) -> tuple[Person, Membership | None]:
    v = row.values
    organisation = organisations.get(search_key(v["organisation"]))
    if organisation is None:
        row.errors.append(
            _("organisation: no approved organisation with the acronym or name “%(value)s”.") % {"value": v["organisation"]}
        )
    person = Person(
        given_name=v["given_name"], family_name=v["family_name"], email=v["email"], phone=v["phone"],
        position=v["position"], preferred_language=(v["preferred_language"] or "tr").lower(),
    )
    try:
        person.full_clean()
    except ValidationError as exc:
        row.errors.extend(_messages(exc))
    membership = None
    if organisation is not None:
        membership = Membership(
            organisation=organisation, role=v["role"], is_focal_point=v["is_focal_point"].lower() in _TRUE,
            status=Membership.Status.APPROVED,
        )
    return person, membership


def _row_checker(kind: str) -> tuple[tuple, tuple, Callable[[ImportRow], None]]:
    """The columns, required columns and the check of one row for an import of `kind`. The check
    adds the row's errors and the unsaved objects it would write; duplicates within the file and of
    existing rows are errors too."""
    seen = {}
    if kind == ImportJob.Kind.ORGANISATIONS:
        types = {t.code: t for t in OrganisationType.objects.all()}
        areas = {a.code: a for a in ThematicArea.objects.all()}
        names = Organisation.objects.exclude(status=Organisation.Status.REJECTED).values_list("name_tr", flat=True)
        existing = {search_key(name) for name in names.iterator()}

        def check_organisation(row: ImportRow) -> None:
            organisation, thematic_areas = _organisation_from(row, types, areas)
            key = search_key(row.values["name_tr"])
            if key and key in existing:
                row.errors.append(_("name_tr: an organisation with this name already exists."))
            if key and key in seen:
                row.errors.append(_("name_tr: the same name is on line %(line)d.") % {"line": seen[key]})
            seen.setdefault(key, row.line)
            row.objects = (organisation, thematic_areas)

        return ORGANISATION_COLUMNS, ORGANISATION_REQUIRED, check_organisation
    if kind == ImportJob.Kind.PEOPLE:
        organisations = {}
        for org in Organisation.objects.filter(status=Organisation.Status.APPROVED).only("pk", "name_tr", "acronym_key"):
            organisations.setdefault(search_key(org.name_tr), org)
            if org.acronym_key:
                organisations.setdefault(org.acronym_key, org)
        existing = {e.lower() for e in Person.objects.exclude(email="").values_list("email", flat=True).iterator()}

        def check_person(row: ImportRow) -> None:
            person, membership = _person_from(row, organisations)
            email = row.values["email"].lower()
            if email and email in existing:
                row.errors.append(_("email: a person with this e-mail address already exists."))
            if email and email in seen:
                row.errors.append(_("email: the same e-mail address is on line %(line)d.") % {"line": seen[email]})
            if email:
                seen.setdefault(email, row.line)
            row.objects = (person, membership)

        return PEOPLE_COLUMNS, PEOPLE_REQUIRED, check_person
    raise ValidationError(_("Unknown import kind."), code="kind")


def check_rows(
    *, kind: str, filename: str, content: bytes, on_row: Callable[[ImportRow], None],
    on_progress: Callable[[int, int], None] = lambda done, estimate: None,
) -> tuple[int, list[str]]:
    """Read and check every row of a file, one at a time, giving each (with its errors) to `on_row`
    and the count so far to `on_progress` every PROGRESS_EVERY rows. Returns the number of rows and
    the errors that concern the whole file (when there are any, not every row may have been seen)."""
    try:
        estimate, table = _open_table(filename, content)
        columns, required, check = _row_checker(kind)
        header = None
        count = 0
        for line, cells in enumerate(table, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [clean_input(cell).strip().lower() for cell in cells]
                missing = [name for name in required if name not in header]
                if missing:
                    return 0, [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]
                continue
            count += 1
            if count > MAX_ROWS:
                return count, [_("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS}]
            row = _row(line, header, cells, columns)
            if not row.errors:
                check(row)
            on_row(row)
            if count % PROGRESS_EVERY == 0:
                on_progress(count, estimate)
    except ValidationError as exc:
        return 0, [str(m) for m in exc.messages]
    if header is None:
        return 0, [_("The file is empty.")]
    return count, []


def _row(line: int, header: list[str], cells: list[str], columns) -> ImportRow:
    values = dict.fromkeys(columns, "")
    errors = []
    for i, name in enumerate(header):
        if name in values and i < len(cells):
            value = clean_input(cells[i], multiline=name in MULTILINE_COLUMNS).strip()
            if len(value) > MAX_CELL_CHARS:
                errors.append(_("%(column)s: longer than %(max)d characters.") % {"column": name, "max": MAX_CELL_CHARS})
                value = value[:MAX_CELL_CHARS]
            values[name] = value
    return ImportRow(line=line, values=values, errors=errors)


# --- The job: upload, dry run, confirmed write ---------------------------------------------------------


@transaction.atomic
def start_import(*, kind: str, filename: str, content: bytes, user) -> ImportJob:
    """Keep an uploaded file and queue its dry run. A file that could exhaust the server is refused
    here (ValidationError), before anything parses it."""
    from ..tasks import validate_import_job

    check_file(filename=filename, content=content)
    job = ImportJob(
        kind=kind, filename=filename[:255], content=content, uploaded_by=user,
        language=(translation.get_language() or "tr")[:2],
    )
    job.full_clean(exclude=["content"])
    job.save()
    enqueue_on_commit(validate_import_job, job.pk)
    return job


def validate_import(*, job_id: int) -> ImportJob:
    """The dry run (a task): check every row, keep each with its errors for the preview, count the
    progress on the job. Writes nothing to the registry. Idempotent: a job already checked is left
    as it is; one interrupted while being checked (a worker that died) is checked again from the start."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING):
            return job
        job.rows.all().delete()
        job.status, job.processed_count, job.error_count, job.file_errors = ImportJob.Status.VALIDATING, 0, 0, []
        job.save()
    pending: list[ImportJobRow] = []
    errors = 0

    def keep(row: ImportRow) -> None:
        nonlocal errors
        errors += bool(row.errors)
        pending.append(ImportJobRow(job_id=job.pk, line=row.line, values=row.values, errors=row.errors))
        if len(pending) >= WRITE_CHUNK:
            ImportJobRow.objects.bulk_create(pending)
            pending.clear()

    def progress(done: int, estimate: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            processed_count=done, row_count=max(estimate, done), error_count=errors, updated_at=timezone.now()
        )

    with translation.override(job.language):
        try:
            count, file_errors = check_rows(
                kind=job.kind, filename=job.filename, content=bytes(job.content), on_row=keep, on_progress=progress
            )
        except Exception:
            log.exception("import %s could not be checked", job.pk)
            count, file_errors = 0, [_("The file could not be read.")]
    ImportJobRow.objects.bulk_create(pending)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED if file_errors else ImportJob.Status.READY, file_errors=file_errors,
        row_count=count, processed_count=count, error_count=errors, updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


STALE_AFTER = timedelta(minutes=5)  # far longer than PROGRESS_EVERY rows take


def resume_if_stale(*, job: ImportJob) -> bool:
    """Send a running job's task again when nothing has moved for STALE_AFTER: the message was lost
    (broker down at upload) or the worker died. Called when its page is looked at; the tasks are
    idempotent, and the conditional update sends at most one message per stale period."""
    from ..tasks import run_import_job, validate_import_job

    if not job.is_running or job.updated_at > timezone.now() - STALE_AFTER:
        return False
    if not ImportJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(updated_at=timezone.now()):
        return False
    enqueue_on_commit(run_import_job if job.status == ImportJob.Status.IMPORTING else validate_import_job, job.pk)
    return True


@transaction.atomic
def request_import(*, job: ImportJob) -> ImportJob:
    """Staff confirm a checked file: its write is queued. Refused unless every row was valid, and
    for a file already imported or being imported."""
    from ..tasks import run_import_job

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportJob.Status.IMPORTING, ImportJob.Status.DONE):
        raise ValidationError(gettext_lazy("This file has already been imported."), code="already_imported")
    if not job.can_import:
        raise ValidationError(gettext_lazy("The file has errors; nothing was imported."), code="invalid")
    job.status, job.processed_count = ImportJob.Status.IMPORTING, 0
    job.save(update_fields=["status", "processed_count", "updated_at"])
    enqueue_on_commit(run_import_job, job.pk)
    return job


class _RowsInvalid(Exception):
    pass


def run_import(*, job_id: int) -> int:
    """Write every row of a confirmed import, or nothing (a task). The rows are checked again inside
    the one transaction that writes them (the registry may have changed since the dry run); any
    error rolls everything back and fails the job. Idempotent: only a job marked importing is
    written, and it is marked done in the same transaction. Returns the number of rows written.
    bulk_create skips save(), so the normalised search columns are set here."""
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        try:
            with transaction.atomic():
                job = ImportJob.objects.select_for_update().get(pk=job_id)
                if job.status != ImportJob.Status.IMPORTING:
                    return 0
                chunk: list[ImportRow] = []

                def write(row: ImportRow) -> None:
                    if row.errors:
                        raise _RowsInvalid
                    chunk.append(row)
                    if len(chunk) >= WRITE_CHUNK:
                        _write(job.kind, chunk)
                        chunk.clear()

                count, file_errors = check_rows(kind=job.kind, filename=job.filename, content=bytes(job.content), on_row=write)
                if file_errors or not count:
                    raise _RowsInvalid
                _write(job.kind, chunk)
                job.rows.all().delete()
                job.status, job.imported_at = ImportJob.Status.DONE, timezone.now()
                job.row_count = job.processed_count = count
                job.error_count, job.content = 0, b""  # the registry holds the data now; the file goes
                job.save()
                return count
        except _RowsInvalid:
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportJob.Status.FAILED, updated_at=timezone.now(),
                file_errors=[_("The registry changed since the check and some rows are no longer valid; nothing was imported. Upload the file again.")],
            )
            return 0


def _write(kind: str, rows: list[ImportRow]) -> None:
    if kind == ImportJob.Kind.ORGANISATIONS:
        organisations = []
        for row in rows:
            organisation, _areas = row.objects
            organisation.refresh_search_columns()
            organisations.append(organisation)
        organisations = bulk_create_with_history(organisations, Organisation)
        Through = Organisation.thematic_areas.through
        Through.objects.bulk_create(
            [
                Through(organisation_id=organisation.pk, thematicarea_id=area.pk)
                for organisation, row in zip(organisations, rows, strict=True)
                for area in row.objects[1]
            ]
        )
        return
    people = []
    for row in rows:
        person, _membership = row.objects
        person.refresh_search_columns()
        people.append(person)
    people = bulk_create_with_history(people, Person)
    memberships = []
    for person, row in zip(people, rows, strict=True):
        membership = row.objects[1]
        membership.person = person
        memberships.append(membership)
    bulk_create_with_history(memberships, Membership)
