"""The PDF engine: user text shown literally, long words broken, tables that fit and
continue, the page template (footer, metadata, fonts) and reproducible output."""

from __future__ import annotations

import builtins
import re
import urllib.request
from datetime import date
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.platypus import Flowable

from grantdesk.exports.pdf.fonts import CONDENSED, SANS
from grantdesk.exports.pdf.styles import stylesheet
from grantdesk.exports.pdf.tables import Column, Fit, column_widths, data_table
from grantdesk.exports.pdf.templates import (
    FRAME_WIDTH,
    BuildOptions,
    DocumentInfo,
    build,
    document_language,
)
from grantdesk.exports.pdf.text import REPLACEMENT, clean, fit, markup, para
from grantdesk.i18n import _, current_language, set_language
from tests.helpers.pdf import pages, pdf_fonts, pdf_info, pdf_text, squeeze

FIXED = BuildOptions("it", date(2026, 11, 22))
LONG_WORD = "Partenariato" * 417  # 5,004 letters without a space


def document(
    *flowables: Flowable, info: DocumentInfo | None = None, options: BuildOptions = FIXED
) -> Any:
    def compose(_data: None, _options: BuildOptions) -> Any:
        return info or DocumentInfo("Prova"), list(flowables)

    return build(compose, None, options)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("a<b", "a&lt;b"),
        ("R&S", "R&amp;S"),
        ("</para>", "&lt;/para&gt;"),
        ("<font size=99>grande</font>", "&lt;font size=99&gt;grande&lt;/font&gt;"),
        ('<img src="/etc/passwd"/>', "&lt;img src=&quot;/etc/passwd&quot;/&gt;"),
        ('l\'ente "capofila"', "l&#39;ente &quot;capofila&quot;"),
        ("riga uno\nriga due", "riga uno<br/>riga due"),
        ("a\r\nb\rc\u2028d", "a<br/>b<br/>c<br/>d"),
        ("tab\there", "tab here"),
        ("nul\x00 bell\x07 del\x7f", "nul bell del"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("", ""),
        (None, ""),
    ],
)
def test_markup_escapes_and_keeps_line_breaks(typed: str | None, expected: str) -> None:
    assert markup(typed) == expected


def test_characters_the_font_lacks_become_the_replacement_mark() -> None:
    assert clean("漢字 € à ’ “ ” –") == f"{REPLACEMENT}{REPLACEMENT} € à ’ “ ” –"


@pytest.mark.parametrize(
    "typed",
    [
        "a<b & c>d",
        "</para><para>",
        "<font size=99>ENORME</font>",
        '<a href="http://example.com">link</a>',
        "<b>grassetto</b> <i>corsivo</i>",
        "&amp; &lt; &#60; &nbsp;",
        "Cooperativa “L’Aquilone” – € 1.234,56 à è ì ò ù",
    ],
)
def test_hostile_text_is_shown_literally(typed: str) -> None:
    built = document(para(typed, stylesheet().body))
    assert squeeze(typed) in squeeze(pdf_text(built.data))


