"""File › Settings…: the desk's preferences (for now, the interface language)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.settings import Settings

# Language names are written in their own language, so anyone can find theirs.
LANGUAGES = (("it", "Italiano"), ("en", "English"))


class SettingsDialog(QDialog):
    """Edits the preferences in *settings*; they are saved when the user presses OK.

    ``language_changed`` tells the caller whether the interface must be translated again.
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language_changed = False
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(420)

        self.language = QComboBox()
        self.language.addItem(
            _("As the system ({language})").format(language=self._system_name()), ""
        )
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        caption = QLabel(_("&Language"))
        caption.setBuddy(self.language)
        note = QLabel(_("The whole window switches language as soon as you press OK."))
        note.setObjectName("HintText")
        note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(caption, self.language)
        form.addRow("", note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)

    @staticmethod
    def _system_name() -> str:
        from grantdesk.i18n import system_language

        return dict(LANGUAGES)[system_language()]

    def accept(self) -> None:
        chosen = self.language.currentData() or ""
        self.language_changed = chosen != self.settings.language
        self.settings.language = chosen
        self.settings.sync()
        super().accept()
