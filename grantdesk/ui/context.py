"""What every view shares: the open database, the undo stack, and change notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    from grantdesk.services.database import Database


class AppContext(QObject):
    """The application's shared state, handed to every view and dialog.

    Signals:
        database_changed: another database was opened (or the first one finished opening);
            views reload everything.
        data_changed(str): records of a kind ("calls", "organizations", "proposals",
            "codesigns", "deadlines", or "*" for all) were written; views showing that
            kind refresh.
        status_message(str): a short message for the status bar.
    """

    database_changed = Signal()
    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self.undo_stack = QUndoStack(self)

    @property
    def db(self) -> Database | None:
        """The open database, or None while none is open yet."""
        return self._db

    def set_database(self, db: Database | None) -> None:
        """Switch to *db* (closing the previous one) and tell every view."""
        if self._db is not None and self._db is not db:
            self._db.close()
        self._db = db
        self.undo_stack.clear()
        self.database_changed.emit()

    def notify(self, kind: str) -> None:
        """Tell views that records of *kind* changed."""
        self.data_changed.emit(kind)
