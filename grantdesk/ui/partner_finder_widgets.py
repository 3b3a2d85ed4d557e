"""The partner finder's pieces: the filter bar, its theme picker and legal-form combo, and
the table model of the bodies found.

The filter bar only collects what the user asks (a ``PartnerFilter``); the dialog
(:mod:`grantdesk.ui.partner_finder`) runs the search in the background and fills the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QWidget,
)

from grantdesk.domain.text import fold
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from grantdesk.services.partners import CallPartner, DocumentState, PartnerFilter, PartnerRow

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR, ATTENTION, MUTED = QColor("#b3261e"), QColor("#a15c00"), QColor("#5b6778")


def short_form(form: LegalForm) -> str:
    """ "ODV" for "ODV – volunteer organisation"; other labels whole."""
    return form.label.split(" – ", 1)[0]


class CheckableCombo(QComboBox):
    """A combo whose entries are ticked on and off; the box says what is ticked.

    Signals:
        changed(): an entry was ticked or unticked.
    """

    changed = Signal()

    def __init__(self, none_text: str, many: tuple[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self._none_text = none_text
        self._many = many  # ngettext pair with {n}
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        self.view().viewport().installEventFilter(self)
        self.view().installEventFilter(self)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)

    def add_choice(self, text: str, value: object, short: str | None = None) -> None:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setData(Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setData(short or text, Qt.ItemDataRole.UserRole + 1)
        self._items.appendRow(item)

    def checked(self) -> list[Any]:
        """The values ticked, in the order offered."""
        return [
            self._items.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self._items.rowCount())
            if self._items.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, values: Sequence[object]) -> None:
        """Tick exactly *values* (no ``changed``)."""
        for row in range(self._items.rowCount()):
            item = self._items.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.update()

    def toggle(self, row: int) -> None:
        item = self._items.item(row)
        if item is None:
            return
        on = item.checkState() != Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.update()
        self.changed.emit()

    def summary(self) -> str:
        """ "All legal forms", "ODV, APS" or "3 legal forms"."""
        shorts = [
            str(self._items.item(row).data(Qt.ItemDataRole.UserRole + 1))
            for row in range(self._items.rowCount())
            if self._items.item(row).checkState() == Qt.CheckState.Checked
        ]
        if not shorts:
            return self._none_text
        if len(shorts) <= 2:
            return ", ".join(shorts)
        return ngettext(self._many[0], self._many[1], len(shorts)).format(n=len(shorts))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click or Space ticks the entry and keeps the list open for the next one.
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            index = self.view().indexAt(event.position().toPoint())  # type: ignore[attr-defined]
            if index.isValid():
                self.toggle(index.row())
            return True
        if watched is self.view() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.toggle(self.view().currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, _event: Any) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.fontMetrics().elidedText(
            self.summary(), Qt.TextElideMode.ElideRight, max(40, self.width() - 40)
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ThemePicker(QWidget):
    """Themes as removable chips, and a box to add one (with the known themes offered).

    Signals:
        changed(): a theme was added or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known: dict[str, str] = {}  # folded → as written
        self._chosen: list[str] = []
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("Add a theme…"))
        self.edit.setClearButtonEnabled(True)
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self.add)  # type: ignore[index]
        self.edit.returnPressed.connect(lambda: self.add(self.edit.text()))
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.chips.setSpacing(4)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addLayout(self.chips)
        row.addWidget(self.edit, 1)

    def set_known(self, names: Sequence[str]) -> None:
        """The themes offered (the shared tag list)."""
        self._known = {fold(n): n for n in names}
        self.completer.model().setStringList(list(names))  # type: ignore[attr-defined]

    def themes(self) -> tuple[str, ...]:
        return tuple(self._chosen)

    def set_themes(self, names: Sequence[str]) -> None:
        """Show exactly *names* (no ``changed``)."""
        self._chosen = []
        for name in names:
            if name not in self._chosen:
                self._chosen.append(name)
        self._rebuild()

    def add(self, text: str) -> None:
        """Add the theme called *text* (accents and case ignored); unknown text stays."""
        name = self._known.get(fold(text.strip()))
        if name is None:
            return
        # The completer writes its choice into the box after this slot: clear it then too.
        self.edit.clear()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self.edit.clear)
        if name not in self._chosen:
            self._chosen.append(name)
            self._rebuild()
            self.changed.emit()

    def remove(self, name: str) -> None:
        if name in self._chosen:
            self._chosen.remove(name)
            self._rebuild()
            self.changed.emit()

    def _rebuild(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for name in self._chosen:
            chip = QToolButton()
            chip.setObjectName("ThemeChip")
            chip.setText(f"{name}  ✕")
            chip.setToolTip(_("Remove the theme “{theme}”").format(theme=name))
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _c=False, n=name: self.remove(n))
            self.chips.addWidget(chip)


