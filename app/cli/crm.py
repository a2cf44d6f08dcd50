"""`crm lookup|show|add|update|log|done|deal|convert|list|timeline|link|pipeline`."""

from __future__ import annotations

import argparse

from app.cli.crm_lines import (
    activity_line,
    company_line,
    conversion_lines,
    deal_line,
    lookup_lines,
    record_line,
    stage_line,
    timeline_line,
)
from app.cli.mail import positive_int
from app.cli.output import emit_json, emit_lines
from app.errors import UsageError
from app.services import crm

ACTIVITY_KINDS = ("task", "event", "call", "note")


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("crm", parents=[common], help="leads, contacts, deals, activities")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    lookup = actions.add_parser("lookup", parents=[common], help="who is this address?")
    lookup.add_argument("email")
    lookup.set_defaults(handler=run_lookup)
    show = actions.add_parser("show", parents=[common], help="one lead or contact")
    show.add_argument("id", metavar="ID")
    show.set_defaults(handler=run_show)

    add = actions.add_parser("add", parents=[common], help="add a lead or a contact")
    add.add_argument("kind", choices=["lead", "contact"])
    source = add.add_mutually_exclusive_group()
    source.add_argument("--from-message", type=positive_int, metavar="ID",
                        help="prefill from a message's sender and signature")
    source.add_argument("--email")
    _set_option(add)
    add.add_argument("--allow-duplicate", action="store_true",
                     help="create it even if the same person seems to exist")
    add.set_defaults(handler=run_add)
    update = actions.add_parser("update", parents=[common], help="change fields of a record")
    update.add_argument("id", metavar="ID")
    _set_option(update)
    update.add_argument("--allow-duplicate", action="store_true",
                        help="keep an email that another person already has")
    update.set_defaults(handler=run_update)

    _register_log(actions, common)
    done = actions.add_parser("done", parents=[common], help="tick off a task or an event")
    done.add_argument("id", metavar="ACTIVITY_ID")
    done.add_argument("--undo", action="store_true", help="mark it open again")
    done.set_defaults(handler=run_done)
    _register_deal(actions, common)

    convert = actions.add_parser("convert", parents=[common], help="turn a lead into a contact")
    convert.add_argument("id", metavar="LEAD_ID")
    convert.add_argument("--company", action="store_true",
                         help="also create the company record if none matches")
    convert.add_argument("--deal", metavar="NAME", help="also create a deal")
    convert.add_argument("--amount")
    convert.add_argument("--stage")
    convert.add_argument("--close-date")
    convert.add_argument("--into", metavar="CONTACT_ID", help="merge into this contact")
    convert.set_defaults(handler=run_convert)

    _register_list(actions, common)
    timeline = actions.add_parser("timeline", parents=[common],
                                  help="activities and linked mail, newest first")
    timeline.add_argument("id", metavar="ID")
    timeline.add_argument("--limit", type=positive_int, default=100)
    timeline.set_defaults(handler=run_timeline)
    link = actions.add_parser("link", parents=[common], help="link a message to a person")
    link.add_argument("message", type=positive_int, metavar="MESSAGE_ID")
    link.add_argument("id", metavar="ID")
    link.add_argument("--remove", action="store_true", help="remove the link instead")
    link.set_defaults(handler=run_link)
    _register_pipeline(actions, common)


def _set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="last_name, first_name, email, phone, mobile, company, title, "
                             "website, address, notes, last_name_kana, first_name_kana, source, "
                             "status (leads)")


