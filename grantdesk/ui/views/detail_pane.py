"""The right-hand pane of a list: one record's fields, text and related tables.

It renders a ``services.details.Detail``: the title, subtitle and status selector stay at
the top; the fields, description and related tables form one document below that scrolls
and wraps anything, even an e-mail address longer than the pane is wide. Choosing another
status asks the view (``status_requested``) to make the change, so it goes through the
undo stack.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.models.list_model import status_colour

if TYPE_CHECKING:
    from grantdesk.services.details import Detail, DetailTable

INK, MUTED, LINE, HEAD = "#1f2a37", "#5b6778", "#e3e7ed", "#f3f5f8"
LABEL_CHARS = 20  # the widest field caption, in average characters, before it wraps

# Qt's rich text understands a subset of CSS 2.1: enough for quiet tables and headings.
DOCUMENT_CSS = f"""
body {{ color: {INK}; }}
h4 {{ font-size: 10pt; font-weight: 600; margin-top: 16px; margin-bottom: 6px; }}
td.caption {{ color: {MUTED}; padding: 2px 14px 2px 0; }}
td.value {{ padding: 2px 0; }}
th {{ background-color: {HEAD}; color: {MUTED}; font-weight: 600; text-align: left;
      padding: 5px 6px; border-bottom: 1px solid {LINE}; }}
td.cell {{ padding: 5px 6px; border-bottom: 1px solid {LINE}; }}
p.empty {{ color: #7d8794; font-style: italic; margin-top: 0; }}
p.text {{ margin-top: 0; }}
"""


def _dot(colour: QColor | None, size: int = 10) -> QIcon:
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour or QColor("#8593a6"))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def _text(value: str) -> str:
    """*value* as HTML: escaped, line breaks kept, a web address made a link."""
    if value.startswith(("http://", "https://")) and " " not in value:
        return f'<a href="{escape(value, quote=True)}">{escape(value)}</a>'
    return escape(value).replace("\n", "<br>")


def fields_html(fields: tuple[tuple[str, str], ...], caption_width: int) -> str:
    """The record's fields as a two-column table: captions, then values."""
    rows = "".join(
        f'<tr><td class="caption" width="{caption_width}">{escape(name)}</td>'
        f'<td class="value">{_text(value)}</td></tr>'
        for name, value in fields
    )
    return f'<table width="100%" cellspacing="0" cellpadding="0">{rows}</table>'


def table_html(table: DetailTable) -> str:
    """A related table (deadlines, partners…) with its title, or its text when empty."""
    title = f"<h4>{escape(table.title)}</h4>"
    if not table.rows:
        return f'{title}<p class="empty">{escape(table.empty_text)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="cell">{_text(v)}</td>' for v in row) + "</tr>"
        for row in table.rows
    )
    return (
        f'{title}<table width="100%" cellspacing="0" cellpadding="0" '
        f'style="border-collapse: collapse;"><tr>{head}</tr>{body}</table>'
    )


