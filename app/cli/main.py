"""The JSON command line: `kizuna [--home DIR] COMMAND ... [--json]`.

Expected failures print one line to stderr and exit with the contract's code (2 usage,
3 network/auth, 4 not found, 1 other); only bugs show a traceback.
"""

from __future__ import annotations

import argparse
import sys

from app.cli import accounts, crm, demo, mail, send, transfer
from app.errors import KizunaError, UsageError, user_language
from app.services.session import open_session

COMMAND_MODULES = (accounts, crm, demo, mail, send, transfer)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(
            f"{self.prog}: {message}", f"{self.prog}: 引数が正しくありません: {message}"
        )


def _common_options() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    # SUPPRESS lets the options appear before or after the command without overwriting.
    common.add_argument("--home", default=argparse.SUPPRESS, help="data directory")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON document")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = _Parser(prog="kizuna", parents=[common],
                     description="Kizuna mail and CRM, from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def run(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.json = getattr(args, "json", False)
        session = open_session(getattr(args, "home", None))
        args.home_path = session.home
        try:
            args.handler(args)
        finally:
            session.close()
    except KizunaError as error:
        print(f"kizuna: {error.message(user_language())}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        return 1
    return 0
