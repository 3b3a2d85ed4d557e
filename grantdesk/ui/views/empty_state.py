"""The page shown where content would be: loading, nothing yet, no match, an error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from grantdesk.ui import icons


class EmptyState(QWidget):
    """A large quiet icon, a sentence, a hint and, when useful, one button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = self._text_label("EmptyTitle")
        self.hint = self._text_label("EmptyHint")
        self.button = QPushButton()
        self.button.setObjectName("EmptyButton")
        self.button.hide()
        self.button.clicked.connect(self._clicked)
        self._on_click: Callable[[], None] | None = None
        layout.addStretch(2)
        layout.addWidget(self.picture)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    @staticmethod
    def _text_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setMaximumWidth(560)
        return label

    def show_state(
        self,
        icon_name: str,
        title: str,
        hint: str = "",
        button: str = "",
        on_click: Callable[[], None] | None = None,
    ) -> None:
        """Show *title* and *hint* under the icon *icon_name*, with an optional button."""
        self.picture.setPixmap(icons.pixmap(icon_name, 56))
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self._on_click = on_click
        self.button.setText(button)
        self.button.setVisible(bool(button and on_click))

    def _clicked(self) -> None:
        if self._on_click is not None:
            self._on_click()
