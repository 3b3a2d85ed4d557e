"""``grantdesk import organizations`` and ``grantdesk export organizations`` as a user runs
them: a subprocess, its exit code and output, on SQLite (and PostgreSQL when configured)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

CMD = [sys.executable, "-m", "grantdesk"]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "organizations"
RUNTS = str(FIXTURES / "runts_enti.csv")


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def location(db_location: str) -> str:
    """An empty, migrated database (a SQLite file; a PostgreSQL URL when configured)."""
    return db_location


def count(location: str) -> int:
    listed = grantdesk("list", "organizations", "--db", location, "--json")
    return int(json.loads(listed.stdout)["count"])


def test_import_the_runts_file_twice(location: str) -> None:
    first = grantdesk("import", "organizations", RUNTS, "--db", location, "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["ok"], data["format"], data["created"], data["updated"]) == (True, "csv", 12, 0)
    assert data["ignored_columns"] == []
    second = json.loads(
        grantdesk("import", "organizations", RUNTS, "--db", location, "--json").stdout
    )
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 12)
    assert count(location) == 12


def test_a_bad_row_is_named_in_italian_and_nothing_is_imported(
    location: str, tmp_path: Path
) -> None:
    lines = Path(RUNTS).read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("93001020184", "93001020185")
    bad = tmp_path / "runts.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = grantdesk("import", "organizations", str(bad), "--db", location, lang="it")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "1 problema nel file: non è stato importato nulla.",
        "riga 3, colonna CODICE FISCALE: «93001020185»: Il codice fiscale non è valido: "
        "il carattere di controllo non corrisponde (un errore di battitura?).",
    ]
    as_json = grantdesk("import", "organizations", str(bad), "--db", location, "--json")
    assert json.loads(as_json.stdout)["problems"] == [
        {
            "row": 3,
            "column": "CODICE FISCALE",
            "message": "“93001020185”: The codice fiscale is not valid: its check character "
            "does not match (a typo?).",
        }
    ]
    assert count(location) == 0


def test_dry_run_writes_nothing(location: str) -> None:
    dry = grantdesk("import", "organizations", RUNTS, "--db", location, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "runts_enti.csv – organizations: 12 new, 0 updated, 0 unchanged.",
        "Dry run: nothing was written.",
    ]
    assert count(location) == 0


def test_export_to_xlsx_and_csv_with_a_search(location: str, tmp_path: Path) -> None:
    assert grantdesk("import", "organizations", RUNTS, "--db", location).returncode == 0
    xlsx = tmp_path / "enti.xlsx"
    result = grantdesk(
        "export", "organizations", "--xlsx", str(xlsx), "--search", "vigevano", "--db", location
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"2 organizations exported to {xlsx}."
    sheet = openpyxl.load_workbook(xlsx).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV",
        "CIRCOLO CULTURALE IL CASTELLO APS",
    ]
    out = tmp_path / "enti.csv"
    result = grantdesk(
        "--lang", "it", "export", "organizations", "--csv", str(out), "--db", location
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"12 enti esportati in {out}."
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Nome", "Forma giuridica", "Codice fiscale"] and len(rows) == 13
    again = grantdesk("import", "organizations", str(out), "--db", location, "--json")
    assert json.loads(again.stdout)["unchanged"] == 12  # the export imports back unchanged


def test_export_mistakes_end_with_one_sentence(location: str, tmp_path: Path) -> None:
    both = grantdesk(
        "export", "organizations", "--csv", "a.csv", "--xlsx", "b.xlsx", "--db", location
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    folder = grantdesk("export", "organizations", "--csv", str(tmp_path), "--db", location)
    assert folder.returncode == 1
    assert (
        folder.stderr.strip()
        == f"grantdesk: {tmp_path} is a folder: give a file name ending in .csv."
    )
    missing = tmp_path / "no" / "such" / "enti.xlsx"
    nowhere = grantdesk("export", "organizations", "--xlsx", str(missing), "--db", location)
    assert nowhere.returncode == 1 and "Traceback" not in nowhere.stderr
    assert nowhere.stderr.strip() == (
        f"grantdesk: The organizations cannot be written to {missing}: No such file or directory."
    )
    gone = grantdesk("import", "organizations", str(tmp_path / "nope.csv"), "--db", location)
    assert gone.returncode == 1 and len(gone.stderr.strip().splitlines()) == 1
