"""Export and import for the CLI and the UI: vCard and CSV for people, iCalendar for events
and tasks. Files are written whole or not at all."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from app.crm import csv_io, ical, importing, vcard
from app.crm.decode import decode_text
from app.crm.errors import invalid_value
from app.crm.importing import ColumnMapping, ImportReport
from app.errors import NotFound, UsageError
from app.services import crm

EXPORT_FORMATS = ("vcard", "csv", "ics")
IMPORT_FORMATS = ("vcard", "csv", "ics")
_KINDS = {"lead": "lead", "leads": "lead", "contact": "contact", "contacts": "contact"}
_NAME_FIELDS = {"email", "last_name", "first_name", "full_name"}


@dataclass
class ExportResult:
    format: str
    path: str
    count: int


def _kind(value: str | None) -> str | None:
    if value is None:
        return None
    if value.lower() not in _KINDS:
        raise invalid_value("kind", value, "leads or contacts", "leads または contacts")
    return _KINDS[value.lower()]


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def export_records(fmt: str, out: str | os.PathLike[str], kind: str | None = None,
                   version: str = "3.0", language: str = "en",
                   record: str | None = None) -> ExportResult:
    """vcard/csv: leads and contacts (or one kind); ics: events and tasks (of one record)."""
    path = Path(out)
    if fmt == "ics":
        found = crm.list_records("activities", record=record)
        items = [a for a in found if a.kind in ("event", "task")]
        _write(path, ical.write_calendar(items, int(time.time())).encode("utf-8"))
        return ExportResult(fmt, str(path), len(items))
    if fmt not in EXPORT_FORMATS:
        raise invalid_value("format", fmt, " | ".join(EXPORT_FORMATS), " | ".join(EXPORT_FORMATS))
    chosen = _kind(kind)
    # A converted lead lives on as its contact: exporting both would duplicate the person.
    leads = [r for r in crm.list_records("leads") if r.status != "converted"]
    people = [*(crm.list_records("contacts") if chosen in (None, "contact") else []),
              *(leads if chosen in (None, "lead") else [])]
    if fmt == "vcard":
        if version not in vcard.VERSIONS:
            raise invalid_value("version", version, "3.0 or 4.0", "3.0 または 4.0")
        _write(path, vcard.write_vcards(people, version).encode("utf-8"))
    else:
        if language not in csv_io.HEADERS:
            raise invalid_value("header", language, "en or ja", "en または ja")
        _write(path, csv_io.write_csv(people, language))
    return ExportResult(fmt, str(path), len(people))


def import_records(fmt: str, source: str | os.PathLike[str], kind: str | None = None,
                   dry_run: bool = False, on_duplicate: str = "skip",
                   record: str | None = None) -> ImportReport:
    """Import people (vcard, csv) or events and tasks (ics); `dry_run` previews the
    column mapping and the new / duplicate / invalid counts without changing anything."""
    if fmt not in IMPORT_FORMATS:
        raise invalid_value("format", fmt, " | ".join(IMPORT_FORMATS), " | ".join(IMPORT_FORMATS))
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"No file {path}", f"ファイル {path} がありません") from None
    except OSError as error:
        raise UsageError(f"Cannot read {path}: {error.strerror}",
                         f"{path} を読めません: {error.strerror}") from None
    text, encoding = decode_text(data)
    report = ImportReport(fmt, dry_run, encoding=encoding)
    if fmt == "ics":
        return importing.import_calendar(ical.read_calendar(text), report, record)
    if fmt == "vcard":
        return importing.import_people(vcard.read_vcards(text), report, _kind(kind),
                                       on_duplicate)
    table = csv_io.read_csv(text)
    mapping = csv_io.map_columns(table.columns)
    report.mapping = [ColumnMapping(c, f) for c, f in zip(table.columns, mapping, strict=True)]
    if not _NAME_FIELDS & {f for f in mapping if f}:
        raise UsageError(
            f"No column holds an email or a name; columns: {', '.join(table.columns)}",
            f"メールアドレスや名前の列がありません。列: {', '.join(table.columns)}",
        )
    rows = (csv_io.row_fields(row, mapping) for row in table.rows)
    return importing.import_people(rows, report, _kind(kind), on_duplicate)
