"""Entry point: a CLI command when one is given, else the desktop app."""

from __future__ import annotations

import sys

GUI_FLAGS = {"--demo", "--home", "--lang"}
VALUED_FLAGS = ("--home", "--lang")  # their value is the next word


def wants_gui(argv: list[str]) -> bool:
    """No command (only GUI options such as --demo / --home DIR / --lang ja), or `gui`."""
    if not argv or argv[0] == "gui":
        return True
    words = [a for i, a in enumerate(argv) if not (i > 0 and argv[i - 1] in VALUED_FLAGS)]
    return all(w.split("=")[0] in GUI_FLAGS for w in words)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if wants_gui(args):
        from app.ui.app import run_gui

        return run_gui([a for a in args if a != "gui"])
    from app.cli.main import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
