"""``grantdesk list people`` and ``grantdesk person export|erase`` as a user runs them."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from grantdesk.db.models import Person
from grantdesk.services.database import Database
from grantdesk.services.people import PersonForm, create_person
from tests.helpers import factories as f

CMD = [sys.executable, "-m", "grantdesk"]


def grantdesk(
    *args: str, lang: str = "en", stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GRANTDESK_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [*CMD, *args], capture_output=True, text=True, env=env, timeout=120, stdin=stdin
    )


@pytest.fixture
def people(db: Database, db_location: str) -> dict[str, object]:
    with db.transaction() as s:
        org = f.organization(s, "Associazione di Promozione Sociale Il Cortile", email=None)
        org_id = org.id
    zanetti = create_person(
        db,
        PersonForm(
            first_name="Monica",
            last_name="Zanetti",
            role="Responsabile Ufficio di Piano",
            email="monica.zanetti@comune.example",
            phone="+39 0544 482111",
            organization_id=org_id,
        ),
    )
    berte = create_person(
        db, PersonForm(first_name="Niccolò", last_name="Bertè", email="n.berte@cortile.example")
    )
    with db.transaction() as s:
        s.execute(
            update(Person)
            .where(Person.id == berte)
            .values(last_activity_at=datetime(2019, 3, 1, tzinfo=UTC))
        )
        f.call(s, "Bando Welfare 2026", description="Referente: Monica Zanetti")
    return {"db": db_location, "zanetti": zanetti, "berte": berte, "org": org_id}


def test_list_people_json(people: dict[str, object]) -> None:
    result = grantdesk("list", "people", "--json", "--db", str(people["db"]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "people" and data["count"] == 2
    assert [r["last_name"] for r in data["rows"]] == ["Bertè", "Zanetti"]
    zanetti = data["rows"][1]
    assert set(zanetti) == {
        "id",
        "first_name",
        "last_name",
        "role",
        "email",
        "phone",
        "organization_id",
        "organization",
        "consent_on",
        "consent_purpose",
        "last_activity",
    }
    assert zanetti["organization"] == "Associazione di Promozione Sociale Il Cortile"
    assert zanetti["organization_id"] == people["org"]


def test_list_people_search_and_review(people: dict[str, object]) -> None:
    db = str(people["db"])
    found = json.loads(
        grantdesk("list", "people", "--json", "--search", "berte", "--db", db).stdout
    )
    assert [r["id"] for r in found["rows"]] == [people["berte"]]
    review = grantdesk("list", "people", "--inactive-years", "2", "--json", "--db", db)
    data = json.loads(review.stdout)
    assert data["inactive_years"] == 2
    assert [r["id"] for r in data["rows"]] == [people["berte"]]
    assert data["rows"][0]["last_activity"].startswith("2019-03-01")
    text = grantdesk("list", "people", "--inactive-years", "20", "--db", db, lang="it")
    assert text.returncode == 0 and text.stdout.strip() == (
        "Nessun contatto senza attività da 20 anni."
    )
    plain = grantdesk("list", "people", "--db", db)
    assert "Niccolò Bertè" in plain.stdout and plain.stdout.strip().endswith("2 of 2 shown.")


def test_list_refuses_bad_years(people: dict[str, object]) -> None:
    db = str(people["db"])
    zero = grantdesk("list", "people", "--inactive-years", "0", "--db", db)
    assert zero.returncode == 1 and "at least 1" in zero.stderr
    calls = grantdesk("list", "calls", "--inactive-years", "2", "--db", db)
    assert calls.returncode == 1 and "list people" in calls.stderr


def test_export_writes_everything_held(people: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "zanetti.json"
    result = grantdesk(
        "person", "export", str(people["zanetti"]), "--json", str(out), "--db", str(people["db"])
    )
    assert result.returncode == 0, result.stderr
    assert "mentions in other records: 1)" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["email"] == "monica.zanetti@comune.example"
    assert data["mentions"][0]["table"] == "call"
    to_stdout = grantdesk(
        "person", "export", str(people["zanetti"]), "--json", "-", "--db", str(people["db"])
    )
    assert json.loads(to_stdout.stdout)["person"] == data["person"]


def test_export_mistakes_are_one_sentence(people: dict[str, object], tmp_path: Path) -> None:
    db = str(people["db"])
    missing = grantdesk("person", "export", "999", "--json", str(tmp_path / "x.json"), "--db", db)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "grantdesk: There is no contact 999."
    folder = grantdesk(
        "person", "export", str(people["zanetti"]), "--json", str(tmp_path), "--db", db
    )
    assert folder.returncode == 1 and "is a folder" in folder.stderr
    assert "Traceback" not in missing.stderr + folder.stderr


def test_erase_needs_yes_without_a_terminal(people: dict[str, object], db: Database) -> None:
    result = grantdesk("person", "erase", str(people["zanetti"]), "--db", str(people["db"]))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "grantdesk: Erasing a contact cannot be undone: add --yes to confirm it."
    )
    with db.reading() as s:
        assert s.get(Person, people["zanetti"]) is not None


def test_erase_with_yes(people: dict[str, object], db: Database) -> None:
    result = grantdesk(
        "person", "erase", str(people["zanetti"]), "--yes", "--db", str(people["db"]), lang="it"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Contatto {people['zanetti']} cancellato. Presenze a riunioni rimosse: 0; "
        "menzioni sostituite da “[cancellato]”: 1."
    )
    listed = json.loads(grantdesk("list", "people", "--json", "--db", str(people["db"])).stdout)
    assert [r["id"] for r in listed["rows"]] == [people["berte"]]
    with db.reading() as s:
        assert s.scalars(select(Person.id)).all() == [people["berte"]]
    again = grantdesk("person", "erase", str(people["zanetti"]), "--yes", "--db", str(people["db"]))
    assert again.returncode == 1 and "no contact" in again.stderr


def _erase_on_a_terminal(db: str, person_id: int, typed: str) -> subprocess.CompletedProcess[str]:
    primary, secondary = pty.openpty()
    try:
        os.write(primary, typed.encode() + b"\n")
        return grantdesk("person", "erase", str(person_id), "--db", db, stdin=secondary)
    finally:
        os.close(primary)
        os.close(secondary)


@pytest.mark.skipif(sys.platform == "win32", reason="no pty on Windows")
def test_erase_on_a_terminal_asks_for_the_last_name(
    people: dict[str, object], db: Database
) -> None:
    wrong = _erase_on_a_terminal(str(people["db"]), int(people["berte"]), "Rossi")  # type: ignore[call-overload]
    assert wrong.returncode == 1
    assert "cannot be undone" in wrong.stdout
    assert "Nothing erased" in wrong.stderr
    right = _erase_on_a_terminal(str(people["db"]), int(people["berte"]), "berte")  # type: ignore[call-overload]
    assert right.returncode == 0, right.stderr
    with db.reading() as s:
        assert s.get(Person, people["berte"]) is None
