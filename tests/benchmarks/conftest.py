"""Benchmarks: whole-process measurements on the large example database.

Run with ``pytest tests/benchmarks --benchmark-only -s``; the normal test run skips them.
The large database is built once per run (``grantdesk demo --size large``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float
    stdout: str


def run_process(args: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> Run:
    """Run *args*, returning wall time (spawn to exit) and the child's own peak RSS."""
    full_env = os.environ | {"QT_QPA_PLATFORM": "offscreen"} | (env or {})
    # Files, not pipes: a child writing more than a pipe holds would block while we wait4.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=full_env, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    assert proc.returncode == 0, f"{args} failed: {stderr}"
    return Run(elapsed, usage.ru_maxrss / 1024, stdout)


@pytest.fixture(scope="session")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cached = os.environ.get("GRANTDESK_BENCH_DB")
    if cached and Path(cached).exists():
        return Path(cached)
    path = tmp_path_factory.mktemp("bench") / "large.db"
    run = run_process(
        [sys.executable, "-m", "grantdesk", "demo", "--size", "large", "--db", str(path)],
        timeout=600,
    )
    print(f"\nlarge demo database built in {run.seconds:.1f} s, peak {run.peak_rss_mib:.0f} MiB")
    return path
