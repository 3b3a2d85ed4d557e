"""The grantdesk command as a user runs it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_URL


def grantdesk(
    *args: str, lang: str = "en", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "grantdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = grantdesk("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_version() -> None:
    result = grantdesk("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("GrantDesk 0.")


def test_list_json_is_stable(demo_db: Path) -> None:
    result = grantdesk("list", "calls", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"kind", "search", "count", "rows"}
    assert data["count"] == len(data["rows"]) > 0
    row = data["rows"][0]
    assert set(row) == {"id", "code", "title", "funder", "status", "next_deadline", "max_grant"}
    money = [r["max_grant"] for r in data["rows"] if r["max_grant"] is not None]
    assert money and all(
        isinstance(m, str) and m.count(".") == 1 and len(m.split(".")[1]) == 2 for m in money
    )


@pytest.mark.parametrize("kind", ["calls", "organizations", "proposals", "codesigns"])
def test_every_list_has_rows_in_the_demo(demo_db: Path, kind: str) -> None:
    result = grantdesk("list", kind, "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["count"] > 0


def test_search_is_accent_insensitive(demo_db: Path) -> None:
    plain = json.loads(
        grantdesk("list", "calls", "--db", str(demo_db), "--json", "--search", "poverta").stdout
    )
    accented = json.loads(
        grantdesk("list", "calls", "--db", str(demo_db), "--json", "--search", "povertà").stdout
    )
    assert plain["count"] == accented["count"] > 0
    assert plain["rows"] == accented["rows"]


def test_text_table_in_italian(demo_db: Path) -> None:
    result = grantdesk("list", "proposals", "--db", str(demo_db), lang="it")
    assert result.returncode == 0, result.stderr
    assert "Capofila" in result.stdout and "€ " in result.stdout and "mostrati" in result.stdout


def test_demo_refuses_a_database_with_data(demo_db: Path) -> None:
    before = json.loads(grantdesk("list", "calls", "--db", str(demo_db), "--json").stdout)["count"]
    result = grantdesk("demo", "--db", str(demo_db))
    assert result.returncode != 0
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert (
        json.loads(grantdesk("list", "calls", "--db", str(demo_db), "--json").stdout)["count"]
        == before
    )


def test_db_check_and_upgrade(demo_db: Path, tmp_path: Path) -> None:
    ok = grantdesk("db", "check", "--db", str(demo_db), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    fresh = tmp_path / "fresh.db"
    assert grantdesk("db", "upgrade", "--db", str(fresh)).returncode == 0
    assert grantdesk("db", "check", "--db", str(fresh)).returncode == 0


def test_db_check_finds_broken_references(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    assert grantdesk("db", "upgrade", "--db", str(path)).returncode == 0
    with sqlite3.connect(path) as conn:  # foreign keys are off in a plain sqlite3 connection
        conn.execute(
            "INSERT INTO call (funder_id, title, status, eligible_forms, budget_categories, search_text,"
            " version, created_at, updated_at) VALUES (42, 't', 'new', '[]', '[]', '', 1, '2026-01-01', '2026-01-01')"
        )
    result = grantdesk("db", "check", "--db", str(path), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["foreign_keys"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "calls", "--db", "/nonexistent/folder/x.db"), "There is no database at"),
        (("list", "calls", "--db", "mysql://u@h/db"), "is not a database file or URL"),
        (("list", "calls", "--db", "postgresql+psycopg://u:p@127.0.0.1:1/x"), "cannot be reached"),
        (("list", "calls", "--db", "/etc/hostname"), "not a GrantDesk database"),
        (("list", "calls", "--db", "/tmp", "--limit", "0"), "positive"),
    ],
)
def test_user_mistakes_are_one_sentence_without_traceback(
    args: tuple[str, ...], message: str
) -> None:
    result = grantdesk(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_errors_speak_italian() -> None:
    result = grantdesk("list", "calls", "--db", "/nonexistent/x.db", lang="it")
    assert "Non esiste un database" in result.stderr


def test_locked_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    assert grantdesk("db", "upgrade", "--db", str(path)).returncode == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = grantdesk("demo", "--db", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "locked by another program" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    result = grantdesk("list", "nothing")
    assert result.returncode == 2


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason="GRANTDESK_TEST_PG_URL not set")
def test_list_on_postgres(pg_migrated: str) -> None:
    result = grantdesk("list", "codesigns", "--db", pg_migrated, "--json")
    assert result.returncode == 0, result.stderr
    assert "rows" in json.loads(result.stdout)


def test_window_without_a_display_is_one_sentence(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "grantdesk", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=env | {"GRANTDESK_LANG": "en"},
        timeout=60,
    )
    assert result.returncode == 1
    assert "No display" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_pipe_is_not_a_traceback(demo_db: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "grantdesk", "list", "calls", "--db", str(demo_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"GRANTDESK_LANG": "en"},
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before GrantDesk writes, like `| head` finishing
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 141
    assert b"Traceback" not in err
