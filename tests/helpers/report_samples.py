"""Report data with every section filled, in neutral words (no Italian or English labels),
for the PDF language and layout tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from grantdesk.domain.vocab import DeadlineKind, LegalForm, ProposalStatus
from grantdesk.services.dashboard import DueItem, FunderResult, StatusCount, Urgency
from grantdesk.services.report_data import (
    Contact,
    DeadlinesReport,
    DeadlineWeek,
    DocumentOnFile,
    DocumentState,
    OrganizationSheet,
    Participation,
    PipelineReport,
    RegisterEntry,
    Results,
    YearResults,
)

TODAY = date(2026, 11, 18)
NAMES = ["Alpha", "Bravo", "Kilo", "Delta", "Xray", "Foxtrot", "Golf", "Hotel", "Juliet", "Lima",
         "Mike", "Oscar"]  # fmt: skip


def _due(n: int, days: int, kind: DeadlineKind, *, done: bool = False) -> DueItem:
    moment = datetime(2026, 11, 18, 11, 0, tzinfo=UTC) + timedelta(days=days)
    return DueItem(
        n,
        moment,
        kind,
        f"Stage {NAMES[n % 12]}",
        f"Zeta {NAMES[n % 12]} Quux",
        f"Fund {NAMES[(n + 3) % 12]}",
        "Rossi Bianchi",
        ("QUUX",) if n % 2 else (),
        days,
        Urgency.OVERDUE if days < 0 else Urgency.THIS_WEEK,
        n,
        done=done,
    )


def pipeline_sample() -> PipelineReport:
    statuses = tuple(
        StatusCount(s, n % 3 + 1, Decimal(10_000 * (n + 1)) + Decimal("0.45"))
        for n, s in enumerate(ProposalStatus)
    )
    funders = tuple(
        FunderResult(f"Fund {name}", 3, n % 3, Decimal(90_000 - n * 1000), Decimal(n * 500))
        for n, name in enumerate(NAMES)
    )
    total = Results(36, 12, 10, sum((f.requested for f in funders), Decimal(0)),
                    sum((f.obtained for f in funders), Decimal(0)))  # fmt: skip
    years = (
        YearResults(2024, Results(4, 2, 1, Decimal("50000.00"), Decimal("30000.00"))),
        YearResults(2025, Results(6, 3, 2, Decimal("80000.00"), Decimal("45000.00"))),
        YearResults(None, Results(1, 0, 0, Decimal("1000.00"), Decimal("0.00"))),
    )
    upcoming = tuple(
        _due(n, d, k)
        for n, (d, k) in enumerate([(-3, DeadlineKind.REPORT), (-1, DeadlineKind.APPLICATION),
                                    (0, DeadlineKind.INTERNAL), (1, DeadlineKind.PAYMENT_CLAIM),
                                    (9, DeadlineKind.PRE_APPLICATION)])
    )  # fmt: skip
    return PipelineReport(TODAY, 2025, statuses, funders, total, years, upcoming)


def deadlines_sample(owner: str | None = "Rossi Bianchi") -> DeadlinesReport:
    first = date(2026, 11, 9)
    weeks = (
        DeadlineWeek(date(2026, 11, 9), (_due(1, -8, DeadlineKind.REPORT, done=True),
                                         _due(2, -4, DeadlineKind.APPLICATION))),
        DeadlineWeek(date(2026, 11, 16), (_due(3, 0, DeadlineKind.INTERNAL),
                                          _due(4, 1, DeadlineKind.PAYMENT_CLAIM))),
        DeadlineWeek(date(2026, 11, 30), (_due(5, 14, DeadlineKind.PRE_APPLICATION),)),
    )  # fmt: skip
    return DeadlinesReport(first, date(2026, 12, 6), TODAY, owner, weeks)


def organization_sample(history: int = 6) -> OrganizationSheet:
    entry = RegisterEntry(
        7, "Quux Bravo Collective", LegalForm.APS, "97531860153", "01234567890", "4412",
        date(2023, 5, 2), "Strada Quux 12, 27029 Zeta (PV)", "Lombardia", "Borgo Kilo",
        "info@quux.example", "0381 000000", "https://quux.example", "IT60X0542811101000000123456",
        40, 3, ("Theme Alpha", "Theme Golf"), "Remark Xray Yankee.",
    )  # fmt: skip
    contacts = (Contact("Anna Rossi", "Chair", "anna@quux.example", "333 0000000"),)
    documents = tuple(
        DocumentOnFile(f"Paper {NAMES[n]}", "durc", date(2025, 1, 1), expires, state)
        for n, (expires, state) in enumerate(
            [(date(2026, 1, 1), DocumentState.EXPIRED), (date(2026, 12, 1), DocumentState.EXPIRING),
             (date(2028, 1, 1), DocumentState.VALID), (None, DocumentState.NO_EXPIRY)]
        )
    )  # fmt: skip
    statuses = list(ProposalStatus)
    parts = tuple(
        Participation(
            n,
            f"Q{n}",
            f"Quux plan {NAMES[n % 12]} {n}",
            f"Zeta scheme {NAMES[(n + 1) % 12]}",
            f"Fund {NAMES[(n + 2) % 12]}",
            n % 3 == 0,
            "Kilo role" if n % 3 else "",
            statuses[n % len(statuses)],
            date(2025, 1, 1) + timedelta(days=n) if n % 4 else None,
            Decimal(20_000 + n) + Decimal("0.10"),
            Decimal(15_000 + n) if n % 2 else None,
            Decimal(3_000 + n) + Decimal("0.05"),
        )
        for n in range(history)
    )
    return OrganizationSheet(TODAY, entry, contacts, documents, parts)
