"""A combo box to choose one organization among thousands: type part of the name.

The first entry is a "none" choice ("All calls", "None"); the organizations follow by name.
Typing filters a pop-up of the names containing the words typed, case ignored; leaving
the box with text that names no organization puts back the current choice, so the box
never shows a name that is not what it filters by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget

if TYPE_CHECKING:
    from grantdesk.services.eligibility import OrganizationChoice


class OrganizationBox(QComboBox):
    """An editable combo of organizations with a "none" entry first.

    Signals:
        organization_chosen(object): the user chose an organization (its id) or the
            "none" entry (None). Not emitted by ``set_choices`` or ``select``.
    """

    organization_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrganizationBox")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        # As wide as a long name, never as wide as the longest of 5,000 names.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated[str].connect(self._completed)  # type: ignore[index]
        self.activated.connect(self._activated)
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._edited)
        self._none_text = ""
        self._chosen: int | None = None

    def set_choices(self, none_text: str, choices: Sequence[OrganizationChoice]) -> None:
        """Offer *none_text* then *choices*, keeping the current choice when it remains."""
        keep = self._chosen
        self.blockSignals(True)
        self.clear()
        self._none_text = none_text
        self.addItem(none_text, None)
        for choice in choices:
            self.addItem(choice.name, choice.id)
        self.blockSignals(False)
        self.select(keep)

    def chosen(self) -> int | None:
        """The chosen organization's id, or None for the first entry."""
        return self._chosen

    def chosen_name(self) -> str:
        return self.itemText(self.currentIndex()) if self._chosen is not None else ""

    def select(self, organization_id: int | None) -> bool:
        """Show *organization_id* as chosen (the first entry when None or unknown);
        False when it is not among the choices."""
        index = self.findData(organization_id) if organization_id is not None else 0
        found = index >= 0
        self.blockSignals(True)
        self.setCurrentIndex(index if found else 0)
        self.blockSignals(False)
        self._chosen = self.itemData(self.currentIndex()) if found else None
        self._show_start()
        return found

    def _show_start(self) -> None:
        # A long name shows its beginning, not its end where the cursor was left.
        line = self.lineEdit()
        if line is not None and not line.hasFocus():
            line.setCursorPosition(0)

    def _choose_index(self, index: int) -> None:
        if index < 0:
            return
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        self._show_start()
        chosen = self.itemData(index)
        if chosen != self._chosen:
            self._chosen = chosen
            self.organization_chosen.emit(chosen)

    def _activated(self, index: int) -> None:
        self._choose_index(index)

    def _completed(self, text: str) -> None:
        self._choose_index(self.findText(text, Qt.MatchFlag.MatchFixedString))

    def _edited(self) -> None:
        text = self.currentText().strip()
        shown = self.currentIndex()
        if text == self.itemText(shown) and self.itemData(shown) == self._chosen:
            return
        if not text:  # an emptied box means "none"
            self._choose_index(0)
            return
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self._choose_index(index)
        else:  # not a name: show the current choice again
            self.select(self._chosen)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_start()
