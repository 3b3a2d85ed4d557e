"""Italian ships complete: every string marked with _() or N_() has an Italian translation.

On failure the message lists the missing entries in .po syntax, ready to translate.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grantdesk.i18n import _, load_catalogue, set_language

PACKAGE = Path(__file__).resolve().parents[2] / "grantdesk"
MARKERS = {"_", "N_", "ngettext"}


def marked_strings() -> dict[str, str]:
    """msgid → first place it is used, for every literal passed to a marker."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def test_every_marked_string_has_an_italian_translation() -> None:
    catalogue = load_catalogue("it")
    missing = {m: where for m, where in marked_strings().items() if m not in catalogue}
    stub = "\n".join(
        f'#: {where}\nmsgid {_po_quote(m)}\nmsgstr ""\n' for m, where in sorted(missing.items())
    )
    assert not missing, f"{len(missing)} strings lack Italian:\n\n{stub}"


def test_placeholders_survive_translation() -> None:
    import re

    field = re.compile(r"\{[a-z_]*\}")
    for msgid, msgstr in load_catalogue("it").items():
        assert sorted(field.findall(msgid)) == sorted(field.findall(msgstr)), msgid


def test_italian_uses_the_typographic_apostrophe() -> None:
    """“l’ente”, never “l'ente”: one apostrophe across the whole interface and its PDFs."""
    import re

    straight = re.compile(r"(?<=\w)'(?=\w)")
    found = sorted(t for t in load_catalogue("it").values() if straight.search(t))
    assert not found, f"{len(found)} translations use ' between letters: {found[:5]}"


@pytest.mark.parametrize(("lang", "expected"), [("it", "Scaduta"), ("en", "Overdue")])
def test_switching_language_changes_strings(lang: str, expected: str) -> None:
    set_language(lang)
    assert _("Overdue") == expected
