"""File › Settings…: the desk's preferences (the interface language, our organization)."""

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
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_box import OrganizationBox
from grantdesk.ui.settings import Settings, database_key

# Language names are written in their own language, so anyone can find theirs.
LANGUAGES = (("it", "Italiano"), ("en", "English"))


class SettingsDialog(QDialog):
    """Edits the preferences in *settings*; they are saved when the user presses OK.

    ``language_changed`` tells the caller whether the interface must be translated again.
    "Our organization" belongs to the open database (*context*'s; by default the parent
    window's): it is offered only while one is open, and the calls list then opens
    filtered to the calls that organization may apply to.
    """

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        context: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language_changed = False
        self.organization_changed = False
        if context is None and isinstance(getattr(parent, "context", None), AppContext):
            context = parent.context  # type: ignore[union-attr]
        self.context = context
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(480)

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

        self.organization = OrganizationBox()
        self.organization.setMinimumContentsLength(32)
        organization_caption = QLabel(_("Our &organization"))
        organization_caption.setBuddy(self.organization)
        self.organization_note = QLabel()
        self.organization_note.setObjectName("HintText")
        self.organization_note.setWordWrap(True)
        self._fill_organizations()

        form = QFormLayout()
        form.addRow(caption, self.language)
        form.addRow("", note)
        form.addRow(organization_caption, self.organization)
        form.addRow("", self.organization_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _fill_organizations(self) -> None:
        from grantdesk.services.eligibility import organization_choices

        db = self.context.db if self.context is not None else None
        if db is None:
            self.organization.set_choices(_("None"), [])
            self.organization.setEnabled(False)
            self.organization_note.setText(_("Open a database to choose its organization."))
            return
        self.organization.set_choices(_("None"), organization_choices(db))
        self.organization.select(self.settings.our_organization(database_key(db)))
        self.organization_note.setText(
            _(
                "The calls list opens showing only the calls this organization may apply "
                "to. Kept for this database only."
            )
        )

    @staticmethod
    def _system_name() -> str:
        from grantdesk.i18n import system_language

        return dict(LANGUAGES)[system_language()]

    def accept(self) -> None:
        chosen = self.language.currentData() or ""
        self.language_changed = chosen != self.settings.language
        self.settings.language = chosen
        db = self.context.db if self.context is not None else None
        if db is not None and self.organization.isEnabled():
            key = database_key(db)
            organization = self.organization.chosen()
            self.organization_changed = organization != self.settings.our_organization(key)
            self.settings.set_our_organization(key, organization)
        self.settings.sync()
        super().accept()
        if self.organization_changed:
            self._tell_the_calls_list()

    def _tell_the_calls_list(self) -> None:
        """The calls list of this window follows the new choice at once."""
        from grantdesk.ui.eligibility_filter import EligibilityFilter

        window = self.parentWidget()
        if window is not None:
            for bar in window.findChildren(EligibilityFilter):
                bar.apply_preference()
