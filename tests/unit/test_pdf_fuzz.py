"""Hostile text in every field of every report: each still builds, shows the text literally
and opens no file or URL.

Every ``str`` field of the report dataclasses (found by reflection, nested ones included)
gets text drawn from markup fragments (``<``, ``&``, ``</para>``, ``<img src=…>``,
``<font size=99>``), emoji, 5,000-character words, right-to-left scripts, empty strings and
arbitrary Unicode. "Literally" is checked with ``pdftotext`` for what can be checked:
characters the font lacks are shown as U+FFFD by design, right-to-left runs are compared
as a bag of letters (reportlab draws them in logical order and poppler reorders them), and
a long value split over several pages must spell itself out page after page.
"""

from __future__ import annotations

import builtins
import dataclasses
import re
import socket
import types
import typing
import unicodedata
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from grantdesk.exports.pdf.deadlines import deadlines_story
from grantdesk.exports.pdf.organization_sheet import organization_story
from grantdesk.exports.pdf.pipeline import pipeline_story
from grantdesk.exports.pdf.styles import stylesheet
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.exports.pdf.text import clean
from grantdesk.services import dashboard, report_data
from grantdesk.services.report_data import (
    DeadlinesReport,
    OrganizationSheet,
    PipelineReport,
    Results,
)
from tests.helpers.pdf import pages

HOSTILE = [
    "<",
    "&",
    "R&S",
    "a<b>c",
    "</para>",
    "<para>",
    '<img src="/etc/passwd"/>',
    '<img src="http://example.com/x.png" width="900"/>',
    "<font size=99>ENORME</font>",
    '<a href="javascript:alert(1)">clic</a>',
    "&nbsp;&amp;&#60;&#x3c;",
    "]]><!--",
    "😀 👍🏽 🇮🇹",
    "مؤسسة الخير للتضامن",
    "עמותת שלום",
    "",
    " ",
    "\n\n\n",
    "x" * 5000,
    "Cooperativa “L’Aquilone” – € 1.234,56",
    "a\tb\x00c\x1bd\u2028e",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.lists(st.sampled_from(HOSTILE[:12]), min_size=1, max_size=4).map(" ".join),
)
DAY = st.dates(date(2020, 1, 1), date(2030, 12, 31))
MONEY = st.decimals(0, 10_000_000, places=2, allow_nan=False, allow_infinity=False)
SKIP = {("DocumentOnFile", "kind")}  # stored, not printed


def _results() -> st.SearchStrategy[Results]:
    counts = st.integers(0, 40)
    return st.builds(
        lambda a, r, p, req, obt: Results(a + r + p, a, r, req, obt),
        counts,
        counts,
        counts,
        MONEY,
        MONEY,
    )


def strategy_for(kind: Any, owner: type) -> st.SearchStrategy[Any]:
    """A strategy for a field of type *kind* (resolved hints of a report dataclass)."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return st.one_of(st.none(), *(strategy_for(a, owner) for a in options))
    if origin is tuple:
        inner = typing.get_args(kind)[0]
        return st.lists(
            strategy_for(inner, owner), max_size=12 if inner is dashboard.FunderResult else 4
        ).map(tuple)
    if kind is str:
        return TEXT
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(-400, 400) if owner is dashboard.DueItem else st.integers(0, 9999)
    if kind is Decimal:
        return MONEY
    if kind is datetime:
        return st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))
    if kind is date:
        return DAY
    if kind is Results:
        return _results()
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    if dataclasses.is_dataclass(kind):
        return report(kind)
    raise TypeError(f"no strategy for {kind!r} in {owner.__name__}")


def report(cls: type) -> st.SearchStrategy[Any]:
    """Instances of the dataclass *cls*, every field drawn (hostile text in every str)."""
    module = __import__(cls.__module__, fromlist=["_"])
    hints = typing.get_type_hints(cls, vars(module))
    fields = {f.name: strategy_for(hints[f.name], cls) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every printed string inside *value*, with where it sits (for the message)."""
    if isinstance(value, Enum):
        return  # a vocabulary code: the document prints its translated label
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            yield from strings(item, f"{path}[{n}]")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if (type(value).__name__, f.name) in SKIP:
                continue
            if type(value).__name__ == "Participation" and f.name == "role" and value.lead:
                continue  # a lead shows "Lead applicant", not its role text
            yield from strings(getattr(value, f.name), f"{path}.{f.name}")


