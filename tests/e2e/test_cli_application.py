"""``grantdesk export proposal ID --pdf FILE`` as a user runs it: a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from grantdesk.db.models import Proposal
from grantdesk.domain.money import format_eur
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import budget_totals
from tests.helpers.pdf import pdf_info, pdf_text

CMD = [sys.executable, "-m", "grantdesk"]
TODAY = date(2026, 11, 22)


def grantdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": "en", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CMD, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def demo(db: Any, db_location: str) -> dict[str, Any]:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        pid = s.scalar(select(Proposal.id).where(Proposal.acronym == "CURA"))
    return {"db": db_location, "id": pid, "totals": budget_totals(db, pid)}


def test_the_application_is_written_italian_and_reproducible(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for target in (first, second):
        result = grantdesk(
            "export", "proposal", str(demo["id"]), "--pdf", str(target),
            "--fixed-date", "22/11/2026", "--db", demo["db"],
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Application of proposal {demo['id']} written to {target}")
    assert first.read_bytes() == second.read_bytes()
    text = pdf_text(first.read_bytes())
    assert "Domanda di contributo" in text and "Generato il 22/11/2026" in text
    assert format_eur(demo["totals"].grand_total) in text
    assert pdf_info(first.read_bytes())["Title"].startswith("Domanda: ")


def test_english_on_request(demo: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "application.pdf"
    result = grantdesk(
        "export", "proposal", str(demo["id"]), "--pdf", str(target), "--lang", "en",
        "--db", demo["db"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(target.read_bytes())
    assert "Application for funding" in text and "Domanda di contributo" not in text
    assert format_eur(demo["totals"].grand_total, "en") in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["999999", "--pdf", "{dir}/x.pdf"], 2, "No proposal has number 999999."),
        (["{id}", "--pdf", "{dir}/x.pdf", "--fixed-date", "31/02/2026"], 2, "no such day"),
        (["{id}", "--pdf", "{dir}"], 1, "is a folder"),
        (["{id}", "--pdf", "{dir}/missing/x.pdf"], 1, "does not exist"),
        (["{id}", "--pdf", "-"], 2, "standard output"),
        (["{id}", "--pdf", "{dir}/x.pdf", "--json", "{dir}/x.json"], 2, "not allowed with"),
    ],
)
def test_mistakes_end_with_one_sentence(
    demo: dict[str, Any], tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    filled = [a.format(dir=tmp_path, id=demo["id"]) for a in args]
    result = grantdesk("export", "proposal", *filled, "--db", demo["db"])
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "x.pdf").exists()
