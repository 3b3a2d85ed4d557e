"""The Sections tab: the free-text sections of the application, and their text.

The list on the left orders the sections (from the call's template or the default one);
the editor on the right holds the chosen section's text, saved when the typing pauses, when
the focus leaves it or when another section is chosen — consecutive typing in one section
is one undo step. "Insert from library…" puts a block of the text library at the cursor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFocusEvent, QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.services.present import show
from grantdesk.services.proposal_part_rows import SectionEntry, section_problem
from grantdesk.ui.commands import _short
from grantdesk.ui.palette import MUTED_COLOUR
from grantdesk.ui.proposal_editor_tabs import EditorHost, error_line, intro, show_error
from grantdesk.ui.proposal_tables import moved, without

if TYPE_CHECKING:
    from grantdesk.services.proposal_parts import ProposalParts

IDLE_MS = 1500


class _Body(QPlainTextEdit):
    """The section's text; saves when the focus leaves it."""

    def __init__(self, tab: SectionsTab) -> None:
        super().__init__()
        self._tab = tab

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._tab.commit()


class SectionsTab(QWidget):
    """The sections of the application (see the module's notes)."""

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        self.section_id: int | None = None
        self._saved_body = ""
        self._saved_title = ""
        self._filling = False
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(
            intro(
                _(
                    "The texts of the application, in the order the call asks for them. "
                    "Typing is saved as you go; reuse presentations and standard clauses "
                    "from the text library."
                )
            )
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("SectionsList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._row_changed)
        left_column.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add"))
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton("↑")
        self.up_button.setToolTip(_("Move up"))
        self.down_button = QPushButton("↓")
        self.down_button.setToolTip(_("Move down"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left_column.addLayout(buttons)
        self.add_button.clicked.connect(self.add_section)
        self.remove_button.clicked.connect(self.remove_section)
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(1))
        splitter.addWidget(left)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("SectionTitle")
        self.title_edit.setPlaceholderText(_("Title of the section"))
        bold = QFont(self.title_edit.font())
        bold.setBold(True)
        self.title_edit.setFont(bold)
        self.title_edit.editingFinished.connect(self.commit)
        right_column.addWidget(self.title_edit)
        self.body = _Body(self)
        self.body.setObjectName("SectionBody")
        self.body.setPlaceholderText(
            _("Write the section here, or insert a block from the library.")
        )
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        body_font = QFont(self.body.font())
        body_font.setPointSizeF(body_font.pointSizeF() * 1.08)
        self.body.setFont(body_font)
        self.body.textChanged.connect(self._typed)
        right_column.addWidget(self.body, 1)
        below = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setObjectName("SectionCounts")
        self.counts.setStyleSheet(f"color: {MUTED_COLOUR};")
        below.addWidget(self.counts, 1)
        self.library_button = QPushButton(_("Insert from library…"))
        self.library_button.setObjectName("InsertFromLibrary")
        self.library_button.setToolTip(_("Insert a block of the text library at the cursor"))
        self.library_button.clicked.connect(self.insert_from_library)
        below.addWidget(self.library_button)
        right_column.addLayout(below)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 700])
        column.addWidget(splitter, 1)
        self.error = error_line()
        column.addWidget(self.error)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS)
        self._timer.timeout.connect(self.commit)

    # -- showing ------------------------------------------------------------------------

    def show_parts(self, parts: ProposalParts) -> None:
        self.parts = parts
        ids = [s.id for s in parts.sections]
        if self.section_id not in ids:
            self.section_id = ids[0] if ids else None
        self.list.blockSignals(True)
        self.list.clear()
        for number, section in enumerate(parts.sections, start=1):
            item = QListWidgetItem(f"{number}. {section.title}")
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            if not section.body.strip():
                item.setForeground(Qt.GlobalColor.gray)
                item.setToolTip(_("Still empty"))
            self.list.addItem(item)
        if self.section_id is not None:
            self.list.setCurrentRow(ids.index(self.section_id))
        self.list.blockSignals(False)
        self._show_section()
        self._update_buttons()

    def _section(self) -> SectionEntry | None:
        if self.parts is None:
            return None
        return next((s for s in self.parts.sections if s.id == self.section_id), None)

    def _show_section(self) -> None:
        section = self._section()
        enabled = section is not None
        for widget in (self.title_edit, self.body, self.library_button):
            widget.setEnabled(enabled)
        self._filling = True
        if section is None:
            self.title_edit.clear()
            self.body.clear()
            self._saved_title = self._saved_body = ""
        else:
            unsaved_title = self.title_edit.text() != self._saved_title
            unsaved_body = self.body.toPlainText() != self._saved_body
            same = self.body.property("section_id") == section.id
            if not (same and unsaved_title):
                self.title_edit.setText(section.title)
            if not (same and unsaved_body) and self.body.toPlainText() != section.body:
                self.body.setPlainText(section.body)
            self._saved_title, self._saved_body = section.title, section.body
            self.body.setProperty("section_id", section.id)
        self._filling = False
        self._count()

    def _count(self) -> None:
        text = self.body.toPlainText()
        words = len(text.split())
        self.counts.setText(
            _("{chars} characters · {words} words").format(
                chars=show(len(text), "int"), words=show(words, "int")
            )
        )

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        count = self.list.count()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def _row_changed(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.commit()  # saving the section left may rebuild the list
        self.section_id = chosen
        self._saved_title = self._saved_body = ""
        self.body.setProperty("section_id", None)
        self.list.blockSignals(True)
        for index in range(self.list.count()):
            if self.list.item(index).data(Qt.ItemDataRole.UserRole) == chosen:
                self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._show_section()
        self._update_buttons()

    def select_section(self, row: int) -> None:
        self.list.setCurrentRow(row)

    # -- saving -------------------------------------------------------------------------

    def _typed(self) -> None:
        self._count()
        if not self._filling:
            self._timer.start()

    def dirty(self) -> bool:
        return self._section() is not None and (
            self.body.toPlainText() != self._saved_body
            or self.title_edit.text().strip() != self._saved_title
        )

    def commit(self) -> bool:
        """Save the title and text typed in the current section (if they changed)."""
        self._timer.stop()
        section = self._section()
        if section is None or self.parts is None or not self.dirty():
            return True
        title = " ".join(self.title_edit.text().split()) or section.title
        body = self.body.toPlainText()
        renamed = title != section.title
        new = tuple(
            replace(s, title=title, body=body) if s.id == section.id else s
            for s in self.parts.sections
        )
        if renamed:
            text = _("rename section “{title}”").format(title=_short(title))
        else:
            text = _("edit section “{title}”").format(title=_short(title))
        merge = None if renamed else ("section", section.id)
        self._saved_title, self._saved_body = title, body
        return self._save(new, text, merge)

    def _save(self, new: tuple[SectionEntry, ...], text: str, merge: object = None) -> bool:
        assert self.parts is not None
        failed = section_problem(None, new) or self.host.push_part(
            "sections", self.parts.sections, new, text, merge
        )
        show_error(self.error, failed)
        return not failed

    def add_section(self) -> None:
        if self.parts is None:
            return
        self.commit()
        row = self.list.currentRow()
        at = row + 1 if row >= 0 else len(self.parts.sections)
        sections = list(self.parts.sections)
        sections.insert(at, SectionEntry(_("New section")))
        if self._save(tuple(sections), _("add a section")):
            self.list.setCurrentRow(at)
            self.title_edit.setFocus()
            self.title_edit.selectAll()

    def remove_section(self) -> None:
        row = self.list.currentRow()
        if self.parts is None or not 0 <= row < len(self.parts.sections):
            return
        self.commit()
        title = self.parts.sections[row].title
        self._save(
            without(self.parts.sections, row),
            _("remove section “{title}”").format(title=_short(title)),
        )

    def move_section(self, offset: int) -> None:
        row = self.list.currentRow()
        if self.parts is None or not 0 <= row < len(self.parts.sections):
            return
        self.commit()
        self._save(moved(self.parts.sections, row, offset), _("move a section"))
        self._update_buttons()

    # -- the text library ---------------------------------------------------------------

    def insert_from_library(self) -> None:
        from grantdesk.ui.text_library_dialog import TextLibraryDialog

        dialog = TextLibraryDialog(self.host.context, picking=True, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen_text():
            self.insert_text(dialog.chosen_text(), dialog.chosen_title())

    def insert_text(self, text: str, title: str = "") -> bool:
        """Insert *text* at the cursor as a paragraph of its own, as one undo step."""
        from grantdesk.services.text_library import joined

        section = self._section()
        if section is None or self.parts is None:
            return False
        self.commit()
        cursor = self.body.textCursor()
        body, end = joined(self.body.toPlainText(), text, cursor.position())
        self._filling = True
        self.body.setPlainText(body)
        self._filling = False
        cursor = self.body.textCursor()
        cursor.setPosition(min(end, len(body)))
        self.body.setTextCursor(cursor)
        self.body.moveCursor(QTextCursor.MoveOperation.NoMove)
        new = tuple(replace(s, body=body) if s.id == section.id else s for s in self.parts.sections)
        self._saved_body = body
        return self._save(
            new,
            _("insert “{block}” into “{title}”").format(
                block=_short(title), title=_short(section.title)
            ),
        )
