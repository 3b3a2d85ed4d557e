"""What importing a proposal file will do, shown before anything is written; and the list of
reasons when a file is refused.

:class:`ImportPreviewDialog` shows a dry run's :class:`~grantdesk.services.proposal_exchange.
ImportReport` in plain words: the proposal that will be created (or, when one with the same
call and title exists, the dated copy — with the choice to replace one of the matching
proposals instead), the call, the bodies found in the register and those that will be
added, what the file holds, and the notes. :class:`RefusedFileDialog` lists every problem
of a refused file. Both are driven by :mod:`grantdesk.ui.proposal_exchange_dialog`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import N_, _, ngettext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

# The editors' colours (grantdesk.ui.call_editor_tabs, which would load SQLAlchemy with the
# main window: this module is imported at start-up).
NEW_COLOUR = "#1d6b3a"  # bodies that will be added to the register
NOTE_COLOUR = "#8a5a00"


@dataclass(frozen=True)
class MatchChoice:
    """A proposal already on the desk with the file's call and title (or acronym)."""

    proposal_id: int
    version: int  # what the user saw: a replace is refused if it moved on since
    title: str  # "CURA – Comunità che si prendono cura"
    detail: str  # "Lead: … · Review"


@dataclass(frozen=True)
class Preview:
    """A dry run of one file: its bytes (imported as previewed), what would happen."""

    path: Path
    data: bytes
    report: Any  # ImportReport
    call_title: str | None  # the call the file names (None: it names none)
    call_funder: str | None
    matches: tuple[MatchChoice, ...]


COUNT_LABELS = (
    ("partners", N_("bodies (lead and partners)")),
    ("sections", N_("sections")),
    ("objectives", N_("objectives")),
    ("activities", N_("activities")),
    ("indicators", N_("indicators")),
    ("budget_lines", N_("budget lines")),
    ("checklist", N_("checklist items")),
)


