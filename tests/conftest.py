"""Shared fixtures: offscreen Qt, in-memory keyring, a migrated database on SQLite and PostgreSQL.

PostgreSQL tests run when ``GRANTDESK_TEST_PG_URL`` is set (``.ci/run`` sets it) and are
skipped otherwise; every ``db`` test runs once per backend.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRANTDESK_LANG", "en")

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import text

from grantdesk.i18n import set_language

PG_URL = os.environ.get("GRANTDESK_TEST_PG_URL")


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory, so tests never touch the desk's real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    from grantdesk.services import credentials

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    credentials._session_passwords.clear()
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        credentials._session_passwords.clear()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read English messages unless they switch language themselves."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated SQLite file, copied for each test (migrating once is faster)."""
    from grantdesk.services.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def worker_database(base_url: str, worker: str) -> str:
    """The PostgreSQL database a pytest-xdist *worker* ("gw0", "gw1"…) uses: its own one,
    named after the base database and created on first use (the base one without xdist)."""
    if not worker:
        return base_url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"{url.database}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    """This worker's PostgreSQL test database, reset and migrated once per session."""
    if not PG_URL:
        pytest.skip("GRANTDESK_TEST_PG_URL not set")
    from grantdesk.services.database import open_database

    url = worker_database(PG_URL, os.environ.get("PYTEST_XDIST_WORKER", ""))
    db = open_database(url, upgrade=False)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db.close()
    db = open_database(url)
    db.close()
    return url


def truncate_all(db) -> None:  # type: ignore[no-untyped-def]
    """Empty every table and restart ids, so PostgreSQL tests see a new database."""
    from grantdesk.db.models import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database location (file path or URL) holding an empty, current GrantDesk schema."""
    if request.param == "sqlite":
        target = tmp_path / "grantdesk.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return str(target)
    url: str = request.getfixturevalue("pg_migrated")
    from grantdesk.services.database import open_database

    db = open_database(url)
    truncate_all(db)
    db.close()
    return url


@pytest.fixture
def db(db_location: str):  # type: ignore[no-untyped-def]
    """An open, empty, migrated database on each backend."""
    from grantdesk.services.database import open_database

    database = open_database(db_location)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path):  # type: ignore[no-untyped-def]
    """An open, empty SQLite database (for tests that need only one backend)."""
    from grantdesk.services.database import open_database

    target = tmp_path / "grantdesk.db"
    shutil.copy(sqlite_template, target)
    database = open_database(target)
    yield database
    database.close()
