"""Command-line PDF reports (loaded by ``grantdesk.cli`` via ``EXTENSIONS``).

``add_commands`` registers:

- ``report pipeline --pdf FILE [--year YYYY]``
- ``report deadlines --pdf FILE [--from DATE] [--to DATE] [--owner NAME]``
- ``report organization ID --pdf FILE``
- ``report meeting ID --pdf FILE`` (the minutes of a co-design meeting)
- ``report agreement ID --pdf FILE`` (a co-design process's partnership agreement)
- ``report monitoring ID --pdf FILE`` (a co-design process's monitoring report)

each with ``--lang it|en`` (the document's language; Italian unless asked) and
``--fixed-date DATE``: the date printed as the generation date and used as "today" (what
is overdue, what expires), so the same data gives a byte-identical file — for archives and
tests. Dates are day-first ``dd/mm/yyyy`` or ISO ``yyyy-mm-dd``; a date that is not one of
those, or does not exist, ends with one sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from grantdesk.i18n import _, ngettext

Handler = Callable[[argparse.Namespace], int]
USAGE_ERROR = 2


class _BadValue(Exception):
    """An option value that cannot be used; the message is one sentence."""


def _open(location: str | None) -> Any:
    from grantdesk.cli import _open as open_cli

    return open_cli(location, create=False)


def _user_error(message: str) -> Exception:
    from grantdesk.cli import UserError

    return UserError(message)


def _date(option: str, value: str | None) -> date | None:
    from grantdesk.domain.dates import DateError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        if str(exc).startswith("no such date"):
            message = _("{option} {value}: there is no such day in the calendar.")
        else:
            message = _("{option} {value}: write the date as dd/mm/yyyy or yyyy-mm-dd.")
        raise _BadValue(message.format(option=option, value=value)) from exc


def _target(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise _user_error(
            _("{path} is a folder: give a file name ending in .pdf.").format(path=path)
        )
    if not path.parent.exists():
        raise _user_error(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def _options(args: argparse.Namespace) -> Any:
    from grantdesk.exports.pdf.templates import BuildOptions

    fixed = _date("--fixed-date", args.fixed_date)
    return BuildOptions(args.doc_lang, fixed)


def _write(document: Any, path: Path) -> int:
    try:
        document.write(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _user_error(
            _("The report cannot be written to {path}: {reason}.").format(path=path, reason=reason)
        ) from exc
    print(
        ngettext(
            "Report written to {path} ({pages} page).",
            "Report written to {path} ({pages} pages).",
            document.pages,
        ).format(path=path, pages=document.pages)
    )
    return 0


def _pipeline(args: argparse.Namespace, options: Any, db: Any) -> Any:
    from grantdesk.exports.pdf.pipeline import build_pipeline

    if args.year is not None and not 1900 <= args.year <= 2999:
        raise _BadValue(_("--year {year}: give a year such as 2026.").format(year=args.year))
    return build_pipeline(db, args.year, options)


def _deadlines(args: argparse.Namespace, options: Any, db: Any) -> Any:
    from grantdesk.exports.pdf.deadlines import build_deadlines
    from grantdesk.services.report_data import DEFAULT_PERIOD_DAYS

    first = _date("--from", args.first)
    last = _date("--to", args.last)
    today = options.today()
    if first is None:
        first = today if last is None or last >= today else last - timedelta(DEFAULT_PERIOD_DAYS)
    if last is None:
        last = first + timedelta(days=DEFAULT_PERIOD_DAYS)
    if last < first:
        raise _BadValue(
            _("--to {last} is before --from {first}: the period must end after it starts.").format(
                first=args.first or first.isoformat(), last=args.last or last.isoformat()
            )
        )
    return build_deadlines(db, first, last, args.owner or None, options)


def _organization(args: argparse.Namespace, options: Any, db: Any) -> Any:
    from grantdesk.exports.pdf.organization_sheet import build_organization_sheet
    from grantdesk.services.details import RecordNotFoundError

    try:
        return build_organization_sheet(db, args.org_id, options)
    except RecordNotFoundError as exc:
        raise _user_error(str(exc)) from exc


def _codesign(args: argparse.Namespace, options: Any, db: Any) -> Any:
    from grantdesk.exports.pdf.codesign_agreement import build_agreement
    from grantdesk.exports.pdf.codesign_minutes import build_minutes
    from grantdesk.exports.pdf.codesign_monitoring import build_monitoring
    from grantdesk.services.details import RecordNotFoundError

    builder = {
        "meeting": build_minutes,
        "agreement": build_agreement,
        "monitoring": build_monitoring,
    }[args.report]
    try:
        return builder(db, args.record_id, options)
    except RecordNotFoundError as exc:
        raise _user_error(str(exc)) from exc


def cmd_report(args: argparse.Namespace) -> int:
    """Build the report named by ``args.report`` and write it to ``args.pdf``."""
    builders = {
        "pipeline": _pipeline,
        "deadlines": _deadlines,
        "organization": _organization,
        "meeting": _codesign,
        "agreement": _codesign,
        "monitoring": _codesign,
    }
    try:
        options = _options(args)
        path = _target(args.pdf)
        db = _open(getattr(args, "db", None))
        try:
            document = builders[args.report](args, options, db)
        finally:
            db.close()
    except _BadValue as exc:
        print(f"grantdesk: {exc}", file=sys.stderr)
        return USAGE_ERROR
    return _write(document, path)


def _common(
    parser: argparse.ArgumentParser, db_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    parser.add_argument("--pdf", required=True, metavar="FILE", help=_("the PDF file to write"))
    parser.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("it", "en"),
        default="it",
        help=_("language of the document (default: Italian)"),
    )
    parser.add_argument(
        "--fixed-date",
        metavar="DATE",
        default=None,
        help=_(
            "use DATE as today and as the generation date: the same data then gives a "
            "byte-identical file"
        ),
    )
    db_option(parser)
    parser.set_defaults(handler=cmd_report)


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[[argparse.ArgumentParser], None],
) -> dict[str, Handler]:
    """Register ``report pipeline|deadlines|organization|meeting|agreement|monitoring``."""
    report = sub.add_parser("report", help=_("write a PDF report"))
    kinds = report.add_subparsers(dest="report", metavar=_("report"), required=True)

    pipeline = kinds.add_parser(
        "pipeline", help=_("proposals by status, results by funder and by year, open deadlines")
    )
    pipeline.add_argument(
        "--year", type=int, metavar="YYYY", help=_("results of the proposals sent in this year")
    )
    _common(pipeline, db_option)

    deadlines = kinds.add_parser("deadlines", help=_("what is due between two days, by week"))
    deadlines.add_argument(
        "--from", dest="first", metavar="DATE", help=_("first day (default: today)")
    )
    deadlines.add_argument(
        "--to", dest="last", metavar="DATE", help=_("last day (default: thirty days later)")
    )
    deadlines.add_argument("--owner", metavar="NAME", help=_("only the deadlines NAME owns"))
    _common(deadlines, db_option)

    organization = kinds.add_parser(
        "organization", help=_("an organization's register entry, documents and proposals")
    )
    organization.add_argument("org_id", type=int, metavar="ID", help=_("the organization's number"))
    _common(organization, db_option)

    codesign = (
        ("meeting", _("the minutes of a co-design meeting"), _("the meeting's number")),
        ("agreement", _("a co-design process's partnership agreement"), _("the process's number")),
        ("monitoring", _("a co-design process's indicators over time"), _("the process's number")),
    )
    for name, summary, number in codesign:
        parser = kinds.add_parser(name, help=summary)
        parser.add_argument("record_id", type=int, metavar="ID", help=number)
        _common(parser, db_option)
    return {"report": _dispatch}


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args)
