"""Guards the PySide6 pin: 6.12.0 on CPython < 3.12 drops a reference to ``None`` on every
Qt call that returns nothing, and the process aborts after a few thousand such calls
(``Fatal Python error: none_dealloc``). An upgrade that brings the bug back fails here."""

from __future__ import annotations

import gc
import sys
from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel

CALLS = 20_000
TOLERANCE = 1_000


def test_void_qt_calls_keep_the_references_to_none(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    model = QStandardItemModel()
    gc.collect()
    gc.disable()  # a collection during the loop may legitimately free references to None
    try:
        before = sys.getrefcount(None)
        for i in range(CALLS // 2):
            label.setText("riga")  # returns nothing
            model.appendRow(QStandardItem(str(i)))  # returns nothing
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    # The bug loses one reference per call (20,000); unrelated noise is far smaller.
    assert after >= before - TOLERANCE, f"{before - after} references to None lost in {CALLS} calls"
    assert model.rowCount() == CALLS // 2
