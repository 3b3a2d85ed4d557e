"""The application in Italian and in English: each speaks one language — no label of the
other one, checked against the translation catalogue (every msgid of the application's
modules and the vocabulary labels it prints) — and numbers and dates follow it."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from grantdesk.domain.vocab import AttachmentState, BudgetCategory, FundingSource, LegalForm
from grantdesk.exports.pdf.application import application_story
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.i18n import load_catalogue, set_language
from grantdesk.services.application_data import Budget, Cover, Swot
from tests.helpers.application_sample import application_sample
from tests.helpers.pdf import pdf_info, pdf_text, squeeze
from tests.unit.test_pdf_languages import fragments

PDF = Path(__file__).resolve().parents[2] / "grantdesk" / "exports" / "pdf"
MODULES = [PDF / "application.py", PDF / "application_budget.py", PDF / "templates.py"]
DAY = date(2026, 11, 18)


def msgids() -> set[str]:
    """Every literal the application's modules (and the page template) pass to ``_``."""
    found = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "ngettext"}:
                found.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return found


def vocabulary() -> list[tuple[str, str]]:
    members = [*LegalForm, *FundingSource, *BudgetCategory, *AttachmentState]
    set_language("en")
    english = [m.label for m in members]
    set_language("it")
    italian = [m.label for m in members]
    set_language("en")
    return list(zip(english, italian, strict=True))


def labels() -> list[tuple[str, str]]:
    catalogue = load_catalogue("it")
    return [(m, catalogue.get(m, m)) for m in sorted(msgids())] + vocabulary()


def empty_sample() -> object:
    """The same application with nothing written yet: every "not yet" sentence shows."""
    full = application_sample()
    budget = Budget(Decimal(0), Decimal(0), Decimal(0), None, None, (), (), (), ())
    cover = dataclasses.replace(full.cover, call_title="", call_code="", lead="", start_on=None)
    return dataclasses.replace(
        full,
        cover=cover,
        summary="",
        members=(),
        sections=(),
        objectives=(),
        activities=(),
        indicators=(),
        swot=Swot("", "", "", ""),
        budget=budget,
        has_call=False,
        findings=(),
        checklist=(),
        signatories=(),
    )


def no_findings_sample() -> object:
    return dataclasses.replace(application_sample(sections=1), findings=())


def built_text(lang: str) -> str:
    texts = []
    for sample in (application_sample(), empty_sample(), no_findings_sample()):
        document = build(application_story, sample, BuildOptions(lang, DAY))
        texts.append(squeeze(pdf_text(document.data)))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return {"it": built_text("it"), "en": built_text("en")}


def test_every_label_has_an_italian_translation() -> None:
    assert msgids() - set(load_catalogue("it")) == set()


def test_the_english_application_holds_no_italian_label(documents: dict[str, str]) -> None:
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


def test_the_italian_application_holds_no_english_label(documents: dict[str, str]) -> None:
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


def test_nearly_every_label_is_printed(documents: dict[str, str]) -> None:
    """Not vacuous: the samples bring the labels onto the page in both languages."""
    catalogue = load_catalogue("it")
    for lang, text in documents.items():
        pieces = {
            p for m in msgids() for p in fragments(catalogue.get(m, m) if lang == "it" else m)
        }
        missing = sorted(p for p in pieces if p not in text)
        assert len(missing) <= 0.1 * len(pieces), (lang, missing)
    for must in ("Domandadicontributo", "Cronoprogramma", "Firmadellegalerappresentante",
                 "Perfontedicopertura", "Nessunaregoladelbandoèviolata.", "AnalisiSWOT"):  # fmt: skip
        assert must in documents["it"], must
    for must in ("Applicationforfunding", "Timeline", "Signatureofthelegalrepresentative",
                 "Byfundingsource", "Noruleofthecallisbroken.", "SWOTanalysis"):  # fmt: skip
        assert must in documents["en"], must


def test_numbers_and_dates_follow_the_document_language(documents: dict[str, str]) -> None:
    sample = application_sample()
    total = sample.budget.grand_total
    from grantdesk.domain.money import format_eur

    assert squeeze(format_eur(total, "it")) in documents["it"]
    assert squeeze(format_eur(total, "en")) in documents["en"]
    assert squeeze(format_eur(total, "it")) not in documents["en"]
    assert "18/11/2026" in documents["it"] and "2026-11-18" in documents["en"]
    assert "01/03/2027" in documents["it"] and "2027-03-01" in documents["en"]
    assert "M1=03/2027" in documents["it"] and "M1=2027-03" in documents["en"]


def test_metadata_names_the_application_and_its_call() -> None:
    sample = application_sample()
    document = build(application_story, sample, BuildOptions("it", DAY))
    info = pdf_info(document.data)
    cover: Cover = sample.cover
    assert info["Title"] == f"Domanda: {cover.title}"
    assert info["Subject"] == cover.call_title
    assert info["Author"] == cover.lead
    assert cover.call_code in info["Keywords"] and cover.acronym in info["Keywords"]
    text = pdf_text(document.data)
    assert text.count(cover.call_code) >= document.pages  # the header, on every page
    assert text.count("Domanda · QUUX") == document.pages
