"""Co-design document data with every section filled, in neutral words (no Italian or English
labels), for the PDF language and layout tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from grantdesk.domain.codesign import Pledge, Sector, commitment_totals
from grantdesk.domain.vocab import CommitmentKind
from grantdesk.services.codesign_documents import (
    ActionLine,
    AgreementData,
    AttendeeLine,
    CommitmentLine,
    GovernanceData,
    IndicatorLine,
    IndicatorSeries,
    MeetingMinutesData,
    MonitoringData,
    PartyData,
    ProcessHeading,
    ReportDeadline,
    SeriesPoint,
)

HELD = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
PROCESS = ProcessHeading(
    id=7,
    title="Zeta Quux Alpha",
    cup="J12B26000010001",
    rup="Rossi Bianchi",
    promoter="Zulu Bravo",
    territory="Kilo Delta",
    themes=("alpha", "bravo"),
    duration_months=24,
    budget=Decimal("20000.10"),
    status="Step Golf",
    description="Quux zeta alpha bravo.",
)
PEOPLE = (
    AttendeeLine("Rossi Bianchi", "Role Alpha", "Zulu Bravo"),
    AttendeeLine("Verdi Neri", "Role Kilo", "Yankee Xray"),
    AttendeeLine("Gialli Blu", "", "Yankee Xray"),
)


def minutes_sample() -> MeetingMinutesData:
    return MeetingMinutesData(
        process=PROCESS,
        meeting_id=3,
        number=2,
        total_meetings=3,
        held_at=HELD,
        place="Tango Hotel",
        agenda="1. Juliet\n2. Lima",
        minutes="Mike oscar quux.",
        decisions="Zeta quux.",
        attendees=PEOPLE,
        bodies_present=("Zulu Bravo", "Yankee Xray"),
        bodies_absent=("Papa Foxtrot",),
        actions=(
            ActionLine("Quux alpha", "Verdi Neri", date(2026, 11, 25), False),
            ActionLine("Quux bravo", "", None, True),
        ),
        next_meeting=datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
    )


def _line(kind: CommitmentKind, quantity: str, unit: str, unit_value: str) -> CommitmentLine:
    q, v = Decimal(quantity), Decimal(unit_value)
    return CommitmentLine(kind, kind.label, f"Quux {kind.value}", q, unit, v, q * v)


def agreement_sample() -> AgreementData:
    lines = {
        1: (_line(CommitmentKind.MONEY, "1", "", "20000.10"),),
        2: (
            _line(CommitmentKind.VOLUNTEER_HOURS, "120", "h", "15.00"),
            _line(CommitmentKind.SPACES, "12.5", "m", "200.00"),
        ),
        3: (),
    }
    bodies = {
        1: ("Zulu Bravo", Sector.PUBLIC),
        2: ("Yankee Xray", Sector.THIRD_SECTOR),
        3: ("Sierra Foxtrot", Sector.OTHER),
    }
    pledges = [
        Pledge(body, bodies[body][0], bodies[body][1], c.kind, c.quantity, c.unit_value)
        for body, commitments in lines.items()
        for c in commitments
    ]
    totals = commitment_totals(pledges)
    parties = tuple(
        PartyData(
            organization_id=body,
            name=name,
            legal_form="Form Alpha",
            sector=sector,
            role=f"Role {body}",
            codice_fiscale=f"9000000000{body}",
            address="Via Kilo 1, 27029 Lima (PV)",
            signatory="Rossi Bianchi" if body != 3 else "",
            signatory_role="Role Alpha" if body == 1 else "",
            commitments=lines[body],
            total=totals.by_body.get(body, Decimal("0.00")),
        )
        for body, (name, sector) in bodies.items()
    )
    return AgreementData(
        process=PROCESS,
        decided_on=date(2026, 1, 6),
        notice_published_on=date(2026, 2, 5),
        approved_on=date(2026, 4, 21),
        signed_on=date(2026, 11, 18),
        parties=parties,
        totals=totals,
        kind_totals=tuple((k, k.label, v) for k, v in totals.by_kind.items() if v),
        sector_totals=tuple((s, s.label, totals.by_sector[s], totals.share_of(s)) for s in Sector),
        governance=GovernanceData(
            meetings=((HELD, "Tango Hotel"), (datetime(2026, 12, 2, 9, tzinfo=UTC), "")),
            members=PEOPLE,
            decisions=((HELD, "Zeta quux."),),
        ),
        indicators=(
            IndicatorLine("Quux count", "n", Decimal("0"), Decimal("250"), Decimal("131"), None),
            IndicatorLine("Quux hours", "", None, None, None, None),
        ),
    )


def monitoring_sample() -> MonitoringData:
    points = (
        SeriesPoint(date(2026, 6, 15), Decimal("22.000"), "Note alpha"),
        SeriesPoint(date(2026, 9, 8), Decimal("97.500"), ""),
        SeriesPoint(date(2026, 10, 23), Decimal("131.000"), "Note bravo"),
    )
    return MonitoringData(
        process=PROCESS,
        agreement_signed_on=date(2026, 5, 16),
        indicators=(
            IndicatorSeries(
                "Quux count",
                "n",
                Decimal("0"),
                Decimal("250"),
                Decimal("131"),
                Decimal("52.4"),
                points,
            ),
            IndicatorSeries("Quux once", "", None, None, Decimal("7"), None, (points[0],)),
            IndicatorSeries("Quux none", "", Decimal("1"), Decimal("2"), None, None, ()),
        ),
        reports=(
            ReportDeadline(datetime(2026, 12, 1, 11, tzinfo=UTC), "Stage Alpha", "Rossi", False),
            ReportDeadline(datetime(2026, 11, 1, 11, tzinfo=UTC), "Stage Bravo", "", True),
        ),
        open_actions=3,
    )
