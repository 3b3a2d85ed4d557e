"""The large dataset: tens of thousands of calls and bodies, 200,000 budget lines, in bulk.

Rows go in with Core ``insert(table)`` executemany, 5,000 at a time, on the load's own
connection and transaction, with explicit ids following whatever is already there (the small
dataset). ``search_text`` is computed with the same ``*_document`` functions the ORM uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from grantdesk.db.models import Base
from grantdesk.db.models.calls import call_theme
from grantdesk.db.models.organizations import organization_theme
from grantdesk.db.search import call_document, organization_document, proposal_document
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CallStatus, DeadlineKind, FunderKind
from grantdesk.domain.vocab import ProposalStatus as PS
from grantdesk.services.demo import words as w
from grantdesk.services.demo.context import Progress, seeded
from grantdesk.services.demo.large_rows import budget_line_rows, organization_row, person_row

CHUNK = 5_000
_TABLES = Base.metadata.tables
BASE_SIZES = {
    "funders": 60,
    "calls": 20_000,
    "organizations": 5_000,
    "people": 3_000,
    "proposals": 2_000,
}
LINES_PER_PROPOSAL = 100

_CALL_STATUSES = (
    [CallStatus.NEW] * 8
    + [CallStatus.WATCHING] * 4
    + [CallStatus.GO] * 2
    + [
        CallStatus.NO_GO,
        CallStatus.NO_GO,
        CallStatus.SUBMITTED,
        CallStatus.CLOSED,
        CallStatus.CLOSED,
        CallStatus.CLOSED,
    ]
)


@dataclass(frozen=True)
class LargeSizes:
    """How many rows of each kind the large dataset adds (scaled for tests)."""

    funders: int
    calls: int
    organizations: int
    people: int
    proposals: int
    lines_per_proposal: int = LINES_PER_PROPOSAL

    @classmethod
    def scaled(cls, scale: float) -> LargeSizes:
        counts = {k: max(1, round(v * scale)) for k, v in BASE_SIZES.items()}
        return cls(**counts)

    @property
    def expected_rows(self) -> int:
        """About how many rows the load writes (for the progress bar)."""
        return (
            self.funders
            + len(w.EXTRA_THEMES)
            + self.calls * 5  # the call, ~2 deadlines, ~2 themes
            + self.organizations * 5 // 2
            + self.people
            + self.proposals * (4 + self.lines_per_proposal)
        )


@dataclass
class _Ids:
    """The ids and names of what the large load created, for later references."""

    themes: list[tuple[int, str]] = field(default_factory=list)
    funders: list[tuple[int, str]] = field(default_factory=list)
    calls: list[tuple[int, str]] = field(default_factory=list)
    orgs: list[tuple[int, str]] = field(default_factory=list)


def _next_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def insert_rows(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], progress: Progress
) -> int:
    """Insert *rows* in chunks of ``CHUNK``; returns how many."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            conn.execute(insert(table), batch)
            count += len(batch)
            progress.advance(len(batch))
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        count += len(batch)
        progress.advance(len(batch))
    return count


