"""Opening a database from the window: ask for a password first, then open it off-screen.

Opening migrates the schema and, the first time, imports SQLAlchemy (about 0.4 s), so it
runs as a background ``Task`` while the window stays responsive. A password is asked on
the GUI thread before the task starts, and only when the keyring has none.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from grantdesk.i18n import _
from grantdesk.ui.settings import without_password
from grantdesk.ui.tasks import Progress, Task

log = logging.getLogger(__name__)


def server_account(location: str | None) -> str | None:
    """``user@host:port/db`` of a PostgreSQL URL that carries no password, else None.

    Written without SQLAlchemy (not yet imported at this point), in the form
    ``services.database`` uses for the keyring.
    """
    if not location or not location.lower().startswith(("postgres://", "postgresql")):
        return None
    parts = urlsplit(location)
    if parts.password is not None:
        return None
    database = unquote(parts.path.lstrip("/"))
    user = unquote(parts.username or "")
    return f"{user}@{parts.hostname or 'localhost'}:{parts.port or 5432}/{database}"


def display_location(location: str | None) -> str:
    """*location* as the user may read it (never with a password)."""
    return without_password(location) if location else _("the default database")


@dataclass(frozen=True)
class Refused:
    """The database said no (locked, not GrantDesk's, wrong password…): one sentence.

    Returned rather than raised, so an everyday refusal is not logged as a crash.
    """

    message: str


def _open(
    location: str | None, create: bool, password: str | None, *, progress: Progress
) -> object:
    from grantdesk.services.database import DatabaseError, open_database

    prompt = (lambda _label: password) if password is not None else None
    try:
        db = open_database(location, prompt=prompt, create=create)
    except DatabaseError as exc:
        return Refused(str(exc))
    _warm_up()
    return db


def _warm_up() -> None:
    """Import what the views need and configure the ORM here, off the GUI thread, so the
    first lists and figures appear without the GUI thread paying for it."""
    from sqlalchemy.orm import configure_mappers

    import grantdesk.db.models
    import grantdesk.services.dashboard
    import grantdesk.services.details
    import grantdesk.services.editing
    import grantdesk.services.listing
    import grantdesk.services.present  # noqa: F401

    configure_mappers()


class DatabaseOpener(QObject):
    """Opens databases one at a time for a window.

    Signals:
        started(str): opening began; the location as shown to the user.
        opened(object, str): the open ``Database`` and the location to remember (no
            password).
        failed(str, str): one sentence for the user, and the location that failed.
    """

    started = Signal(str)
    opened = Signal(object, str)
    failed = Signal(str, str)

    def __init__(self, window: QWidget | None = None, *, interactive: bool = True) -> None:
        super().__init__(window)
        self._window = window
        self._interactive = interactive
        self._task: Task | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def open(self, location: str | None, *, create: bool = True) -> bool:
        """Start opening *location* (None: the default file); False when one is already
        being opened or the user declined to give a password."""
        if self._task is not None:
            return False
        shown = display_location(location)
        password = None
        account = server_account(location)
        if account is not None:
            from grantdesk.services import credentials

            if credentials.lookup(account) is None and self._interactive:
                password, ok = QInputDialog.getText(
                    self._window,
                    _("Password"),
                    _("Password of {account}:").format(account=account.replace(":5432/", "/")),
                    QLineEdit.EchoMode.Password,
                )
                if not ok:
                    self.failed.emit(
                        _("No password was given for {db}.").format(db=shown), location or ""
                    )
                    return False
        self.started.emit(shown)
        remembered = without_password(location) if location else ""
        task = Task(_open, location, create, password)
        task.succeeded.connect(lambda db: self._succeeded(db, remembered))
        task.failed.connect(lambda exc: self._failed(exc, location or ""))
        self._task = task
        task.start()
        return True

    def _succeeded(self, db: object, location: str) -> None:
        self._task = None
        if isinstance(db, Refused):
            self.failed.emit(db.message, location)
            return
        if not location:
            location = str(getattr(db, "label", ""))
        self.opened.emit(db, location)

    def _failed(self, exc: BaseException, location: str) -> None:
        # A bug or an unforeseen error (already logged with its traceback by the task).
        self._task = None
        message = _("{db} could not be opened because of an unexpected error.").format(
            db=display_location(location or None)
        )
        self.failed.emit(message, location)
