"""Start-up to first painted window on the large database, against a bare PySide6 window.

Targets (issue 2): ratio ≤ 3× the bare window, peak memory ≤ 250 MB. Both programs run
alternately in the same session, five times each; medians are compared.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from tests.benchmarks.conftest import run_process

BARE = Path(__file__).with_name("bare_window.py")
ROUNDS = 5


def test_startup_ratio_and_memory(benchmark, large_db: Path) -> None:  # type: ignore[no-untyped-def]
    bare, app, paints = [], [], []
    for _ in range(ROUNDS):
        bare.append(run_process([sys.executable, str(BARE)]))
        run = run_process(
            [sys.executable, "-m", "grantdesk", "--db", str(large_db)],
            env={"GRANTDESK_EXIT_AFTER_PAINT": "1"},
        )
        app.append(run)
        paints.append(run.stdout.strip().splitlines()[-1])
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    peak = max(r.peak_rss_mib for r in app)
    ratio = app_s / bare_s
    print(
        f"\nbare window {bare_s:.3f} s (peak {max(r.peak_rss_mib for r in bare):.0f} MiB); "
        f"GrantDesk on large db {app_s:.3f} s (peak {peak:.0f} MiB); ratio {ratio:.2f}×\n"
        f"GrantDesk's own timings: {paints}"
    )
    benchmark.extra_info.update(bare_s=bare_s, app_s=app_s, ratio=ratio, peak_mib=peak)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert ratio <= 3.0
    assert peak <= 250
