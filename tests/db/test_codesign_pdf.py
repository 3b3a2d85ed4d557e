"""The co-design documents as printed: the agreement's totals equal the editor's to the cent
(read back with pdftotext), every document speaks one language, rebuilds byte for byte with
a fixed date, and shows hostile text literally."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from grantdesk.db.models import CoDesignProcess, Meeting
from grantdesk.domain.money import format_eur, format_percent
from grantdesk.domain.vocab import CommitmentKind
from grantdesk.exports.pdf.codesign_agreement import agreement_story, build_agreement
from grantdesk.exports.pdf.codesign_minutes import build_minutes, minutes_story
from grantdesk.exports.pdf.codesign_monitoring import build_monitoring, monitoring_story
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.i18n import load_catalogue, set_language
from grantdesk.services.codesign_documents import (
    agreement_data,
    meeting_minutes_data,
    monitoring_data,
)
from grantdesk.services.codesign_reading import load_overview
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from tests.helpers.pdf import pdf_text, squeeze

TODAY = date(2026, 11, 22)
FIXED = BuildOptions("it", TODAY)
ROOT = Path(__file__).resolve().parents[2] / "grantdesk"
MODULES = [
    ROOT / "exports" / "pdf" / f"codesign_{name}.py"
    for name in ("common", "minutes", "agreement", "monitoring")
] + [ROOT / "services" / "codesign_documents.py"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
MONEY = re.compile(r"€([\d.]+,\d\d)")


@pytest.fixture
def demo(db: Database) -> dict[str, Any]:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        rows = s.execute(select(CoDesignProcess.title, CoDesignProcess.id)).all()
        reno = next(i for t, i in rows if "Reno Galliera" in t)
        punto = next(i for t, i in rows if "Punto per Te" in t)
        meeting = s.scalar(select(Meeting.id).where(Meeting.process_id == reno))
    return {"db": db, "reno": reno, "punto": punto, "meeting": meeting}


def _euro(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@pytest.mark.parametrize("which", ["reno", "punto"])
def test_the_agreement_prints_the_editor_totals_to_the_cent(
    demo: dict[str, Any], which: str
) -> None:
    db, pid = demo["db"], demo[which]
    shown = load_overview(db, pid, TODAY).totals  # what the editor's Commitments tab shows
    data = agreement_data(db, pid)
    text = squeeze(pdf_text(build_agreement(db, pid, FIXED).data, raw=True))
    by_party = text[text.index("Perparte") : text.index("Pertipodirisorsa")]
    printed: dict[int, Decimal] = {}
    for party in data.parties:
        after = by_party[by_party.index(squeeze(party.name)) + len(squeeze(party.name)) :]
        found = MONEY.search(after)
        assert found is not None, party.name
        printed[party.organization_id] = _euro(found.group(1))
    assert printed == {
        p.organization_id: shown.by_body.get(p.organization_id, Decimal("0.00"))
        for p in data.parties
    }
    assert sum(printed.values(), Decimal(0)) == shown.total > 0
    assert f"Totale{squeeze(format_eur(shown.total, 'it'))}" in by_party
    # each party's own commitments table ends with the same total
    for party in data.parties:
        if party.commitments:
            assert f"Totale{squeeze(format_eur(party.total, 'it'))}" in text
    # the public and third-sector shares, as on screen
    for share in (shown.public_share, shown.third_sector_share):
        assert squeeze(format_percent(share, 1, "it")) in text


def _msgids() -> set[str]:
    found = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "ngettext"}:
                found.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return found


def _labels() -> list[tuple[str, str]]:
    catalogue = load_catalogue("it")
    pairs = [(m, catalogue.get(m, m)) for m in sorted(_msgids())]
    set_language("en")
    english = [k.label for k in CommitmentKind]
    set_language("it")
    italian = [k.label for k in CommitmentKind]
    set_language("en")
    return pairs + list(zip(english, italian, strict=True))


def _fragments(text: str) -> Iterator[str]:
    for piece in PLACEHOLDER.split(text):
        piece = squeeze(piece).strip(".:;,·()–-…")
        if sum(ch.isalpha() for ch in piece) >= 5:
            yield piece


def _strings(value: object) -> Iterator[str]:
    """Every string inside a data object (what people typed may hold any word)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def _documents(demo: dict[str, Any]) -> list[tuple[Callable[..., Any], Callable[..., Any], int]]:
    db = demo["db"]
    return [
        (lambda i: meeting_minutes_data(db, i), minutes_story, demo["meeting"]),
        *((lambda i: agreement_data(db, i), agreement_story, demo[w]) for w in ("reno", "punto")),
        *((lambda i: monitoring_data(db, i), monitoring_story, demo[w]) for w in ("reno", "punto")),
    ]


