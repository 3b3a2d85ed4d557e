"""Opening a GrantDesk database: where it lives, its password, its schema, clear errors."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from grantdesk.db import migrate
from grantdesk.db.engine import (
    DatabaseTargetError,
    Target,
    make_engine,
    make_sessionmaker,
    parse_target,
)
from grantdesk.i18n import _
from grantdesk.services import credentials

PasswordPrompt = Callable[[str], str | None]


class DatabaseError(Exception):
    """A database could not be opened or used; the message is one sentence for the user."""


def default_database_path() -> Path:
    """The embedded database in the user's data folder (one desk)."""
    from platformdirs import user_data_path

    return user_data_path("GrantDesk", appauthor=False) / "grantdesk.db"


@dataclass
class Database:
    """An open database: its target, engine and session factory."""

    target: Target
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def label(self) -> str:
        """Where the data lives, as shown to the user (no password)."""
        return self.target.label()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self.sessions() as session:
            yield session

    def is_empty(self) -> bool:
        """True when no call, organization or proposal exists yet (first start)."""
        from grantdesk.db.models import Call, Organization, Proposal

        with self.reading() as s:
            for model in (Call, Organization, Proposal):
                if s.scalar(select(func.count()).select_from(model)):
                    return False
        return True

    def close(self) -> None:
        self.engine.dispose()


def _account(target: Target) -> str:
    url = target.url
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def open_database(
    location: str | Path | None = None,
    *,
    prompt: PasswordPrompt | None = None,
    upgrade: bool = True,
    create: bool = True,
) -> Database:
    """Open (and create or migrate, when *upgrade*) the database at *location*.

    *location* is a file path or a URL; None means the default embedded file. For a
    PostgreSQL URL without a password, the keyring is asked first, then *prompt*. With
    *create* False, a SQLite file that does not exist yet is an error instead of new.
    """
    try:
        target = parse_target(location if location is not None else default_database_path())
    except DatabaseTargetError as exc:
        raise DatabaseError(
            _("“{value}” is not a database file or URL.").format(value=location)
        ) from exc
    password = None
    if not target.is_sqlite and target.url.password is None:
        account = _account(target)
        password = credentials.lookup(account)
        if password is None and prompt is not None:
            password = prompt(target.label())
        if password is not None:
            credentials.remember(account, password)
    if target.path is not None and not create and not target.path.exists():
        raise DatabaseError(_("There is no database at {path}.").format(path=target.path))
    if target.path is not None and target.path.exists() and target.path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file.").format(path=target.path))
    engine = make_engine(target, password)
    db = Database(target, engine, make_sessionmaker(engine))
    try:
        if upgrade:
            migrate.upgrade(engine)
        else:
            migrate.schema_state(engine)
    except migrate.SchemaError as exc:
        db.close()
        raise DatabaseError(_schema_message(exc, target)) from exc
    except (OperationalError, DBAPIError) as exc:
        db.close()
        if not target.is_sqlite and password is not None and "password" in str(exc.orig):
            credentials.forget(_account(target))
        raise DatabaseError(explain(exc, target)) from exc
    return db


def _schema_message(exc: migrate.SchemaError, target: Target) -> str:
    if "newer" in str(exc):
        return _("{db} was written by a newer GrantDesk: update GrantDesk to open it.").format(
            db=target.label()
        )
    return _("{db} is not a GrantDesk database.").format(db=target.label())


def explain(exc: Exception, target: Target) -> str:
    """One sentence saying why the database could not be used."""
    text = str(getattr(exc, "orig", exc)).lower()
    db = target.label()
    if "database is locked" in text:
        return _("{db} is locked by another program: close it and try again.").format(db=db)
    if "file is not a database" in text or "file is encrypted" in text:
        return _("{db} is not a GrantDesk database.").format(db=db)
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return _("{db} cannot be opened or written: check the folder and its permissions.").format(
            db=db
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return _("The server refused the user name or password for {db}.").format(db=db)
    if "does not exist" in text and "database" in text:
        return _("The database {db} does not exist on the server.").format(db=db)
    if "connection refused" in text or "could not connect" in text or "timeout" in text:
        return _("The database server for {db} cannot be reached.").format(db=db)
    return _("{db} cannot be used: {reason}").format(db=db, reason=str(getattr(exc, "orig", exc)))
