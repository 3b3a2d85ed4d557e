"""The pieces of the Home dashboard: figure tiles, the pipeline strip and the agenda rows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QWidget

from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import N_, _, ngettext
from grantdesk.services.dashboard import ActionDue, DueItem, ExpiringDocument, StatusCount, Urgency
from grantdesk.services.present import show
from grantdesk.ui.models.dashboard_models import Entry, Tone, item_title
from grantdesk.ui.views.dashboard_widgets import (
    Card,
    due_phrase,
    mix,
    muted,
    scaled_font,
    status_colour,
)

GROUPS = {
    Urgency.OVERDUE: N_("Overdue deadlines"),
    Urgency.THIS_WEEK: N_("Next 7 days"),
    Urgency.THIS_MONTH: N_("Within a month"),
    Urgency.LATER: N_("Later"),
}


class FigureTile(Card):
    """One figure of the Home header: a large value over its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("homeFigure")
        self.body.setSpacing(2)
        self.value = QLabel("–")
        self.value.setObjectName("homeFigureValue")
        self.value.setFont(scaled_font(self.font(), 1.85, QFont.Weight.Bold))
        self.caption = QLabel(caption)
        self.caption.setObjectName("homeFigureCaption")
        self.caption.setStyleSheet(f"color: {muted(self.palette()).name()};")
        self.body.addWidget(self.value)
        self.body.addWidget(self.caption)
        self.set_margins(18, 12, 18, 12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tooltip)


