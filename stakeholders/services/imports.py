"""Import organisations or people from an XLSX or CSV file.

Staff upload a file; `parse_import` checks every row without writing and lists each row's errors (the
dry-run preview); `run_import` writes all rows in one transaction, and only when no row has an error.
The columns are the ones in ORGANISATION_COLUMNS / PEOPLE_COLUMNS (header names, any order)."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from magnet.text import search_key

from ..models import ImportBatch, Membership, Organisation, OrganisationType, Person, ThematicArea
from ..provinces import PROVINCES

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
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


@dataclass
class ImportPreview:
    kind: str
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.error_rows and bool(self.rows)


def _read_table(filename: str, content: bytes) -> list[list[str]]:
    """The file's cells as text, first row the header. Raises ValidationError for a malformed file."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ValidationError(_("This is not a readable XLSX file.")) from exc
        sheet = workbook.worksheets[0]
        table = [["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return table
    if extension == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The CSV file must be saved as UTF-8.")) from exc
        if "\x00" in text:
            raise ValidationError(_("This is not a text CSV file."))
        header = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=header.count)  # Excel in Turkish locales writes ";"
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise ValidationError(_("Upload an XLSX or CSV file."))


def _records(table: list[list[str]], columns, required) -> tuple[list[ImportRow], list[str]]:
    rows = [row for row in table if any(cell for cell in row)]
    if not rows:
        return [], [_("The file is empty.")]
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        return [], [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]
    if len(rows) - 1 > MAX_ROWS:
        return [], [_("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS}]
    records = []
    for line, cells in enumerate(rows[1:], start=2):
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name in columns}
        records.append(ImportRow(line=line, values={name: values.get(name, "") for name in columns}))
    return records, []


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in error.message_dict.items()]
    return [str(m) for m in error.messages]


_PROVINCE_BY_KEY = {search_key(str(name)): code for code, name in PROVINCES}


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
    organisation = Organisation(
        name=v["name_tr"], name_tr=v["name_tr"], name_en=v["name_en"], acronym=v["acronym"],
        type=type_, pillar_id=type_.pillar_id if type_ else None, country=v["country"].upper(),
        province=province, city=v["city"], website=v["website"], email=v["email"],
        description=v["description_tr"], description_tr=v["description_tr"], description_en=v["description_en"],
        status=Organisation.Status.APPROVED,
    )
    try:
        organisation.full_clean(exclude=["type", "pillar"] if type_ is None else None)
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


def parse_import(*, kind: str, filename: str, content: bytes) -> ImportPreview:
    """Check every row of an import file without writing anything (the dry run). Each row lists all
    its errors; duplicates within the file and of existing rows are errors too."""
    preview = ImportPreview(kind=kind, rows=[])
    try:
        table = _read_table(filename, content)
    except ValidationError as exc:
        preview.file_errors = [str(m) for m in exc.messages]
        return preview
    if kind == ImportBatch.Kind.ORGANISATIONS:
        preview.rows, preview.file_errors = _records(table, ORGANISATION_COLUMNS, ORGANISATION_REQUIRED)
        types = {t.code: t for t in OrganisationType.objects.all()}
        areas = {a.code: a for a in ThematicArea.objects.all()}
        existing = set(Organisation.objects.exclude(status=Organisation.Status.REJECTED).values_list("name_tr", flat=True))
        existing = {search_key(name) for name in existing}
        seen = {}
        for row in preview.rows:
            organisation, thematic_areas = _organisation_from(row, types, areas)
            key = search_key(row.values["name_tr"])
            if key and key in existing:
                row.errors.append(_("name_tr: an organisation with this name already exists."))
            if key and key in seen:
                row.errors.append(_("name_tr: the same name is on line %(line)d.") % {"line": seen[key]})
            seen.setdefault(key, row.line)
            row.objects = (organisation, thematic_areas)
    elif kind == ImportBatch.Kind.PEOPLE:
        preview.rows, preview.file_errors = _records(table, PEOPLE_COLUMNS, PEOPLE_REQUIRED)
        organisations = {}
        for org in Organisation.objects.filter(status=Organisation.Status.APPROVED).only("pk", "name_tr", "acronym_key"):
            organisations.setdefault(search_key(org.name_tr), org)
            if org.acronym_key:
                organisations.setdefault(org.acronym_key, org)
        existing = {e.lower() for e in Person.objects.exclude(email="").values_list("email", flat=True)}
        seen = {}
        for row in preview.rows:
            person, membership = _person_from(row, organisations)
            email = row.values["email"].lower()
            if email and email in existing:
                row.errors.append(_("email: a person with this e-mail address already exists."))
            if email and email in seen:
                row.errors.append(_("email: the same e-mail address is on line %(line)d.") % {"line": seen[email]})
            if email:
                seen.setdefault(email, row.line)
            row.objects = (person, membership)
    else:
        preview.file_errors = [_("Unknown import kind.")]
    return preview


@transaction.atomic
def store_import(*, kind: str, filename: str, content: bytes, user) -> tuple[ImportBatch, ImportPreview]:
    """Keep an uploaded file between its dry-run preview and the confirmed write."""
    preview = parse_import(kind=kind, filename=filename, content=content)
    batch = ImportBatch(
        kind=kind, filename=filename[:255], content=content, uploaded_by=user,
        row_count=len(preview.rows), error_count=len(preview.error_rows) + len(preview.file_errors),
    )
    batch.full_clean(exclude=["content"])
    batch.save()
    return batch, preview


@transaction.atomic
def run_import(*, batch: ImportBatch) -> int:
    """Write every row of a stored import, or nothing: the file is checked again inside the
    transaction and any error raises ValidationError before the first row is written. A batch is
    imported once; a second call raises. Returns the number of rows written. Uses bulk_create, so the
    normalised search columns are set here."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.imported_at:
        raise ValidationError(gettext_lazy("This file has already been imported."), code="already_imported")
    preview = parse_import(kind=batch.kind, filename=batch.filename, content=bytes(batch.content))
    if not preview.is_valid:
        raise ValidationError(gettext_lazy("The file has errors; nothing was imported."), code="invalid")
    if batch.kind == ImportBatch.Kind.ORGANISATIONS:
        organisations = []
        for row in preview.rows:
            organisation, _areas = row.objects
            organisation.refresh_search_columns()
            organisations.append(organisation)
        organisations = bulk_create_with_history(organisations, Organisation)
        Through = Organisation.thematic_areas.through
        Through.objects.bulk_create(
            [
                Through(organisation_id=organisation.pk, thematicarea_id=area.pk)
                for organisation, row in zip(organisations, preview.rows, strict=True)
                for area in row.objects[1]
            ]
        )
    else:
        people = []
        for row in preview.rows:
            person, _membership = row.objects
            person.refresh_search_columns()
            people.append(person)
        people = bulk_create_with_history(people, Person)
        memberships = []
        for person, row in zip(people, preview.rows, strict=True):
            membership = row.objects[1]
            membership.person = person
            memberships.append(membership)
        bulk_create_with_history(memberships, Membership)
    batch.imported_at = timezone.now()
    batch.error_count = 0
    batch.save(update_fields=["imported_at", "error_count"])
    return len(preview.rows)

