"""`account add|list|test|remove|set-password` and `sync`."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import emit_json, emit_lines
from app.errors import UsageError
from app.services import sync as sync_service
from app.sync import accounts, credentials
from app.sync.imap.account_sync import open_client


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
    add.add_argument("--same-credentials", action="store_true", default=True)
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
        same_credentials=args.same_credentials, pop_retention=args.pop_retention,
        ca_file=args.ca_file, allow_insecure=args.allow_insecure,
    )
    password = _read_password() if args.password_stdin else None
    view = accounts.add_account(settings, password)
    emit_json(view) if args.json else emit_lines([f"Added {view.name} ({view.email})"])


def run_list(args: argparse.Namespace) -> None:
    views = accounts.list_accounts()
    if args.json:
        emit_json(views)
    else:
        emit_lines([f"{v.name}  {v.email}  {v.protocol}://{v.host}:{v.port}" for v in views])


def run_test(args: argparse.Namespace) -> None:
    account = accounts.get_account(args.account)
    client = open_client(account)
    client.logout()
    result = {"account": account.name, "incoming": "ok"}
    emit_json(result) if args.json else emit_lines([f"{account.name}: incoming server OK"])


def run_remove(args: argparse.Namespace) -> None:
    accounts.remove_account(args.account)
    emit_json({"removed": args.account}) if args.json else emit_lines([f"Removed {args.account}"])


def run_set_password(args: argparse.Namespace) -> None:
    account = accounts.get_account(args.account)
    direction = "incoming" if args.incoming else "outgoing"
    credentials.set_password(account.name, direction, _read_password())
    result = {"account": account.name, "updated": direction}
    emit_json(result) if args.json else emit_lines([f"{account.name}: {direction} password set"])


def run_sync(args: argparse.Namespace) -> None:
    results = sync_service.sync_accounts(args.account)
    if args.json:
        emit_json({"accounts": results})
        return
    for account in results:
        for f in account.folders:
            print(f"{account.account}/{f.folder}: {f.new} new, {f.changed} changed, "
                  f"{f.vanished} vanished")
