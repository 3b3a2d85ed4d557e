"""Finding partners on the large example database (5,000 bodies, 2,000 proposals): a page
of the finder with its count, and who could partner on a call, each under 100 ms.

SQLite uses ``large_db`` (``GRANTDESK_BENCH_DB`` reuses a built one); set
``GRANTDESK_BENCH_PG_URL`` to a PostgreSQL database holding the large demo to measure
PostgreSQL too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Text, cast, select

from grantdesk.db.models import Call
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.dashboard import today_in_rome
from grantdesk.services.database import open_database
from grantdesk.services.partners import (
    DocumentState,
    PartnerFilter,
    partners_for_call,
    search_partners,
)

LIMIT_MS = 100.0
FILTERS = {
    "everyone": PartnerFilter(),
    "territory Lombardia": PartnerFilter(territory="Lombardia"),
    "territory PV": PartnerFilter(territory="PV"),
    "themes": PartnerFilter(themes=("povertà", "anziani")),
    "legal forms": PartnerFilter(legal_forms=(LegalForm.ODV, LegalForm.APS)),
    "no papers": PartnerFilter(documents=DocumentState.NONE),
    "search": PartnerFilter(search="cooperativa"),
    "all together": PartnerFilter(
        themes=("povertà", "anziani"),
        territory="Lombardia",
        legal_forms=(LegalForm.ODV, LegalForm.APS),
        documents=DocumentState.NONE,
        search="a",
    ),
}


@pytest.fixture(scope="module", params=["sqlite", "pg"])
def partners_db(request: pytest.FixtureRequest) -> Iterator[Any]:
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


@pytest.mark.parametrize("name", list(FILTERS))
def test_finder_page_and_count(benchmark, partners_db, name: str) -> None:  # type: ignore[no-untyped-def]
    wanted, today = FILTERS[name], today_in_rome()
    first = search_partners(partners_db, wanted, today)  # warm up
    assert first.total > 0 or name == "all together"
    benchmark.pedantic(
        search_partners, args=(partners_db, wanted, today), rounds=20, warmup_rounds=2
    )
    median = _median_ms(benchmark)
    print(f"\n{partners_db.dialect} search_partners {name}: {first.total} bodies, {median:.1f} ms")
    assert median <= LIMIT_MS


def test_finder_deep_page(benchmark, partners_db) -> None:  # type: ignore[no-untyped-def]
    today = today_in_rome()
    rows = benchmark.pedantic(
        search_partners,
        args=(partners_db, PartnerFilter(), today),
        kwargs={"offset": 4000},
        rounds=20,
        warmup_rounds=2,
    ).rows
    assert rows
    print(f"\n{partners_db.dialect} search_partners offset 4000: {_median_ms(benchmark):.1f} ms")
    assert _median_ms(benchmark) <= LIMIT_MS


def _call_where(db: Any, *where: Any) -> int:
    with db.reading() as s:
        return int(s.scalars(select(Call.id).where(*where).order_by(Call.id).limit(1)).one())


def _nationwide_call(db: Any) -> int:
    """A call open to anyone anywhere: every body of the register is ranked."""
    return _call_where(db, Call.territory == "Italia", cast(Call.eligible_forms, Text) == "[]")


def _widest_call(db: Any) -> int:
    """A call open to anyone in a whole region (Lombardy: the most bodies of a region)."""
    return _call_where(
        db, Call.territory == "Regione Lombardia", cast(Call.eligible_forms, Text) == "[]"
    )


def _first_call(db: Any) -> int:
    """The Vigevano and Lomellina call of the small demo (ODV, APS, social enterprises)."""
    return _call_where(db, Call.title.startswith("Fondo per il sociale 2026"))


@pytest.mark.parametrize("which", ["nationwide", "widest", "first"])
def test_who_could_partner_on_a_call(benchmark, partners_db, which: str) -> None:  # type: ignore[no-untyped-def]
    call_id = {"nationwide": _nationwide_call, "widest": _widest_call}.get(which, _first_call)(
        partners_db
    )
    today = today_in_rome()
    result = partners_for_call(partners_db, call_id, today, limit=200)
    assert result.partners
    benchmark.pedantic(
        partners_for_call,
        args=(partners_db, call_id, today),
        kwargs={"limit": 200},
        rounds=20,
        warmup_rounds=2,
    )
    median = _median_ms(benchmark)
    print(
        f"\n{partners_db.dialect} partners_for_call {which} ({result.territory}): "
        f"{result.total} bodies ranked, {median:.1f} ms"
    )
    assert median <= LIMIT_MS
