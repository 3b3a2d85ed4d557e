"""Full-text call search on the large example database (20,000 calls): ≤ 30 ms a query.

SQLite uses ``large_db``; set ``GRANTDESK_BENCH_PG_URL`` to a PostgreSQL database holding
the large demo (``grantdesk demo --size large --db URL``) to measure PostgreSQL too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from grantdesk.services import listing
from grantdesk.services.database import open_database

QUERIES = ["poverta", "giovani milano", "educ", "welfare comunita anziani"]
LIMIT_MS = 30.0


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def search_db(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "sqlite":
        location: str = str(request.getfixturevalue("large_db"))
    else:
        url = os.environ.get("GRANTDESK_BENCH_PG_URL")
        if not url:
            pytest.skip("GRANTDESK_BENCH_PG_URL not set")
        location = url
    db = open_database(location)
    yield db
    db.close()


def _median_ms(benchmark: Any) -> float:
    return float(benchmark.stats.stats.median) * 1000


@pytest.mark.parametrize("query", QUERIES)
def test_search_first_page(benchmark, search_db, query: str) -> None:  # type: ignore[no-untyped-def]
    rows = listing.fetch_rows(search_db, "calls", search=query)  # warm up
    assert rows
    benchmark.pedantic(
        listing.fetch_rows,
        args=(search_db, "calls"),
        kwargs={"search": query},
        rounds=30,
        warmup_rounds=2,
    )
    median = _median_ms(benchmark)
    print(f"\n{search_db.engine.dialect.name} fetch_rows calls search={query!r}: {median:.1f} ms")
    assert median <= LIMIT_MS


@pytest.mark.parametrize("query", QUERIES)
def test_search_count(benchmark, search_db, query: str) -> None:  # type: ignore[no-untyped-def]
    assert listing.count_rows(search_db, "calls", search=query) > 0
    benchmark.pedantic(
        listing.count_rows,
        args=(search_db, "calls"),
        kwargs={"search": query},
        rounds=30,
        warmup_rounds=2,
    )
    median = _median_ms(benchmark)
    print(f"\n{search_db.engine.dialect.name} count_rows calls search={query!r}: {median:.1f} ms")
    assert median <= LIMIT_MS
