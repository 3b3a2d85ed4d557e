"""Hostile text in every field of the application: it still builds, shows the text literally
and opens no file or URL (the patterns of ``test_pdf_fuzz``, applied to the application).

Every ``str`` of ``ApplicationData`` — title, acronym, call, sections, partner names and
contacts, activity titles, indicator names, SWOT, budget lines, findings, checklist,
signatories — is drawn from markup fragments, emoji, 5,000-character words, right-to-left
scripts, empty strings and arbitrary Unicode; months and colours from any integer.
"""

from __future__ import annotations

import builtins
import dataclasses
import socket
import unicodedata
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grantdesk.exports.pdf.application import application_story
from grantdesk.exports.pdf.styles import stylesheet
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.services.application_data import ApplicationData
from tests.helpers.application_sample import application_sample
from tests.helpers.pdf import pages
from tests.unit.test_pdf_fuzz import FUZZ, HOSTILE, comparable, is_rtl, report, spelled_across


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string the application prints, with where it sits."""
    if isinstance(value, Enum):
        return  # a vocabulary code: the document prints its translated label
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            yield from strings(item, f"{path}[{n}]")
    elif dataclasses.is_dataclass(value):
        kind = type(value).__name__
        for f in dataclasses.fields(value):
            if kind == "Member" and f.name == "role" and value.lead:
                continue  # the lead's role reads "Lead applicant"
            if kind == "Signatory" and f.name == "role" and not value.name:
                continue  # no name: a blank line to fill in, no role either
            yield from strings(getattr(value, f.name), f"{path}.{f.name}")


def check(data: ApplicationData, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stylesheet()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to open {args!r}")

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", refuse)
        m.setattr(urllib.request, "urlopen", refuse)
        m.setattr(socket, "create_connection", refuse)
        m.setattr("reportlab.lib.utils.rlUrlRead", refuse)
        m.setattr("reportlab.lib.utils.open_for_read_by_name", refuse)
        built = build(application_story, data, BuildOptions(lang, date(2026, 11, 22)))
    assert built.pages >= 2
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


@FUZZ
@given(data=report(ApplicationData), lang=st.sampled_from(["it", "en"]))
def test_the_application_survives_hostile_text(
    data: ApplicationData, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(data, lang, monkeypatch)


def fill(value: Any, text: str) -> Any:
    """*value* with every string inside it replaced by *text*."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return text
    if isinstance(value, tuple):
        return tuple(fill(v, text) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: fill(getattr(value, f.name), text) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_string_in_every_field_at_once(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixed list, in every field of a full application (hypothesis mixes them)."""
    data = fill(application_sample(lines=6, activities=4, partners=2, sections=2), value)
    check(data, "it", monkeypatch)


def test_the_reflection_reaches_every_part() -> None:
    """The generator is not vacuous: drawn applications have text in the nested fields."""
    import re

    found: set[str] = set()

    @FUZZ
    @given(report(ApplicationData))
    def collect(data: ApplicationData) -> None:
        found.update(re.sub(r"\[\d+\]", "[]", w) for w, _v in strings(data))

    collect()
    assert {
        ".cover.title",
        ".members[].name",
        ".sections[].body",
        ".activities[].title",
        ".indicators[].name",
        ".swot.threats",
        ".budget.lines[].description",
        ".findings[].message",
        ".signatories[].organization",
    } <= found
