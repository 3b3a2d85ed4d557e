"""The proposal exchange file from the window: send a draft to the partner associations by
e-mail, import the one that comes back — without a terminal.

- :func:`export_proposal_file` asks where to save (``progetto-cura-2026-11-22.json`` in the
  Documents folder), writes the file on a worker thread and ends with a status-bar message
  (or one sentence in a message box when the proposal cannot travel as it stands).
- :func:`import_proposal_file` asks for the file, runs a dry run on a worker thread and shows
  :class:`~grantdesk.ui.proposal_exchange_preview.ImportPreviewDialog`; “Import” writes it
  (again off the GUI thread) and opens the proposal's editor. A refused file lists every
  problem and writes nothing.

Where the user finds them (File menu, the Proposals list, the editor) is
:mod:`grantdesk.ui.proposal_exchange_actions`.

The formats and the rules (never overwrite silently, replace only at the version seen) are
:mod:`grantdesk.services.proposal_exchange`'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from grantdesk.domain.text import fold
from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_exchange_preview import (
    ImportPreviewDialog,
    MatchChoice,
    Preview,
    RefusedFileDialog,
)
from grantdesk.ui.tasks import Task

log = logging.getLogger(__name__)

EXPORT_SHORTCUT = "Ctrl+E"
_EXPORTING: set[tuple[int, int]] = set()  # (context, proposal) being written


def _filter() -> str:
    return _("GrantDesk proposal file (*.json)")


def _documents() -> Path:
    from grantdesk.ui.pdf_preview import documents_folder

    return documents_folder()


def _today() -> date:
    from grantdesk.services.dashboard import today_in_rome

    return today_in_rome()


def default_file_name(acronym: str, title: str, today: date) -> str:
    """``progetto-cura-2026-11-22.json``: the acronym (else the title) and the day, so the
    drafts that go back and forth by e-mail sort by date."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(f"{_('proposal')} {acronym or title}")).strip("-")
    return f"{slug[:60].rstrip('-')}-{today.isoformat()}.json"


# -- export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    summary: Any  # ExportSummary, or None when refused
    sentence: str = ""


def _write(db: Any, proposal_id: int, path: Path, **_progress: object) -> _Written:
    """Worker thread: write the file; a refusal is an answer, not a failure."""
    from grantdesk.services.proposal_check import UnknownProposalError
    from grantdesk.services.proposal_exchange import ExportRefusedError, export_proposal

    try:
        return _Written(export_proposal(db, proposal_id, path))
    except (ExportRefusedError, UnknownProposalError) as exc:
        return _Written(None, str(exc))
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".")
        return _Written(
            None,
            _("The file could not be written to {file}: {reason}.").format(
                file=path, reason=reason[:1].lower() + reason[1:]
            ),
        )


def export_message(summary: Any, path: Path, *, brief: bool = True) -> str:
    """The sentence after an export: the file, and what travels in it. *brief* for the
    status bar, whose room the record counts and the database's name share."""
    bodies = ngettext("{n} body", "{n} bodies", summary.partners).format(n=summary.partners)
    lines = ngettext("{n} budget line", "{n} budget lines", summary.budget_lines).format(
        n=summary.budget_lines
    )
    if brief:
        text = _("Saved {file}: {bodies} (with their codice fiscale), {lines}.")
        return text.format(file=path.name, bodies=bodies, lines=lines)
    return _(
        "“{title}” exported to {file}: {bodies} (partners are found by codice fiscale), {lines}."
    ).format(title=summary.title, file=path, bodies=bodies, lines=lines)


def ask_export_path(parent: QWidget | None, acronym: str, title: str) -> Path | None:
    """The file to write (``.json`` added when missing), or None if cancelled."""
    suggested = _documents() / default_file_name(acronym, title, _today())
    chosen, _chosen_filter = QFileDialog.getSaveFileName(
        parent, _("Export proposal for partners"), str(suggested), _filter()
    )
    if not chosen:
        return None
    path = Path(chosen).expanduser()
    return path if path.suffix.lower() == ".json" else path.with_name(path.name + ".json")


