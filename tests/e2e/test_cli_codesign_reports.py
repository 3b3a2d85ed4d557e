"""``grantdesk report meeting|agreement|monitoring`` as a user runs them: a real subprocess,
exit codes, files, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from grantdesk.db.models import CoDesignProcess, Meeting
from grantdesk.services.demo import load_demo
from tests.helpers.pdf import pdf_info, pdf_text, squeeze

CMD = [sys.executable, "-m", "grantdesk"]
TODAY = date(2026, 11, 22)


def grantdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def demo(db: Any, db_location: str) -> dict[str, Any]:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        rows = s.execute(select(CoDesignProcess.title, CoDesignProcess.id)).all()
        reno = next(i for t, i in rows if "Reno Galliera" in t)
        punto = next(i for t, i in rows if "Punto per Te" in t)
        meeting = s.scalar(select(Meeting.id).where(Meeting.process_id == punto))
    return {"db": db_location, "reno": reno, "punto": punto, "meeting": meeting}


@pytest.mark.parametrize(
    ("kind", "record", "title"),
    [
        ("meeting", "meeting", "Verbale dell’incontro n. 1 del tavolo di co-progettazione"),
        ("agreement", "reno", "Accordo di collaborazione"),
        ("monitoring", "punto", "Relazione di monitoraggio"),
    ],
)
def test_each_document_is_written_and_reproducible(
    demo: dict[str, Any], tmp_path: Path, kind: str, record: str, title: str
) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for target in (first, second):
        result = grantdesk(
            "report", kind, str(demo[record]), "--pdf", str(target),
            "--fixed-date", "22/11/2026", "--db", demo["db"],
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Report written to {target} (")
    data = first.read_bytes()
    assert data == second.read_bytes()
    text = pdf_text(data)
    assert squeeze(title) in squeeze(text)  # Italian by default
    assert "Generato il 22/11/2026 con GrantDesk" in text
    assert pdf_info(data)["Title"].startswith(title)


def test_english_on_request(demo: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "agreement.pdf"
    result = grantdesk(
        "report", "agreement", str(demo["punto"]), "--pdf", str(target), "--lang", "en",
        "--db", demo["db"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = squeeze(pdf_text(target.read_bytes()))
    assert "Partnershipagreement" in text and "Commitmentsoftheparties" in text
    assert "Accordodicollaborazione" not in text


def test_problems_end_with_one_sentence(demo: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    for kind in ("meeting", "agreement", "monitoring"):
        missing = grantdesk("report", kind, "999999", "--pdf", str(target), "--db", demo["db"])
        assert missing.returncode == 1, kind
        assert missing.stderr.startswith("grantdesk: ") and missing.stderr.count("\n") == 1
        assert not target.exists()
    bad_date = grantdesk(
        "report", "monitoring", str(demo["reno"]), "--pdf", str(target),
        "--fixed-date", "2026-13-01", "--db", demo["db"],
    )  # fmt: skip
    assert bad_date.returncode == 2 and "2026-13-01" in bad_date.stderr
    not_a_number = grantdesk("report", "agreement", "uno", "--pdf", str(target))
    assert not_a_number.returncode == 2
    assert not target.exists()
