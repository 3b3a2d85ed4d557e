"""``grantdesk import calls FILE``: calls from the EU portal, incentivi.gov.it, CSV or XLSX;
``grantdesk import organizations FILE``: organizations from CSV or XLSX (RUNTS open data too).
``grantdesk import proposal FILE`` (a proposal exchange file) is in
``grantdesk.cli_proposal_files``.

Wired into ``grantdesk.cli`` by :func:`add_commands`. A rejected file prints every problem
on stderr and exits 1 with nothing imported; ``--dry-run`` reports what would happen
without writing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grantdesk.i18n import _
from grantdesk.imports.calls import FORMATS, ImportRejected, parse_file
from grantdesk.imports.calls.tabular import FIELDS
from grantdesk.imports.organizations import FIELDS as ORGANIZATION_FIELDS

Handler = Callable[[argparse.Namespace], int]


def add_commands(
    sub: Any, db_option: Callable[[argparse.ArgumentParser], None]
) -> dict[str, Handler]:
    """Register ``import calls`` and ``import organizations`` on the subparsers *sub*;
    returns command → handler."""
    imp = sub.add_parser("import", help=_("import calls or organizations from a file"))
    what = imp.add_subparsers(dest="import_kind", metavar=_("what"), required=True)
    calls = what.add_parser(
        "calls",
        help=_("import calls: EU Funding & Tenders JSON, incentivi.gov.it JSON, CSV or XLSX"),
    )
    calls.add_argument("file", type=Path, metavar="FILE")
    calls.add_argument(
        "--format", choices=FORMATS, default=None, help=_("the file's format (default: detected)")
    )
    calls.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_("read a CSV/XLSX column as a field; fields: {fields}").format(
            fields=", ".join(FIELDS)
        ),
    )
    calls.add_argument(
        "--dry-run", action="store_true", help=_("check and report without writing anything")
    )
    calls.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(calls)
    orgs = what.add_parser(
        "organizations",
        help=_("import organizations from CSV or XLSX, the RUNTS open data included"),
    )
    orgs.add_argument("file", type=Path, metavar="FILE")
    orgs.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_("read a CSV/XLSX column as a field; fields: {fields}").format(
            fields=", ".join(ORGANIZATION_FIELDS)
        ),
    )
    orgs.add_argument(
        "--dry-run", action="store_true", help=_("check and report without writing anything")
    )
    orgs.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(orgs)
    from grantdesk.cli_proposal_files import add_import_parser

    add_import_parser(what, db_option)  # import proposal FILE (its handler is set on args)
    return {"import": cmd_import}


def _fail(message: str) -> int:
    print(f"grantdesk: {message}", file=sys.stderr)
    return 1


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        _fail(_("There is no file {path}.").format(path=path))
    except IsADirectoryError:
        _fail(_("{path} is a folder, not a file.").format(path=path))
    except PermissionError:
        _fail(_("Permission denied: {path}").format(path=path))
    except OSError as exc:
        _fail(_("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror))
    return None


def _rejected(args: argparse.Namespace, exc: ImportRejected) -> int:
    """Every problem on stderr (and as JSON with ``--json``); exit code 1."""
    for line in exc.lines():
        print(line, file=sys.stderr)
    if args.json:
        _print_json(
            {
                "file": str(args.file),
                "ok": False,
                "problems": [
                    {"row": p.row, "column": p.column, "message": p.message} for p in exc.problems
                ],
            }
        )
    return 1


def cmd_import(args: argparse.Namespace) -> int:
    """Run ``import calls`` or ``import organizations``; returns the exit code."""
    if args.import_kind == "organizations":
        return cmd_import_organizations(args)
    if args.import_kind == "proposal":
        return int(args.handler(args))
    from grantdesk.cli import _prompt_password
    from grantdesk.services.call_import import import_calls
    from grantdesk.services.database import DatabaseError, open_database

    data = _read(args.file)
    if data is None:
        return 1
    try:
        parsed = parse_file(data, args.format, args.map)
    except ImportRejected as exc:
        return _rejected(args, exc)
    try:
        db = open_database(getattr(args, "db", None), prompt=_prompt_password)
    except DatabaseError as exc:
        return _fail(str(exc))
    try:
        report = import_calls(
            db,
            parsed.records,
            source=f"{parsed.format}:{args.file.name}",
            dry_run=args.dry_run,
            skipped=len(parsed.skipped),
        )
    finally:
        db.close()
    if args.json:
        _print_json(
            {"file": str(args.file), "ok": True, "format": parsed.format, "source": parsed.source}
            | report.as_dict()
            | {"skipped_items": parsed.skipped, "ignored_columns": parsed.ignored_columns}
        )
        return 0
    print(
        _(
            "{file}: {created} calls created, {updated} updated, {unchanged} unchanged, "
            "{skipped} skipped; {deadlines} deadlines added."
        ).format(
            file=args.file.name,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            skipped=report.skipped,
            deadlines=report.deadlines_created,
        )
    )
    for item in parsed.skipped:
        print(_("Skipped: {item}").format(item=item))
    if parsed.ignored_columns:
        print(_("Columns not imported: {names}").format(names=", ".join(parsed.ignored_columns)))
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    return 0


def cmd_import_organizations(args: argparse.Namespace) -> int:
    """Run ``import organizations``; returns the exit code."""
    from grantdesk.cli import _prompt_password
    from grantdesk.imports.organizations import parse_organizations
    from grantdesk.services.database import DatabaseError, open_database
    from grantdesk.services.organization_import import import_organizations

    data = _read(args.file)
    if data is None:
        return 1
    try:
        parsed = parse_organizations(data, None, args.map)
    except ImportRejected as exc:
        return _rejected(args, exc)
    try:
        db = open_database(getattr(args, "db", None), prompt=_prompt_password)
    except DatabaseError as exc:
        return _fail(str(exc))
    try:
        report = import_organizations(
            db, parsed.records, source=f"{parsed.format}:{args.file.name}", dry_run=args.dry_run
        )
    except ImportRejected as exc:
        return _rejected(args, exc)
    finally:
        db.close()
    if args.json:
        _print_json(
            {"file": str(args.file), "ok": True, "format": parsed.format}
            | report.as_dict()
            | {"ignored_columns": parsed.ignored_columns}
        )
        return 0
    print(
        _(
            "{file} – organizations: {created} new, {updated} updated, {unchanged} unchanged."
        ).format(
            file=args.file.name,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    )
    if parsed.ignored_columns:
        print(_("Columns not imported: {names}").format(names=", ".join(parsed.ignored_columns)))
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    return 0


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
