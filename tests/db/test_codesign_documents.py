"""What the minutes, the agreement and the monitoring report print equals what the editor
shows, to the cent — on the example data's two complete processes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from grantdesk.db.models import CoDesignProcess, Meeting
from grantdesk.domain.codesign import Sector
from grantdesk.services.codesign_documents import (
    agreement_data,
    meeting_minutes_data,
    monitoring_data,
)
from grantdesk.services.codesign_reading import load_overview
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from grantdesk.services.details import RecordNotFoundError

TODAY = date(2026, 3, 10)


@pytest.fixture
def demo(db: Database) -> Database:
    load_demo(db, "small", today=TODAY)
    return db


def processes(db: Database) -> dict[str, int]:
    with db.reading() as s:
        rows = s.execute(select(CoDesignProcess.title, CoDesignProcess.id)).all()
    return {
        ("reno" if "Reno Galliera" in t else "punto" if "Punto per Te" in t else "other"): i
        for t, i in rows
    }


@pytest.mark.parametrize("which", ["reno", "punto"])
def test_agreement_totals_equal_the_editor_totals(demo: Database, which: str) -> None:
    pid = processes(demo)[which]
    shown = load_overview(demo, pid, TODAY)
    printed = agreement_data(demo, pid)
    assert printed.totals == shown.totals
    assert printed.totals.total > 0
    assert sum((p.total for p in printed.parties), Decimal(0)) == shown.totals.total
    for party in printed.parties:
        assert sum((c.value for c in party.commitments), Decimal(0)) == party.total
        assert party.total == shown.totals.by_body.get(party.organization_id, Decimal(0))
    assert sum((v for _k, _l, v in printed.kind_totals), Decimal(0)) == shown.totals.total
    sectors = {sector: (value, share) for sector, _label, value, share in printed.sector_totals}
    assert sum((v for v, _s in sectors.values()), Decimal(0)) == shown.totals.total
    assert sectors[Sector.PUBLIC][1] == shown.totals.public_share
    assert sectors[Sector.THIRD_SECTOR][1] == shown.totals.third_sector_share


def test_the_reno_galliera_agreement(demo: Database) -> None:
    data = agreement_data(demo, processes(demo)["reno"])
    first = data.parties[0]
    assert first.name == "Unione Reno Galliera" and first.role == "Promoting body"
    assert first.signatory == "Elena Martelli"
    roles = {p.name: p.role for p in data.parties}
    assert roles["Azienda USL di Bologna – Distretto Pianura Est"] == "Contributing body"
    assert roles["Diritti al Cuore ODV"] == "Partner"
    assert "L’Albero delle Relazioni" not in " ".join(roles)  # excluded, pledged nothing
    assert data.totals.total == Decimal("197860.00")
    assert all(p.signatory for p in data.parties)
    assert len(data.governance.meetings) == 4 and len(data.governance.decisions) == 4
    assert {m.body for m in data.governance.members} >= {"Unione Reno Galliera", "Pane e Rose ODV"}
    assert data.indicators[0].name.startswith("Nuclei familiari")
    assert data.process.cup and data.signed_on is not None and data.process.duration_months == 36


def test_minutes_of_a_meeting(demo: Database) -> None:
    pid = processes(demo)["punto"]
    with demo.reading() as s:
        meetings = s.scalars(
            select(Meeting).where(Meeting.process_id == pid).order_by(Meeting.held_at)
        ).all()
    data = meeting_minutes_data(demo, meetings[2].id)
    assert (data.number, data.total_meetings) == (3, 4)
    assert data.next_meeting == meetings[3].held_at
    assert data.place == "Oratorio San Francesco, Vigevano"
    assert "118 cittadini" in data.minutes and "sabato" in data.decisions
    names = [a.name for a in data.attendees]
    assert "Sara Invernizzi" in names and len(names) == 5
    assert "Cooperativa Sociale KCS" in data.bodies_present
    assert "Parrocchia di San Francesco d’Assisi" in data.bodies_absent
    assert [a.done for a in data.actions] == [True, False]
    assert data.process.title.startswith("“Punto per Te”")


def test_monitoring_report(demo: Database) -> None:
    pid = processes(demo)["punto"]
    data = monitoring_data(demo, pid)
    shown = load_overview(demo, pid, TODAY)
    assert [i.name for i in data.indicators] == [i.name for i in shown.indicators]
    citizens = data.indicators[0]
    assert citizens.name == "Cittadini che hanno ricevuto un servizio tramite la rete"
    assert [p.value for p in citizens.points][-1] == Decimal(205)
    assert "tre mesi" in " ".join(p.note for p in citizens.points)
    assert citizens.progress == shown.indicators[0].progress == Decimal("51.25")
    assert [p.measured_on for p in citizens.points] == sorted(
        p.measured_on for p in citizens.points
    )
    stages = [r.stage for r in data.reports]
    assert "Relazione al Comune dopo il primo anno" in stages
    assert not any(s.startswith("Co-design:") or "Co-progettazione:" in s for s in stages)


def test_gone_records(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        meeting_minutes_data(db, 1)
    with pytest.raises(RecordNotFoundError):
        agreement_data(db, 1)
    with pytest.raises(RecordNotFoundError):
        monitoring_data(db, 1)