def _register_log(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    log = actions.add_parser("log", parents=[common], help="log a task, event, call or note")
    log.add_argument("kind", choices=ACTIVITY_KINDS)
    log.add_argument("--record", required=True, metavar="ID", help="L12 or C7")
    log.add_argument("--subject", required=True)
    log.add_argument("--body")
    log.add_argument("--deal", metavar="DEAL_ID")
    log.add_argument("--due", help="tasks: ISO date or time")
    log.add_argument("--priority", choices=["high", "normal", "low"])
    log.add_argument("--start", help="events and calls: ISO time")
    log.add_argument("--end", help="events: ISO time (default: one hour after the start)")
    log.add_argument("--location")
    log.add_argument("--attendee", action="append", dest="attendees", metavar="EMAIL")
    log.add_argument("--direction", choices=["inbound", "outbound"])
    log.add_argument("--duration", help="calls: 300, 5m, 1h or 4:30")
    log.add_argument("--outcome")
    log.set_defaults(handler=run_log)


def _register_deal(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    deal = actions.add_parser("deal", parents=[common], help="deals (contacts only)")
    deal_actions = deal.add_subparsers(dest="deal_action", required=True, metavar="ACTION")
    create = deal_actions.add_parser("create", parents=[common], help="a new deal")
    create.add_argument("--contact", required=True, metavar="CONTACT_ID")
    create.add_argument("--name", required=True)
    for option in ("--amount", "--currency", "--stage", "--close-date"):
        create.add_argument(option)
    create.set_defaults(handler=run_deal_create)
    stage = deal_actions.add_parser("stage", parents=[common], help="move a deal to a stage")
    stage.add_argument("id", metavar="DEAL_ID")
    stage.add_argument("stage")
    stage.set_defaults(handler=run_deal_stage)
    update = deal_actions.add_parser("update", parents=[common], help="change a deal")
    update.add_argument("id", metavar="DEAL_ID")
    update.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="name, amount, currency, stage, close_date")
    update.set_defaults(handler=run_deal_update)


def _register_list(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    listing = actions.add_parser("list", parents=[common], help="list records")
    listing.add_argument("kind", choices=crm.LIST_KINDS)
    listing.add_argument("--query", help="leads, contacts, companies: text to find")
    listing.add_argument("--status", help="leads: new, contacted, qualified, lost, converted")
    listing.add_argument("--company", help="contacts, deals: O3 or a company name")
    listing.add_argument("--stage", help="deals")
    listing.add_argument("--contact", help="deals: C7")
    listing.add_argument("--open", action="store_true", help="deals: not closed")
    listing.add_argument("--due", choices=["today", "overdue", "upcoming"], help="activities")
    listing.add_argument("--record", help="activities: of L12 or C7")
    listing.add_argument("--type", choices=ACTIVITY_KINDS, help="activities")
    listing.add_argument("--include-done", action="store_true", default=None,
                         help="activities: with --due, also done ones")
    listing.add_argument("--limit", type=positive_int)
    listing.set_defaults(handler=run_list)


def _register_pipeline(actions: argparse._SubParsersAction,
                       common: argparse.ArgumentParser) -> None:
    pipeline = actions.add_parser("pipeline", parents=[common], help="deal stages")
    steps = pipeline.add_subparsers(dest="pipeline_action", metavar="ACTION")
    pipeline.set_defaults(handler=run_pipeline)
    add = steps.add_parser("add", parents=[common], help="a new stage")
    add.add_argument("name")
    add.add_argument("--position", type=positive_int)
    add.add_argument("--probability", type=int, default=0)
    add.add_argument("--closed", action="store_true")
    add.add_argument("--won", action="store_true", help="a closed stage that counts as won")
    add.set_defaults(handler=run_stage_add)
    rename = steps.add_parser("rename", parents=[common], help="rename a stage and its deals")
    rename.add_argument("stage")
    rename.add_argument("new_name")
    rename.set_defaults(handler=run_stage_rename)
    move = steps.add_parser("move", parents=[common], help="change a stage's position")
    move.add_argument("stage")
    move.add_argument("position", type=positive_int)
    move.set_defaults(handler=run_stage_move)
    remove = steps.add_parser("remove", parents=[common], help="remove a stage")
    remove.add_argument("stage")
    remove.add_argument("--move-to", metavar="STAGE", help="where its deals go")
    remove.set_defaults(handler=run_stage_remove)


def parse_assignments(items: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set expects FIELD=VALUE, got '{item}'",
                             f"--set は 項目=値 の形で指定してください（「{item}」）")
        fields[name.strip().lower().replace("-", "_")] = value
    return fields


def _emit(args: argparse.Namespace, value: object, lines: list[str]) -> None:
    emit_json(value) if args.json else emit_lines(lines)


def run_lookup(args: argparse.Namespace) -> None:
    result = crm.lookup(args.email)
    _emit(args, result, lookup_lines(result))


def run_show(args: argparse.Namespace) -> None:
    record = crm.get_record(args.id)
    _emit(args, record, [record_line(record)])


def run_add(args: argparse.Namespace) -> None:
    fields: dict[str, object] = {}
    if args.from_message:
        fields.update(crm.prefill_from_message(args.from_message))
    if args.email:
        fields["email"] = args.email
    fields.update(parse_assignments(args.set))
    record = crm.add_record(args.kind, fields, allow_duplicate=args.allow_duplicate)
    _emit(args, record, [record_line(record)])


def run_update(args: argparse.Namespace) -> None:
    fields = parse_assignments(args.set)
    if not fields:
        raise UsageError("crm update: say what to change with --set FIELD=VALUE",
                         "crm update: --set 項目=値 で変更内容を指定してください")
    record = crm.update_record(args.id, fields, allow_duplicate=args.allow_duplicate)
    _emit(args, record, [record_line(record)])


_LOG_OPTIONS = ("body", "deal", "due", "priority", "start", "end", "location", "attendees",
                "direction", "duration", "outcome")


def run_log(args: argparse.Namespace) -> None:
    fields = {name: getattr(args, name) for name in _LOG_OPTIONS
              if getattr(args, name) is not None}
    activity = crm.log_activity(args.record, args.kind, args.subject, **fields)
    _emit(args, activity, [activity_line(activity)])


def run_done(args: argparse.Namespace) -> None:
    activity = crm.complete_task(args.id, done=not args.undo)
    _emit(args, activity, [activity_line(activity)])


def run_deal_create(args: argparse.Namespace) -> None:
    fields = {name: getattr(args, name) for name in ("amount", "currency", "stage", "close_date")
              if getattr(args, name) is not None}
    deal = crm.create_deal(args.contact, args.name, **fields)
    _emit(args, deal, [deal_line(deal)])


def run_deal_stage(args: argparse.Namespace) -> None:
    deal = crm.set_deal_stage(args.id, args.stage)
    _emit(args, deal, [deal_line(deal)])


def run_deal_update(args: argparse.Namespace) -> None:
    fields = parse_assignments(args.set)
    if not fields:
        raise UsageError("crm deal update: say what to change with --set FIELD=VALUE",
                         "crm deal update: --set 項目=値 で変更内容を指定してください")
    deal = crm.update_deal(args.id, fields)
    _emit(args, deal, [deal_line(deal)])


def run_convert(args: argparse.Namespace) -> None:
    if not args.deal and any((args.amount, args.stage, args.close_date)):
        raise UsageError("--amount, --stage and --close-date describe the deal: add --deal NAME",
                         "--amount・--stage・--close-date は商談の項目です。--deal で商談名を指定"
                         "してください")
    result = crm.convert_lead(args.id, company=args.company, deal=args.deal, into=args.into,
                              amount=args.amount, stage=args.stage, close_date=args.close_date)
    _emit(args, result, conversion_lines(result))


_LINES = {"leads": record_line, "contacts": record_line, "companies": company_line,
          "deals": deal_line, "activities": activity_line}


def run_list(args: argparse.Namespace) -> None:
    names = ("query", "status", "company", "stage", "contact", "open", "due", "record", "type",
             "include_done", "limit")
    filters = {name: getattr(args, name) for name in names
               if getattr(args, name) not in (None, False)}
    found = crm.list_records(args.kind, **filters)
    _emit(args, found, [_LINES[args.kind](item) for item in found])


def run_timeline(args: argparse.Namespace) -> None:
    entries = crm.timeline(args.id, args.limit)
    _emit(args, entries, [timeline_line(entry) for entry in entries])


def run_link(args: argparse.Namespace) -> None:
    change = crm.unlink_message if args.remove else crm.link_message
    linked = change(args.message, args.id)
    _emit(args, {"message": args.message, "records": linked},
          [f"message {args.message}: {', '.join(linked) or 'not linked'}"])


def _emit_stages(args: argparse.Namespace, found: list) -> None:
    _emit(args, found, [stage_line(stage) for stage in found])


def run_pipeline(args: argparse.Namespace) -> None:
    _emit_stages(args, crm.pipeline())


def run_stage_add(args: argparse.Namespace) -> None:
    crm.add_stage(args.name, args.position, args.probability, args.closed or args.won, args.won)
    _emit_stages(args, crm.pipeline())


def run_stage_rename(args: argparse.Namespace) -> None:
    crm.rename_stage(args.stage, args.new_name)
    _emit_stages(args, crm.pipeline())


def run_stage_move(args: argparse.Namespace) -> None:
    _emit_stages(args, crm.move_stage(args.stage, args.position))


def run_stage_remove(args: argparse.Namespace) -> None:
    _emit_stages(args, crm.remove_stage(args.stage, args.move_to))
