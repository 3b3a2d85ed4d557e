"""Start-up to first painted window on the large database, against a bare PySide6 window.

Targets (issue 2): ratio ≤ 3× the bare window, peak memory ≤ 250 MB. The bare window,
GrantDesk quitting at its first paint, and GrantDesk quitting once Home shows its data
run alternately in the same session, seven times each; medians are compared. All three
leave with ``os._exit`` right after painting, so only start-up is measured.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from tests.benchmarks.conftest import Run, run_process

BARE = Path(__file__).with_name("bare_window.py")
ROUNDS = 7


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def test_startup_ratio_and_memory(benchmark, large_db: Path) -> None:  # type: ignore[no-untyped-def]
    bare: list[Run] = []
    first: list[Run] = []
    data: list[Run] = []
    app = [sys.executable, "-m", "grantdesk", "--db", str(large_db)]
    for _ in range(ROUNDS):
        bare.append(run_process([sys.executable, str(BARE)]))
        first.append(run_process(app, env={"GRANTDESK_EXIT_AFTER_PAINT": "first"}))
        data.append(run_process(app, env={"GRANTDESK_EXIT_AFTER_PAINT": "data"}))
    bare_s, first_s, data_s = _median(bare), _median(first), _median(data)
    peak = max(r.peak_rss_mib for r in first + data)
    print(
        f"\nbare PySide6 window: {bare_s:.3f} s, peak {max(r.peak_rss_mib for r in bare):.0f} MiB"
        f"\nGrantDesk, window painted: {first_s:.3f} s = {first_s / bare_s:.2f}× bare"
        f"\nGrantDesk, Home showing the large database's data: {data_s:.3f} s = "
        f"{data_s / bare_s:.2f}× bare; peak {peak:.0f} MiB"
        f"\nGrantDesk's own clock (since process start): {data[-1].stdout.strip()}"
    )
    benchmark.extra_info.update(
        bare_s=bare_s, first_paint_s=first_s, data_paint_s=data_s, peak_mib=peak
    )
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert first_s / bare_s <= 3.0
    assert peak <= 250
