"""A place in the main window for one main view, and how the open database is named.

The views are built on first need (see ``grantdesk.ui.views``); until then, and while no
database is open, the place shows a state page: opening, no database, an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from grantdesk.ui.context import AppContext
from grantdesk.ui.views import ViewSpec
from grantdesk.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from grantdesk.services.database import Database


def database_caption(db: Database) -> str:
    """Where the data lives, for the status bar: the file, or user@host/database."""
    path = db.target.path
    if path is not None:
        return str(path)
    url = db.target.url
    host = f"{url.host or 'localhost'}{f':{url.port}' if url.port else ''}"
    return f"{url.username}@{host}/{url.database}" if url.username else f"{host}/{url.database}"


class ViewHost(QStackedWidget):
    """A place in the window for one main view, built the first time it is needed.

    Until then (and while no database is open) it shows a state page.
    """

    def __init__(self, spec: ViewSpec, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.context = context
        self.view: QWidget | None = None
        self.state = EmptyState()
        self.addWidget(self.state)

    def ensure_view(self) -> QWidget:
        """The view, built now if it was not yet."""
        if self.view is None:
            self.view = self.spec.factory(self.context, self)
            self.addWidget(self.view)
        self.setCurrentWidget(self.view)
        return self.view

    def drop_view(self) -> None:
        """Forget the view (a new language): it is built again when next shown."""
        if self.view is not None:
            self.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None

    def show_state(
        self,
        icon_name: str,
        title: str,
        hint: str = "",
        button: str = "",
        on_click: Callable[[], None] | None = None,
    ) -> None:
        """Show the state page (see ``EmptyState.show_state``) instead of the view."""
        self.state.show_state(icon_name, title, hint, button, on_click)
        self.setCurrentWidget(self.state)
