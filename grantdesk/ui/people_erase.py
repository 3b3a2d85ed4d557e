"""Exporting a contact's data and erasing a contact for good, from the GUI.

:class:`EraseDialog` asks for a strong confirmation — the person's last name typed out —
after saying what will happen: erasure cannot be undone, because the data is destroyed in
every table, in the database file and in the undo history. The erasure and the export run
off the GUI thread (they search every text column, a second or two on a large desk).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.text import fold
from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.tasks import Task


def forget_undo_history(context: AppContext) -> None:
    """Clear the undo stack: its commands may hold copies of an erased person's data."""
    context.undo_stack.clear()


def _preview(db: Any, person_id: int, *, progress: object) -> tuple[int, int]:
    from grantdesk.services.gdpr import export_person

    data = export_person(db, person_id)
    return len(data["meetings_attended"]), len(data["mentions"])


def _erase(db: Any, person_id: int, version: int, *, progress: object) -> Any:
    from grantdesk.services.gdpr import erase_person

    return erase_person(db, person_id, version)


def _write(db: Any, person_id: int, path: Path, *, progress: object) -> dict[str, Any]:
    from grantdesk.services.gdpr import write_export

    return write_export(db, person_id, path)


def export_file_name(name: str) -> str:
    """A file name for the export of *name*'s data (``dati-elena-martelli.json``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "contatto"
    return f"{_('data')}-{slug}.json"


def export_interactively(
    context: AppContext,
    person_id: int,
    name: str,
    parent: QWidget,
    done: Callable[[str, bool], None],
) -> Task | None:
    """Ask where to save *name*'s data, then write it in the background.

    *done(message, ok)* receives the sentence to show when the file is written or refused.
    """
    db = context.db
    if db is None:
        return None
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export the data held on {name}").format(name=name),
        str(Path.home() / export_file_name(name)),
        _("JSON files (*.json)"),
    )
    if not path:
        return None
    target = Path(path)
    task = Task(_write, db, person_id, target)

    def succeeded(_data: object) -> None:
        done(
            _("Everything held on {name} was saved to {path}.").format(name=name, path=target), True
        )

    def failed(exc: object) -> None:
        reason = getattr(exc, "strerror", None) or str(exc)
        done(
            _("The data could not be saved to {path}: {reason}").format(path=target, reason=reason),
            False,
        )

    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    return task.start()


class EraseDialog(QDialog):
    """Say what erasing a contact does, ask for their last name, then erase them.

    After ``accept()``, :attr:`report` holds the service's ``ErasureReport``.
    """

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        first_name: str,
        last_name: str,
        version: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.last_name = last_name
        self.version = version
        self.report: Any = None
        self.task: Task | None = None
        # Erasing waits for the preview: its open read would keep the WAL from truncating.
        self.previewed = False
        name = f"{first_name} {last_name}".strip()
        self.setObjectName("EraseDialog")
        self.setWindowTitle(_("Erase a contact"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(8)
        heading = QLabel(_("Erase “{name}” for good?").format(name=name))
        heading.setObjectName("DialogHeading")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        warning = QLabel(
            _(
                "Erasure cannot be undone: the data is destroyed in every table, in the "
                "database file and in the undo history, so not even Undo can bring it back."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(f"color: {ERROR_COLOUR};")
        layout.addWidget(warning)
        self.what = QLabel()
        self.what.setObjectName("EraseWhat")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.what)
        self._show_what(None)
        hint = QLabel(_("If the person asked for a copy of their data, use “Export data…” first."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        layout.addWidget(hint)
        layout.addSpacing(6)
        ask = QLabel(_("To confirm, type their last name (“{last}”):").format(last=last_name))
        ask.setWordWrap(True)
        ask.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(ask)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("EraseConfirm")
        ask.setBuddy(self.confirm_edit)
        layout.addWidget(self.confirm_edit)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.erase_button = QPushButton(_("Erase for good"))
        self.erase_button.setObjectName("EraseForGood")
        # The same box in both states, so the enabled button keeps its size hint.
        self.erase_button.setStyleSheet(
            f"QPushButton {{ background: {ERROR_COLOUR}; color: white; "
            "border: 1px solid #8c1d18; border-radius: 4px; padding: 5px 14px; }"
            "QPushButton:disabled { background: #e3b9b5; border-color: #d6a29d; }"
        )
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setDefault(True)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.confirm_edit.textChanged.connect(self._typed)
        self.erase_button.clicked.connect(self.erase)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_edit.setFocus()
        self._start_preview()

    def _start_preview(self) -> None:
        if self.context.db is None:
            return
        self.preview = Task(_preview, self.context.db, self.person_id)
        self.preview.succeeded.connect(self._show_what)
        self.preview.failed.connect(lambda _exc: self._show_what(()))
        self.preview.start()

    def _show_what(self, counts: object) -> None:
        lines = [_("• The contact, their consent and notes are deleted.")]
        if counts is not None:
            self.previewed = True
            self._typed("")
        if isinstance(counts, tuple) and len(counts) == 2:
            meetings, mentions = counts
            lines.append(
                ngettext(
                    "• {n} meeting attendance is removed (the meeting stays).",
                    "• {n} meeting attendances are removed (the meetings stay).",
                    meetings,
                ).format(n=meetings)
            )
            lines.append(
                ngettext(
                    "• {n} mention of their name, e-mail or phone in other records becomes "
                    "“[cancellato]”.",
                    "• {n} mentions of their name, e-mail or phone in other records become "
                    "“[cancellato]”.",
                    mentions,
                ).format(n=mentions)
            )
        elif counts is None:
            lines.append(_("• Looking for mentions of them in other records…"))
        lines.append(_("• The audit log records that a contact was erased, without their data."))
        self.what.setText("\n".join(lines))

    def confirmed(self) -> bool:
        """True when the last name typed matches (case, accents and spaces aside)."""
        typed = fold(" ".join(self.confirm_edit.text().split()))
        return bool(typed) and typed == fold(" ".join(self.last_name.split()))

    def _typed(self, _text: str) -> None:
        self.erase_button.setEnabled(self.confirmed() and self.previewed and self.task is None)

    def erase(self) -> None:
        """Erase the contact in the background; accept when done."""
        if not self.erase_button.isEnabled() or self.context.db is None:
            return
        self.confirm_edit.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.busy.show()
        self.status.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.status.setText(_("Erasing, and cleaning the database file…"))
        self.task = Task(_erase, self.context.db, self.person_id, self.version)
        self.task.succeeded.connect(self._erased)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _erased(self, report: object) -> None:
        self.report = report
        forget_undo_history(self.context)
        self.context.notify("*")
        self.accept()

    def _failed(self, exc: object) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        self.task = None
        self.busy.hide()
        self.cancel_button.setEnabled(True)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
        if isinstance(exc, ConflictError | RecordNotFoundError):
            self.status.setText(str(exc))
        else:
            self.status.setText(
                _("Nothing was erased: the database did not answer ({reason}).").format(reason=exc)
            )
            self.confirm_edit.setEnabled(True)
            self._typed("")

    def reject(self) -> None:
        if self.task is None:  # never walk away from an erasure half way
            super().reject()


def erasure_message(report: Any) -> tuple[str, bool]:
    """The sentence shown after an erasure, and whether everything went as planned."""
    from grantdesk.services.gdpr import unfinished_message

    if not report.compacted:
        return unfinished_message(report.note), False
    return (
        _(
            "Contact erased: no trace of them is left in the database, and the undo "
            "history was cleared."
        ),
        True,
    )
