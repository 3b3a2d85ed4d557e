"""``grantdesk import calls`` as a user runs it: a subprocess, its exit code and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CMD = [sys.executable, "-m", "grantdesk"]
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


def test_import_real_sample_twice(tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    sample = str(REAL / "incentivi_gov_it_sample.json")
    first = grantdesk("import", "calls", sample, "--db", db, "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["format"], data["created"], data["deadlines_created"]) == ("incentivi", 37, 32)
    second = json.loads(grantdesk("import", "calls", sample, "--db", db, "--json").stdout)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 37)


def test_eu_sample_reports_skipped_tenders(tmp_path: Path) -> None:
    result = grantdesk(
        "import",
        "calls",
        str(REAL / "eu_funding_tenders_sample.json"),
        "--db",
        str(tmp_path / "g.db"),
    )
    assert result.returncode == 0, result.stderr
    assert "2 calls created" in result.stdout and "4 skipped" in result.stdout


def test_bad_row_is_named_in_italian_and_nothing_imported(tmp_path: Path) -> None:
    bad = tmp_path / "bandi.csv"
    bad.write_text("Titolo;Ente finanziatore;Scadenza\nA;E;01/03/2026\nB;E;31/02/2026\n")
    db = str(tmp_path / "g.db")
    result = grantdesk("import", "calls", str(bad), "--db", db, lang="it")
    assert result.returncode == 1
    assert "riga 3, colonna Scadenza: «31/02/2026» non è una data" in result.stderr
    good = tmp_path / "ok.csv"
    good.write_text("Titolo;Ente finanziatore\nA;E\n")
    listed = json.loads(grantdesk("import", "calls", str(good), "--db", db, "--json").stdout)
    assert listed["created"] == 1  # the bad file left nothing behind


def test_dry_run_and_missing_file(tmp_path: Path) -> None:
    good = tmp_path / "ok.csv"
    good.write_text("\ufeffTitle,Funder,Deadline\nA,F,05/04/2026\n", encoding="utf-8")
    db = str(tmp_path / "g.db")
    dry = grantdesk("import", "calls", str(good), "--db", db, "--dry-run")
    assert dry.returncode == 0 and "Dry run" in dry.stdout
    real = json.loads(grantdesk("import", "calls", str(good), "--db", db, "--json").stdout)
    assert real["created"] == 1
    missing = grantdesk("import", "calls", str(tmp_path / "nope.csv"), "--db", db)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
