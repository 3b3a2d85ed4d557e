"""The proposals board on the large example data (2,016 proposals, ~200,000 budget lines).

Run with ``pytest tests/benchmarks/test_board.py --benchmark-only -s``; the normal test run
skips benchmarks. What is measured is what the board reads after every change: every card
with its budget sums, partners and next deadline (one statement), the filters' choices, and
a filtered reading; for comparison, the rule check of one screenful of cards (what the board
then runs in the background).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from grantdesk.services.board import BoardFilters, board_cards, board_options
from grantdesk.services.database import open_database
from grantdesk.services.proposal_check import check_proposals

LIMIT_S = 0.5  # a change on the board is shown well within a second, reading included
TODAY = date(2026, 3, 10)


def test_board_cards_on_the_large_demo(benchmark: Any, large_db: Path) -> None:
    db = open_database(large_db)
    board_cards(db, today=TODAY)  # warm the page cache and the statement cache
    board = benchmark(lambda: board_cards(db, today=TODAY))
    assert board.shown == board.stored >= 2_000
    assert sum(c.count for c in board.columns) == board.shown
    median = benchmark.stats.stats.median
    print(f"\nboard_cards, {board.shown} proposals: median {median * 1000:.0f} ms")
    assert median < LIMIT_S
    db.close()


def test_board_filtered_and_options(benchmark: Any, large_db: Path) -> None:
    db = open_database(large_db)
    options = board_options(db)
    chosen = BoardFilters(funder_id=options.funders[0][0], search="comunita", year=options.years[0])

    def read() -> Any:
        return board_cards(db, chosen, today=TODAY), board_options(db)

    board, _options = benchmark(read)
    assert board.stored >= 2_000 and board.shown < board.stored
    median = benchmark.stats.stats.median
    print(f"\nfiltered board + filter choices: median {median * 1000:.0f} ms")
    assert median < LIMIT_S
    db.close()


def test_rule_check_of_one_screenful(benchmark: Any, large_db: Path) -> None:
    db = open_database(large_db)
    board = board_cards(db, today=TODAY)
    in_sight = [c.id for column in board.columns for c in column.cards[:10]]  # ten a column
    started = time.perf_counter()
    checks = benchmark.pedantic(
        lambda: check_proposals(db, TODAY, in_sight), rounds=3, iterations=1
    )
    assert len(checks) == len(in_sight)
    print(
        f"\nrule check of {len(in_sight)} cards in sight: "
        f"median {benchmark.stats.stats.median * 1000:.0f} ms "
        f"({(time.perf_counter() - started) / 3 * 1000:.0f} ms a round)"
    )
    db.close()
