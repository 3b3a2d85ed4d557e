"""Deterministic example data: ``grantdesk demo --size small|large``.

``small`` builds a few dozen realistic records in every table from the seed situations
(Vigevano, Ravenna, Messina, Unione Reno Galliera, "Punto per Te") with the ORM; ``large``
adds tens of thousands of calls and bodies and 200,000 budget lines in bulk, for
performance work. Given the same ``today`` the data is identical, on SQLite and PostgreSQL
alike; the whole load is one transaction, so a failure leaves the previous data intact.
"""

from __future__ import annotations

import datetime
import getpass
import time
from collections.abc import Callable
from dataclasses import dataclass

from grantdesk.db.models import AuditEntry
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.demo.calls import build_calls
from grantdesk.services.demo.codesign import build_codesign_processes
from grantdesk.services.demo.codesign_tables import build_codesign_tables
from grantdesk.services.demo.context import DemoContext, Progress
from grantdesk.services.demo.large import LargeSizes, load_large
from grantdesk.services.demo.library import build_library
from grantdesk.services.demo.proposals import build_proposals
from grantdesk.services.demo.registry import build_registry
from grantdesk.services.demo.storage import (
    count_rows,
    empty_all_tables,
    reset_sequences,
    tables_with_rows,
)

__all__ = ["SIZES", "DemoRefusedError", "DemoSummary", "LargeSizes", "load_demo"]

SIZES = ("small", "large")

# In this order: each builder refers to records the previous ones wrote.
SMALL_BUILDERS: tuple[Callable[[DemoContext], None], ...] = (
    build_registry,
    build_calls,
    build_codesign_processes,
    build_proposals,
    build_codesign_tables,
    build_library,
)


class DemoRefusedError(Exception):
    """The database already holds data and the caller did not ask to replace it."""


@dataclass(frozen=True)
class DemoSummary:
    """What a load wrote: rows per table (the whole database afterwards) and how long it took."""

    counts: dict[str, int]
    seconds: float
    size: str = "small"

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def _actor() -> str:
    try:
        return getpass.getuser() or "grantdesk"
    except Exception:  # no login name on some service accounts and containers
        return "grantdesk"


def load_demo(
    db: Database,
    size: str = "small",
    *,
    force: bool = False,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    scale: float = 1.0,
) -> DemoSummary:
    """Fill *db* with the example data of *size* ("small" or "large").

    Refuses (``DemoRefusedError``) when the database already holds data, unless *force*:
    then every table is emptied in the same transaction as the load. *today* anchors every
    relative date; *scale* multiplies the large sizes (tests use 0.01); *progress* is called
    with ``(done, total)`` now and then.
    """
    if size not in SIZES:
        raise ValueError(
            _("Unknown size of example data “{size}”: use small or large.").format(size=size)
        )
    if scale <= 0:
        raise ValueError(_("The scale of the example data must be greater than zero."))
    anchor = today or datetime.date.today()
    started = time.perf_counter()
    if not force:
        with db.reading() as session:
            occupied = not db.is_empty() or bool(tables_with_rows(session))
        if occupied:
            raise DemoRefusedError(
                _(
                    "The database already holds data: use --force to replace it with the "
                    "example data."
                )
            )
    sizes = LargeSizes.scaled(scale) if size == "large" else None
    tracker = Progress(
        total=len(SMALL_BUILDERS) + (sizes.expected_rows if sizes else 0), callback=progress
    )
    tracker.advance(0)
    with db.transaction() as session:
        if force:
            empty_all_tables(session, db.dialect)
        if db.dialect == "postgresql":
            # Ids start from 1 even if rows were once added and deleted by hand.
            reset_sequences(session.connection())
        ctx = DemoContext(session, anchor)
        # Builders flush when they need ids; no lazy load should flush half-built records.
        with session.no_autoflush:
            for build in SMALL_BUILDERS:
                build(ctx)
                tracker.advance()
        if sizes is not None:
            load_large(session.connection(), anchor, sizes, tracker)
        if db.dialect == "postgresql":
            reset_sequences(session.connection())
        rows = sum(count_rows(session).values())
        session.add(
            AuditEntry(
                actor=_actor(),
                action="demo",
                entity="database",
                summary=_("Example data loaded ({size}): {rows} rows.").format(
                    size=size, rows=rows
                ),
            )
        )
        session.flush()
        counts = count_rows(session)
    tracker.finish()
    return DemoSummary(counts=counts, seconds=time.perf_counter() - started, size=size)
