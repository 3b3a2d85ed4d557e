"""Translation of GrantDesk's own strings (gettext catalogues read with polib).

Source strings are English; ``resources/translations/<lang>/*.po`` hold the translations.
The catalogues are read directly, so no compiled ``.mo`` file is generated or committed.
Qt's own dialogs are translated separately by the ``qtbase_*.qm`` that ships with PySide6
(see ``grantdesk.ui.i18n``).

``_()`` translates now; ``N_()`` only marks a string for extraction when it is defined at
import time (enum labels) and is translated later, when shown.
"""

from __future__ import annotations

import locale
import os
from importlib import resources

SUPPORTED = ("it", "en")
_catalogue: dict[str, str] = {}
_language = "en"


def N_(message: str) -> str:
    """Mark *message* for translation without translating it yet."""
    return message


def _(message: str) -> str:
    """Translate *message* into the current language (itself when untranslated)."""
    return _catalogue.get(message, message) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Choose singular or plural (Italian and English share the n == 1 rule)."""
    return _(singular) if n == 1 else _(plural)


def system_language() -> str:
    """Italian when the system locale is Italian, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            return "it" if value.lower().startswith("it") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "it" if code.lower().startswith("it") else "en"


def load_catalogue(language: str) -> dict[str, str]:
    """Read every ``.po`` file of *language* into one msgid → msgstr mapping."""
    if language == "en":
        return {}
    import polib

    folder = resources.files("grantdesk.resources").joinpath("translations", language)
    merged: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".po"):
            continue
        for unit in polib.pofile(entry.read_text(encoding="utf-8")):
            if unit.msgstr and not unit.obsolete and "fuzzy" not in unit.flags:
                merged[unit.msgid] = unit.msgstr
    return merged


def set_language(language: str | None) -> str:
    """Switch GrantDesk's strings to *language* ('it' or 'en'; None: the system's)."""
    global _language, _catalogue
    chosen = language if language in SUPPORTED else system_language()
    _catalogue = load_catalogue(chosen)
    _language = chosen
    return chosen


def current_language() -> str:
    """The language strings are currently translated into."""
    return _language
