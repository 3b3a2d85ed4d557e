"""Choose a duplicate and merge it into the selected organization, after seeing what moves.

The list offers look-alikes first (a shared word of the name, the same tax code, VAT
number, e-mail or phone); typing searches every organization. Choosing one shows the
:class:`~grantdesk.services.organization_merge_preview.MergePreview`: the links that
move, those combined, the fields filled in and those that differ. Merging asks once
more, then pushes an undoable command.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.services.organization_merge_preview import MergePreview
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_commands import MergeOrganizationsCommand
from grantdesk.ui.palette import MUTED_COLOUR

PREVIEW_CSS = """
h3 { font-size: 11pt; margin: 10px 0 4px 0; }
td { padding: 2px 14px 2px 0; vertical-align: top; }
th { color: #5b6778; font-weight: 600; text-align: left; padding: 0 14px 2px 0; }
td.n { text-align: right; font-weight: 600; }
.muted { color: #5b6778; }
"""


def preview_html(preview: MergePreview) -> str:
    """The preview as a short document: what moves, what is combined, what is filled in."""
    parts = [
        "<p>"
        + escape(
            _("“{drop}” will be deleted; everything linked to it moves to “{keep}”.").format(
                drop=preview.drop_name, keep=preview.keep_name
            )
        )
        + "</p>"
    ]
    parts.append(f"<h3>{escape(_('What moves'))}</h3>")
    if preview.moves:
        rows = "".join(
            f"<tr><td class='n'>{n}</td><td>{escape(label)}</td></tr>" for label, n in preview.moves
        )
        parts.append(f"<table>{rows}</table>")
    else:
        parts.append(f"<p class='muted'>{escape(_('Nothing is linked to it.'))}</p>")
    if preview.combined:
        parts.append(f"<h3>{escape(_('Combined'))}</h3>")
        parts.append("".join(f"<p>{escape(text)}</p>" for text in preview.combined))
    if preview.filled:
        parts.append(f"<h3>{escape(_('Filled in from the duplicate'))}</h3>")
        rows = "".join(
            f"<tr><td class='muted'>{escape(label)}</td><td>{escape(value)}</td></tr>"
            for label, value in preview.filled
        )
        parts.append(f"<table>{rows}</table>")
    if preview.conflicts:
        parts.append(f"<h3>{escape(_('Different in the two records: the kept value stays'))}</h3>")
        head = f"<tr><th></th><th>{escape(_('Kept'))}</th><th>{escape(_('Duplicate'))}</th></tr>"
        rows = "".join(
            f"<tr><td class='muted'>{escape(label)}</td><td>{escape(mine)}</td>"
            f"<td class='muted'>{escape(theirs)}</td></tr>"
            for label, mine, theirs in preview.conflicts
        )
        parts.append(f"<table>{head}{rows}</table>")
    return "".join(parts)


class MergeDialog(QDialog):
    """Pick the duplicate of organization *keep_id* and merge it in."""

    def __init__(self, context: AppContext, keep_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.services.organization_editing import load_form

        self.context = context
        self.keep_id = keep_id
        self.preview: MergePreview | None = None
        self.command: MergeOrganizationsCommand | None = None
        assert context.db is not None
        self.keep_form, _version = load_form(context.db, keep_id)

        self.setObjectName("MergeDialog")
        self.setWindowTitle(_("Merge duplicates"))
        self.setMinimumSize(820, 540)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        heading = QLabel(_("Merge a duplicate into “{name}”").format(name=self.keep_form.name))
        heading.setObjectName("DialogHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(
            _(
                "Choose the record of the same body to merge into this one. Its proposals, "
                "co-design processes, contacts and documents move here, then it is deleted."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        layout.addWidget(intro)

        columns = QHBoxLayout()
        columns.setSpacing(14)
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("MergeSearch")
        self.search.setPlaceholderText(_("Search by name, tax code or place"))
        self.search.setClearButtonEnabled(True)
        left.addWidget(self.search)
        self.candidates = QListWidget()
        self.candidates.setObjectName("MergeCandidates")
        self.candidates.setWordWrap(True)
        self.candidates.setUniformItemSizes(False)
        self.candidates.setStyleSheet(
            "QListWidget#MergeCandidates::item { padding: 5px 4px;"
            " border-bottom: 1px solid #e3e7ed; color: #1b2430; }"
            "QListWidget#MergeCandidates::item:selected { background: #dbe6f5; }"
        )
        left.addWidget(self.candidates, 1)
        self.list_note = QLabel()
        self.list_note.setWordWrap(True)
        self.list_note.setStyleSheet(f"color: {MUTED_COLOUR};")
        left.addWidget(self.list_note)
        columns.addLayout(left, 5)
        self.details = QTextBrowser()
        self.details.setObjectName("MergePreview")
        self.details.setOpenLinks(False)
        self.details.document().setDefaultStyleSheet(PREVIEW_CSS)
        columns.addWidget(self.details, 6)
        layout.addLayout(columns, 1)

        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            _("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.candidates.currentItemChanged.connect(lambda *_a: self._show_preview())
        self.reload()
        self.search.setFocus()
        self.resize(900, 600)

    def reload(self) -> None:
        """List the candidates for the search typed (look-alikes when it is empty)."""
        from grantdesk.services.organization_merge_preview import merge_candidates

        db = self.context.db
        assert db is not None
        text = self.search.text().strip()
        found = merge_candidates(db, self.keep_id, text)
        self.candidates.clear()
        for org_id, name, place, code in found:
            second = " · ".join(p for p in (place, code) if p)
            item = QListWidgetItem(f"{name}\n{second}" if second else name)
            item.setData(Qt.ItemDataRole.UserRole, org_id)
            item.setToolTip(name)
            self.candidates.addItem(item)
        if not found:
            self.list_note.setText(
                _("No organization matches “{text}”.").format(text=text)
                if text
                else _("No look-alike found: search for the duplicate by name.")
            )
        elif not text:
            self.list_note.setText(
                ngettext(
                    "{n} look-alike: a shared word of the name, or the same code, e-mail or phone.",
                    "{n} look-alikes: a shared word of the name, or the same code, e-mail "
                    "or phone.",
                    len(found),
                ).format(n=len(found))
            )
        else:
            self.list_note.setText("")
        if self.candidates.count():
            self.candidates.setCurrentRow(0)
        else:
            self._show_preview()

    def chosen_id(self) -> int | None:
        item = self.candidates.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _show_preview(self) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.organization_merge_preview import preview_merge

        drop_id = self.chosen_id()
        self.preview = None
        if drop_id is not None and self.context.db is not None:
            try:
                self.preview = preview_merge(self.context.db, self.keep_id, drop_id)
            except RecordNotFoundError as exc:
                self.details.setPlainText(str(exc))
        if self.preview is not None:
            self.details.setHtml(preview_html(self.preview))
        elif drop_id is None:
            self.details.setHtml(
                f"<p class='muted'>{escape(_('Choose the duplicate on the left.'))}</p>"
            )
        self.merge_button.setEnabled(self.preview is not None)

    def confirm(self, preview: MergePreview) -> bool:
        """Ask once more, naming both records (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Merge duplicates"))
        box.setText(
            _("Merge “{drop}” into “{keep}”?").format(
                drop=preview.drop_name, keep=preview.keep_name
            )
        )
        box.setInformativeText(
            ngettext(
                "{n} link moves and “{drop}” is deleted. You can undo it with Edit › Undo.",
                "{n} links move and “{drop}” is deleted. You can undo it with Edit › Undo.",
                preview.total_moves,
            ).format(n=preview.total_moves, drop=preview.drop_name)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(_("Merge"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def merge(self) -> None:
        preview = self.preview
        if preview is None or not self.confirm(preview):
            return

        host = self.parentWidget() or self

        def refused(message: str) -> None:  # now, or later when an undo or redo is refused
            QMessageBox.warning(host, _("Organizations not merged"), message)

        command = MergeOrganizationsCommand(
            self.context,
            preview.keep_id,
            preview.drop_id,
            preview.keep_name,
            preview.drop_name,
            (preview.keep_version, preview.drop_version),
            refused,
        )
        self.context.undo_stack.push(command)
        self.command = command
        if command.failed:  # the warning follows; the dialog shows the records as they are now
            self._show_preview()
            return
        self.context.status_message.emit(_("Organizations merged."))
        self.accept()
