"""An application with every part filled, in neutral words (no Italian or English labels),
for the application PDF's language, layout and speed tests.

The budget goes through the service's own ``budget_of`` over ``compute_totals``, so the
sample's totals are consistent exactly as a real proposal's are.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from grantdesk.domain.budget import Line, compute_totals
from grantdesk.domain.rules import Severity
from grantdesk.domain.vocab import AttachmentState, FundingSource, LegalForm
from grantdesk.services.application_data import (
    ActivityRow,
    ApplicationData,
    CheckFinding,
    ChecklistRow,
    Cover,
    IndicatorRow,
    Member,
    Section,
    Signatory,
    Swot,
    budget_of,
)

TODAY = date(2026, 11, 18)
NAMES = ["Alpha", "Bravo", "Kilo", "Delta", "Xray", "Foxtrot", "Golf", "Hotel", "Juliet", "Lima",
         "Mike", "Oscar"]  # fmt: skip
FORMS = [LegalForm.APS, LegalForm.ODV, LegalForm.MUNICIPALITY, LegalForm.SOCIAL_ENTERPRISE,
         LegalForm.PARISH, LegalForm.INFORMAL_GROUP]  # fmt: skip
CATEGORIES = ["personnel", "services", "equipment", "travel", "overheads", "volunteer_time",
              "Quux Zeta costs"]  # fmt: skip
SOURCES = list(FundingSource)
WORDS = [
    "quux",
    "zeta",
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "elit",
    "sed",
    "tempor",
    "magna",
    "aliqua",
]


def _words(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i * 7) % len(WORDS)] for i in range(n))


def _text(paragraphs: int, seed: int) -> str:
    return "\n\n".join(
        f"{_words(60, seed + p).capitalize()}.\n{_words(25, seed + p + 3).capitalize()}."
        for p in range(paragraphs)
    )


def _member(n: int) -> Member:
    name = f"Quux {NAMES[n % 12]} Collective {n}"
    if n % 4 == 2:
        name += " for Zeta Kilo and the long Lorem Ipsum network of Dolor Sit Amet"
    return Member(
        name,
        n == 0,
        "" if n == 0 else f"Kilo role {n}",
        FORMS[n % len(FORMS)],
        f"9753186{n:04d}",
        f"Strada Quux {n}, 27029 Zeta (PV)",
        f"Anna Rossi{n}",
        f"anna{n}@quux{n}.example",
        f"333 000{n:04d}",
    )


def _line(n: int, partners: int) -> Line:
    source = SOURCES[n % 7 % 4]
    return Line(
        CATEGORIES[n % len(CATEGORIES)],
        Decimal(n % 17 + 1) + (Decimal("0.5") if n % 5 == 0 else Decimal(0)),
        Decimal(37 * n % 900 + 10) + Decimal("0.35"),
        source,
        n % (partners + 1) + 1 if n % 11 else None,  # organization ids 1…; some unassigned
        f"Quux item {NAMES[n % 12]} {n}" + (" with zeta lorem ipsum dolor" if n % 3 == 0 else ""),
        "hours" if n % 2 else "pieces",
        f"Fund {NAMES[n % 12]}" if source is FundingSource.OTHER_FUNDER else None,
        n,
        None,
    )


def application_sample(
    *,
    partners: int = 4,
    lines: int = 24,
    activities: int = 6,
    paragraphs: int = 2,
    sections: int = 4,
    findings: bool = True,
) -> ApplicationData:
    """An application with *partners* partners, *lines* budget lines, *activities* activities
    and *sections* sections of *paragraphs* paragraphs each."""
    members = tuple(_member(n) for n in range(partners + 1))
    ids = [(n + 1, m.name, m.lead) for n, m in enumerate(members)]
    names = {key: name for key, name, _lead in ids}
    budget_lines = [_line(n, partners) for n in range(1, lines + 1)]
    budget_lines = [
        Line(
            ln.category,
            ln.quantity,
            ln.unit_cost,
            ln.source,
            ln.partner,
            ln.description,
            ln.unit,
            ln.other_funder,
            ln.key,
            names.get(ln.partner) if ln.partner else None,
        )
        for ln in budget_lines
    ]
    budget = budget_of(compute_totals(budget_lines), budget_lines, ids)
    cover = Cover(
        "Quux Zeta plan for the Kilo and Bravo quarters",
        "QUUX",
        "Zeta scheme Golf 2026",
        "ZS-2026-GOLF",
        "Fund Hotel",
        members[0].name,
        date(2027, 3, 1),
        max(24, activities // 2 + 6),
        TODAY,
    )
    acts = tuple(
        ActivityRow(
            f"Task {NAMES[n % 12]} {n + 1}"
            + (" with a long lorem ipsum title" if n % 4 == 1 else ""),
            _words(14, n),
            members[n % len(members)].name if n % 9 != 8 else "",
            n % len(members) if n % 9 != 8 else -1,
            n % 20 + 1,
            min(n % 20 + 1 + n % 7, cover.duration_months or 24),
        )
        for n in range(activities)
    )
    states = list(AttachmentState)
    return ApplicationData(
        proposal_id=42,
        cover=cover,
        summary=_text(1, 1),
        members=members,
        sections=tuple(
            Section(f"Chapter {NAMES[n % 12]}", _text(paragraphs, n)) for n in range(sections)
        ),
        objectives=tuple(f"Goal {NAMES[n]}: {_words(12, n)}" for n in range(4)),
        activities=acts,
        indicators=tuple(
            IndicatorRow(f"Metric {NAMES[n]}", "units", Decimal(n * 10), Decimal(n * 25 + 5))
            for n in range(4)
        ),
        swot=Swot(_words(30, 1), _words(20, 2), _words(25, 3), _words(18, 4)),
        budget=budget,
        has_call=True,
        findings=(
            (
                CheckFinding(Severity.BLOCKING, "Quux zeta 12,4 % > 10 %."),
                CheckFinding(Severity.WARNING, "Kilo paper 31/12/2026."),
                CheckFinding(Severity.INFO, "Bravo lima."),
            )
            if findings
            else ()
        ),
        checklist=tuple(
            ChecklistRow(
                f"Paper {NAMES[n]}",
                n % 2 == 0,
                states[n % 3],
                f"paper-{n}.pdf" if n % 3 == 1 else "",
            )
            for n in range(6)
        ),
        signatories=tuple(
            Signatory(
                m.name,
                m.lead,
                f"Anna Rossi{n}" if n % 2 == 0 else "",
                "Chair" if n % 2 == 0 else "",
            )
            for n, m in enumerate(members)
        ),
    )