def comparable(text: str) -> str:
    """What pdftotext can give back verbatim: no spaces, controls, format or combining marks.

    Hyphens go too: poppler joins a line that ends in "-" to the next and drops the hyphen.
    """
    text = unicodedata.normalize("NFKC", clean(text)).replace("-", "").replace("\u2010", "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CMZ")


def is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in {"R", "AL"} for ch in text)


def spelled_across(expected: str, page_texts: list[str]) -> bool:
    """*expected* appears whole, or in consecutive pieces on consecutive pages."""
    rest = expected
    for page in page_texts:
        if not rest:
            break
        low, high = 0, len(rest)
        while low < high:  # the longest prefix of what is left that this page shows
            middle = (low + high + 1) // 2
            if rest[:middle] in page:
                low = middle
            else:
                high = middle - 1
        rest = rest[low:]
    return not rest


def check(data: Any, story: Callable[..., Any], lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stylesheet()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to open {args!r}")

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", refuse)
        m.setattr(urllib.request, "urlopen", refuse)
        m.setattr(socket, "create_connection", refuse)
        m.setattr("reportlab.lib.utils.rlUrlRead", refuse)
        m.setattr("reportlab.lib.utils.open_for_read_by_name", refuse)
        built = build(story, data, BuildOptions(lang, date(2026, 11, 22)))
    assert built.pages >= 1
    texts = [comparable(p) for p in pages(built.data, raw=True)]
    whole = "".join(texts)
    for where, value in strings(data):
        visible = comparable(value)
        if not visible:
            continue
        if is_rtl(value):
            letters = Counter(ch for ch in visible if unicodedata.category(ch)[0] == "L")
            assert not letters - Counter(whole), (where, value)
        else:
            assert spelled_across(visible, texts), (where, value)


# Each example builds and reads a PDF (~0.3 s): shrinking a failure would take many
# minutes, so hypothesis reports the failing example as found.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@FUZZ
@given(data=report(PipelineReport), lang=st.sampled_from(["it", "en"]))
def test_pipeline_report_survives_hostile_text(
    data: PipelineReport, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(data, pipeline_story, lang, monkeypatch)


@FUZZ
@given(data=report(DeadlinesReport), lang=st.sampled_from(["it", "en"]))
def test_deadlines_report_survives_hostile_text(
    data: DeadlinesReport, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(data, deadlines_story, lang, monkeypatch)


@FUZZ
@given(data=report(OrganizationSheet), lang=st.sampled_from(["it", "en"]))
def test_organization_sheet_survives_hostile_text(
    data: OrganizationSheet, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(data, organization_story, lang, monkeypatch)


@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_string_in_every_field_of_the_organization_sheet(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixed list, in every field at once (hypothesis mixes them; this covers each)."""
    entry = report_data.RegisterEntry(
        1, value, report_data.LegalForm.APS, value, value, value, date(2024, 1, 1), value,
        value, value, value, value, value, value, 3, 1, (value, value), value,
    )  # fmt: skip
    doc = report_data.DocumentOnFile(
        value, value, None, date(2026, 12, 1), report_data.DocumentState.EXPIRING
    )
    part = report_data.Participation(
        1, value, value, value, value, False, value, report_data.ProposalStatus.AWARDED,
        date(2025, 3, 1), Decimal("1000.00"), Decimal("900.00"), Decimal("10.00"),
    )  # fmt: skip
    sheet = OrganizationSheet(
        date(2026, 11, 22),
        entry,
        (report_data.Contact(value, value, value, value),),
        (doc,),
        (part,),
    )
    check(sheet, organization_story, "it", monkeypatch)


def test_the_reflection_reaches_every_text_field() -> None:
    """The generator is not vacuous: a drawn organization sheet has text in nested fields."""
    found: set[str] = set()

    @settings(max_examples=30, deadline=None)
    @given(report(OrganizationSheet))
    def collect(sheet: OrganizationSheet) -> None:
        found.update(re.sub(r"\[\d+\]", "[]", w) for w, _v in strings(sheet))

    collect()
    assert {
        ".entry.name",
        ".entry.notes",
        ".contacts[].email",
        ".documents[].title",
        ".history[].call",
    } <= found
