"""``grantdesk export proposal ID --pdf FILE [--lang it|en] [--fixed-date DATE]``.

The application (domanda) of one proposal as a PDF: :mod:`grantdesk.exports.pdf.application`.
``grantdesk.cli_proposal_files`` registers ``--pdf`` as one of the formats of ``export
proposal`` (named ``grantdesk.cli_application:write_application_pdf``, imported only when
used) and adds this module's :func:`add_document_options` to that subcommand.

``--lang`` is the document's language (Italian unless asked); ``--fixed-date`` is the date
printed on it and the day the rules are checked on, so the same data gives a
byte-identical file. Exit codes: 0 written; 1 a file that cannot be written; 2 no proposal
has that number, or a date that is not ``dd/mm/yyyy`` or ``yyyy-mm-dd``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from grantdesk.i18n import _, ngettext

EXIT_WRITE = 1
EXIT_USAGE = 2


def add_document_options(parser: argparse.ArgumentParser) -> None:
    """``--lang`` and ``--fixed-date`` for the PDF (ignored by the other formats)."""
    parser.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("it", "en"),
        default="it",
        help=_("with --pdf: language of the document (default: Italian)"),
    )
    parser.add_argument(
        "--fixed-date",
        metavar="DATE",
        default=None,
        help=_(
            "with --pdf: use DATE as the document's date and the day the rules are checked "
            "on, so the same data gives a byte-identical file"
        ),
    )


def _fail(message: str, code: int) -> int:
    print(f"grantdesk: {message}", file=sys.stderr)
    return code


def _fixed_date(value: str | None) -> Any:
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
        raise ValueError(message.format(option="--fixed-date", value=value)) from exc


def write_application_pdf(args: argparse.Namespace, target: str) -> int:
    """Build proposal ``args.id``'s application and write it to *target*."""
    from grantdesk.cli import _open as open_cli
    from grantdesk.exports.pdf.application import build_application
    from grantdesk.exports.pdf.templates import BuildOptions
    from grantdesk.services.proposal_check import UnknownProposalError

    try:
        options = BuildOptions(getattr(args, "doc_lang", "it"), _fixed_date(args.fixed_date))
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    path = Path(target)
    if target == "-":
        return _fail(_("A PDF cannot go to standard output: give a file name."), EXIT_USAGE)
    if path.is_dir():
        return _fail(
            _("{path} is a folder: give a file name ending in .pdf.").format(path=path), EXIT_WRITE
        )
    if not path.parent.exists():
        return _fail(
            _("The folder {folder} does not exist.").format(folder=path.parent), EXIT_WRITE
        )
    db = open_cli(getattr(args, "db", None), create=False)
    try:
        document = build_application(db, args.id, options)
    except UnknownProposalError:  # its message is in the document's language: say it in ours
        return _fail(_("No proposal has number {id}.").format(id=args.id), EXIT_USAGE)
    finally:
        db.close()
    try:
        document.write(path)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".")
        return _fail(
            _("{path} cannot be written: {reason}.").format(path=path, reason=reason), EXIT_WRITE
        )
    print(
        ngettext(
            "Application of proposal {id} written to {path} ({pages} page).",
            "Application of proposal {id} written to {path} ({pages} pages).",
            document.pages,
        ).format(id=args.id, path=path, pages=document.pages)
    )
    return 0
