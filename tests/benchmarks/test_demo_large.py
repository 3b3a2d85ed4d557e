"""The full large example dataset is generated in under a minute, on SQLite and PostgreSQL.

Run with ``pytest tests/benchmarks/test_demo_large.py --benchmark-only -s``; the normal
test run skips benchmarks. The PostgreSQL round runs when ``GRANTDESK_TEST_PG_URL`` is set.
"""

from __future__ import annotations

import datetime

from grantdesk.services.database import Database
from grantdesk.services.demo import DemoSummary, load_demo

LIMIT_SECONDS = 60.0


def test_large_demo_within_a_minute(benchmark, db: Database) -> None:  # type: ignore[no-untyped-def]
    summary: DemoSummary = benchmark.pedantic(
        load_demo,
        args=(db, "large"),
        kwargs={"today": datetime.date(2026, 3, 10)},
        rounds=1,
        iterations=1,
    )
    elapsed = benchmark.stats.stats.max
    print(
        f"\nlarge demo on {db.dialect}: {elapsed:.1f} s, {summary.total_rows} rows "
        f"({summary.counts['call']} calls, {summary.counts['organization']} bodies, "
        f"{summary.counts['budget_line']} budget lines)"
    )
    benchmark.extra_info.update(dialect=db.dialect, rows=summary.total_rows)
    assert summary.counts["call"] >= 20_000
    assert summary.counts["organization"] >= 5_000
    assert summary.counts["budget_line"] >= 200_000
    assert elapsed < LIMIT_SECONDS