_DOCUMENT_CHOICES = (
    (N_("Any state"), None),
    (N_("All in order"), "ok"),
    (N_("One expiring within 30 days"), "expiring"),
    (N_("One expired"), "expired"),
    (N_("None on file"), "none"),
)


class FilterBar(QWidget):
    """Search, territory, legal forms, documents and themes, with their captions above.

    Signals:
        changed(): any filter changed (the dialog waits a moment, then searches).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PartnerFilters")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, tax code, place or theme"))
        self.search.setClearButtonEnabled(True)
        self.territory = QLineEdit()
        self.territory.setPlaceholderText(_("Province (PV or Pavia), region or municipality"))
        self.territory.setClearButtonEnabled(True)
        self.territory_completer = QCompleter([], self)
        self.territory_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.territory_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.territory_completer.setMaxVisibleItems(12)
        self.territory.setCompleter(self.territory_completer)
        self.forms = CheckableCombo(
            _("All legal forms"), (N_("{n} legal form"), N_("{n} legal forms"))
        )
        for form in LegalForm:
            self.forms.add_choice(form.label, form.value, short_form(form))
        self.documents = QComboBox()
        for text, value in _DOCUMENT_CHOICES:
            self.documents.addItem(_(text), value)
        self.themes = ThemePicker()
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.clicked.connect(self.clear)

        grid = QGridLayout(self)
        grid.setContentsMargins(20, 0, 20, 8)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        fields = [
            (_("&Search"), self.search, 3),
            (_("&Territory"), self.territory, 3),
            (_("&Legal form"), self.forms, 2),
            (_("&Documents"), self.documents, 2),
        ]
        for column, (caption, widget, stretch) in enumerate(fields):
            grid.addWidget(self._caption(caption, widget), 0, column)
            grid.addWidget(widget, 1, column)
            grid.setColumnStretch(column, stretch)
        grid.addWidget(self._caption(_("T&hemes (any of them)"), self.themes.edit), 2, 0, 1, 4)
        themes_row = QHBoxLayout()
        themes_row.addWidget(self.themes, 1)
        themes_row.addWidget(self.clear_button)
        grid.addLayout(themes_row, 3, 0, 1, 4)
        for widget in (self.search, self.territory):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.search.textChanged.connect(self.changed)
        self.territory.textChanged.connect(self.changed)
        self.forms.changed.connect(self.changed)
        self.documents.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.themes.changed.connect(self.changed)

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setObjectName("FieldLabel")
        label.setBuddy(buddy)
        return label

    def set_choices(self, themes: Sequence[str], places: Sequence[str]) -> None:
        self.themes.set_known(themes)
        self.territory_completer.model().setStringList(list(places))  # type: ignore[attr-defined]

    def value(self) -> PartnerFilter:
        from grantdesk.services.partners import DocumentState, PartnerFilter

        code = self.documents.currentData()
        return PartnerFilter(
            themes=self.themes.themes(),
            territory=self.territory.text().strip(),
            legal_forms=tuple(LegalForm(v) for v in self.forms.checked()),
            documents=DocumentState(code) if code else None,
            search=self.search.text().strip(),
        )

    def set_value(self, wanted: PartnerFilter) -> None:
        """Show *wanted* and emit one ``changed``."""
        self.blockSignals(True)
        for widget in (self.search, self.territory, self.documents, self.forms, self.themes):
            widget.blockSignals(True)
        self.search.setText(wanted.search)
        self.territory.setText(wanted.territory)
        self.forms.set_checked([f.value for f in wanted.legal_forms])
        code = wanted.documents.value if wanted.documents is not None else None
        self.documents.setCurrentIndex(max(0, self.documents.findData(code)))
        self.themes.set_themes(wanted.themes)
        for widget in (self.search, self.territory, self.documents, self.forms, self.themes):
            widget.blockSignals(False)
        self.blockSignals(False)
        self.changed.emit()

    def clear(self) -> None:
        from grantdesk.services.partners import PartnerFilter

        self.set_value(PartnerFilter())


def documents_text(row: PartnerRow) -> str:
    """A list cell: "In order", "Expires on 01/12/2026", "Expired on …", "None on file"."""
    from grantdesk.services.present import show

    state = row.documents.value
    if state == "expired":
        return _("Expired on {date}").format(date=show(row.first_expiry))
    if state == "expiring":
        return _("Expires on {date}").format(date=show(row.first_expiry))
    return row.documents.label


def documents_colour(state: DocumentState) -> QColor | None:
    return {"expired": ERROR, "expiring": ATTENTION, "none": MUTED}.get(state.value)


def proposals_text(row: PartnerRow) -> str:
    if not row.proposals:
        return "0"
    return _("{n} ({funded} funded)").format(n=row.proposals, funded=row.funded)


class PartnerTableModel(QAbstractTableModel):
    """The bodies found: name, legal form, place, themes, documents, proposals; for a
    call, why each one matches comes second."""

    PLAIN = (
        N_("Name"),
        N_("Legal form"),
        N_("Place"),
        N_("Themes"),
        N_("Documents"),
        N_("Proposals"),
    )
    FOR_CALL = (N_("Name"), N_("Why"), N_("Legal form"), N_("Place"), N_("Documents"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PartnerRow] = []
        self.matches: list[CallPartner] = []
        self.for_call = False

    def set_rows(self, rows: Sequence[PartnerRow], for_call: Sequence[CallPartner] | None) -> None:
        self.beginResetModel()
        self.for_call = for_call is not None
        self.matches = list(for_call or ())
        self.rows = [m.row for m in self.matches] if for_call is not None else list(rows)
        self.endResetModel()

    def append(self, rows: Sequence[PartnerRow], for_call: Sequence[CallPartner] | None) -> None:
        more = [m.row for m in for_call] if for_call is not None else list(rows)
        if not more:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.rows.extend(more)
        self.matches.extend(for_call or ())
        self.endInsertRows()

    def headers(self) -> tuple[str, ...]:
        return self.FOR_CALL if self.for_call else self.PLAIN

    def row_for_id(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == record_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.headers()[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.headers()[index.column()]
        if role == RECORD_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.for_call and key in ("Name", "Why"):
                return "\n".join(self.matches[index.row()].reasons)
            return self._text(index.row(), row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "Documents":
            return documents_colour(row.documents)
        if role == Qt.ItemDataRole.ForegroundRole and key == "Why":
            return ATTENTION if self.matches[index.row()].to_check else None
        return None

    def _text(self, position: int, row: PartnerRow, key: str) -> str:
        if key == "Name":
            return row.name
        if key == "Why":
            return self.matches[position].summary
        if key == "Legal form":
            return short_form(row.legal_form)
        if key == "Place":
            return row.place
        if key == "Themes":
            return ", ".join(row.themes)
        if key == "Documents":
            return documents_text(row)
        return proposals_text(row)
