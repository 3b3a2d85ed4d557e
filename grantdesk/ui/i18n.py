"""The interface language: GrantDesk's own catalogue plus Qt's, so standard dialogs match.

``grantdesk.i18n`` translates GrantDesk's strings; the buttons of ``QMessageBox``, the
labels of ``QFileDialog`` and the like come from Qt's ``qtbase_<lang>.qm``, shipped with
PySide6, installed here alongside.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from grantdesk import i18n

log = logging.getLogger(__name__)
_qt_translator: QTranslator | None = None


def preferred_language(saved: str) -> str | None:
    """The language to use: ``GRANTDESK_LANG``, else the saved preference, else None
    (the system's)."""
    chosen = os.environ.get("GRANTDESK_LANG") or saved
    return chosen if chosen in i18n.SUPPORTED else None


def apply_language(language: str | None) -> str:
    """Switch GrantDesk and Qt's standard dialogs to *language* (None: the system's)."""
    global _qt_translator
    try:
        chosen = i18n.set_language(language)
    except Exception:  # a damaged or missing catalogue: English beats no window at all
        log.exception("the %s catalogue could not be read", language)
        chosen = i18n.set_language("en")
    app = QCoreApplication.instance()
    if app is None:
        return chosen
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if chosen == "it":
        QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    if chosen != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{chosen}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
        else:
            log.info("Qt's own translation qtbase_%s.qm was not found in %s", chosen, folder)
    return chosen
