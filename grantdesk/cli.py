"""The ``grantdesk`` command: the GUI by default, headless commands over the same services.

User mistakes (a missing file, a bad URL, a locked database) end with one sentence on
stderr and a non-zero exit code, never a traceback. JSON output is stable for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from grantdesk import __version__
from grantdesk.i18n import _, set_language

LIST_KINDS = ("calls", "organizations", "proposals", "codesigns", "people")
# Commands written in their own modules, loaded only when named (or for --help), so that
# opening the window pays nothing for them. Each module has add_commands(sub, db_option).
EXTENSIONS = {
    "import": "grantdesk.cli_import",
    "export": "grantdesk.cli_calendar",
    "remind": "grantdesk.cli_calendar",
    "call": "grantdesk.cli_calendar",
    "eligible": "grantdesk.cli_eligibility",
    "person": "grantdesk.cli_people",
    "check": "grantdesk.cli_proposals",
    "report": "grantdesk.cli_reports",
}
VIEWS = (
    "home",
    "calls",
    "organizations",
    "proposals",
    "board",
    "codesigns",
    "calendar",
    "reports",
)


class UserError(Exception):
    """A mistake the user can fix; its message is shown as is."""


def _db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="X",
        default=None if top else argparse.SUPPRESS,
        help=_("database file or postgresql+psycopg:// URL (default: the embedded database)"),
    )


def build_parser(
    argv: Sequence[str] = ("--help",),
) -> tuple[argparse.ArgumentParser, dict[str, Any]]:
    """The command line, with translated help, and the handlers of extension commands."""
    parser = argparse.ArgumentParser(
        prog="grantdesk",
        description=_("GrantDesk: calls, multi-partner proposals and co-design."),
    )
    parser.add_argument("--version", action="version", version=f"GrantDesk {__version__}")
    parser.add_argument("--lang", choices=("it", "en"), help=_("language of the interface"))
    _db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar=_("command"))

    demo = sub.add_parser("demo", help=_("load the example data"))
    _db_option(demo)
    demo.add_argument("--size", choices=("small", "large"), default="small")
    demo.add_argument("--force", action="store_true", help=_("replace the data already there"))
    demo.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    dbp = sub.add_parser("db", help=_("upgrade or check the database"))
    dbp.add_argument("action", choices=("upgrade", "check"))
    _db_option(dbp)
    dbp.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    lst = sub.add_parser(
        "list", help=_("list calls, organizations, proposals, co-design or people")
    )
    lst.add_argument("kind", choices=LIST_KINDS)
    _db_option(lst)
    lst.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    lst.add_argument("--search", default="", metavar="TEXT", help=_("words to look for"))
    lst.add_argument("--limit", type=int, default=None, metavar="N", help=_("at most N rows"))
    lst.add_argument(
        "--inactive-years",
        type=int,
        default=None,
        metavar="N",
        help=_("people only: the contacts without activity for N years, for review"),
    )

    shoot = sub.add_parser("shoot", help=_("render the main views to PNG files"))
    _db_option(shoot)
    shoot.add_argument("--out", required=True, type=Path, metavar="DIR")
    shoot.add_argument("--view", choices=VIEWS, default=None, metavar="NAME")

    handlers: dict[str, Any] = {}
    wanted = set(argv)
    everything = bool(wanted & {"-h", "--help"})
    for module_name in dict.fromkeys(
        m for cmd, m in EXTENSIONS.items() if everything or cmd in wanted
    ):
        module = importlib.import_module(module_name)
        handlers.update(module.add_commands(sub, _db_option))
    return parser, handlers


def _prompt_password(label: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(_("Password for {db}: ").format(db=label))


def _open(location: str | None, upgrade: bool = True, create: bool = True) -> Any:
    from grantdesk.services.database import open_database

    return open_database(location, prompt=_prompt_password, upgrade=upgrade, create=create)


def _to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent == -2 else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_to_json)
    sys.stdout.write("\n")


def cmd_demo(args: argparse.Namespace) -> int:
    from grantdesk.services.demo import DemoRefusedError, load_demo

    db = _open(args.db)
    try:
        summary = load_demo(db, args.size, force=args.force)
    except DemoRefusedError as exc:
        raise UserError(str(exc)) from exc
    finally:
        db.close()
    if args.json:
        _print_json(
            {"size": args.size, "counts": summary.counts, "seconds": round(summary.seconds, 2)}
        )
    else:
        total = sum(summary.counts.values())
        print(
            _("Example data loaded into {db}: {rows} records in {seconds} s.").format(
                db=db.label, rows=total, seconds=f"{summary.seconds:.1f}"
            )
        )
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from grantdesk.db import migrate

    if args.action == "upgrade":
        db = _open(args.db, upgrade=False)
        try:
            changed = migrate.upgrade(db.engine)
        except migrate.SchemaError as exc:
            raise UserError(_("{db} is not a GrantDesk database.").format(db=db.label)) from exc
        finally:
            db.close()
        message = _("{db} upgraded to the current schema.") if changed else _("{db} is up to date.")
        print(message.format(db=db.label))
        return 0
    db = _open(args.db, upgrade=False, create=False)
    try:
        report = migrate.check(db.engine)
    finally:
        db.close()
    if args.json:
        _print_json(
            {
                "ok": report.ok,
                "schema": report.state.value,
                "integrity": report.integrity,
                "foreign_keys": report.foreign_keys,
                "drift": report.drift,
            }
        )
    elif report.ok:
        print(_("{db}: schema current, integrity ok.").format(db=db.label))
    else:
        _print_check_problems(report, db.label)
    return 0 if report.ok else 1


def _print_check_problems(report: Any, label: str) -> None:
    from grantdesk.db.migrate import SchemaState

    if report.state is SchemaState.EMPTY:
        print(_("{db} is empty: run “grantdesk db upgrade”.").format(db=label), file=sys.stderr)
    elif report.state is SchemaState.OUTDATED:
        print(_("{db} needs “grantdesk db upgrade”.").format(db=label), file=sys.stderr)
    elif report.state is not SchemaState.CURRENT:
        print(_("{db} is not a GrantDesk database.").format(db=label), file=sys.stderr)
    for line in report.integrity + report.foreign_keys + report.drift:
        print(f"{label}: {line}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from grantdesk.services import listing
    from grantdesk.services.present import show

    if args.kind == "people":  # contacts are listed by the GDPR-aware people service
        from grantdesk.cli_people import cmd_list_people

        return cmd_list_people(args)
    if args.inactive_years is not None:
        raise UserError(_("--inactive-years goes with “list people” only."))
    if args.limit is not None and args.limit < 1:
        raise UserError(_("--limit must be a positive number."))
    db = _open(args.db, create=False)
    try:
        cols = listing.columns(args.kind)
        total = listing.count_rows(db, args.kind, search=args.search)
        rows = _all_rows(db, args.kind, args.search, args.limit)
    finally:
        db.close()
    if args.json:
        _print_json(
            {
                "kind": args.kind,
                "search": args.search,
                "count": total,
                "rows": [
                    {"id": r.id} | {c.key: _to_json(v) for c, v in zip(cols, r.values, strict=True)}
                    for r in rows
                ],
            }
        )
        return 0
    table = [[_(c.label) for c in cols]]
    table += [[show(v, c.kind) for c, v in zip(cols, r.values, strict=True)] for r in rows]
    _print_table(table, [c.kind in {"money", "int"} for c in cols])
    print(_("{shown} of {total} shown.").format(shown=len(rows), total=total))
    return 0


def _all_rows(db: Any, kind: str, search: str, limit: int | None) -> list[Any]:
    from grantdesk.services import listing

    rows: list[Any] = []
    while limit is None or len(rows) < limit:
        want = listing.PAGE * 10 if limit is None else min(listing.PAGE * 10, limit - len(rows))
        page = listing.fetch_rows(db, kind, search=search, offset=len(rows), limit=want)
        rows.extend(page)
        if len(page) < want:
            break
    return rows


def _print_table(table: list[list[str]], right: list[bool], widest: int = 48) -> None:
    def cut(text: str) -> str:
        return text if len(text) <= widest else text[: widest - 1] + "…"

    cells = [[cut(c) for c in row] for row in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    for n, row in enumerate(cells):
        parts = [
            c.rjust(w) if right[i] else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(parts).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def cmd_shoot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from grantdesk.ui.shoot import main as shoot_main

    return int(shoot_main(args.db, args.out, args.view))


def run(argv: Sequence[str]) -> int:
    """Run the command line *argv*; returns the exit code."""
    set_language(os.environ.get("GRANTDESK_LANG") or _lang_from_argv(argv))
    parser, extra = build_parser(argv)
    args = parser.parse_args(list(argv))
    if args.lang:
        set_language(args.lang)
        os.environ["GRANTDESK_LANG"] = args.lang  # the window reads it too
    commands = {"demo": cmd_demo, "db": cmd_db, "list": cmd_list, "shoot": cmd_shoot} | extra
    try:
        if args.command is None:
            if _no_display():
                raise UserError(
                    _("No display to show the window on: run GrantDesk in a desktop session.")
                )
            from grantdesk.app import run_gui

            return int(run_gui(args.db))
        return int(commands[args.command](args))
    except UserError as exc:
        print(f"grantdesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``grantdesk remind | head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        message = _known_error(exc, getattr(args, "db", None))
        if message is None:
            raise
        print(f"grantdesk: {message}", file=sys.stderr)
        return 1


def _no_display() -> bool:
    """True on a Linux console or SSH session without X11 or Wayland (Qt would abort)."""
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _lang_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _known_error(exc: Exception, location: str | None) -> str | None:
    """The user-facing sentence for errors that are not bugs."""
    from grantdesk.services.database import DatabaseError

    if isinstance(exc, DatabaseError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return _("Permission denied: {path}").format(path=exc.filename)
    if isinstance(exc, OSError) and exc.filename:
        return _("{path}: {reason}").format(path=exc.filename, reason=exc.strerror)
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        from grantdesk.db.engine import parse_target
        from grantdesk.services.database import default_database_path, explain

        return explain(exc, parse_target(location or default_database_path()))
    return None
