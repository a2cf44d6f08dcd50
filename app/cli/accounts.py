"""`account add|list|test|remove|set-password` and `sync`."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import emit_json, emit_lines, plain
from app.errors import UsageError, user_language
from app.services import sync as sync_service
from app.sync import accounts, credentials
from app.sync.connection_test import ConnectionReport
from app.sync.pop3.account_sync import Pop3FolderResult
from app.sync.pop3.session import recent_mode_note


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    account = commands.add_parser("account", parents=[common], help="mail accounts")
    actions = account.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", parents=[common], help="add an IMAP or POP3 account")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--display-name", default="")
    add.add_argument("--protocol", required=True, choices=["imap", "pop3"])
    add.add_argument("--preset", default="")
    add.add_argument("--host", default="")
    add.add_argument("--port", type=int, default=0)
    add.add_argument("--security", default="ssl", choices=accounts.SECURITY)
    add.add_argument("--username", default="")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (never from arguments)")
    add.add_argument("--smtp-host", default="")
    add.add_argument("--smtp-port", type=int, default=0)
    add.add_argument("--smtp-security", default="ssl", choices=accounts.SECURITY)
    add.add_argument("--smtp-username", default="",
                     help="outgoing user name, when it differs from the incoming one")
    add.add_argument("--same-credentials", action=argparse.BooleanOptionalAction, default=True,
                     help="send with the incoming user name and password (default); with "
                     "--no-same-credentials set the outgoing password with set-password")
    add.add_argument("--pop-retention", default="keep")
    add.add_argument("--ca-file", default="")
    add.add_argument("--allow-insecure", action="store_true")
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", parents=[common], help="configured accounts")
    listing.set_defaults(handler=run_list)
    for name, handler, text in (("test", run_test, "log in to check the settings"),
                                ("remove", run_remove, "remove an account and its mail")):
        sub = actions.add_parser(name, parents=[common], help=text)
        sub.add_argument("account")
        sub.set_defaults(handler=handler)
    password = actions.add_parser("set-password", parents=[common], help="change a password")
    password.add_argument("account")
    direction = password.add_mutually_exclusive_group(required=True)
    direction.add_argument("--incoming", action="store_true")
    direction.add_argument("--outgoing", action="store_true")
    password.add_argument("--password-stdin", action="store_true", required=True)
    password.set_defaults(handler=run_set_password)

    sync = commands.add_parser("sync", parents=[common], help="one full sync pass")
    sync.add_argument("--account")
    sync.set_defaults(handler=run_sync)


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("No password on standard input", "標準入力にパスワードがありません")
    return password


def run_add(args: argparse.Namespace) -> None:
    settings = accounts.AccountSettings(
        name=args.name, email=args.email, display_name=args.display_name,
        protocol=args.protocol, preset=args.preset, host=args.host, port=args.port,
        security=args.security, username=args.username, smtp_host=args.smtp_host,
        smtp_port=args.smtp_port, smtp_security=args.smtp_security,
        smtp_username=args.smtp_username, same_credentials=args.same_credentials,
        pop_retention=args.pop_retention,
        ca_file=args.ca_file, allow_insecure=args.allow_insecure,
    )
    password = _read_password() if args.password_stdin else None
    view = accounts.add_account(settings, password)
    note = recent_mode_note(view.username) if view.protocol == "pop3" else None
    notes = [note[1] if user_language() == "ja" else note[0]] if note else []
    if args.json:
        emit_json({**plain(view), "notes": notes})
    else:
        emit_lines([f"Added {view.name} ({view.email})", *notes])


def run_list(args: argparse.Namespace) -> None:
    views = accounts.list_accounts()
    if args.json:
        emit_json(views)
    else:
        emit_lines([f"{v.name}  {v.email}  {v.protocol}://{v.host}:{v.port}" for v in views])


def _check_lines(report: ConnectionReport, language: str) -> list[str]:
    ja = language == "ja"
    lines = []
    for check in report.servers:
        role = {"incoming": "受信", "outgoing": "送信"}[check.role] if ja else check.role
        where = f"{check.protocol} {check.host}:{check.port} ({check.security})"
        line = f"{report.account}: {role} {where} — {check.label_ja if ja else check.label}"
        if not check.ok:
            line += f": {check.message_ja if ja else check.message}"
        lines.append(line)
        note = check.note_ja if ja else check.note
        if note:
            lines.append(f"    {note}")
    return lines


def run_test(args: argparse.Namespace) -> None:
    report = sync_service.check_connection(args.account)
    if args.json:  # "incoming"/"outgoing": the category per role, as earlier versions printed
        emit_json({**plain(report), **{s.role: s.category for s in report.servers}})
    else:
        emit_lines(_check_lines(report, user_language()))
    error = report.first_error()
    if error is not None:
        raise error


def run_remove(args: argparse.Namespace) -> None:
    accounts.remove_account(args.account)
    emit_json({"removed": args.account}) if args.json else emit_lines([f"Removed {args.account}"])


def run_set_password(args: argparse.Namespace) -> None:
    account = accounts.get_account(args.account)
    direction = "incoming" if args.incoming else "outgoing"
    credentials.set_password(account.name, direction, _read_password())
    notes = []
    if direction == "outgoing" and account.same_credentials:
        english = ("This account sends with its incoming password (same credentials); "
                   "the outgoing password is used only without that option.")
        japanese = ("このアカウントは受信と同じ認証情報で送信するため、"
                    "送信用パスワードは使われません。")
        notes.append(japanese if user_language() == "ja" else english)
    result = {"account": account.name, "updated": direction, "notes": notes}
    if args.json:
        emit_json(result)
    else:
        emit_lines([f"{account.name}: {direction} password set", *notes])


def run_sync(args: argparse.Namespace) -> None:
    try:
        results = sync_service.sync_accounts(args.account)
    except sync_service.SomeAccountsFailed as partial:
        _print_sync(partial.results, args.json)
        raise  # the one-line error and the exit code come after what did sync
    _print_sync(results, args.json)


def _print_sync(results: list[sync_service.AccountSyncResult], as_json: bool) -> None:
    if as_json:
        emit_json({"accounts": results})
        return
    for account in results:
        if account.error is not None:
            print(f"{account.account}: {account.error}")
        for f in account.folders:
            line = (f"{account.account}/{f.folder}: {f.new} new, {f.changed} changed, "
                    f"{f.vanished} vanished")
            if isinstance(f, Pop3FolderResult):
                line += f", {f.removed_from_server} removed from server"
                line += f", {f.failed} not downloadable" if f.failed else ""
            print(line)
