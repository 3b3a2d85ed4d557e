"""``grantdesk export proposal|budget`` and ``grantdesk import proposal`` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from grantdesk.services.database import Database
from tests.helpers.exchange_samples import comparable, row_counts, sample_proposal

CMD = [sys.executable, "-m", "grantdesk"]


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def source(db: Database, db_location: str) -> dict[str, Any]:
    with db.transaction() as s:
        pid = sample_proposal(s)
    return {"db": db_location, "id": str(pid)}


@pytest.fixture
def other_desk(tmp_path: Path, sqlite_template: Path) -> str:
    target = tmp_path / "other-desk.db"
    shutil.copy(sqlite_template, target)
    return str(target)


def test_export_then_import_on_another_desk(
    source: dict[str, Any], other_desk: str, tmp_path: Path
) -> None:
    path = tmp_path / "cura.json"
    result = grantdesk(
        "export", "proposal", source["id"], "--json", str(path), "--db", source["db"]
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Proposal {source['id']} “Comunità che si prendono cura")
    assert "3 bodies, 6 budget lines" in result.stdout
    result = grantdesk("import", "proposal", str(path), "--json", "--db", other_desk)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["proposal_id"] == 1 and not report["renamed"]
    assert len(report["organizations_created"]) == 3
    assert report["counts"]["budget_lines"] == 6
    again = grantdesk("export", "proposal", "1", "--json", "-", "--db", other_desk)
    assert again.returncode == 0, again.stderr
    original = comparable(json.loads(path.read_text(encoding="utf-8")))
    # The other desk did not track the call: it was recorded from the file's terms.
    assert report["call_created"] and report["call_id"] == 1
    assert comparable(json.loads(again.stdout)) == original


def test_import_in_italian_says_what_it_did(
    source: dict[str, Any], other_desk: str, tmp_path: Path
) -> None:
    path = tmp_path / "cura.json"
    grantdesk("export", "proposal", source["id"], "--json", str(path), "--db", source["db"])
    result = grantdesk("import", "proposal", str(path), "--db", other_desk, lang="it")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("“Comunità che si prendono cura") and "progetto 1" in lines[0]
    assert "Aggiunto all’anagrafica: Comitato di quartiere Cascame (senza codice fiscale)" in lines
    assert any(
        line.startswith("Bando: Welfare in azione") and "aggiunto dai termini del file" in line
        for line in lines
    ), lines
    assert not any(line.startswith("Nota: Il bando") for line in lines)


def test_importing_back_never_overwrites_and_dry_run_shows_the_version(
    source: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "cura.json"
    grantdesk("export", "proposal", source["id"], "--json", str(path), "--db", source["db"])
    dry = grantdesk("import", "proposal", str(path), "--dry-run", "--db", source["db"])
    assert dry.returncode == 0, dry.stderr
    assert "(imported on " in dry.stdout and "Dry run: nothing was written." in dry.stdout
    hint = f"--replace {source['id']} --expected-version 1"
    assert hint in dry.stdout
    result = grantdesk("import", "proposal", str(path), "--json", "--db", source["db"])
    report = json.loads(result.stdout)
    assert report["renamed"] and report["matches"] == [int(source["id"])]
    stale = grantdesk(
        "import", "proposal", str(path), "--replace", source["id"], "--expected-version", "7",
        "--db", source["db"],
    )  # fmt: skip
    assert stale.returncode == 1 and "changed since version 7" in stale.stderr
    replaced = grantdesk(
        "import", "proposal", str(path), "--replace", source["id"], "--expected-version", "1",
        "--db", source["db"],
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.startswith(f"Proposal {source['id']} “Comunità")
    half = grantdesk(
        "import", "proposal", str(path), "--replace", source["id"], "--db", source["db"]
    )
    assert half.returncode == 1 and "go together" in half.stderr


def test_a_bad_file_exits_1_and_changes_nothing(
    db: Database, source: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "cura.json"
    grantdesk("export", "proposal", source["id"], "--json", str(path), "--db", source["db"])
    data = path.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    before = row_counts(db)
    result = grantdesk("import", "proposal", str(cut), "--json", "--db", source["db"])
    assert result.returncode == 1
    assert "cut short" in result.stderr
    assert json.loads(result.stdout)["ok"] is False
    tampered = tmp_path / "tampered.json"
    tampered.write_bytes(data.replace(b'"unit_cost_cents": 2303', b'"unit_cost_cents": 2300'))
    result = grantdesk("import", "proposal", str(tampered), "--db", source["db"], lang="it")
    assert result.returncode == 1
    assert "è stato modificato dopo" in result.stderr
    missing = grantdesk("import", "proposal", str(tmp_path / "nope.json"), "--db", source["db"])
    assert missing.returncode == 1 and "There is no file" in missing.stderr
    assert row_counts(db) == before


def test_unknown_proposal_exits_2(source: dict[str, Any], tmp_path: Path) -> None:
    for kind, option, name in (("proposal", "--json", "x.json"), ("budget", "--xlsx", "x.xlsx")):
        result = grantdesk(
            "export", kind, "999", option, str(tmp_path / name), "--db", source["db"]
        )
        assert result.returncode == 2 and "No proposal has number 999." in result.stderr
        assert not (tmp_path / name).exists()


def test_export_proposal_requires_exactly_one_format(source: dict[str, Any]) -> None:
    result = grantdesk("export", "proposal", source["id"], "--db", source["db"])
    assert result.returncode == 2 and "--json" in result.stderr


def test_export_budget_writes_the_workbook(source: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    result = grantdesk(
        "export", "budget", source["id"], "--xlsx", str(path), "--db", source["db"], lang="it"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Piano economico di “CURA – Comunità che si prendono cura")
    assert "6 voci, totale € " in result.stdout
    book = load_workbook(path)
    assert book.sheetnames == ["Voci", "Per categoria", "Per partner", "Per fonte", "Regole"]
    assert book["Voci"]["H2"].value == "=ROUND(F2*G2,2)"
    folder = grantdesk(
        "export", "budget", source["id"], "--xlsx", str(tmp_path), "--db", source["db"]
    )
    assert folder.returncode == 1 and "is a folder" in folder.stderr
