"""PDF build speed: a long organization sheet, and the reports on the large example database.

Run with ``pytest tests/benchmarks/test_pdf.py --benchmark-only -s``; the figures are printed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from grantdesk.exports.pdf.deadlines import build_deadlines
from grantdesk.exports.pdf.organization_sheet import build_organization_sheet, organization_story
from grantdesk.exports.pdf.pipeline import build_pipeline
from grantdesk.exports.pdf.templates import BuildOptions, BuiltDocument, build
from grantdesk.services.database import open_database
from tests.helpers.report_samples import organization_sample

OPTIONS = BuildOptions("it", date(2026, 11, 22))


def timed(make: Callable[[], BuiltDocument], rounds: int = 3) -> tuple[float, BuiltDocument]:
    make()  # warm: fonts registered, modules imported
    times, document = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        document = make()
        times.append(time.perf_counter() - started)
    assert document is not None
    return statistics.median(times), document


def report(benchmark: Any, label: str, seconds: float, document: BuiltDocument) -> None:
    print(
        f"\n{label}: {seconds:.2f} s, {document.pages} pages, {len(document.data) / 1024:.0f} KiB"
    )
    benchmark.extra_info["seconds"] = seconds
    benchmark.extra_info["pages"] = document.pages
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


def test_organization_sheet_with_300_proposals(benchmark: Any) -> None:
    sheet = organization_sample(history=300)
    seconds, document = timed(lambda: build(organization_story, sheet, OPTIONS))
    report(benchmark, "organization sheet, 300 history rows", seconds, document)
    assert seconds < 1.5


@pytest.fixture(scope="module")
def large(large_db: Path) -> Any:
    db = open_database(large_db)
    yield db
    db.close()


def test_pipeline_report_on_the_large_demo(benchmark: Any, large: Any) -> None:
    seconds, document = timed(lambda: build_pipeline(large, None, OPTIONS))
    report(benchmark, "pipeline report, large demo, all years", seconds, document)
    assert seconds < 5.0


def test_deadlines_quarter_on_the_large_demo(benchmark: Any, large: Any) -> None:
    first = OPTIONS.today()
    seconds, document = timed(
        lambda: build_deadlines(large, first, first + timedelta(days=90), None, OPTIONS), rounds=1
    )
    report(benchmark, "deadlines report, large demo, 90 days", seconds, document)
    assert seconds < 30.0


def test_busiest_organization_sheet_on_the_large_demo(benchmark: Any, large: Any) -> None:
    from sqlalchemy import func, select

    from grantdesk.db.models import ProposalPartner

    with large.reading() as s:
        org_id = s.execute(
            select(ProposalPartner.organization_id)
            .group_by(ProposalPartner.organization_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
    seconds, document = timed(lambda: build_organization_sheet(large, org_id, OPTIONS))
    report(benchmark, "busiest organization sheet, large demo", seconds, document)
    assert seconds < 1.5
