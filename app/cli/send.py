"""`send` and `outbox list|flush|cancel|retry`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime

from app.cli.output import emit_json, emit_lines, fit, one_line
from app.errors import KizunaError, UsageError
from app.services import outbox
from app.services.outbox import FlushResult, OutboxEntry


class _SendFailed(KizunaError):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _seconds(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError("a whole number of seconds, 0 or more")
    return int(text)


def _positive_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("a positive id")
    return int(text)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    send = commands.add_parser("send", parents=[common], help="queue a message in the outbox")
    send.add_argument("--account", help="send from this account (default: the default one)")
    send.add_argument("--to", action="append", required=True, metavar="ADDRESS",
                      help="recipient; repeat or separate with commas")
    send.add_argument("--cc", action="append", default=[], metavar="ADDRESS")
    send.add_argument("--bcc", action="append", default=[], metavar="ADDRESS")
    send.add_argument("--subject", required=True)
    body = send.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", help="the text")
    body.add_argument("--body-file", metavar="FILE", help="UTF-8 text file, - for stdin")
    send.add_argument("--html-file", metavar="FILE", help="an HTML alternative of the text")
    send.add_argument("--attach", action="append", default=[], metavar="FILE")
    send.add_argument("--reply-to", type=_positive_id, metavar="MESSAGE_ID",
                      help="local id of the message this answers (threads the reply)")
    send.add_argument("--delay", type=_seconds, metavar="SECONDS",
                      help="seconds before it goes, 0 sends at once (default: the account's, 10)")
    send.add_argument("--wait", action="store_true",
                      help="stay until the delay is over and send; Ctrl+C cancels")
    send.set_defaults(handler=run_send)

    box = commands.add_parser("outbox", parents=[common], help="messages waiting to be sent")
    actions = box.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="queued, failed and sent")
    listing.add_argument("--account")
    listing.set_defaults(handler=run_list)
    flush = actions.add_parser("flush", parents=[common], help="send what is due")
    flush.add_argument("--now", action="store_true", help="do not wait for the send delay")
    flush.set_defaults(handler=run_flush)
    for name, handler, text in (("cancel", run_cancel, "take a message back before it goes"),
                                ("retry", run_retry, "try a failed message again")):
        sub = actions.add_parser(name, parents=[common], help=text)
        sub.add_argument("id", type=_positive_id)
        sub.set_defaults(handler=handler)


def _read_text(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"Cannot read {path} as UTF-8 text: {error}",
                         f"{path} を UTF-8 テキストとして読み込めません: {error}") from error


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _entry_line(entry: OutboxEntry) -> str:
    line = (f"{entry.id:>5}  {entry.state:<8} {entry.send_after}  {fit(entry.account, 12)} "
            f"{fit(one_line(entry.subject), 40)} → {', '.join(entry.recipients)}")
    return line + (f"  [{one_line(entry.last_error)}]" if entry.last_error else "")


def _raise_first_error(result: FlushResult) -> None:
    failed = next((o for o in result.outcomes if o.error_kind), None)
    if failed is not None and result.exit_code:
        raise _SendFailed(f"outbox entry {failed.id}: {failed.error}", result.exit_code)


def _wait_until_due(entry: OutboxEntry) -> None:
    due = datetime.fromisoformat(entry.send_after).timestamp()
    try:
        while (left := due - time.time()) > 0:
            time.sleep(min(left, 1.0))
    except KeyboardInterrupt:
        outbox.cancel(entry.id)
        raise KizunaError("Cancelled: the message was not sent",
                          "取り消しました。メッセージは送信されていません") from None


def run_send(args: argparse.Namespace) -> None:
    text = args.body if args.body is not None else _read_text(args.body_file)
    html = _read_text(args.html_file) if args.html_file else None
    entry = outbox.queue_message(
        args.account, args.to, args.subject, text, cc=args.cc, bcc=args.bcc, html=html,
        attachments=[outbox.attachment_from_path(path) for path in args.attach],
        delay=args.delay, reply_to=args.reply_to,
    )
    result = None
    if args.wait or args.delay == 0:
        _wait_until_due(entry)
        result = outbox.flush(ignore_delay=True, ids=[entry.id])
        entry = outbox.get_entry(entry.id)
    if args.json:
        emit_json(entry)
    else:
        emit_lines([_entry_line(entry)])
        if entry.state == "queued" and not entry.last_error:
            emit_lines([f"Goes out at {entry.send_after} with `kizuna outbox flush` or the app; "
                        f"`kizuna outbox cancel {entry.id}` takes it back."])
    if result is not None:
        _raise_first_error(result)


def run_list(args: argparse.Namespace) -> None:
    entries = outbox.list_outbox(args.account)
    emit_json(entries) if args.json else emit_lines([_entry_line(e) for e in entries])


def run_flush(args: argparse.Namespace) -> None:
    result = outbox.flush(ignore_delay=args.now)
    if args.json:
        emit_json(result)
    elif result.busy:
        emit_lines(["Another Kizuna is sending right now; nothing done."])
    elif not result.outcomes:
        due = outbox.next_due()
        emit_lines(["Nothing due now." + (f" Next at {_iso(due)}." if due else "")])
    else:
        emit_lines([f"{o.id:>5}  {o.state:<8} {o.message_id}"
                    + (f"  [{one_line(o.error)}]" if o.error else "") for o in result.outcomes])
    _raise_first_error(result)


def run_cancel(args: argparse.Namespace) -> None:
    cancelled = outbox.cancel(args.id)
    if args.json:
        emit_json({
            "id": cancelled.id, "account": cancelled.account,
            "message_id": cancelled.message_id, "to": cancelled.to, "cc": cancelled.cc,
            "bcc": cancelled.bcc, "subject": cancelled.subject, "text": cancelled.text,
            "attachments": [{"filename": a.filename, "content_type": a.content_type,
                             "size": len(a.data)} for a in cancelled.attachments],
        })
    else:
        emit_lines([f"Cancelled {cancelled.id}: {one_line(cancelled.subject)}"])


def run_retry(args: argparse.Namespace) -> None:
    entry = outbox.retry(args.id)
    emit_json(entry) if args.json else emit_lines([_entry_line(entry)])
