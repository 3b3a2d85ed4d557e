"""Opening databases: defaults, clear errors, passwords from the keyring, never in a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from grantdesk.db import migrate
from grantdesk.services import credentials
from grantdesk.services.database import DatabaseError, default_database_path, open_database
from tests.conftest import PG_URL


def test_new_file_is_created_migrated_and_tuned(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "desk.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert migrate.schema_state(db.engine) is migrate.SchemaState.CURRENT
    assert db.is_empty()
    db.close()


def test_default_location_is_in_user_data_folder() -> None:
    path = default_database_path()
    assert path.name == "grantdesk.db" and "GrantDesk" in str(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir() or p, "is a folder"),
        (lambda p: (p.write_text("not sqlite at all" * 100), p)[1], "not a GrantDesk database"),
        (lambda p: "mysql://user@host/db", "is not a database file or URL"),
        (lambda p: "postgresql+psycopg://nobody:x@127.0.0.1:1/none", "cannot be reached"),
    ],
)
def test_errors_are_one_sentence(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match=message) as info:
        open_database(make(tmp_path / "x.db"))
    assert "\n" not in str(info.value)


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(DatabaseError, match="not a GrantDesk database"):
        open_database(path)
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["accounts"]


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="There is no database"):
        open_database(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason="GRANTDESK_TEST_PG_URL not set")
def test_postgres_password_comes_from_prompt_then_keyring(pg_migrated: str, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    url = make_url(pg_migrated)
    bare = f"postgresql+psycopg://{url.username}@{url.host}:{url.port or 5432}/{url.database}"
    asked: list[str] = []
    db = open_database(bare, prompt=lambda label: asked.append(label) or url.password)
    assert f":{url.password}@" not in db.label
    db.close()
    assert len(asked) == 1
    assert url.password in memory_keyring.store.values()
    credentials._session_passwords.clear()
    open_database(bare, prompt=lambda label: pytest.fail("keyring not used")).close()


def test_no_keyring_keeps_password_in_memory_only(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import keyring
    from keyring.errors import NoKeyringError

    def broken(*_a: object) -> None:
        raise NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "set_password", broken)
    monkeypatch.setattr(keyring, "get_password", broken)
    assert credentials.remember("u@h:5432/db", "s3cret") is False
    assert credentials.lookup("u@h:5432/db") == "s3cret"
    credentials.forget("u@h:5432/db")