class LargeLoad:
    """Generates and inserts the large dataset after the small one."""

    def __init__(self, conn: Connection, today: date, sizes: LargeSizes, progress: Progress):
        self.conn = conn
        self.today = today
        self.sizes = sizes
        self.progress = progress
        self.rng = seeded("large")
        self.stamp = rome_to_utc(today, time(8, 0))
        self.ids = _Ids()
        self._due_cache: dict[int, datetime] = {}

    def run(self) -> None:
        self._themes()
        self._funders()
        self._organizations()
        self._people()
        self._calls()
        self._proposals()

    def _stamps(self) -> dict[str, Any]:
        return {"version": 1, "created_at": self.stamp, "updated_at": self.stamp}

    def _due(self, offset: int) -> datetime:
        if offset not in self._due_cache:
            self._due_cache[offset] = rome_to_utc(self.today + timedelta(days=offset))
        return self._due_cache[offset]

    def _themes(self) -> None:
        table = _TABLES["theme"]
        existing = {row[0]: row[1] for row in self.conn.execute(select(table.c.name, table.c.id))}
        start = _next_id(self.conn, table)
        new = [name for name in w.EXTRA_THEMES if name not in existing]
        rows = [{"id": start + i, "name": name} for i, name in enumerate(new)]
        insert_rows(self.conn, table, rows, self.progress)
        self.ids.themes = sorted(
            [(i, n) for n, i in existing.items()] + [(r["id"], r["name"]) for r in rows]
        )

    def _funders(self) -> None:
        table = _TABLES["funder"]
        taken = set(self.conn.execute(select(table.c.name)).scalars())
        start = _next_id(self.conn, table)
        patterns = [
            ("Fondazione Cassa di Risparmio di {city}", FunderKind.BANK_FOUNDATION),
            ("Fondazione di Comunità di {city}", FunderKind.COMMUNITY_FOUNDATION),
            ("Comune di {city}", FunderKind.MUNICIPALITY),
            ("Regione {region}", FunderKind.REGION),
            ("{city} Servizi S.p.A. – Fondo sociale", FunderKind.COMPANY),
        ]
        rows: list[dict[str, Any]] = []
        candidates = (
            (pattern.format(city=city, region=region), kind)
            for city, _prov, region, _cap in w.PLACES
            for pattern, kind in patterns
        )
        for name, kind in candidates:
            if len(rows) == self.sizes.funders:
                break
            if name in taken:
                continue
            taken.add(name)
            rows.append(
                {
                    "id": start + len(rows),
                    "name": name,
                    "kind": kind,
                    "website": None,
                    "notes": None,
                    **self._stamps(),
                }
            )
        insert_rows(self.conn, table, rows, self.progress)
        self.ids.funders = [(r["id"], r["name"]) for r in rows]

    def _organizations(self) -> None:
        table = _TABLES["organization"]
        start = _next_id(self.conn, table)
        rows, links = [], []
        for i in range(self.sizes.organizations):
            themes = self.rng.sample(self.ids.themes, self.rng.randint(1, 2))
            row = organization_row(self.rng, start + i, i, self.today)
            row["search_text"] = organization_document(
                row["name"],
                row["codice_fiscale"],
                row["municipality"],
                row["neighbourhood"],
                [name for _id, name in themes],
            )
            rows.append({**row, **self._stamps()})
            links += [{"organization_id": start + i, "theme_id": tid} for tid, _n in themes]
            self.ids.orgs.append((start + i, row["name"]))
        insert_rows(self.conn, table, rows, self.progress)
        insert_rows(self.conn, organization_theme, links, self.progress)

    def _people(self) -> None:
        table = _TABLES["person"]
        start = _next_id(self.conn, table)
        stamps = self._stamps()
        rows = (
            {
                **person_row(self.rng, start + i, self.rng.choice(self.ids.orgs)[0], self.today),
                **stamps,
            }
            for i in range(self.sizes.people)
        )
        insert_rows(self.conn, table, rows, self.progress)

    def _calls(self) -> None:
        table = _TABLES["call"]
        start = _next_id(self.conn, table)
        deadline_start = _next_id(self.conn, _TABLES["deadline"])
        calls: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        deadlines: list[dict[str, Any]] = []
        for i in range(self.sizes.calls):
            call_id = start + i
            row, themes = self._call_row(call_id, i)
            calls.append(row)
            links += [{"call_id": call_id, "theme_id": tid} for tid in themes]
            for stage in self._deadline_rows(call_id, row["status"]):
                deadlines.append({"id": deadline_start + len(deadlines), **stage})
            self.ids.calls.append((call_id, row["title"]))
        insert_rows(self.conn, table, calls, self.progress)
        insert_rows(self.conn, call_theme, links, self.progress)
        insert_rows(self.conn, _TABLES["deadline"], deadlines, self.progress)

    def _call_row(self, call_id: int, index: int) -> tuple[dict[str, Any], list[int]]:
        rng = self.rng
        funder_id, funder = rng.choice(self.ids.funders)
        city, _prov, region, _cap = rng.choice(w.PLACES)
        topic, topic_theme = rng.choice(w.TOPICS)
        target = rng.choice(w.TARGETS)
        prefix = rng.choice(w.CALL_PREFIXES)
        year = self.today.year + rng.choice((-1, 0, 0, 1))
        title = f"{prefix} {rng.choice(w.CALL_NAMES)} {topic} {target} – {city} {year}"
        territory = rng.choice((city, f"Provincia di {city}", f"Regione {region}"))
        description = (
            f"{prefix} promosso da {funder} per progetti {topic} {target} nel territorio: "
            f"{territory}. Sono ammessi partenariati con enti del Terzo settore."
        )
        theme_ids = {tid for tid, name in self.ids.themes if name == topic_theme}
        theme_ids.update(tid for tid, _n in rng.sample(self.ids.themes, rng.randint(0, 2)))
        themes = sorted(theme_ids)
        names = [name for tid, name in self.ids.themes if tid in theme_ids]
        code = f"F{funder_id:03d}-{year}-{index + 1:05d}"
        status = rng.choice(_CALL_STATUSES)
        max_grant_pct = rng.choice((None, None, Decimal(50), Decimal(60), Decimal(80), Decimal(90)))
        volunteer = rng.choice((None, None, True, False))
        row = {
            "id": call_id,
            "funder_id": funder_id,
            "code": code,
            "title": title,
            "description": description,
            "territory": territory,
            "url": f"https://bandi.example/{code.lower()}",
            "status": status,
            "no_go_reason": "Fuori dal nostro ambito territoriale."
            if status is CallStatus.NO_GO
            else None,
            "eligible_forms": rng.choice(
                ([], [], ["odv", "aps"], ["odv", "aps", "social_enterprise"])
            ),
            "min_grant_cents": None,
            "max_grant_cents": Decimal(rng.randrange(2, 100) * 5_000),
            "min_total_cost_cents": None,
            "max_total_cost_cents": None,
            "min_cofinancing_pct": 100 - max_grant_pct if max_grant_pct else None,
            "max_grant_pct": max_grant_pct,
            "overhead_cap_pct": rng.choice((None, Decimal(7), Decimal(10))),
            "volunteer_time_allowed": volunteer,
            "volunteer_hourly_value_cents": Decimal("15.00") if volunteer else None,
            "min_partners": rng.choice((None, 2, 3)),
            "min_third_sector_partners": None,
            "min_duration_months": None,
            "max_duration_months": rng.choice((12, 18, 24, 36)),
            "budget_categories": [],
            "recurrence": "FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=30" if index % 97 == 0 else None,
            "source": None,
            "external_id": None,
            "search_text": call_document(title, code, description, funder, names, territory),
            **self._stamps(),
        }
        return row, themes

    def _deadline_rows(self, call_id: int, status: CallStatus) -> Iterator[dict[str, Any]]:
        rng = self.rng
        count = rng.randint(1, 3)
        last = rng.randint(-300, 400)
        offsets = sorted(last - 30 * k for k in range(count))
        for position, offset in enumerate(offsets):
            final = position == count - 1
            yield {
                "call_id": call_id,
                "proposal_id": None,
                "codesign_id": None,
                "kind": DeadlineKind.APPLICATION if final else DeadlineKind.PRE_APPLICATION,
                "stage": "Domanda completa" if final else f"Fase {position + 1}",
                "due_at": self._due(offset),
                "owner": rng.choice(w.OWNERS) if status is not CallStatus.NEW else None,
                "reminder_days": [14, 3],
                "done": offset < 0,
                "notes": None,
                **self._stamps(),
            }

    def _proposals(self) -> None:
        table = _TABLES["proposal"]
        start = _next_id(self.conn, table)
        partner_start = _next_id(self.conn, _TABLES["proposal_partner"])
        line_start = _next_id(self.conn, _TABLES["budget_line"])
        rows: list[dict[str, Any]] = []
        partners: list[dict[str, Any]] = []
        participants: list[list[int]] = []
        statuses = list(PS)
        for i in range(self.sizes.proposals):
            rng = self.rng
            call_id, call_title = rng.choice(self.ids.calls)
            chosen = rng.sample(self.ids.orgs, rng.randint(3, 5))
            (lead_id, lead_name), others = chosen[0], chosen[1:]
            title = (
                f"{rng.choice(w.PROPOSAL_OPENINGS)}: azioni {rng.choice(w.TOPICS)[0]} "
                f"{rng.choice(w.TARGETS)} a {rng.choice(w.PLACES)[0]}"
            )
            acronym = f"{title.split(':')[0][:8].upper().replace(' ', '')}{i + 1}"
            summary = f"Progetto di rete guidato da {lead_name} con {len(others)} partner."
            status = rng.choice(statuses)
            rows.append(
                {
                    "id": start + i,
                    "call_id": call_id,
                    "lead_id": lead_id,
                    "codesign_id": None,
                    "title": title,
                    "acronym": acronym,
                    "summary": summary,
                    "status": status,
                    "owner": rng.choice(w.OWNERS),
                    "start_on": self.today + timedelta(days=rng.randint(-700, 200)),
                    "duration_months": rng.choice((12, 18, 24, 36)),
                    "submitted_on": None,
                    "decided_on": None,
                    "awarded_amount_cents": None,
                    "strengths": None,
                    "weaknesses": None,
                    "opportunities": None,
                    "threats": None,
                    "search_text": proposal_document(
                        title, acronym, lead_name, call_title, summary
                    ),
                    **self._stamps(),
                }
            )
            for org_id, _name in others:
                partners.append(
                    {
                        "id": partner_start + len(partners),
                        "proposal_id": start + i,
                        "organization_id": org_id,
                        "role": "Partner",
                        **self._stamps(),
                    }
                )
            participants.append([lead_id] + [org_id for org_id, _n in others])
        insert_rows(self.conn, table, rows, self.progress)
        insert_rows(self.conn, _TABLES["proposal_partner"], partners, self.progress)
        lines = budget_line_rows(
            self.rng,
            start,
            participants,
            line_start,
            self.sizes.lines_per_proposal,
            self._stamps(),
        )
        insert_rows(self.conn, _TABLES["budget_line"], lines, self.progress)


def load_large(conn: Connection, today: date, sizes: LargeSizes, progress: Progress) -> None:
    """Add the large dataset on *conn* (inside the caller's transaction)."""
    LargeLoad(conn, today, sizes, progress).run()