def test_images_named_in_text_are_never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    stylesheet()  # fonts are read before anything is forbidden

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to open {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("reportlab.lib.utils.rlUrlRead", refuse)
    monkeypatch.setattr("reportlab.lib.utils.open_for_read_by_name", refuse)
    typed = '<img src="http://example.com/x.png"/> <img src="/etc/passwd"/> <img src="file:///etc/passwd"/>'
    built = document(para(typed, stylesheet().body))
    monkeypatch.undo()
    assert squeeze(typed) in squeeze(pdf_text(built.data))


def test_reportlab_trusts_no_host_after_a_build() -> None:
    document(para("x", stylesheet().body))
    assert rl_config.trustedHosts == []
    from reportlab.lib.utils import rlUrlRead

    with pytest.raises(OSError):
        rlUrlRead("http://127.0.0.1:9/never")


def test_a_five_thousand_letter_word_wraps_inside_its_column() -> None:
    p = para(LONG_WORD, stylesheet().cell)
    p.wrap(100, 100_000)
    assert max(p.getActualLineWidths0()) <= 100
    assert len(p.blPara.lines) > 40


def test_a_long_word_in_a_table_cell_splits_across_pages_and_reads_whole() -> None:
    rows = [["Associazione " + LONG_WORD, "partner", "Sì", "€ 1,00"]]
    rows += [[f"Ente {i}", "partner", "", "€ 2,00"] for i in range(5)]
    columns = [Column("Ente"), Column("Ruolo"), Column("Note"), Column("Importo", Fit.NUMBER)]
    table = data_table(columns, rows, FRAME_WIDTH)
    built = document(table)
    assert built.pages >= 2
    # The word's pieces, line by line and page after page, spell it whole.
    lines = pdf_text(built.data).replace("Associazione ", "").splitlines()
    assert "".join(x for x in lines if re.fullmatch("[Partenio]+", x)) == LONG_WORD
    for page in pages(built.data):  # the header repeats, once per page
        assert page.count("Importo") == 1


def test_headers_repeat_on_every_page_of_a_long_table() -> None:
    rows = [[f"Ente del Terzo settore numero {i}", f"€ {i},00"] for i in range(300)]
    table = data_table(
        [Column("Ente"), Column("Contributo richiesto", Fit.NUMBER)], rows, FRAME_WIDTH
    )
    built = document(table)
    assert built.pages > 3
    for text in pages(built.data):
        assert "Contributo" in text and "richiesto" in text


def test_ordinary_rows_are_never_cut_at_the_foot_of_a_page() -> None:
    rows = [[f"R{i}a\nR{i}b\nR{i}c", str(i)] for i in range(120)]
    built = document(data_table([Column("Testo"), Column("N", Fit.NUMBER)], rows, FRAME_WIDTH))
    assert built.pages > 1
    for text in pages(built.data):
        starts = set(re.findall(r"R(\d+)a", text))
        assert starts and starts == set(re.findall(r"R(\d+)c", text))


def test_number_columns_fit_their_widest_amount_and_text_takes_the_rest() -> None:
    st = stylesheet()
    columns = [Column("Ente", weight=2), Column("Anno", Fit.COMPACT), Column("Importo", Fit.NUMBER)]
    rows = [["Fondazione", "2026", "€ 999.999.999,99"]]
    widths = column_widths(columns, rows, 400, st)
    assert sum(widths) == pytest.approx(400)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert widths[2] >= stringWidth("€ 999.999.999,99", st.cell_bold.fontName, st.cell.fontSize)
    assert widths[0] > widths[1]


def test_fit_elides_to_the_width() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = fit("Associazione " * 50, SANS, 8, 120)
    assert text.endswith("…")
    assert stringWidth(text, SANS, 8) <= 120
    assert fit("breve", SANS, 8, 120) == "breve"


def test_footer_numbers_pages_in_the_document_language() -> None:
    rows = [[f"Ente {i}", str(i)] for i in range(150)]
    table = data_table([Column("Ente"), Column("N", Fit.NUMBER)], rows, FRAME_WIDTH)
    italian = document(table)
    texts = pages(italian.data)
    assert len(texts) == italian.pages > 1
    for n, text in enumerate(texts, start=1):
        assert f"Pagina {n} di {italian.pages}" in text
        assert "Generato il 22/11/2026 con GrantDesk" in text
    english = document(table, options=BuildOptions("en", date(2026, 11, 22)))
    assert f"Page 1 of {english.pages}" in pdf_text(english.data)
    assert "Generated on 2026-11-22 with GrantDesk" in pdf_text(english.data)


def test_header_shows_both_texts_elided_to_fit() -> None:
    info = DocumentInfo(
        "T", header_left="Bando CARIPLO-2026-07 · " + "X" * 400, header_right="PUNTO"
    )
    built = document(para("corpo", stylesheet().body), info=info)
    first = pages(built.data)[0]
    assert "Bando CARIPLO-2026-07" in first and "…" in first and "PUNTO" in first


def test_metadata_and_fixed_creation_date() -> None:
    info = DocumentInfo(
        "Progetti e risultati – Anno 2026",
        subject="Progetti per stato",
        keywords=("progetti", "scadenze"),
        author="CSV Lomellina",
    )
    built = document(para("x", stylesheet().body), info=info)
    meta = pdf_info(built.data)
    assert meta["Title"] == "Progetti e risultati – Anno 2026"
    assert meta["Subject"] == "Progetti per stato"
    assert meta["Keywords"] == "progetti, scadenze"
    assert meta["Author"] == "CSV Lomellina"
    assert meta["Creator"].startswith("GrantDesk")
    assert "Nov 22" in meta["CreationDate"] and "2026" in meta["CreationDate"]


def test_same_input_and_fixed_date_give_identical_bytes() -> None:
    rows = [[f"Ente {i} “L’Aquilone”", f"€ {i},50"] for i in range(80)]

    def make() -> bytes:
        table = data_table([Column("Ente"), Column("€", Fit.NUMBER)], rows, FRAME_WIDTH)
        return bytes(document(para("Titolo", stylesheet().title), table).data)

    first, second = make(), make()
    assert first == second
    other = document(
        para("Titolo", stylesheet().title), options=BuildOptions("it", date(2026, 11, 23))
    )
    assert other.data != document(para("Titolo", stylesheet().title)).data


def test_only_embedded_dejavu_fonts_and_every_symbol_survives() -> None:
    typed = "€ 1.234,56 à è é ì ò ù ’ “ ” – …"
    table = data_table([Column("Voce")], [[typed]], FRAME_WIDTH)
    built = document(para(typed, stylesheet().body), table)
    fonts = pdf_fonts(built.data)
    assert fonts and all(embedded and "DejaVu" in name for name, embedded in fonts)
    assert any(CONDENSED in name for name, _e in fonts)
    assert pdf_text(built.data).count(typed) == 2


def test_document_language_switches_for_one_build_and_restores() -> None:
    set_language("en")
    with document_language("it"):
        assert current_language() == "it"
        assert _("Total") == "Totale"
    assert current_language() == "en"
    with pytest.raises(RuntimeError), document_language("it"):
        raise RuntimeError
    assert current_language() == "en"


def test_unknown_document_language_is_refused() -> None:
    with pytest.raises(ValueError):
        BuildOptions("fr")


def test_write_replaces_the_file_whole(tmp_path: Any) -> None:
    built = document(para("x", stylesheet().body))
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    built.write(target)
    assert target.read_bytes() == built.data
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_gantt_draws_every_activity_and_flows_over_pages() -> None:
    from grantdesk.exports.pdf.charts import GanttRow, gantt

    rows = [GanttRow(f"Attività {n} <b>&</b>", n % 12 + 1, n % 12 + 6) for n in range(70)]
    drawings = gantt(rows, 24, FRAME_WIDTH, rows_per_chart=30)
    assert len(drawings) == 3
    built = document(*drawings)
    text = pdf_text(built.data, raw=True)
    assert "Attività 69 <b>&</b>" in text and "24" in text
    assert all(d.width == pytest.approx(FRAME_WIDTH) for d in drawings)
