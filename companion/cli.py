"""The command-line contract of ../shared/DESIGN.md, exit codes 0 / 2 / 1.

- 0: done.
- 2: bad input or a refused operation: one clear line on stderr, no traceback.
- 1: an unexpected fault: a short message and the log file's path.
Subcommand handlers live next to what they do and are imported only when used, so that
``companion --help`` and the GUI start stay light.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from companion import __version__
from companion.errors import UserError, refusal_line
from companion.logs import logged_to, setup_logging
from companion.storage import paths
from companion.storage.errors import StorageError

log = logging.getLogger("companion.cli")

SCREENS = ("prepare", "session", "journal", "history", "course")

# command -> "module:function"; each function takes the parsed arguments and the data folder.
HANDLERS = {
    "check": "companion.storage.maintenance:check_command",
    "demo-data": "companion.storage.demo:demo_command",
    "export": "companion.export.commands:export_command",
    "import": "companion.export.commands:import_command",
    "backup": "companion.storage.backup:backup_command",
    "restore": "companion.storage.backup:restore_command",
    "encrypt": "companion.storage.encryption:encrypt_command",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog}: {message} (see {self.prog} --help)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def _minutes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes, 1 to 600")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before and after the subcommand.
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the data folder (default: COMPANION_DATA_DIR or the platform's)",
    )

    parser = _Parser(
        prog="companion",
        parents=[data],
        description="Companion: prepare, session, journal and share, privately.",
    )
    parser.add_argument("--version", action="version", version=f"Companion {__version__}")
    parser.add_argument("--screen", choices=SCREENS, help="the screen to open on")
    parser.add_argument(
        "--start-session",
        type=_minutes,
        metavar="MINUTES",
        help="open straight into a running session of MINUTES minutes",
    )
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="leave right after the main window's first paint",
    )
    parser.add_argument(
        "--exit-after", type=_positive_number, metavar="SECONDS", help="leave after SECONDS seconds"
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="save the main window as PNG just before leaving"
    )

    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    sub.add_parser("check", parents=[data], help="check the database and say whether it is sound")

    demo = sub.add_parser("demo-data", parents=[data], help="fill an empty database with a history")
    demo.add_argument("--days", type=int, required=True, help="how many days of history")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    export = sub.add_parser("export", parents=[data], help="export the mood log")
    export.add_argument(
        "--format",
        choices=("csv", "pdf", "fhir"),
        required=True,
        help="csv: a table for a spreadsheet; pdf: a report for your therapist; "
        "fhir: FHIR R4 JSON for clinical software",
    )
    export.add_argument(
        "--output",
        required=True,
        metavar="FILE",
        help="the file to write, named to match --format (.csv, .pdf, .json); an existing "
        "file is replaced only once the new one is complete",
    )
    export.add_argument(
        "--from",
        dest="date_from",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the first day to export, inclusive (default: from the earliest entry)",
    )
    export.add_argument(
        "--to",
        dest="date_to",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the last day to export, inclusive (default: up to the latest entry)",
    )
    export.add_argument(
        "--include-private",
        action="store_true",
        help="include private reflections (left out by default)",
    )

    imp = sub.add_parser("import", parents=[data], help="import a Daylio, Afterflow or own CSV")
    imp.add_argument("--format", choices=("daylio", "afterflow", "csv"), required=True)
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--mood-map",
        metavar="LABEL=N,...",
        help="moods for labels Companion does not know, e.g. 'okay=5,great=9'",
    )

    backup = sub.add_parser("backup", parents=[data], help="write a consistent backup file")
    backup.add_argument("--output", required=True, metavar="FILE")

    restore = sub.add_parser("restore", parents=[data], help="restore a backup file")
    restore.add_argument("file", metavar="FILE")

    sub.add_parser("encrypt", parents=[data], help="encrypt the database with a passphrase")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    log_path: Path | None = None
    try:
        args = build_parser().parse_args(argv)
        if args.command is None and args.exit_after is not None and args.exit_after_startup:
            raise UserError("companion: choose --exit-after-startup or --exit-after, not both")
        data = paths.data_dir(getattr(args, "data_dir", None))
        log_path = setup_logging(paths.log_dir(data))
        if args.command is None:
            from companion.app import run_gui

            return run_gui(args, data)  # it checks the folder itself, to say so in a window
        paths.check_folder(data)
        module, function = HANDLERS[args.command].split(":")
        handler = getattr(importlib.import_module(module), function)
        return int(handler(args, data) or 0)
    except (UserError, StorageError) as exc:
        print(refusal_line(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("companion: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:
        log.exception("unexpected fault")
        where = f" Details are in {log_path}." if logged_to(log_path) else ""
        print(f"companion: an unexpected problem ({type(exc).__name__}).{where}", file=sys.stderr)
        return 1