def export_proposal_file(
    parent: QWidget | None,
    context: AppContext,
    proposal_id: int,
    announce: Callable[[str], object] | None = None,
) -> Task | None:
    """Ask for the file, then write *proposal_id*'s exchange file in the background.

    The closing sentence goes to the status bar, or to *announce* (a window without one).
    """
    from grantdesk.services.application_data import proposal_names

    db = context.db
    key = (id(context), proposal_id)
    if db is None or key in _EXPORTING:
        return None
    names = proposal_names(db, [proposal_id])
    if not names:
        QMessageBox.warning(
            parent,
            _("Export proposal for partners"),
            _("No proposal has number {id}.").format(id=proposal_id),
        )
        return None
    path = ask_export_path(parent, names[0].acronym, names[0].title)
    if path is None:
        return None

    def written(result: object) -> None:
        assert isinstance(result, _Written)
        if result.summary is None:
            QMessageBox.warning(parent, _("Export proposal for partners"), result.sentence)
            context.status_message.emit(_("The proposal was not exported."))
        else:
            if announce is not None:
                announce(export_message(result.summary, path, brief=False))
            else:
                context.status_message.emit(export_message(result.summary, path))

    def failed(_exc: object) -> None:
        QMessageBox.warning(
            parent,
            _("Export proposal for partners"),
            _("The proposal could not be exported: the database did not answer."),
        )

    task = Task(_write, db, proposal_id, path)
    task.succeeded.connect(written)
    task.failed.connect(failed)
    task.finished.connect(lambda: _EXPORTING.discard(key))
    _EXPORTING.add(key)
    context.status_message.emit(_("Exporting the proposal…"))
    return task.start()


# -- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Refused:
    lines: list[str]


@dataclass(frozen=True)
class _Problem:
    sentence: str


def _matches(db: Any, ids: tuple[int, ...]) -> tuple[MatchChoice, ...]:
    from grantdesk.services.listing import fetch_rows
    from grantdesk.services.proposal_exchange import proposal_versions

    if not ids:
        return ()
    versions = proposal_versions(db, ids)
    rows = {r.id: r for r in fetch_rows(db, "proposals", only_ids=ids, limit=len(ids))}
    found = []
    for pid in ids:
        row = rows.get(pid)
        if row is None or pid not in versions:
            continue
        acronym, title, lead, _funder, status = row.values[:5]
        name = f"{acronym} – {title}" if acronym else str(title)
        bits = [_("Lead: {lead}").format(lead=lead) if lead else "", status.label if status else ""]
        found.append(MatchChoice(pid, versions[pid], name, " · ".join(b for b in bits if b)))
    return tuple(found)


def _dry_run(db: Any, path: Path, today: date, **_progress: object) -> object:
    """Worker thread: read and check the file, import it without writing."""
    from grantdesk.imports.proposal_json import ProposalFileError, parse
    from grantdesk.services.proposal_exchange import import_proposal_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".")
        return _Problem(
            _("{file} cannot be read: {reason}.").format(
                file=path, reason=reason[:1].lower() + reason[1:]
            )
        )
    try:
        file = parse(data)
        report = import_proposal_bytes(db, data, today, dry_run=True, source=path.name)
    except ProposalFileError as exc:
        return _Refused(exc.lines())
    call = file.call
    return Preview(
        path=path,
        data=data,
        report=report,
        call_title=call.title if call is not None else None,
        call_funder=call.funder if call is not None else None,
        matches=_matches(db, tuple(report.matches)),
    )


def _import_file(db: Any, data: bytes, today: date, target: Any, name: str, **_p: object) -> object:
    """Worker thread: the real import (a stale or vanished replace target is an answer)."""
    from grantdesk.imports.proposal_json import ProposalFileError
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.proposal_check import UnknownProposalError
    from grantdesk.services.proposal_exchange import import_proposal_bytes

    try:
        return import_proposal_bytes(db, data, today, replace_target=target, source=name)
    except (ConflictError, UnknownProposalError) as exc:
        return _Problem(str(exc))
    except ProposalFileError as exc:
        return _Refused(exc.lines())


def import_message(report: Any) -> str:
    """The status-bar sentence after an import (the long title last: it may be cut)."""
    added = len(report.organizations_created)
    if report.replaced:
        text = _("Proposal {id} replaced with the content of the file: “{title}”.")
    elif added:
        text = ngettext(
            "Imported as proposal {id}, {n} body added to the register: “{title}”.",
            "Imported as proposal {id}, {n} bodies added to the register: “{title}”.",
            added,
        )
    else:
        text = _("Imported as proposal {id}: “{title}”.")
    return text.format(id=report.proposal_id, n=added, title=report.title)


_FLOWS: set[ProposalImport] = set()


