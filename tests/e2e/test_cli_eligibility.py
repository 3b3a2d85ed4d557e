"""``grantdesk eligible`` as a user runs it: a real subprocess, exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from grantdesk.db.models import Call, Organization
from grantdesk.services.dashboard import today_in_rome
from grantdesk.services.demo import load_demo

CMD = [sys.executable, "-m", "grantdesk"]


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def demo(db, db_location: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    # The command judges calls on today's date: the demo is anchored to it too.
    load_demo(db, "small", today=today_in_rome())
    with db.reading() as s:
        parish = s.scalars(
            select(Organization.id).where(Organization.name.startswith("Parrocchia"))
        ).one()
        tempo = s.scalars(select(Call.id).where(Call.title.startswith("Bando “Tempo"))).one()
        national = s.scalars(
            select(Call.id).where(Call.title.startswith("Fondo per il contr"))
        ).one()
    return {"db": db_location, "parish": parish, "tempo": tempo, "national": national}


def test_json_lists_only_eligible_calls(demo: dict[str, object]) -> None:
    result = grantdesk("eligible", str(demo["parish"]), "--json", "--db", str(demo["db"]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data and all(
        set(c) == {"call_id", "title", "funder", "eligible", "reasons"} for c in data
    )
    assert all(c["eligible"] for c in data)
    ids = {c["call_id"] for c in data}
    assert demo["national"] in ids and demo["tempo"] not in ids


def test_json_all_shows_reasons_in_italian(demo: dict[str, object]) -> None:
    result = grantdesk(
        "eligible", str(demo["parish"]), "--all", "--json", "--db", str(demo["db"]), lang="it"
    )
    assert result.returncode == 0, result.stderr
    tempo = next(c for c in json.loads(result.stdout) if c["call_id"] == demo["tempo"])
    assert tempo["eligible"] is False
    assert tempo["reasons"][0] == {
        "code": "applicant_type",
        "message": "Il bando ammette solo ODV, APS: l’ente è una parrocchia.",
    }
    assert all(set(r) == {"code", "message"} for r in tempo["reasons"])


def test_text_output(demo: dict[str, object]) -> None:
    plain = grantdesk("eligible", str(demo["parish"]), "--db", str(demo["db"]))
    every = grantdesk("eligible", str(demo["parish"]), "--all", "--db", str(demo["db"]))
    assert plain.returncode == every.returncode == 0, plain.stderr + every.stderr
    assert "Tempo che conta" not in plain.stdout
    assert "Tempo che conta" in every.stdout
    assert "the organization is a parish" in every.stdout
    last = plain.stdout.strip().splitlines()[-1]
    assert last.endswith("calls the organization may apply to.")
    assert last == every.stdout.strip().splitlines()[-1]


def test_unknown_organization(demo: dict[str, object]) -> None:
    result = grantdesk("eligible", "9999", "--db", str(demo["db"]))
    assert result.returncode == 1
    assert result.stderr.strip() == "grantdesk: No organization has number 9999."
    assert result.stdout == ""


def test_missing_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = grantdesk("eligible", "1", "--db", str(tmp_path / "nowhere.db"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_org_id_must_be_a_number(demo: dict[str, object]) -> None:
    result = grantdesk("eligible", "parrocchia", "--db", str(demo["db"]))
    assert result.returncode == 2
    assert "ORG_ID" in result.stderr or "invalid int value" in result.stderr