def _label(text: str = "", *, colour: str | None = None, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    style = []
    if colour:
        style.append(f"color: {colour};")
    if bold:
        style.append("font-weight: 600;")
    if style:
        label.setStyleSheet(" ".join(style))
    return label


class _ChoiceLabel(QLabel):
    """A radio button's text that wraps; clicking it chooses the button."""

    def __init__(self, text: str, radio: QRadioButton) -> None:
        super().__init__(text)
        self.radio = radio
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.radio.isEnabled():
            self.radio.setChecked(True)
        super().mousePressEvent(event)


def _section(column: QVBoxLayout, title: str) -> None:
    heading = _label(title, bold=True)
    heading.setObjectName("PreviewSection")
    column.addSpacing(6)
    column.addWidget(heading)


def confirm_replace(parent: QWidget, choice: MatchChoice, file_title: str) -> bool:
    """Ask before the file is written over *choice*; True to go on."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Replace proposal"))
    box.setText(
        _("Replace proposal {id} “{title}” with the content of the file?").format(
            id=choice.proposal_id, title=choice.title
        )
    )
    box.setInformativeText(
        _(
            "Its fields, partners, sections, objectives, activities, indicators, budget lines "
            "and checklist become those of “{file}”. Its budget versions, deadlines and "
            "co-design link stay."
        ).format(file=file_title)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    if yes is not None:
        yes.setText(_("Replace"))
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    if cancel is not None:
        cancel.setText(_("Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class ImportPreviewDialog(QDialog):
    """What importing the file will do; “Import” (or “Replace…”) writes it.

    Signals:
        import_requested(object): the user confirmed; a ReplaceTarget, or None for a new
            proposal. The dialog stays open (busy) until :meth:`finish` or :meth:`show_error`.
    """

    import_requested = Signal(object)

    def __init__(self, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self._gone: set[int] = set()  # matching proposals deleted since the preview
        report = preview.report
        self.setObjectName("ImportPreviewDialog")
        self.setWindowTitle(_("Import proposal from file"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        self.heading = _label(report.file_title, bold=True)
        self.heading.setObjectName("DialogHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        source = _label(
            _("From the file {name}").format(name=preview.path.name), colour=MUTED_COLOUR
        )
        layout.addWidget(source)

        body = QWidget()
        body.setObjectName("PreviewBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(6)
        self.outcome = _label()
        self.outcome.setObjectName("PreviewOutcome")
        column.addWidget(self.outcome)
        self.choices = QButtonGroup(self)
        self.replace_note = _label(colour=NOTE_COLOUR)
        if preview.matches:
            self._add_choices(column)
        _section(column, _("Call"))
        self.call_text = _label()
        self.call_text.setObjectName("PreviewCall")
        column.addWidget(self.call_text)
        _section(column, _("Bodies"))
        column.addLayout(self._organizations())
        _section(column, _("What the file holds"))
        column.addLayout(self._counts())
        self.notes = self._notes(column)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("PreviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setStyleSheet(
            "QScrollArea#PreviewScroll, QWidget#PreviewBody { background: transparent; }"
        )
        self.body = body
        layout.addWidget(scroll, 1)

        self.error = _label(colour=ERROR_COLOUR)
        self.error.setObjectName("PreviewError")
        self.error.hide()
        layout.addWidget(self.error)
        self.busy = _label(_("Importing…"), colour=MUTED_COLOUR)
        self.busy.hide()
        layout.addWidget(self.busy)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("ImportProposalButton")
        self.import_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.request_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._describe_call()
        self._choice_changed()
        self.resize(680, self._height())

    # -- parts ----------------------------------------------------------------------------

    def _add_choices(self, column: QVBoxLayout) -> None:
        report = self.preview.report
        box = QFrame()
        box.setObjectName("PreviewChoices")
        box.setStyleSheet(
            "QFrame#PreviewChoices { border: 1px solid #d5dbe3; border-radius: 4px; }"
        )
        inner = QGridLayout(box)
        inner.setContentsMargins(12, 8, 12, 10)
        inner.setHorizontalSpacing(6)
        inner.setVerticalSpacing(4)
        inner.setColumnStretch(1, 1)
        options = [
            (
                "ImportAsNew",
                _("Import as a new proposal “{title}”").format(title=report.title),
                "",
            )
        ]
        for match in self.preview.matches:
            options.append(
                (
                    f"Replace{match.proposal_id}",
                    _("Replace proposal {id} “{title}”").format(
                        id=match.proposal_id, title=match.title
                    ),
                    match.detail,
                )
            )
        row = 0
        for n, (name, text, detail) in enumerate(options):
            radio = QRadioButton()
            radio.setObjectName(name)
            radio.setAccessibleName(text)
            radio.setChecked(n == 0)
            self.choices.addButton(radio, n)
            inner.addWidget(radio, row, 0, Qt.AlignmentFlag.AlignTop)
            inner.addWidget(_ChoiceLabel(text, radio), row, 1)
            row += 1
            if detail:
                inner.addWidget(_label(detail, colour=MUTED_COLOUR), row, 1)
                row += 1
        inner.addWidget(self.replace_note, row, 0, 1, 2)
        self.choices.idToggled.connect(self._toggled)
        column.addWidget(box)

    def _organizations(self) -> QGridLayout:
        report = self.preview.report
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(0, 1)
        row = 0
        groups = (
            (
                report.organizations_created,
                _("To be added to the register ({n})"),
                NEW_COLOUR,
            ),
            (
                report.organizations_found,
                _("Already in the register ({n})"),
                MUTED_COLOUR,
            ),
        )
        for orgs, caption, colour in groups:
            if not orgs:
                continue
            head = _label(caption.format(n=len(orgs)), colour=colour, bold=True)
            head.setObjectName(
                "OrganizationsAdded" if colour == NEW_COLOUR else "OrganizationsFound"
            )
            grid.addWidget(head, row, 0, 1, 2)
            row += 1
            for org in orgs:
                grid.addWidget(_label(org.name), row, 0)
                code = _label(org.codice_fiscale or _("no codice fiscale"), colour=MUTED_COLOUR)
                code.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                grid.addWidget(code, row, 1)
                row += 1
        if row == 0:
            grid.addWidget(_label(_("The file names no body."), colour=MUTED_COLOUR), 0, 0)
        return grid

    def _counts(self) -> QGridLayout:
        counts = self.preview.report.counts
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        for n, (key, caption) in enumerate(COUNT_LABELS):
            tile = QVBoxLayout()
            tile.setSpacing(0)
            number = QLabel(str(counts.get(key, 0)))
            number.setObjectName(f"Count_{key}")
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.35)
            font.setBold(True)
            number.setFont(font)
            tile.addWidget(number)
            words = _label(_(caption), colour=MUTED_COLOUR)
            tile.addWidget(words)
            tile.addStretch(1)
            grid.addLayout(tile, n // 4, n % 4)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        return grid

    def _call_warnings(self) -> list[str]:
        """The report's notes about the call (shown under “Call”, not again under notes)."""
        title = self.preview.call_title
        if title is None or self.preview.report.call_id is not None:
            return []
        return [w for w in self.preview.report.warnings if f"“{title}”" in w]

    def _notes(self, column: QVBoxLayout) -> list[QLabel]:
        skip = set(self._call_warnings())
        warnings = [w for w in self.preview.report.warnings if w not in skip]
        labels = []
        if warnings:
            _section(column, _("Good to know"))
            for text in warnings:
                row = QHBoxLayout()
                row.setSpacing(6)
                bullet = QLabel("•")
                bullet.setStyleSheet(f"color: {NOTE_COLOUR};")
                row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
                label = _label(text)
                label.setObjectName("PreviewNote")
                row.addWidget(label, 1)
                labels.append(label)
                column.addLayout(row)
        return labels

    def _describe_call(self) -> None:
        p = self.preview
        report = p.report
        if report.call_id is not None and report.call_created:
            text = _(
                "“{title}” is not among the calls registered here: it will be added with the "
                "terms the file carries, and the proposal linked to it."
            ).format(title=report.call_title)
        elif report.call_id is not None:
            text = _(
                "“{title}”, already registered here: the proposal will be linked to it."
            ).format(title=report.call_title)
        elif p.call_title is not None:
            found = self._call_warnings()
            text = (
                "\n".join(found)
                if found
                else _(
                    "“{title}” ({funder}) is not among the calls registered here: the "
                    "proposal will be imported without a call; choose it later in its editor."
                ).format(title=p.call_title, funder=p.call_funder or "?")
            )
            self.call_text.setStyleSheet(f"color: {NOTE_COLOUR};")
        else:
            text = _("The file names no call: choose it later in the proposal's editor.")
        self.call_text.setText(text)

    def _height(self) -> int:
        """Tall enough to show everything without scrolling, within the screen."""
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 80 if screen is not None else 760
        layout = self.body.layout()
        width = max(self.width(), 680) - 40 - 12  # the dialog's and the body's margins
        body = layout.totalHeightForWidth(width) if layout is not None else 400
        wanted = body + 150  # heading, file name, buttons and spacing
        return max(360, min(wanted, room, 820))

    # -- the choice -----------------------------------------------------------------------

    def chosen_match(self) -> MatchChoice | None:
        """The proposal to replace, or None to import as a new one."""
        index = self.choices.checkedId()
        return self.preview.matches[index - 1] if index > 0 else None

    def choose(self, proposal_id: int | None) -> None:
        """Select “replace *proposal_id*” (None: a new proposal)."""
        for n, match in enumerate(self.preview.matches, start=1):
            button = self.choices.button(n)
            if button is not None and match.proposal_id == proposal_id:
                button.setChecked(True)
                return
        first = self.choices.button(0)
        if first is not None:
            first.setChecked(True)

    def _toggled(self, _id: int, on: bool) -> None:
        if on:
            self._choice_changed()

    def _choice_changed(self) -> None:
        match = self.chosen_match()
        if not self.preview.matches:
            self.outcome.setText(
                _(
                    "Importing creates a new proposal with this title; nothing on the desk "
                    "is overwritten."
                )
            )
        else:
            self.outcome.setText(
                ngettext(
                    "The desk already has a proposal with this call and the same title or "
                    "acronym. Nothing is overwritten unless you choose to replace it:",
                    "The desk already has {n} proposals with this call and the same title or "
                    "acronym. Nothing is overwritten unless you choose to replace one:",
                    len(self.preview.matches),
                ).format(n=len(self.preview.matches))
            )
        if match is None:
            self.replace_note.hide()
            self.import_button.setText(_("Import"))
        else:
            self.replace_note.setText(
                _(
                    "Proposal {id} will take the file's content: fields, partners, sections, "
                    "objectives, activities, indicators, budget lines and checklist. Its budget "
                    "versions, deadlines and co-design link stay."
                ).format(id=match.proposal_id)
            )
            self.replace_note.show()
            self.import_button.setText(_("Replace…"))
        if self.isVisible():  # room for the note, when the screen has it
            self.resize(self.width(), max(self.height(), self._height()))

    def request_import(self) -> None:
        """“Import” (or “Replace…”, after a confirmation): ask for the real import."""
        from grantdesk.services.proposal_exchange import ReplaceTarget

        match = self.chosen_match()
        if match is not None and not confirm_replace(self, match, self.preview.report.file_title):
            return
        target = ReplaceTarget(match.proposal_id, match.version) if match is not None else None
        self.set_busy(True)
        self.import_requested.emit(target)

    # -- the outcome ----------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.error.hide()
        for widget in (self.import_button, self.cancel_button):
            widget.setEnabled(not busy)
        for n in range(len(self.preview.matches) + 1):
            button = self.choices.button(n)
            gone = n > 0 and self.preview.matches[n - 1].proposal_id in self._gone
            if button is not None:
                button.setEnabled(not busy and not gone)

    def show_error(self, sentence: str) -> None:
        """The import did not happen: say why, and let the user choose again."""
        self.set_busy(False)
        self.error.setText(sentence)
        self.error.show()

    def update_versions(self, versions: dict[int, int]) -> None:
        """The matching proposals' current versions (a proposal gone is no longer offered)."""
        matches = []
        for n, match in enumerate(self.preview.matches, start=1):
            if match.proposal_id in versions:
                matches.append(replace(match, version=versions[match.proposal_id]))
            else:
                button = self.choices.button(n)
                if button is not None:
                    button.setEnabled(False)
                matches.append(match)
        self.preview = replace(self.preview, matches=tuple(matches))
        self._gone = {m.proposal_id for m in matches} - set(versions)
        chosen = self.chosen_match()
        if chosen is not None and chosen.proposal_id in self._gone:
            self.choose(None)

    def reject(self) -> None:
        if not self.busy.isVisible():  # an import under way finishes first
            super().reject()


class RefusedFileDialog(QDialog):
    """A refused file: every problem in a list that scrolls, and a button to copy them."""

    def __init__(self, path: Path, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RefusedFileDialog")
        self.setWindowTitle(_("Import proposal from file"))
        self.setMinimumWidth(560)
        self.lines = lines
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(14)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(4)
        heading = _label(_("“{name}” cannot be imported").format(name=path.name), bold=True)
        heading.setObjectName("DialogHeading")
        words.addWidget(heading)
        words.addWidget(
            _label(
                _(
                    "Nothing was written. If the file came by e-mail, ask whoever sent it to "
                    "export it again from GrantDesk and send it as an attachment, unchanged."
                ),
                colour=MUTED_COLOUR,
            )
        )
        top.addLayout(words, 1)
        layout.addLayout(top)
        problems = lines[1:] if len(lines) > 1 else lines  # the first is then the count
        layout.addWidget(
            _label(
                ngettext("{n} problem found:", "{n} problems found:", len(problems)).format(
                    n=len(problems)
                ),
                bold=True,
            )
        )
        self.problems = QListWidget()
        self.problems.setObjectName("RefusalProblems")
        self.problems.setWordWrap(True)
        self.problems.setAlternatingRowColors(True)
        self.problems.setStyleSheet("QListWidget#RefusalProblems::item { padding: 4px 2px; }")
        self.problems.addItems(problems)
        self.problems.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox()
        copy = QPushButton(_("Copy the list"))
        copy.setToolTip(_("Copy the problems, to send them to whoever wrote the file"))
        copy.clicked.connect(self.copy_lines)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        self.close_button = close
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        rows = min(max(len(problems), 2), 10)
        self.resize(640, 220 + rows * 34)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.close_button.setFocus()  # not the list: its first row would look selected

    def copy_lines(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText("\n".join(self.lines))