class ProposalImport(QObject):
    """One import of a proposal file: the dry run, the preview, then the import.

    Signals:
        finished(object): the ImportReport written, or None (cancelled, refused, failed).
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget | None, context: AppContext, path: Path) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.context = context
        self.path = path
        self.today = _today()
        self.preview: Preview | None = None
        self.dialog: ImportPreviewDialog | None = None
        self.refusal: RefusedFileDialog | None = None
        self.report: Any = None
        self.task: Task | None = None

    def start(self) -> ProposalImport:
        _FLOWS.add(self)  # alive until it ends, whoever holds it
        db = self.context.db
        if db is None:
            self._end(None)
            return self
        self.context.status_message.emit(_("Reading {file}…").format(file=self.path.name))
        self._run(Task(_dry_run, db, self.path, self.today), self._previewed)
        return self

    def _run(self, task: Task, done: Any) -> None:
        task.succeeded.connect(done)
        task.failed.connect(self._crashed)
        self.task = task
        task.start()

    def _previewed(self, result: object) -> None:
        if isinstance(result, _Refused):
            self._refuse(result.lines)
        elif isinstance(result, _Problem):
            QMessageBox.warning(self.parent_widget, _("Import proposal from file"), result.sentence)
            self._end(None)
        else:
            assert isinstance(result, Preview)
            self.preview = result
            dialog = ImportPreviewDialog(result, self.parent_widget)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.import_requested.connect(self._start_import)
            dialog.rejected.connect(lambda: self._end(None))
            self.dialog = dialog
            self.context.status_message.emit("")
            dialog.open()

    def _refuse(self, lines: list[str]) -> None:
        dialog = RefusedFileDialog(self.path, lines, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._end(None))
        self.refusal = dialog
        self.context.status_message.emit(_("The file was refused: nothing was imported."))
        dialog.open()

    def _start_import(self, target: object) -> None:
        db = self.context.db
        if db is None or self.preview is None:
            return
        data = self.preview.data
        self._run(Task(_import_file, db, data, self.today, target, self.path.name), self._imported)

    def _imported(self, result: object) -> None:
        from grantdesk.ui.proposal_actions import open_proposal_editor

        dialog = self.dialog
        if isinstance(result, _Problem):  # a stale or vanished replace target
            if dialog is not None:
                dialog.show_error(result.sentence)
                self._refresh_versions(dialog)
                return
            QMessageBox.warning(self.parent_widget, _("Import proposal from file"), result.sentence)
            self._end(None)
            return
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Accepted)
        if isinstance(result, _Refused):
            self._refuse(result.lines)
            return
        report: Any = result
        self.report = report
        self.context.notify("organizations")
        if getattr(report, "call_created", False):
            self.context.notify("calls")
        self.context.notify("proposals")
        self.context.status_message.emit(import_message(report))
        if report.proposal_id is not None:  # without a parent the editor is a window alone
            open_proposal_editor(
                cast(QWidget, self.parent_widget), self.context, report.proposal_id
            )
        self._end(report)

    def _refresh_versions(self, dialog: ImportPreviewDialog) -> None:
        """After a conflict: the user has been told; a new “Replace…” uses today's version."""
        from grantdesk.services.proposal_exchange import proposal_versions

        if self.context.db is None or not dialog.preview.matches:
            return
        try:
            ids = [m.proposal_id for m in dialog.preview.matches]
            dialog.update_versions(proposal_versions(self.context.db, ids))
        except Exception:  # the sentence shown already says what to do
            log.exception("reading the proposals' versions failed")

    def _crashed(self, _exc: object) -> None:
        sentence = _("The proposal could not be imported: the database did not answer.")
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_error(sentence)
            return
        QMessageBox.warning(self.parent_widget, _("Import proposal from file"), sentence)
        self._end(None)

    def _end(self, report: object) -> None:
        _FLOWS.discard(self)
        self.finished.emit(report)


def ask_import_path(parent: QWidget | None) -> Path | None:
    chosen, _chosen_filter = QFileDialog.getOpenFileName(
        parent,
        _("Import proposal from file"),
        str(_documents()),
        f"{_filter()};;{_('All files (*)')}",
    )
    return Path(chosen) if chosen else None


def import_proposal_file(
    parent: QWidget | None, context: AppContext, path: Path | None = None
) -> ProposalImport | None:
    """Ask for a file (unless *path*), preview what importing it does, then import it."""
    if context.db is None:
        context.status_message.emit(_("Open a database first, then import proposals into it."))
        return None
    path = path or ask_import_path(parent)
    if path is None:
        return None
    flow = ProposalImport(parent, context, path)
    flow.finished.connect(lambda _r: flow.deleteLater())
    return flow.start()
