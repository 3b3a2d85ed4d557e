"""Proposal files on the command line.

- ``export proposal ID --json FILE`` — the exchange file (:mod:`grantdesk.exports.proposal_json`;
  ``-`` writes it to standard output);
- ``export budget ID --xlsx FILE`` — the budget workbook with live formulas
  (:mod:`grantdesk.exports.budget_xlsx`);
- ``import proposal FILE [--replace ID --expected-version N] [--dry-run] [--json]``.

:func:`add_export_parsers` is called by ``grantdesk.cli_calendar`` on the ``export``
subcommands, :func:`add_import_parser` by ``grantdesk.cli_import`` on the ``import`` ones.
Exit codes: 0 done; 1 a refused file, a conflict or an unwritable file; 2 no proposal has
that number.

``export proposal`` writes one format per run, chosen by a mutually exclusive, required
option: ``--json FILE``, or ``--pdf FILE`` (the application, ``grantdesk.cli_application``).
Each format is one :func:`proposal_target` call in :func:`add_export_parsers`; the writer,
named ``module:function`` so it is imported only when used, receives the parsed arguments
and the file name and returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grantdesk.i18n import _, current_language, ngettext

Handler = Callable[[argparse.Namespace], int]
EXIT_UNKNOWN = 2
# dest of each ``export proposal`` format option → "module:function" writing it.
PROPOSAL_WRITERS: dict[str, str] = {}


def proposal_target(group: Any, option: str, writer: str, help_text: str) -> None:
    """Add a format option (``--json FILE``) to ``export proposal`` and name its writer."""
    dest = option.lstrip("-").replace("-", "_")
    group.add_argument(option, dest=dest, metavar="FILE", default=None, help=help_text)
    PROPOSAL_WRITERS[dest] = writer


def add_export_parsers(
    export_sub: Any, db_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``export proposal`` and ``export budget`` to the ``export`` subparsers."""
    proposal = export_sub.add_parser(
        "proposal", help=_("write one proposal to a file to send to another association")
    )
    proposal.add_argument("id", type=int, metavar="ID", help=_("the proposal's number"))
    target = proposal.add_mutually_exclusive_group(required=True)
    proposal_target(
        target,
        "--json",
        "grantdesk.cli_proposal_files:write_proposal_json",
        _("the exchange file (JSON) GrantDesk imports; - for standard output"),
    )
    from grantdesk.cli_application import add_document_options

    proposal_target(
        target,
        "--pdf",
        "grantdesk.cli_application:write_application_pdf",
        _("the application (domanda) as a PDF to sign and send"),
    )
    add_document_options(proposal)  # --lang and --fixed-date of the PDF
    db_option(proposal)
    proposal.set_defaults(handler=cmd_export_proposal)

    budget = export_sub.add_parser(
        "budget", help=_("write a proposal's budget to an Excel workbook with live totals")
    )
    budget.add_argument("id", type=int, metavar="ID", help=_("the proposal's number"))
    budget.add_argument("--xlsx", required=True, metavar="FILE", help=_("the .xlsx file to write"))
    db_option(budget)
    budget.set_defaults(handler=cmd_export_budget)


