"""Italian and English documents each speak one language: no label of the other one, checked
against the catalogue (every msgid the PDF modules use, and the vocabulary labels)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from grantdesk.domain.vocab import DeadlineKind, LegalForm, ProposalStatus
from grantdesk.exports.pdf.application import application_story
from grantdesk.exports.pdf.codesign_agreement import agreement_story
from grantdesk.exports.pdf.codesign_minutes import minutes_story
from grantdesk.exports.pdf.codesign_monitoring import monitoring_story
from grantdesk.exports.pdf.deadlines import deadlines_story
from grantdesk.exports.pdf.organization_sheet import organization_story
from grantdesk.exports.pdf.pipeline import pipeline_story
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.i18n import load_catalogue, set_language
from tests.helpers.application_sample import application_sample
from tests.helpers.codesign_samples import agreement_sample, minutes_sample, monitoring_sample
from tests.helpers.pdf import pdf_text, squeeze
from tests.helpers.report_samples import deadlines_sample, organization_sample, pipeline_sample

PDF_PACKAGE = Path(__file__).resolve().parents[2] / "grantdesk" / "exports" / "pdf"
STORIES: list[tuple[Callable[..., Any], Callable[[], Any]]] = [
    (pipeline_story, pipeline_sample),
    (deadlines_story, deadlines_sample),
    (organization_story, organization_sample),
    (application_story, application_sample),
    (minutes_story, minutes_sample),
    (agreement_story, agreement_sample),
    (monitoring_story, monitoring_sample),
]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def pdf_msgids() -> set[str]:
    """Every literal the PDF modules pass to ``_`` or ``ngettext``."""
    found = set()
    for path in PDF_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "ngettext"}:
                found.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return found


def vocabulary() -> list[tuple[str, str]]:
    """(English, Italian) label of every status, deadline kind and legal form."""
    members = [*ProposalStatus, *DeadlineKind, *LegalForm]
    set_language("en")
    english = [m.label for m in members]
    set_language("it")
    italian = [m.label for m in members]
    set_language("en")
    return list(zip(english, italian, strict=True))


def labels() -> list[tuple[str, str]]:
    catalogue = load_catalogue("it")
    pairs = [(m, catalogue.get(m, m)) for m in sorted(pdf_msgids())]
    return pairs + vocabulary()


def fragments(text: str) -> Iterator[str]:
    """The fixed words of a label, squeezed, long enough to mean something (≥ 5 letters)."""
    for piece in PLACEHOLDER.split(text):
        piece = squeeze(piece).strip(".:;,·()–-…")
        if sum(ch.isalpha() for ch in piece) >= 5:
            yield piece


def built_text(lang: str) -> str:
    texts = []
    for story, sample in STORIES:
        document = build(story, sample(), BuildOptions(lang, date(2026, 11, 18)))
        texts.append(squeeze(pdf_text(document.data)))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return {"it": built_text("it"), "en": built_text("en")}


def test_every_pdf_label_has_an_italian_translation() -> None:
    catalogue = load_catalogue("it")
    assert pdf_msgids() - set(catalogue) == set()


def test_the_english_documents_hold_no_italian_label(documents: dict[str, str]) -> None:
    english = documents["en"]
    leaks = sorted(
        {
            piece
            for en, it in labels()
            if it != en
            for piece in fragments(it)
            if piece not in squeeze(en) and piece in english
        }
    )
    assert leaks == []


def test_the_italian_documents_hold_no_english_label(documents: dict[str, str]) -> None:
    italian = documents["it"]
    every_italian = "\n".join(squeeze(it) for _en, it in labels())
    leaks = sorted(
        {
            piece
            for en, it in labels()
            if it != en
            for piece in fragments(en)
            if piece not in every_italian and piece in italian
        }
    )
    assert leaks == []


def test_most_labels_really_are_printed(documents: dict[str, str]) -> None:
    """Not vacuous: the samples bring most translated labels onto the page."""
    catalogue = load_catalogue("it")
    pieces = {p for m in pdf_msgids() for p in fragments(catalogue.get(m, m))}
    shown = {p for p in pieces if p in documents["it"]}
    assert len(shown) >= 0.7 * len(pieces), sorted(pieces - shown)
    for must in ("Pagina1di", "Progettiperstato", "Settimana", "Anagrafica", "Giàcompletate"):
        assert must in documents["it"], must
    for must in ("Page1of", "Proposalsbystatus", "Week", "Registerentry", "Donealready"):
        assert must in documents["en"], must


def test_numbers_and_dates_follow_the_document_language(documents: dict[str, str]) -> None:
    assert "€20.000,10" in documents["it"] and "€20,000.10" in documents["en"]
    assert "18/11/2026" in documents["it"] and "2026-11-18" in documents["en"]
    assert "18/11/2026" not in documents["en"] and "€20.000,10" not in documents["en"]