def _built(demo: dict[str, Any], lang: str) -> tuple[str, str]:
    """The squeezed text of every document in *lang*, and of the data typed into them."""
    texts, typed = [], []
    for read, story, record in _documents(demo):

        def compose(rid: int, options: BuildOptions, read: Any = read, story: Any = story) -> Any:
            data = read(rid)
            typed.extend(_strings(data))
            return story(data, options)

        document = build(compose, record, BuildOptions(lang, TODAY))
        texts.append(squeeze(pdf_text(document.data)))
    return "\n".join(texts), squeeze("\n".join(typed))


def test_every_document_speaks_one_language(demo: dict[str, Any]) -> None:
    english, typed_en = _built(demo, "en")
    italian, _typed = _built(demo, "it")
    labels = _labels()
    every_italian = "\n".join(squeeze(it) for _en, it in labels)
    italian_leaks = sorted(
        {
            piece
            for en, it in labels
            if it != en
            for piece in _fragments(it)
            if piece not in squeeze(en) and piece in english and piece not in typed_en
        }
    )
    english_leaks = sorted(
        {
            piece
            for en, it in labels
            if it != en
            for piece in _fragments(en)
            if piece not in every_italian and piece in italian
        }
    )
    assert italian_leaks == [] and english_leaks == []
    for must in ("Accordodicollaborazione", "Relazionedimonitoraggio", "Ordinedelgiorno"):
        assert must in italian, must
    for must in ("Partnershipagreement", "Monitoringreport", "Agenda", "Page1of"):
        assert must in english, must
    assert "€197.860,00" in italian and "€197,860.00" in english  # Reno Galliera's total


def test_same_data_same_bytes_with_a_fixed_date(demo: dict[str, Any]) -> None:
    db = demo["db"]
    builders = [
        (build_minutes, demo["meeting"]),
        (build_agreement, demo["reno"]),
        (build_monitoring, demo["punto"]),
    ]
    for builder, record in builders:
        first = builder(db, record, FIXED)
        assert first.data == builder(db, record, FIXED).data
        assert first.pages >= 1
        assert first.data != builder(db, record, BuildOptions("en", TODAY)).data


HOSTILE = [
    "a<b>c & R&S",
    "</para><para>",
    '<img src="/etc/passwd"/>',
    "<font size=99>ENORME</font>",
    "&nbsp;&amp;&#60;",
    "Cooperativa “L’Aquilone” – € 1.234,56",
]


def test_hostile_text_is_shown_literally(demo: dict[str, Any]) -> None:
    db = demo["db"]
    minutes = meeting_minutes_data(db, demo["meeting"])
    minutes = dataclasses.replace(
        minutes,
        agenda=HOSTILE[0],
        minutes="\n".join(HOSTILE[1:4]),
        decisions=HOSTILE[4],
        place=HOSTILE[5],
    )
    agreement = agreement_data(db, demo["reno"])
    party = agreement.parties[1]
    hostile_party = dataclasses.replace(
        party,
        name=HOSTILE[3],
        commitments=tuple(
            dataclasses.replace(c, description=HOSTILE[2]) for c in party.commitments
        ),
    )
    agreement = dataclasses.replace(
        agreement, parties=(agreement.parties[0], hostile_party, *agreement.parties[2:])
    )
    monitoring = monitoring_data(db, demo["reno"])
    series = monitoring.indicators[0]
    points = tuple(dataclasses.replace(p, note=HOSTILE[1]) for p in series.points)
    monitoring = dataclasses.replace(
        monitoring,
        indicators=(dataclasses.replace(series, name=HOSTILE[0], points=points),),
    )
    cases = [
        (minutes_story, minutes, HOSTILE),
        (agreement_story, agreement, [HOSTILE[2], HOSTILE[3]]),
        (monitoring_story, monitoring, [HOSTILE[0], HOSTILE[1]]),
    ]
    for story, data, expected in cases:
        text = squeeze(pdf_text(build(story, data, FIXED).data))
        for value in expected:
            assert squeeze(value) in text, value
