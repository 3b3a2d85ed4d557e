"""The text library: find a reusable block by words and tags, read it, insert it.

Search ignores accents and case and wants every word; ticking tags keeps the blocks that
carry all of them. The preview shows the whole block. Opened from a section
(``picking=True``), "Insert" closes the dialog with the block chosen; blocks can be
written, edited and deleted here too, each change undoable.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_box import OrganizationBox
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.proposal_pickers import TwoLineDelegate

if TYPE_CHECKING:
    from grantdesk.services.text_library import TextBlockForm

_ID = Qt.ItemDataRole.UserRole
LANGUAGE_NAMES = {
    "it": "Italiano",
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
}


class TextLibraryDialog(QDialog):
    """Search, preview and (when *picking*) choose a block of the text library."""

    def __init__(
        self, context: AppContext, picking: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.text_library import TextBlockInfo

        self.context = context
        self.picking = picking
        self.blocks: list[TextBlockInfo] = []
        self.setObjectName("TextLibraryDialog")
        self.setWindowTitle(_("Text library"))
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        column.setSpacing(8)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("LibrarySearch")
        self.search.setPlaceholderText(_("Search the library: words of the title, text or tags"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.language = QComboBox()
        self.language.addItem(_("Every language"), None)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        top.addWidget(self.language)
        column.addLayout(top)
        self.tags = QListWidget()
        self.tags.setObjectName("LibraryTags")
        self.tags.setFlow(QListView.Flow.LeftToRight)
        self.tags.setWrapping(True)
        self.tags.setResizeMode(QListView.ResizeMode.Adjust)
        self.tags.setSpacing(2)
        self.tags.setMaximumHeight(64)
        self.tags.setToolTip(_("Tick tags to see only the blocks that carry all of them"))
        column.addWidget(self.tags)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        self.results = QListWidget()
        self.results.setObjectName("LibraryResults")
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setItemDelegate(TwoLineDelegate(self.results))
        left_column.addWidget(self.results, 1)
        self.count = QLabel()
        self.count.setStyleSheet(f"color: {MUTED_COLOUR};")
        left_column.addWidget(self.count)
        splitter.addWidget(left)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel()
        self.preview_title.setObjectName("PreviewTitle")
        self.preview_title.setWordWrap(True)
        bold = QFont(self.preview_title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.1)
        self.preview_title.setFont(bold)
        self.preview_meta = QLabel()
        self.preview_meta.setWordWrap(True)
        self.preview_meta.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("LibraryPreview")
        self.preview.setReadOnly(True)
        right_column.addWidget(self.preview_title)
        right_column.addWidget(self.preview_meta)
        right_column.addWidget(self.preview, 1)
        splitter.addWidget(right)
        splitter.setSizes([330, 470])
        column.addWidget(splitter, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        column.addWidget(self.error)

        bottom = QHBoxLayout()
        self.new_button = QPushButton(_("New block…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        buttons = QDialogButtonBox()
        if picking:
            self.insert_button = buttons.addButton(
                _("Insert"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.insert_button.setDefault(True)
            buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        else:
            buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        column.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tags.itemChanged.connect(lambda _i: self.refresh())
        self.results.currentRowChanged.connect(lambda _r: self._show_preview())
        self.results.itemActivated.connect(
            lambda _i: self.accept() if picking else self.edit_block()
        )
        self.new_button.clicked.connect(self.new_block)
        self.edit_button.clicked.connect(self.edit_block)
        self.delete_button.clicked.connect(self.delete_block)
        context.data_changed.connect(self._data_changed)
        self.load_tags()
        self.refresh()
        self.resize(900, 620)
        self.search.setFocus()

    # -- finding ------------------------------------------------------------------------

    def load_tags(self) -> None:
        from grantdesk.services.text_library import tag_counts

        if self.context.db is None:
            return
        ticked = set(self.ticked_tags())
        self.tags.blockSignals(True)
        self.tags.clear()
        for tag, count in tag_counts(self.context.db):
            item = QListWidgetItem(f"{tag} ({count})")
            item.setData(_ID, tag)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tag in ticked else Qt.CheckState.Unchecked)
            self.tags.addItem(item)
        self.tags.blockSignals(False)
        self.tags.setVisible(self.tags.count() > 0)

    def ticked_tags(self) -> list[str]:
        return [
            str(self.tags.item(r).data(_ID))
            for r in range(self.tags.count())
            if self.tags.item(r).checkState() == Qt.CheckState.Checked
        ]

    def tick_tag(self, tag: str) -> None:
        for row in range(self.tags.count()):
            item = self.tags.item(row)
            if item.data(_ID) == tag:
                item.setCheckState(Qt.CheckState.Checked)

    def refresh(self) -> None:
        """Search again with the words, tags and language chosen."""
        from grantdesk.services.text_library import search_blocks

        self._timer.stop()
        if self.context.db is None:
            return
        keep = self.chosen_id()
        self.blocks = search_blocks(
            self.context.db, self.search.text(), self.ticked_tags(), self.language.currentData()
        )
        self.results.blockSignals(True)
        self.results.clear()
        for block in self.blocks:
            tags = " ".join(f"#{tag}" for tag in block.tags)
            owner = block.organization_name
            detail = " — ".join(p for p in (tags, owner) if p)
            item = QListWidgetItem(f"{block.title}\n{detail}" if detail else block.title)
            item.setData(_ID, block.id)
            item.setToolTip(block.title)
            self.results.addItem(item)
        self.results.blockSignals(False)
        row = next((i for i, b in enumerate(self.blocks) if b.id == keep), 0)
        if self.blocks:
            self.results.setCurrentRow(row)
        if self.blocks:
            self.count.setText(
                ngettext("{n} block", "{n} blocks", len(self.blocks)).format(n=len(self.blocks))
            )
        elif self.search.text().strip() or self.ticked_tags():
            self.count.setText(_("No block matches: try fewer words or untick a tag."))
        else:
            self.count.setText(_("The library is empty: write the first block with “New block…”."))
        self._show_preview()

    def _data_changed(self, kind: str) -> None:
        if kind in ("text_blocks", "*"):
            self.load_tags()
            self.refresh()

    # -- preview and choice -------------------------------------------------------------

    def chosen_id(self) -> int | None:
        item = self.results.currentItem()
        value = item.data(_ID) if item is not None else None
        return value if isinstance(value, int) else None

    def _chosen(self) -> object:
        chosen = self.chosen_id()
        return next((b for b in self.blocks if b.id == chosen), None)

    def chosen_text(self) -> str:
        block = self._chosen()
        return str(getattr(block, "body", ""))

    def chosen_title(self) -> str:
        block = self._chosen()
        return str(getattr(block, "title", ""))

    def _show_preview(self) -> None:
        from grantdesk.services.text_library import TextBlockInfo

        block = self._chosen()
        has = isinstance(block, TextBlockInfo)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if self.picking:
            self.insert_button.setEnabled(has)
        if not isinstance(block, TextBlockInfo):
            self.preview_title.setText("")
            self.preview_meta.setText("")
            self.preview.setPlainText("")
            return
        self.preview_title.setText(block.title)
        meta = []
        if block.tags:
            meta.append(_("Tags: {tags}").format(tags=", ".join(block.tags)))
        if block.organization_name:
            meta.append(_("Of: {name}").format(name=block.organization_name))
        meta.append(LANGUAGE_NAMES.get(block.language, block.language))
        self.preview_meta.setText(" · ".join(meta))
        self.preview.setPlainText(block.body)

    # -- changing the library -----------------------------------------------------------

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def new_block(self) -> None:
        self._edit(None)

    def edit_block(self) -> None:
        chosen = self.chosen_id()
        if chosen is not None:
            self._edit(chosen)

    def _edit(self, block_id: int | None) -> None:
        from grantdesk.services.text_library import TextBlockForm, load_block
        from grantdesk.ui.proposal_commands import TextBlockCommand

        if self.context.db is None:
            return
        before = load_block(self.context.db, block_id)[0] if block_id is not None else None
        dialog = TextBlockDialog(self.context, before or TextBlockForm(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        command = TextBlockCommand(self.context, block_id, before, dialog.form(), self._refused)
        self.context.undo_stack.push(command)
        self._refused(command.failed)
        if not command.failed and command.block_id is not None:
            self._select(command.block_id)

    def _select(self, block_id: int) -> None:
        for row in range(self.results.count()):
            if self.results.item(row).data(_ID) == block_id:
                self.results.setCurrentRow(row)

    def delete_block(self) -> None:
        from grantdesk.services.text_library import load_block
        from grantdesk.ui.proposal_commands import TextBlockCommand

        chosen = self.chosen_id()
        if chosen is None or self.context.db is None:
            return
        form = load_block(self.context.db, chosen)[0]
        answer = QMessageBox.question(
            self,
            _("Delete block"),
            _("Delete “{title}” from the library? You can bring it back with Edit › Undo.").format(
                title=form.title
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        command = TextBlockCommand(self.context, chosen, form, None, self._refused)
        self.context.undo_stack.push(command)
        self._refused(command.failed)

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.data_changed.disconnect(self._data_changed)
        super().done(result)


class TextBlockDialog(QDialog):
    """Write or edit one block: title, tags, language, owning body and text."""

    def __init__(self, context: AppContext, form: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.services.eligibility import organization_choices
        from grantdesk.services.text_library import TextBlockForm

        assert isinstance(form, TextBlockForm)
        self.setObjectName("TextBlockDialog")
        self.setWindowTitle(_("Library block"))
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit(form.title)
        self.title_edit.setObjectName("BlockTitle")
        self.tags_edit = QLineEdit(", ".join(form.tags))
        self.tags_edit.setPlaceholderText(
            _("Words separated by commas: presentazione, metodologia")
        )
        self.language_box = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(form.language)))
        self.organization_box = OrganizationBox()
        if context.db is not None:
            self.organization_box.set_choices(
                _("No organization"), organization_choices(context.db)
            )
        self.organization_box.select(form.organization_id)
        self.body_edit = QPlainTextEdit(form.body)
        self.body_edit.setObjectName("BlockBody")
        self.body_edit.setTabChangesFocus(True)
        layout.addRow(_("Title"), self.title_edit)
        layout.addRow(_("Tags"), self.tags_edit)
        layout.addRow(_("Language"), self.language_box)
        layout.addRow(_("Of the organization"), self.organization_box)
        layout.addRow(_("Text"), self.body_edit)
        column.addLayout(layout, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        for signal in (
            self.title_edit.textChanged,
            self.tags_edit.textChanged,
            self.body_edit.textChanged,
        ):
            signal.connect(self._check)
        self._check()
        self.resize(680, 520)

    def form(self) -> TextBlockForm:
        from grantdesk.services.text_library import TextBlockForm, split_tags

        return TextBlockForm(
            title=self.title_edit.text().strip(),
            body=self.body_edit.toPlainText().strip(),
            tags=split_tags(self.tags_edit.text()),
            language=str(self.language_box.currentData()),
            organization_id=self.organization_box.chosen(),
        )

    def _check(self) -> None:
        from grantdesk.services.text_library import validate

        errors = validate(self.form())
        self.error.setText(errors[0].message if errors else "")
        self.save_button.setEnabled(not errors)
