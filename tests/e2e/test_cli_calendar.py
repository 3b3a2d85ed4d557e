"""The calendar commands as a user runs them: real subprocesses, exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from grantdesk.domain.vocab import DeadlineKind
from grantdesk.services.dashboard import today_in_rome
from tests.helpers import factories as f

CMD = [sys.executable, "-m", "grantdesk"]


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def seeded(db, db_location: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    today = today_in_rome()
    with db.transaction() as s:
        c = f.call(
            s,
            "Welfare, comunità; 2026",
            funder="Fondazione Vigevano",
            recurrence="FREQ=YEARLY;BYMONTH=3,10;BYMONTHDAY=15",
        )
        # Last year's sessions: more than 60 days ago whatever today is, so never reminded.
        f.deadline(s, c, date(today.year - 1, 3, 15), owner="Giulia")
        f.deadline(s, c, date(today.year - 1, 10, 15), owner="Giulia")
        other = f.call(s, "Welfare, comunità; 2026", funder="Fondazione Vigevano")
        soon = f.deadline(s, other, today + timedelta(days=3), owner="Marco")
        late = f.deadline(s, other, today - timedelta(days=2), kind=DeadlineKind.REPORT)
        once = f.call(s, "Bando unico")
        f.deadline(s, once, today + timedelta(days=200))
        return {
            "db": db_location,
            "call": c.id,
            "once": once.id,
            "soon": soon.id,
            "late": late.id,
            "year": today.year,
        }


def test_export_calendar(seeded: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "scadenze.ics"
    result = grantdesk("export", "calendar", "--ics", str(path), "--db", str(seeded["db"]))
    assert result.returncode == 0, result.stderr
    cal = Calendar.from_ical(path.read_bytes())
    count = len(cal.walk("VEVENT"))
    assert result.stdout.strip() == f"{count} deadlines exported to {path}."
    assert count >= 3


def test_export_calendar_owner_in_italian(seeded: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "marco.ics"
    result = grantdesk(
        "export",
        "calendar",
        "--ics",
        str(path),
        "--owner",
        "Marco",
        "--db",
        str(seeded["db"]),
        lang="it",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"1 scadenza esportata in {path}."
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Domanda: Welfare, comunità; 2026"


def test_export_to_unwritable_place(seeded: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "x.ics"
    result = grantdesk("export", "calendar", "--ics", str(path), "--db", str(seeded["db"]))
    assert result.returncode == 1
    assert result.stderr.startswith("grantdesk: The calendar cannot be written to")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    folder = grantdesk("export", "calendar", "--ics", str(tmp_path), "--db", str(seeded["db"]))
    assert folder.returncode == 1 and "is a folder" in folder.stderr


def test_remind_json_is_stable(seeded: dict[str, object]) -> None:
    result = grantdesk("remind", "--json", "--db", str(seeded["db"]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == [seeded["late"], seeded["soon"]]
    keys = {"id", "due_at", "days_left", "kind", "title", "funder", "owner", "overdue"}
    assert all(set(r) == keys for r in data)
    late, soon = data
    assert late["overdue"] is True and late["days_left"] == -2 and late["kind"] == "report"
    assert soon["overdue"] is False and soon["days_left"] == 3 and soon["owner"] == "Marco"
    assert soon["due_at"].endswith(("+01:00", "+02:00")) and "T12:00:00" in soon["due_at"]
    assert soon["funder"] == "Fondazione Vigevano"


def test_remind_days_and_text(seeded: dict[str, object]) -> None:
    wide = json.loads(
        grantdesk("remind", "--json", "--days", "250", "--db", str(seeded["db"])).stdout
    )
    assert len(wide) >= 3
    text = grantdesk("remind", "--db", str(seeded["db"]), lang="it")
    assert text.returncode == 0, text.stderr
    assert "tra 3 giorni" in text.stdout and "2 giorni di ritardo" in text.stdout
    assert "2 scadenze da ricordare." in text.stdout


def test_remind_nothing_due(db_location: str) -> None:
    result = grantdesk("remind", "--db", db_location)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Nothing is due: no deadline needs a reminder today."
    assert json.loads(grantdesk("remind", "--json", "--db", db_location).stdout) == []
    bad = grantdesk("remind", "--days", "-1", "--db", db_location)
    assert bad.returncode == 1 and "--days" in bad.stderr


def test_roll_forward(seeded: dict[str, object]) -> None:
    year = int(seeded["year"]) + 1  # type: ignore[call-overload]
    args = (
        "call",
        "roll-forward",
        str(seeded["call"]),
        "--year",
        str(year),
        "--db",
        str(seeded["db"]),
    )
    first = grantdesk(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"2 deadlines created for {year}."
    again = grantdesk(*args)
    assert again.returncode == 0 and "Nothing to create" in again.stdout


def test_roll_forward_refuses_non_recurring(seeded: dict[str, object]) -> None:
    result = grantdesk(
        "call",
        "roll-forward",
        str(seeded["once"]),
        "--year",
        "2030",
        "--db",
        str(seeded["db"]),
        lang="it",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("grantdesk: “Bando unico” non è un bando ricorrente")
    missing = grantdesk("call", "roll-forward", "999", "--year", "2030", "--db", str(seeded["db"]))
    assert missing.returncode == 1 and "no call with id 999" in missing.stderr


def test_missing_database_is_one_sentence(tmp_path: Path) -> None:
    result = grantdesk("remind", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert result.stderr == f"grantdesk: There is no database at {tmp_path / 'none.db'}.\n"
