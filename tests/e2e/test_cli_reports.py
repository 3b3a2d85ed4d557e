"""``grantdesk report …`` as a user runs it: a real subprocess, exit codes, files, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import Organization
from grantdesk.services.demo import load_demo
from tests.helpers.pdf import pdf_info, pdf_text

CMD = [sys.executable, "-m", "grantdesk"]
TODAY = date(2026, 11, 22)


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def demo(db: Any, db_location: str) -> dict[str, Any]:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        org = s.scalar(select(func.min(Organization.id)))
    return {"db": db_location, "org": org}


def test_pipeline_report_is_written_and_reproducible(demo: dict[str, Any], tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for target in (first, second):
        result = grantdesk(
            "report", "pipeline", "--pdf", str(target), "--year", "2026",
            "--fixed-date", "22/11/2026", "--db", demo["db"],
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Report written to {target} (")
    assert first.read_bytes() == second.read_bytes()
    text = pdf_text(first.read_bytes())
    assert "Progetti e risultati" in text and "Anno 2026" in text  # Italian by default
    assert "Generato il 22/11/2026 con GrantDesk" in text


def test_english_on_request(demo: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    result = grantdesk(
        "report", "organization", str(demo["org"]), "--pdf", str(target), "--lang", "en",
        "--db", demo["db"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(target.read_bytes())
    assert "Organization sheet" in text and "Register entry" in text
    assert "Scheda ente" not in text
    assert pdf_info(target.read_bytes())["Title"].startswith("Organization sheet: ")


def test_deadlines_report_takes_day_first_and_iso_dates(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "due.pdf"
    result = grantdesk(
        "report", "deadlines", "--pdf", str(target), "--from", "05/11/2026",
        "--to", "2027-01-31", "--fixed-date", "2026-11-22", "--db", demo["db"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(target.read_bytes())
    assert "05/11/2026 – 31/01/2027" in text and "Settimana" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "31/02/2026"],
            "grantdesk: --from 31/02/2026: there is no such day in the calendar.\n",
        ),
        (
            ["--from", "5/4/26"],
            "grantdesk: --from 5/4/26: write the date as dd/mm/yyyy or yyyy-mm-dd.\n",
        ),
        (["--to", "04/05"], "grantdesk: --to 04/05: write the date as dd/mm/yyyy or yyyy-mm-dd.\n"),
        (
            ["--from", "01/12/2026", "--to", "01/11/2026"],
            "grantdesk: --to 01/11/2026 is before --from 01/12/2026: the period must end after it starts.\n",
        ),
        (
            ["--fixed-date", "2026-13-01"],
            "grantdesk: --fixed-date 2026-13-01: there is no such day in the calendar.\n",
        ),
    ],
)
def test_bad_dates_end_with_one_sentence_and_exit_2(
    demo: dict[str, Any], tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "x.pdf"
    result = grantdesk("report", "deadlines", "--pdf", str(target), *args, "--db", demo["db"])
    assert result.returncode == 2
    assert result.stderr == message
    assert not target.exists()


def test_italian_messages(demo: dict[str, Any], tmp_path: Path) -> None:
    result = grantdesk(
        "report", "deadlines", "--pdf", str(tmp_path / "x.pdf"), "--from", "30/02/2026",
        "--db", demo["db"], lang="it",
    )  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr == "grantdesk: --from 30/02/2026: questo giorno non esiste nel calendario.\n"
    )


def test_unknown_organization_and_bad_targets(demo: dict[str, Any], tmp_path: Path) -> None:
    missing = grantdesk(
        "report", "organization", "999999", "--pdf", str(tmp_path / "o.pdf"), "--db", demo["db"]
    )
    assert missing.returncode == 1
    assert missing.stderr == "grantdesk: There is no organization number 999999.\n"
    folder = grantdesk("report", "pipeline", "--pdf", str(tmp_path), "--db", demo["db"])
    assert folder.returncode == 1 and "is a folder" in folder.stderr
    nowhere = grantdesk(
        "report", "pipeline", "--pdf", str(tmp_path / "no" / "x.pdf"), "--db", demo["db"]
    )
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
    year = grantdesk(
        "report", "pipeline", "--pdf", str(tmp_path / "y.pdf"), "--year", "26", "--db", demo["db"]
    )
    assert year.returncode == 2
    assert year.stderr == "grantdesk: --year 26: give a year such as 2026.\n"


def test_an_unwritable_place_is_one_sentence(demo: dict[str, Any]) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("needs Linux's /proc, where nobody (not even root) can create a file")
    result = grantdesk(
        "report", "pipeline", "--pdf", "/proc/grantdesk-report.pdf", "--db", demo["db"]
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "grantdesk: The report cannot be written to /proc/grantdesk-report.pdf: "
    )
    assert result.stderr.count("\n") == 1


def test_help_lists_the_reports() -> None:
    result = grantdesk("report", "--help")
    assert result.returncode == 0
    for name in ("pipeline", "deadlines", "organization"):
        assert name in result.stdout
