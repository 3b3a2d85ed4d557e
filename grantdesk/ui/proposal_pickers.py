"""Choosing a call and choosing organizations for a proposal, by typing part of a name.

Both search in the database as the user types (the calls list's search for calls; name,
tax code and place for organizations, accents ignored) and list at most a couple of
hundred matches. The organization picker previews, for the selected body, the papers the
proposal's call requires that it lacks or holds expired, before it is added.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

LIMIT = 200
_ID = Qt.ItemDataRole.UserRole


class TwoLineDelegate(QStyledItemDelegate):
    """Draws an entry "name\ndetails" as the name (wrapped when long) over a muted, smaller
    line of details, so lists of long names stay readable."""

    PAD = 5

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    @staticmethod
    def _lines(index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        title, _sep, detail = str(index.data() or "").partition("\n")
        return title, detail

    def _small(self, font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        return small

    def _width(self) -> int:
        return max(120, self.view.viewport().width() - 2 * self.PAD - 4)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, detail = self._lines(index)
        metrics = QFontMetrics(option.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = metrics.boundingRect(QRect(0, 0, self._width(), 10_000), flags, title).height()
        if detail:
            height += QFontMetrics(self._small(option.font)).height() + 2
        return QSize(self._width(), height + 2 * self.PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        title, detail = self._lines(index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.highlightedText() if selected else option.palette.text()
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        painter.setPen(ink.color())
        painter.setFont(option.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        used = painter.boundingRect(rect, flags, title)
        painter.drawText(rect, flags, title)
        if detail:
            small = self._small(option.font)
            painter.setFont(small)
            colour = ink.color() if selected else QColor(MUTED_COLOUR)
            painter.setPen(colour)
            below = QRect(
                rect.left(), used.bottom() + 2, rect.width(), rect.bottom() - used.bottom()
            )
            text = QFontMetrics(small).elidedText(detail, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(
                below, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text
            )
        painter.restore()


class _SearchList(QWidget):
    """A search box above a list; Down in the box moves into the list.

    Signals:
        current_changed(object): the highlighted entry's id (None: the "none" entry or none).
        activated(object): an entry was double-clicked or Enter pressed on it.
    """

    current_changed = Signal(object)
    activated = Signal(object)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.search = QLineEdit()
        self.search.setObjectName("PickerSearch")
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("PickerList")
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.count = QLabel()
        self.count.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(self.search)
        column.addWidget(self.list, 1)
        column.addWidget(self.count)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(180)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)
        self.list.currentItemChanged.connect(
            lambda item, _prev: self.current_changed.emit(self._id(item))
        )
        self.list.itemActivated.connect(lambda item: self.activated.emit(self._id(item)))

    @staticmethod
    def _id(item: QListWidgetItem | None) -> object:
        return None if item is None else item.data(_ID)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.list.count()
        ):
            self.list.setFocus()
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
            return True
        return False

    def _enter(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.list.count():
            item = self.list.currentItem() or self.list.item(0)
            self.list.setCurrentItem(item)
            self.activated.emit(self._id(item))

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def chosen(self) -> object:
        return self._id(self.list.currentItem())

    def fill(self, entries: list[tuple[object, str, str]], none_text: str = "") -> None:
        """Show *entries* (id, first line, second line), keeping the current one."""
        keep = self.chosen()
        self.list.blockSignals(True)
        self.list.clear()
        if none_text:
            item = QListWidgetItem(none_text)
            item.setData(_ID, None)
            self.list.addItem(item)
        for key, title, detail in entries:
            item = QListWidgetItem(f"{title}\n{detail}" if detail else title)
            item.setData(_ID, key)
            item.setToolTip(title)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((r for r in range(self.list.count()) if self.list.item(r).data(_ID) == keep), 0)
        if self.list.count():
            self.list.setCurrentRow(row)
        shown = len(entries)
        if shown >= LIMIT:
            self.count.setText(_("The first {n} matches: type more to narrow.").format(n=LIMIT))
        elif not shown:
            self.count.setText(_("Nothing matches: check the spelling or type fewer words."))
        else:
            self.count.setText("")
        self.current_changed.emit(self.chosen())


class CallPicker(_SearchList):
    """Search the calls; the first entry is "no call yet" when *allow_none*."""

    def __init__(
        self, context: AppContext, allow_none: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Search calls by title, code, funder or theme"), parent)
        self.setObjectName("CallPicker")
        self.context = context
        self.allow_none = allow_none
        self.refresh()

    def refresh(self) -> None:
        from grantdesk.services.proposal_editing import find_calls

        if self.context.db is None:
            return
        calls = find_calls(self.context.db, self.search.text(), LIMIT)
        entries: list[tuple[object, str, str]] = [
            (c.id, c.title, " · ".join(p for p in (c.funder, c.code) if p)) for c in calls
        ]
        none_text = (
            _("No call yet (choose it later)")
            if self.allow_none and not self.search.text().strip()
            else ""
        )
        self.fill(entries, none_text)

    def select(self, call_id: int | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_ID) == call_id:
                self.list.setCurrentRow(row)
                return


class CallPickerDialog(QDialog):
    """Choose the call of a proposal (or none)."""

    def __init__(
        self, context: AppContext, current: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CallPickerDialog")
        self.setWindowTitle(_("Choose the call"))
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        self.picker = CallPicker(context, allow_none=True)
        self.picker.select(current)
        self.picker.activated.connect(lambda _id: self.accept())
        column.addWidget(self.picker, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Choose"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.resize(620, 520)
        self.picker.search.setFocus()

    def chosen(self) -> int | None:
        value = self.picker.chosen()
        return value if isinstance(value, int) else None


class OrganizationPicker(_SearchList):
    """Search the organization register, leaving out *exclude* (the current members)."""

    def __init__(
        self, context: AppContext, exclude: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Search organizations by name, tax code or place"), parent)
        self.setObjectName("OrganizationPicker")
        self.context = context
        self.exclude = exclude
        self.refresh()

    def refresh(self) -> None:
        from grantdesk.services.proposal_partnership import find_organizations

        if self.context.db is None:
            return
        found = find_organizations(self.context.db, self.search.text(), LIMIT, self.exclude)
        entries: list[tuple[object, str, str]] = []
        for org in found:
            place = f"{org.municipality} ({org.province})" if org.province else org.municipality
            detail = " · ".join(p for p in (org.legal_form.label, place, org.codice_fiscale) if p)
            entries.append((org.id, org.name, detail))
        self.fill(entries)


class OrganizationPickerDialog(QDialog):
    """Choose an organization to add as a partner (with its role) or to make the lead.

    The papers the call requires that the selected body lacks are shown before it joins.
    """

    def __init__(
        self,
        context: AppContext,
        call_id: int | None,
        exclude: list[int],
        today: date,
        lead: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OrganizationPickerDialog")
        self.context = context
        self.call_id = call_id
        self.today = today
        self.setWindowTitle(_("Choose the lead") if lead else _("Add a partner"))
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        column.setSpacing(8)
        self.picker = OrganizationPicker(context, exclude)
        column.addWidget(self.picker, 1)
        self.warnings = QLabel()
        self.warnings.setObjectName("PickerWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {ERROR_COLOUR};")
        column.addWidget(self.warnings)
        self.role_edit = QLineEdit()
        self.role_edit.setObjectName("RoleEdit")
        self.role_edit.setPlaceholderText(_("Role in the project, e.g. volunteers and spaces"))
        self.role_edit.setVisible(not lead)
        column.addWidget(self.role_edit)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("Make lead") if lead else _("Add partner"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.picker.current_changed.connect(self._preview)
        self.picker.activated.connect(
            lambda _id: self.role_edit.setFocus() if not lead else self.accept()
        )
        self._preview(self.picker.chosen())
        self.resize(640, 560)
        self.picker.search.setFocus()

    def _preview(self, organization_id: object) -> None:
        from grantdesk.services.proposal_partnership import document_summary

        self.ok_button.setEnabled(isinstance(organization_id, int))
        if not isinstance(organization_id, int) or self.context.db is None or self.call_id is None:
            self.warnings.hide()
            return
        found = document_summary(self.context.db, organization_id, self.call_id, self.today)
        self.warnings.setText(
            _("Papers for this call — {problems}").format(problems=found) if found else ""
        )
        self.warnings.setVisible(bool(found))

    def chosen(self) -> int | None:
        value = self.picker.chosen()
        return value if isinstance(value, int) else None

    def role(self) -> str:
        return " ".join(self.role_edit.text().split())
