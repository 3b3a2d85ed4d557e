"""``grantdesk check proposal`` as a user runs it: a real subprocess, exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select, update

from grantdesk.db.models import Proposal
from grantdesk.services.dashboard import today_in_rome
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo

CMD = [sys.executable, "-m", "grantdesk"]


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def demo(db: Database, db_location: str) -> dict[str, str]:
    # The command checks on today's date: the demo is anchored to it too.
    load_demo(db, "small", today=today_in_rome())
    with db.reading() as s:
        ids = {p.acronym: str(p.id) for p in s.scalars(select(Proposal))}
    return {"db": db_location, **ids}  # type: ignore[dict-item]


def test_a_proposal_that_passes_exits_0(demo: dict[str, str]) -> None:
    result = grantdesk("check", "proposal", demo["PUNTO"], "--db", demo["db"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Proposal {demo['PUNTO']}: Punto per Te")
    assert lines[-1] == "No rule of the call is broken."
    assert result.stderr == ""


def test_a_blocking_finding_exits_1(demo: dict[str, str]) -> None:
    result = grantdesk("check", "proposal", demo["CURA"], "--db", demo["db"])
    assert result.returncode == 1, result.stderr
    assert "  ✗ Overheads 12.4% of the total: the call allows at most 10%." in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "3 blocking problems: as it stands the bid is inadmissible."
    )


def test_in_italian(demo: dict[str, str]) -> None:
    result = grantdesk("check", "proposal", demo["CURA"], "--db", demo["db"], lang="it")
    assert result.returncode == 1
    out = result.stdout
    assert "Spese generali 12,4 % del totale: il bando consente al massimo 10 %." in out
    assert "Costo totale € " in out and "problemi bloccanti" in out


def test_json(demo: dict[str, str]) -> None:
    result = grantdesk("check", "proposal", demo["CONDOMINI"], "--json", "--db", demo["db"])
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data) == {"proposal_id", "title", "call", "blocking", "totals", "findings"}
    assert data["blocking"] is True and data["proposal_id"] == int(demo["CONDOMINI"])
    assert {f["code"] for f in data["findings"]} == {
        "grant_max",
        "total_cost_max",
        "partners_min",
        "third_sector_partners_min",
    }
    assert all(f["severity"] == "blocking" for f in data["findings"])
    assert {"area": "partners", "key": None} in [f["target"] for f in data["findings"]]
    totals = data["totals"]
    assert all(isinstance(v, str) and v.count(".") == 1 for v in totals.values())
    assert len(totals["grand_total"].split(".")[1]) == 2


def test_warnings_alone_exit_0(demo: dict[str, str], db: Database) -> None:
    # Punto per Te with its duration erased: the call limits durations, so a warning.
    with db.transaction() as s:
        s.execute(
            update(Proposal).where(Proposal.id == int(demo["PUNTO"])).values(duration_months=None)
        )
    result = grantdesk("check", "proposal", demo["PUNTO"], "--db", demo["db"])
    assert result.returncode == 0, result.stderr
    assert "  ! Set the project's duration: the call limits it." in result.stdout
    assert result.stdout.splitlines()[-1] == "Nothing blocking; 1 point to check."


def test_an_unknown_proposal_exits_2_with_one_sentence(demo: dict[str, str]) -> None:
    result = grantdesk("check", "proposal", "9999", "--db", demo["db"], lang="it")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "grantdesk: Nessun progetto ha il numero 9999.\n"
