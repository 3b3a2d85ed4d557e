"""The colours every window shares, and the field-with-its-error-line every form uses.

Kept free of heavy imports (only Qt widgets): the window imports it at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_COLOUR = "#b3261e"  # a refusal, a blocking finding, an overdue date
MUTED_COLOUR = "#5b6778"  # hints, secondary text


def field_box(widget: QWidget, hint: str = "", *, left: bool = False) -> tuple[QWidget, QLabel]:
    """*widget* with an optional grey hint and a red error line below it (hidden until
    given text); the box to put in a form and the error label."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if left:
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
    else:
        column.addWidget(widget)
    if hint:
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(note)
    error = QLabel()
    error.setObjectName("FieldError")
    error.setWordWrap(True)
    error.setStyleSheet(f"color: {ERROR_COLOUR};")
    error.hide()
    column.addWidget(error)
    return box, error
