"""The main views of the window, in sidebar order: name, title, icon and how to build one.

A factory is called only when its view is first needed (once a database is open), and
imports the view's module then, so that start-up loads none of them (nor the services they
use) before the window is on screen. Every view takes ``(context, parent)``, shows its data
as soon as it is built, keeps itself up to date from the context's ``database_changed`` and
``data_changed`` signals (reloading when shown if it changed while hidden), and has
``refresh()`` to reload on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from grantdesk.i18n import N_
from grantdesk.ui.context import AppContext

ViewFactory = Callable[[AppContext, QWidget | None], QWidget]


@dataclass(frozen=True)
class ViewSpec:
    """A main view: its stable name, its title (a msgid, translated when shown), its icon
    (``resources/icons/<icon>.svg``) and its factory."""

    name: str
    title: str
    icon: str
    factory: ViewFactory
    searchable: bool = False


def _home(context: AppContext, parent: QWidget | None) -> QWidget:
    from grantdesk.ui.views.home import HomeView

    return HomeView(context, parent)


def _records(kind: str) -> ViewFactory:
    def build(context: AppContext, parent: QWidget | None) -> QWidget:
        from grantdesk.ui.views.records import RecordsView

        return RecordsView(context, kind, parent)

    return build


def _board(context: AppContext, parent: QWidget | None) -> QWidget:
    from grantdesk.ui.views.board import BoardView

    return BoardView(context, parent)


def _calendar(context: AppContext, parent: QWidget | None) -> QWidget:
    from grantdesk.ui.views.calendar import CalendarView

    return CalendarView(context, parent)


def _reports(context: AppContext, parent: QWidget | None) -> QWidget:
    from grantdesk.ui.views.reports import ReportsView

    return ReportsView(context, parent)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("home", N_("Home"), "home", _home),
    ViewSpec("calls", N_("Calls"), "calls", _records("calls"), searchable=True),
    ViewSpec(
        "organizations",
        N_("Organizations"),
        "organizations",
        _records("organizations"),
        searchable=True,
    ),
    ViewSpec("proposals", N_("Proposals"), "proposals", _records("proposals"), searchable=True),
    ViewSpec("board", N_("Board"), "board", _board, searchable=True),
    ViewSpec("codesigns", N_("Co-design"), "codesigns", _records("codesigns"), searchable=True),
    ViewSpec("calendar", N_("Calendar"), "calendar", _calendar),
    ViewSpec("reports", N_("Reports"), "reports", _reports),
)
NAMES: tuple[str, ...] = tuple(v.name for v in VIEWS)


def view_spec(name: str) -> ViewSpec:
    """The view called *name*; ``KeyError`` when there is none."""
    for spec in VIEWS:
        if spec.name == name:
            return spec
    raise KeyError(name)
