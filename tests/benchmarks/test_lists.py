"""List speed on the large example database (20,000 calls, 2,000 proposals × 100 lines).

What a user feels: the search command as a whole process, one page of a list in every
order, and scrolling the Qt model to the end of the calls list page by page.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pytest

from grantdesk.services import listing
from grantdesk.services.database import open_database
from tests.benchmarks.conftest import run_process


@pytest.mark.parametrize("words", ["poverta", "giovani milano", "nessuna-parola"])
def test_cli_search_whole_process(benchmark, large_db: Path, words: str) -> None:  # type: ignore[no-untyped-def]
    runs = [
        run_process(
            [
                sys.executable,
                "-m",
                "grantdesk",
                "list",
                "calls",
                "--db",
                str(large_db),
                "--json",
                "--search",
                words,
            ]
        )
        for _ in range(3)
    ]
    median = statistics.median(r.seconds for r in runs)
    print(
        f"\ngrantdesk list calls --search {words!r}: {median:.2f} s, peak {max(r.peak_rss_mib for r in runs):.0f} MiB"
    )
    benchmark.extra_info["seconds"] = median
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert median < 2.0


@pytest.mark.parametrize(
    ("kind", "sort"),
    [
        ("calls", None),
        ("calls", "next_deadline"),
        ("calls", "max_grant"),
        ("organizations", None),
        ("proposals", None),
        ("proposals", "requested"),
    ],
)
def test_page_fetch(benchmark, large_db: Path, kind: str, sort: str | None) -> None:  # type: ignore[no-untyped-def]
    db = open_database(large_db)
    listing.fetch_rows(db, kind, sort=sort)  # warm the statement cache
    result = benchmark(lambda: listing.fetch_rows(db, kind, sort=sort, offset=1000))
    assert len(result) == listing.PAGE
    db.close()


def test_search_page(benchmark, large_db: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(large_db)
    rows = benchmark(lambda: listing.fetch_rows(db, "calls", search="comunita anziani"))
    assert rows
    db.close()


def test_scroll_calls_model_to_the_end(benchmark, large_db: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    from grantdesk.ui.models.list_model import RecordListModel

    db = open_database(large_db)
    model = RecordListModel("calls")
    model.set_database(db)

    def scroll() -> tuple[int, float]:
        model.set_search("")
        slowest = 0.0
        while model.canFetchMore(QModelIndex()):
            started = time.perf_counter()
            model.fetchMore(QModelIndex())
            slowest = max(slowest, time.perf_counter() - started)
        return model.rowCount(), slowest

    rows, slowest = benchmark.pedantic(scroll, rounds=3, iterations=1)
    print(f"\nscrolled {rows} calls; slowest page {slowest * 1000:.0f} ms")
    assert rows == listing.count_rows(db, "calls")
    assert slowest < 0.25
    db.close()
