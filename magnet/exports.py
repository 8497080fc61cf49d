"""Tabular exports (CSV and XLSX) with spreadsheet formula injection neutralised.

A cell that starts with = + - @ (or a tab / carriage return) is prefixed with an apostrophe, so a
spreadsheet shows it as text instead of running it. Control and bidi override characters are removed
(forms strip them on input, but rows stored before that, or written another way, must not make the
whole export fail: openpyxl refuses them). Turkish text is kept exactly (UTF-8 with BOM
for CSV, so Excel opens ş ğ ı İ correctly)."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

from .text import clean_input

_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str):
        value = clean_input(value, multiline=True)
        return "'" + value if value.startswith(_DANGEROUS_PREFIXES) else value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(neutralise(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "MAGNET") -> bytes:
    return _workbook([(sheet_title, headers, rows)])


def _workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX of [(title, headers, rows)]: bold frozen headers, every cell neutralised, and every
    text cell stored as a string, so nothing ever becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """`fmt` is "csv" or "xlsx"; `filename` without extension."""
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(headers, rows), content_type=XLSX_MIMETYPE)
    else:
        fmt = "csv"
        response = HttpResponse(to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def workbook_response(filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """An XLSX of several sheets, [(title, headers, rows)], each cell neutralised as in `to_xlsx`."""
    response = HttpResponse(_workbook(sheets), content_type=XLSX_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
