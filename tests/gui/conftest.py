"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from grantdesk.ui.context import AppContext


@pytest.fixture
def context(sqlite_db: Any) -> Iterator[AppContext]:
    """An application context with an empty SQLite database open."""
    ctx = AppContext()
    ctx.set_database(sqlite_db)
    yield ctx
    # PySide 6.11 frees Python undo commands twice when a stack holding several of them
    # is collected with its context: empty it while everything is still alive.
    ctx.undo_stack.clear()