class PipelineStrip(QWidget):
    """Proposals per status as a row of tiles in pipeline order; empty statuses fade."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePipeline")
        self._counts: list[StatusCount] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: list[StatusCount]) -> None:
        self._counts = list(counts)
        self.setAccessibleDescription(
            "; ".join(f"{c.status.label}: {c.proposals}" for c in self._counts)
        )
        self.update()

    def counts(self) -> dict[ProposalStatus, int]:
        return {c.status: c.proposals for c in self._counts}

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(600, round(fm.height() * 1.9) + fm.height() + 22)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def _tiles(self) -> list[QRect]:
        n = max(1, len(self._counts))
        gap = 6
        width = (self.width() - gap * (n - 1)) / n
        return [QRect(round(i * (width + gap)), 0, round(width), self.height()) for i in range(n)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        soft = muted(pal)
        big = scaled_font(self.font(), 1.6, QFont.Weight.Bold)
        small = scaled_font(self.font(), 0.9)
        for count, box in zip(self._counts, self._tiles(), strict=False):
            colour = status_colour(count.status)
            empty = count.proposals == 0
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, colour, 0.05 if empty else 0.11))
            painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            painter.setBrush(mix(base, colour, 0.35) if empty else colour)
            painter.drawRoundedRect(QRectF(box.left() + 8, box.top() + 6, 22, 4), 2, 2)
            inner = box.adjusted(8, 12, -6, -6)
            painter.setFont(big)
            painter.setPen(soft if empty else text)
            big_h = QFontMetrics(big).height()
            painter.drawText(
                QRect(inner.left(), inner.top(), inner.width(), big_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(count.proposals),
            )
            painter.setFont(small)
            painter.setPen(soft)
            label = QFontMetrics(small).elidedText(
                count.status.label, Qt.TextElideMode.ElideRight, inner.width()
            )
            painter.drawText(
                QRect(inner.left(), inner.top() + big_h, inner.width(), inner.height() - big_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                label,
            )
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            count = self._count_at(event.pos())
            if count is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), pipeline_tooltip(count), self)
            return True
        return super().event(event)

    def _count_at(self, pos: QPoint) -> StatusCount | None:
        for count, box in zip(self._counts, self._tiles(), strict=False):
            if box.contains(pos):
                return count
        return None


def pipeline_tooltip(count: StatusCount) -> str:
    """``Drafting: 4 proposals, € 245.000,00 requested``."""
    proposals = ngettext("{n} proposal", "{n} proposals", count.proposals).format(n=count.proposals)
    return _("{status}: {proposals}, {amount} requested").format(
        status=count.status.label, proposals=proposals, amount=show(count.requested, "money")
    )


def deadline_title(item: DueItem) -> str:
    """What a deadline is about: its call, proposal or process, else its kind."""
    return item.title or item_title(item)


def deadline_record(item: DueItem) -> tuple[str, int] | None:
    """The record that opening the deadline shows: its call, proposal or process."""
    if item.call_id:
        return ("call", item.call_id)
    if item.proposal_id:
        return ("proposal", item.proposal_id)
    if item.codesign_id:
        return ("codesign", item.codesign_id)
    return None


def deadline_entry(item: DueItem, badge: str | None = None) -> Entry:
    """A deadline as an agenda row; *badge* replaces the date (the Calendar shows times)."""
    kind = item.kind.label + (f" – {item.stage}" if item.stage else "")
    subtitle = " · ".join(p for p in (item.funder, kind) if p)
    proposals = ", ".join(item.proposals)
    title = deadline_title(item)
    record = deadline_record(item)
    tip = [title, subtitle, show(item.due_at)]
    if item.owner:
        tip.append(_("Owner: {name}").format(name=item.owner))
    if proposals:
        tip.append(_("Proposals: {names}").format(names=proposals))
    if record is not None:
        tip.append(_("Double-click or press Enter to open it."))
    return Entry(
        title=title,
        subtitle=subtitle,
        badge=badge if badge is not None else show(item.due_at),
        badge_sub=due_phrase(item.days_left),
        side=item.owner or _("no owner"),
        side_sub=proposals,
        tone=Tone(item.urgency.value),
        record=record,
        tooltip="\n".join(tip),
    )


def deadline_entries(items: list[DueItem]) -> list[Entry]:
    """Deadlines grouped by urgency (overdue first), each group under a header."""
    rows: list[Entry] = []
    for urgency, label in GROUPS.items():
        group = [i for i in items if i.urgency == urgency]
        if group:
            rows.append(
                Entry(title=f"{_(label)} · {len(group)}", header=True, tone=Tone(urgency.value))
            )
            rows.extend(deadline_entry(i) for i in group)
    return rows


def _soon_tone(days: int) -> Tone:
    if days < 0:
        return Tone.OVERDUE
    return Tone.THIS_WEEK if days <= 7 else Tone.THIS_MONTH


def action_entries(actions: list[ActionDue], today: date) -> list[Entry]:
    """Open action items of co-design tables, late ones first in red."""
    rows = []
    for action in actions:
        if action.due_on is None:
            badge, phrase, tone = _("no date"), "", Tone.NEUTRAL
        else:
            days = (action.due_on - today).days
            badge = show(action.due_on)
            phrase = _("late") if action.overdue else due_phrase(days)
            tone = _soon_tone(days)
        description = action.description.strip().splitlines()[0] if action.description else ""
        subtitle = " · ".join(p for p in (action.owner, action.process) if p)
        rows.append(
            Entry(
                title=description,
                subtitle=subtitle,
                badge=badge,
                badge_sub=phrase,
                tone=tone,
                tooltip="\n".join(p for p in (action.description, action.process, action.owner)),
            )
        )
    return rows


def document_entries(documents: list[ExpiringDocument], today: date) -> list[Entry]:
    """Organizations' documents that expired or are about to."""
    rows = []
    for doc in documents:
        days = (doc.expires_on - today).days
        if doc.expired:
            phrase = _("expired")
        elif days == 0:
            phrase = _("expires today")
        else:
            phrase = due_phrase(days)
        rows.append(
            Entry(
                title=doc.title,
                subtitle=doc.organization,
                badge=show(doc.expires_on),
                badge_sub=phrase,
                tone=_soon_tone(days),
                tooltip=f"{doc.title}\n{doc.organization}",
            )
        )
    return rows