class DetailPane(QWidget):
    """Shows one record: title, subtitle, status, fields, text and related tables.

    Signals:
        status_requested(str): the user picked another status (its vocabulary code).
        roll_forward_requested(): the user asked for next year's deadlines of a recurring call.
        find_partners_requested(): the user asked who could partner on the call shown.
    """

    status_requested = Signal(str)
    roll_forward_requested = Signal()
    find_partners_requested = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.detail: Detail | None = None
        self.setObjectName("DetailPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(300)

        self.title = self._label("DetailTitle")
        self.subtitle = self._label("DetailSubtitle")
        # A co-design process moves through steps (its editor and list say "Step" too).
        self.status_caption = QLabel(_("Step") if kind == "codesigns" else _("Status"))
        self.status_caption.setObjectName("FieldLabel")
        self.status_box = QComboBox()
        self.status_box.setObjectName("StatusBox")
        self.status_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_box.activated.connect(self._status_chosen)
        self.status_caption.setBuddy(self.status_box)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 8, 0, 4)
        status_row.addWidget(self.status_caption)
        status_row.addWidget(self.status_box)
        self.roll_button = QPushButton(_("Next year's deadlines…"))
        self.roll_button.setToolTip(
            _("Create next year's deadlines of this recurring call from its rule.")
        )
        self.roll_button.setVisible(False)
        self.roll_button.clicked.connect(self.roll_forward_requested.emit)
        status_row.addStretch(1)
        self.status_row = QWidget()
        self.status_row.setLayout(status_row)
        # A call's actions on a row of their own: beside the status they were cut off.
        self.partners_button = QPushButton(_("Who could partner…"))
        self.partners_button.setToolTip(
            _("The organizations this call admits, best matches first (Ctrl+Shift+P).")
        )
        self.partners_button.clicked.connect(self.find_partners_requested.emit)
        actions_row = QHBoxLayout()
        actions_row.setContentsMargins(0, 0, 0, 4)
        actions_row.addWidget(self.roll_button)
        actions_row.addWidget(self.partners_button)
        actions_row.addStretch(1)
        self.actions_row = QWidget()
        self.actions_row.setLayout(actions_row)
        self.actions_row.setVisible(False)

        self.body = QTextBrowser()
        self.body.setObjectName("DetailBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setOpenExternalLinks(True)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.document().setDefaultStyleSheet(DOCUMENT_CSS)
        self.body.document().setDocumentMargin(0)
        option = self.body.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.body.document().setDefaultTextOption(option)

        record = QWidget()
        layout = QVBoxLayout(record)
        layout.setContentsMargins(20, 18, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.status_row)
        layout.addWidget(self.actions_row)
        layout.addSpacing(6)
        layout.addWidget(self.body, 1)

        self.placeholder = self._label("DetailPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(record)
        self.pages.addWidget(self.placeholder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.show_message(_("Select a record in the list to see its details here."))

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setMinimumWidth(1)  # a long word may be cut, never widen the pane
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return label

    def show_message(self, text: str) -> None:
        """Show a short centred message instead of a record (nothing selected, an error)."""
        self.detail = None
        self.placeholder.setText(text)
        self.pages.setCurrentWidget(self.placeholder)

    def show_detail(self, detail: Detail) -> None:
        """Render *detail*, replacing whatever was shown."""
        had_focus = self.status_box.hasFocus()
        self.detail = detail
        self.title.setText(detail.title)
        self.subtitle.setText(detail.subtitle)
        self.subtitle.setVisible(bool(detail.subtitle))
        self.status_row.setVisible(detail.status is not None)
        self.roll_button.setVisible("roll_forward" in detail.actions)
        self.partners_button.setVisible("find_partners" in detail.actions)
        self.actions_row.setVisible(bool({"roll_forward", "find_partners"} & set(detail.actions)))
        if detail.status is not None:
            self._fill_statuses(detail.status)
        self.body.setHtml(self.document_html(detail))
        self.pages.setCurrentIndex(0)
        if had_focus:
            self.status_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def document_html(self, detail: Detail) -> str:
        """The scrolling part of the pane, as HTML."""
        parts = []
        if detail.fields:
            metrics = self.fontMetrics()
            natural = max(metrics.horizontalAdvance(name) for name, _v in detail.fields) + 16
            width = min(natural, metrics.averageCharWidth() * LABEL_CHARS)
            parts.append(fields_html(detail.fields, width))
        if detail.text:
            parts.append(
                f'<h4>{escape(_("Description"))}</h4><p class="text">{_text(detail.text)}</p>'
            )
        parts.extend(table_html(table) for table in detail.tables)
        return "".join(parts)

    def focus_first(self) -> None:
        """Move the keyboard focus into the pane (Enter on the list)."""
        target = self.status_box if self.status_row.isVisible() else self.body
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_statuses(self, current: str) -> None:
        from grantdesk.services.editing import statuses

        box = self.status_box
        box.blockSignals(True)
        box.clear()
        for status in statuses(self.kind):
            box.addItem(_dot(status_colour(self.kind, status.value)), status.label, status.value)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def _status_chosen(self, index: int) -> None:
        if self.detail is None:
            return
        code = self.status_box.itemData(index)
        if code and code != self.detail.status:
            self.status_requested.emit(code)
