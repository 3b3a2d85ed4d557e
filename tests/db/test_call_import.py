"""Writing imported calls: created once, unchanged on re-import, dry runs and rejections."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, Call, Deadline, Funder
from grantdesk.imports.calls import ImportRejected, parse_file
from grantdesk.services.call_import import import_calls

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def _import(db, name: str, dry_run: bool = False):  # type: ignore[no-untyped-def]
    parsed = parse_file((REAL / name).read_bytes())
    return import_calls(
        db, parsed.records, source=name, dry_run=dry_run, skipped=len(parsed.skipped)
    )


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) for m in (Call, Deadline, Funder)
        )


def _versions(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return {c.external_id: c.version for c in s.scalars(select(Call))}


@pytest.mark.parametrize(
    ("name", "calls", "deadlines", "skipped"),
    [("eu_funding_tenders_sample.json", 2, 13, 4), ("incentivi_gov_it_sample.json", 37, 32, 0)],
)
def test_real_sample_imports_then_reimport_changes_nothing(
    db, name: str, calls: int, deadlines: int, skipped: int
) -> None:
    report = _import(db, name)
    assert (report.created, report.updated, report.skipped) == (calls, 0, skipped)
    assert report.deadlines_created == deadlines
    assert _counts(db)[:2] == (calls, deadlines)
    versions = _versions(db)
    again = _import(db, name)
    assert (again.created, again.updated, again.unchanged, again.deadlines_created) == (
        0,
        0,
        calls,
        0,
    )
    assert _versions(db) == versions
    assert _counts(db)[:2] == (calls, deadlines)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_dry_run_writes_nothing_and_reports_the_same(db) -> None:
    dry = _import(db, "incentivi_gov_it_sample.json", dry_run=True)
    assert dry.created == 37 and dry.dry_run
    assert _counts(db) == (0, 0, 0)
    real = _import(db, "incentivi_gov_it_sample.json")
    assert (real.created, real.deadlines_created) == (dry.created, dry.deadlines_created)


def test_rejected_file_leaves_existing_data_intact(db) -> None:
    _import(db, "eu_funding_tenders_sample.json")
    before = _counts(db)
    bad = b"Titolo;Ente finanziatore;Scadenza\nA;E;01/01/2026\nB;E;31/02/2026\n"
    with pytest.raises(ImportRejected):
        parsed = parse_file(bad)
        import_calls(db, parsed.records, source="bad.csv")
    assert _counts(db) == before


def test_changed_field_updates_and_bumps_version(db) -> None:
    csv = "Codice;Titolo;Ente finanziatore;Scadenza;Contributo massimo\nC1;Bando;Ente;01/03/2026;1.000\n"
    report = import_calls(db, parse_file(csv.encode()).records, source="a.csv")
    assert report.created == 1
    (version,) = _versions(db).values()
    changed = csv.replace("1.000", "2.000").replace("01/03/2026", "02/03/2026")
    report = import_calls(db, parse_file(changed.encode()).records, source="a.csv")
    assert (report.created, report.updated, report.deadlines_created) == (0, 1, 1)
    with db.reading() as s:
        call = s.scalars(select(Call)).one()
        assert call.version == version + 1 and str(call.max_grant) == "2000.00"
        assert [d.due_at.day for d in call.deadlines] == [2]