def add_import_parser(what: Any, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``import proposal`` to the ``import`` subparsers."""
    imp = what.add_parser(
        "proposal", help=_("import a proposal from an exchange file written by GrantDesk")
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--replace",
        type=int,
        default=None,
        metavar="ID",
        help=_("write the file over this proposal instead of adding a new one"),
    )
    imp.add_argument(
        "--expected-version",
        type=int,
        default=None,
        metavar="N",
        help=_("with --replace: the proposal's version you saw (--dry-run shows it)"),
    )
    imp.add_argument(
        "--dry-run", action="store_true", help=_("check and report without writing anything")
    )
    imp.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(imp)
    imp.set_defaults(handler=cmd_import_proposal)


def _fail(message: str, code: int = 1) -> int:
    print(f"grantdesk: {message}", file=sys.stderr)
    return code


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _open(args: argparse.Namespace) -> Any:
    from grantdesk.cli import _open as open_cli

    return open_cli(getattr(args, "db", None), create=False)


def _write_error(path: Path, exc: OSError) -> int:
    reason = (exc.strerror or str(exc)).rstrip(".")
    return _fail(_("{path} cannot be written: {reason}.").format(path=path, reason=reason))


# -- export ---------------------------------------------------------------------------


def cmd_export_proposal(args: argparse.Namespace) -> int:
    """Run ``export proposal`` with the format option given."""
    for dest, writer in PROPOSAL_WRITERS.items():
        target = getattr(args, dest, None)
        if target:
            module_name, function = writer.split(":")
            run: Callable[[argparse.Namespace, str], int] = getattr(
                importlib.import_module(module_name), function
            )
            return run(args, target)
    return _fail(_("Say which file to write, e.g. --json FILE."))


def write_proposal_json(args: argparse.Namespace, target: str) -> int:
    """``export proposal ID --json FILE``."""
    from grantdesk.exports.proposal_json import dumps, write_document
    from grantdesk.services.proposal_check import UnknownProposalError
    from grantdesk.services.proposal_exchange import (
        ExportRefusedError,
        export_document,
        summarise,
    )

    path = Path(target)
    if target != "-" and path.is_dir():
        return _fail(_("{path} is a folder: give a file name ending in .json.").format(path=path))
    db = _open(args)
    try:
        document = export_document(db, args.id)
    except UnknownProposalError as exc:
        return _fail(str(exc), EXIT_UNKNOWN)
    except ExportRefusedError as exc:
        return _fail(str(exc))
    finally:
        db.close()
    if target == "-":
        sys.stdout.write(dumps(document))
        return 0
    try:
        write_document(path, document)
    except OSError as exc:
        return _write_error(path, exc)
    summary = summarise(document, path)
    print(
        _(
            "Proposal {id} “{title}” exported to {path}: {partners} bodies, {lines} budget lines."
        ).format(
            id=summary.proposal_id,
            title=summary.title,
            path=path,
            partners=summary.partners,
            lines=summary.budget_lines,
        )
    )
    return 0


def cmd_export_budget(args: argparse.Namespace) -> int:
    """``export budget ID --xlsx FILE``."""
    from grantdesk.domain.money import format_eur
    from grantdesk.services.budget_export import export_budget
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.proposal_check import UnknownProposalError

    path = Path(args.xlsx)
    if path.is_dir():
        return _fail(_("{path} is a folder: give a file name ending in .xlsx.").format(path=path))
    db = _open(args)
    try:
        result = export_budget(db, args.id, path, today_in_rome())
    except UnknownProposalError as exc:
        return _fail(str(exc), EXIT_UNKNOWN)
    except OSError as exc:
        return _write_error(path, exc)
    finally:
        db.close()
    print(
        ngettext(
            "Budget of “{title}” exported to {path}: {count} line, total {total}.",
            "Budget of “{title}” exported to {path}: {count} lines, total {total}.",
            result.line_count,
        ).format(
            title=result.title,
            path=path,
            count=result.line_count,
            total=format_eur(result.grand_total, current_language()),
        )
    )
    return 0


# -- import ---------------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        _fail(_("There is no file {path}.").format(path=path))
    except IsADirectoryError:
        _fail(_("{path} is a folder, not a file.").format(path=path))
    except OSError as exc:
        _fail(_("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror))
    return None


def _print_report(report: Any) -> None:
    counts = report.counts
    if report.dry_run:
        head = _("“{title}” would be imported: {partners} bodies, {lines} budget lines.")
    elif report.replaced:
        head = _("Proposal {id} “{title}” replaced: {partners} bodies, {lines} budget lines.")
    else:
        head = _("“{title}” imported as proposal {id}: {partners} bodies, {lines} budget lines.")
    print(
        head.format(
            id=report.proposal_id,
            title=report.title,
            partners=counts["partners"],
            lines=counts["budget_lines"],
        )
    )
    if report.matches:
        ids = ", ".join(str(i) for i in report.matches)
        print(
            ngettext(
                "Proposal {ids} already has this call and title (or acronym, or is the one "
                "the file came from): nothing was overwritten, this is a new proposal.",
                "Proposals {ids} already have this call and title (or acronym, or one is the "
                "one the file came from): nothing was overwritten, this is a new proposal.",
                len(report.matches),
            ).format(ids=ids)
        )
    if report.call_title and report.call_created:
        print(
            _(
                "Call: {title} — not in the register, added from the terms in the file "
                "(limits, shares, attachments, the funder's dates)."
            ).format(title=report.call_title)
        )
    elif report.call_title:
        print(_("Call: {title}").format(title=report.call_title))
    for org in report.organizations_created:
        code = org.codice_fiscale or _("no codice fiscale")
        print(_("Added to the register: {name} ({code})").format(name=org.name, code=code))
    for warning in report.warnings:
        print(_("Note: {text}").format(text=warning))
    if report.dry_run:
        print(_("Dry run: nothing was written."))


def _matches_hint(db: Any, report: Any) -> None:
    """After a dry run, the versions --replace would need."""
    from grantdesk.services.proposal_exchange import proposal_versions

    for pid, version in proposal_versions(db, report.matches).items():
        print(
            _("To write over proposal {id} instead: --replace {id} --expected-version {v}").format(
                id=pid, v=version
            )
        )


def cmd_import_proposal(args: argparse.Namespace) -> int:
    """``import proposal FILE``."""
    from grantdesk.imports.proposal_json import ProposalFileError
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.proposal_check import UnknownProposalError
    from grantdesk.services.proposal_exchange import ReplaceTarget, import_proposal_bytes

    if (args.replace is None) != (args.expected_version is None):
        return _fail(
            _("--replace ID and --expected-version N go together (--dry-run shows the version).")
        )
    data = _read(args.file)
    if data is None:
        return 1
    target = (
        ReplaceTarget(args.replace, args.expected_version) if args.replace is not None else None
    )
    db = _open(args)
    try:
        try:
            report = import_proposal_bytes(
                db,
                data,
                today_in_rome(),
                replace_target=target,
                dry_run=args.dry_run,
                source=args.file.name,
            )
        except ProposalFileError as exc:
            for line in exc.lines():
                print(line, file=sys.stderr)
            if args.json:
                problems = [{"where": p.where, "message": p.message} for p in exc.problems]
                _print_json({"file": str(args.file), "ok": False, "problems": problems})
            return 1
        except UnknownProposalError as exc:
            return _fail(str(exc), EXIT_UNKNOWN)
        except ConflictError as exc:
            return _fail(str(exc))
        if args.json:
            _print_json({"file": str(args.file), "ok": True} | report.as_dict())
            return 0
        _print_report(report)
        if args.dry_run and report.matches:
            _matches_hint(db, report)
    finally:
        db.close()
    return 0
