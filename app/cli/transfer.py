"""`export vcard|csv|ics --out F` and `import vcard|csv|ics F` (with --dry-run previews)."""

from __future__ import annotations

import argparse

from app.cli.output import emit_json, emit_lines
from app.crm.importing import ImportReport
from app.services import crm_transfer


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common],
                                 help="write people (vCard, CSV) or events and tasks (ics)")
    export.add_argument("format", choices=crm_transfer.EXPORT_FORMATS)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--kind", choices=["leads", "contacts"], help="vcard, csv: only these")
    export.add_argument("--version", choices=["3.0", "4.0"], default="3.0", help="vcard")
    export.add_argument("--header", choices=["en", "ja"], default="en",
                        help="csv: column names in English or Japanese")
    export.add_argument("--record", metavar="ID", help="ics: only this lead's or contact's")
    export.set_defaults(handler=run_export)

    imp = commands.add_parser("import", parents=[common],
                              help="read people (vCard, CSV) or events and tasks (ics)")
    imp.add_argument("format", choices=crm_transfer.IMPORT_FORMATS)
    imp.add_argument("file")
    imp.add_argument("--kind", choices=["lead", "contact", "leads", "contacts"],
                     help="vcard, csv: import as (default: the file's Kind column, else lead)")
    imp.add_argument("--dry-run", action="store_true",
                     help="show the column mapping and counts, change nothing")
    imp.add_argument("--on-duplicate", choices=["skip", "update"], default="skip",
                     help="vcard, csv: skip duplicates, or update the record from the row "
                          "(notes are added to the record's)")
    imp.add_argument("--record", metavar="ID",
                     help="ics: for items with no CRM person among the attendees")
    imp.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> None:
    result = crm_transfer.export_records(args.format, args.out, kind=args.kind,
                                         version=args.version, language=args.header,
                                         record=args.record)
    if args.json:
        emit_json(result)
    else:
        emit_lines([f"{result.count} written to {result.path}"])


def run_import(args: argparse.Namespace) -> None:
    report = crm_transfer.import_records(args.format, args.file, kind=args.kind,
                                         dry_run=args.dry_run, on_duplicate=args.on_duplicate,
                                         record=args.record)
    emit_json(report) if args.json else emit_lines(report_lines(report))


def report_lines(report: ImportReport) -> list[str]:
    lines = [f"{m.column!r:>24} -> {m.field or '(ignored)'}" for m in report.mapping]
    if report.encoding:
        lines.append(f"encoding: {report.encoding}")
    lines.append(f"{report.rows} rows: {report.new} new, {report.duplicates} duplicates, "
                 f"{report.invalid} invalid")
    lines += [f"  row {d.row}: duplicate of {d.reason}" for d in report.duplicates_of]
    lines += [f"  row {p.row}: {p.reason}" for p in report.problems]
    if report.dry_run:
        lines.append("dry run: nothing was changed")
    else:
        lines.append(f"{report.created} created, {report.updated} updated, "
                     f"{report.skipped} skipped")
    return lines
