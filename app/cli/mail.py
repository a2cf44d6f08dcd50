"""`folders`, `messages list|show`, `search`."""

from __future__ import annotations

import argparse
import sys

from app.cli.output import emit_json, emit_lines, fit, one_line
from app.errors import NetworkError, UsageError, user_language
from app.mail.search import index_pending
from app.services import actions as message_actions
from app.services import mailbox
from app.services.types import MessageSummary, ThreadSummary


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    folders = commands.add_parser("folders", parents=[common], help="list folders")
    folders.set_defaults(handler=run_folders)

    messages = commands.add_parser("messages", parents=[common], help="list or show messages")
    actions = messages.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="newest messages of a folder")
    listing.add_argument("--folder", help="folder name, role (inbox) or id")
    listing.add_argument("--account", help="only this account")
    listing.add_argument("--limit", type=positive_int, default=50)
    listing.add_argument("--threads", action="store_true", help="one row per conversation")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", parents=[common], help="one message with its body")
    show.add_argument("id", type=positive_int)
    show.add_argument("--raw", action="store_true", help="print the raw RFC 822 source")
    show.add_argument("--allow-remote", action="store_true", help="keep remote images")
    show.add_argument("--offline", action="store_true",
                      help="never contact the server; show only what is stored")
    show.set_defaults(handler=run_show)
    _register_actions(actions, common)

    search = commands.add_parser("search", parents=[common], help="full-text search")
    search.add_argument("query", help="words; from:, to:, subject: narrow to a field")
    search.add_argument("--limit", type=positive_int, default=50)
    search.set_defaults(handler=run_search)


_FLAG_OPTIONS = {  # option -> (flag name, set?)
    "read": ("seen", True), "unread": ("seen", False), "star": ("flagged", True),
    "unstar": ("flagged", False), "answered": ("answered", True),
    "unanswered": ("answered", False),
}


def _register_actions(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Changes apply locally at once and reach the server with the next `sync`."""
    flag = actions.add_parser("flag", parents=[common], help="mark read/unread, star, answered")
    for option in _FLAG_OPTIONS:
        flag.add_argument(f"--{option}", action="append_const", const=option, dest="changes")
    move = actions.add_parser("move", parents=[common], help="move to another folder")
    move.add_argument("--folder", required=True, help="folder name, role or id")
    delete = actions.add_parser("delete", parents=[common],
                                help="move to Trash (from Trash: delete for good)")
    archive = actions.add_parser("archive", parents=[common], help="move to the archive folder")
    for command, handler in ((flag, run_flag), (move, run_move), (delete, run_delete),
                             (archive, run_archive)):
        command.add_argument("ids", nargs="+", type=positive_int, metavar="ID")
        command.set_defaults(handler=handler)


def _emit_action(result: message_actions.ActionResult, args: argparse.Namespace) -> None:
    if args.json:
        emit_json(result)
    else:
        emit_lines([f"{result.changed} changed, {result.pending} waiting for the server"])


def run_flag(args: argparse.Namespace) -> None:
    if not args.changes:
        raise UsageError("messages flag: say what to change, e.g. --read or --star",
                         "messages flag: --read や --star などを指定してください")
    chosen = [_FLAG_OPTIONS[option] for option in args.changes]
    set_names = [name for name, on in chosen if on]
    clear_names = [name for name, on in chosen if not on]
    _emit_action(message_actions.change_flags(args.ids, set_names, clear_names), args)


def run_move(args: argparse.Namespace) -> None:
    _emit_action(message_actions.move_messages(args.ids, args.folder), args)


def run_delete(args: argparse.Namespace) -> None:
    _emit_action(message_actions.delete_messages(args.ids), args)


def run_archive(args: argparse.Namespace) -> None:
    _emit_action(message_actions.archive_messages(args.ids), args)


def positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(text)
    return value


def _line(m: MessageSummary) -> str:
    marks = ("*" if "flagged" in m.flags else " ") + (" " if "seen" in m.flags else "N")
    sender = m.from_name or m.from_addr
    return f"{m.id:>7} {marks} {m.date[:16]}  {fit(one_line(sender), 24)}  {one_line(m.subject)}"


def run_folders(args: argparse.Namespace) -> None:
    folders = mailbox.list_folders()
    if args.json:
        emit_json(folders)
    else:
        emit_lines(
            [f"{f.id:>4}  {f.account}/{f.display_name}  {f.unread}/{f.total}" for f in folders]
        )


def _thread_line(t: ThreadSummary) -> str:
    return f"{_line(t.latest)}  ({t.messages})"


def run_list(args: argparse.Namespace) -> None:
    if args.threads:
        threads = mailbox.list_threads(args.folder, args.account, args.limit)
        emit_json(threads) if args.json else emit_lines([_thread_line(t) for t in threads])
        return
    messages = mailbox.list_messages(args.folder, args.account, args.limit)
    emit_json(messages) if args.json else emit_lines([_line(m) for m in messages])


def run_show(args: argparse.Namespace) -> None:
    if args.raw:
        sys.stdout.buffer.write(mailbox.raw_source(args.id))
        return
    fetch_error = None if args.offline else _fetch_body(args.id)
    detail = mailbox.show_message(args.id, allow_remote=args.allow_remote)
    if args.json:
        emit_json(detail)
        return
    if fetch_error:
        print(f"(body not downloaded: {fetch_error})", file=sys.stderr)
    lines = [
        f"From:    {detail.from_name} <{detail.from_addr}>",
        f"To:      {', '.join(f'{p.name} <{p.addr}>' if p.name else p.addr for p in detail.to)}",
        f"Date:    {detail.date}",
        f"Subject: {detail.subject}",
    ]
    lines += [f"Warning: {w.message}" for w in detail.warnings]
    lines += [f"Attachment: {a.filename} ({a.content_type}, {a.size} bytes)"
              for a in detail.attachments]
    emit_lines([*lines, "", detail.text])


def _fetch_body(message_id: int) -> str | None:
    """Download the body of a header-only message; offline, say why and show what is stored."""
    try:
        message_actions.ensure_body(message_id)
    except NetworkError as error:
        return error.message(user_language())
    return None


def run_search(args: argparse.Namespace) -> None:
    index_pending()  # a one-shot command first catches up with mail stored since the last run
    results = mailbox.search(args.query, args.limit)
    emit_json(results) if args.json else emit_lines([_line(m) for m in results])
