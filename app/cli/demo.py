"""`demo`: fill the data directory with the bundled sample mailbox and CRM."""

from __future__ import annotations

import argparse

from app.cli.output import emit_json, emit_lines


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser("demo", parents=[common], help="load the sample mailbox and CRM")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> None:
    from app.services.demo import create_demo  # the sample generator is large: load on use

    summary = create_demo()
    if args.json:
        emit_json(summary)
    else:
        emit_lines([
            f"Demo data in {args.home_path}: {summary.messages} messages, "
            f"{summary.leads} leads, {summary.contacts} contacts, {summary.deals} deals",
        ])
