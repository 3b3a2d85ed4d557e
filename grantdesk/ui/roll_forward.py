"""Rolling a recurring call forward from the GUI: see the dates, confirm, undo.

``offer_roll_forward(parent, context, call_id)`` shows the deadlines the next year would
get (Rome time, Italian format) and, when confirmed, pushes a ``RollForwardCommand`` on
the undo stack: its ``redo`` creates them (``services.recurrence.roll_forward``) and its
``undo`` deletes exactly those deadlines, refusing if one was changed meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, current_language, ngettext
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

PLAN_CSS = """
th { color: #5b6778; font-weight: 600; text-align: left; padding: 0 18px 6px 0;
     border-bottom: 1px solid #e3e7ed; }
td { padding: 6px 18px 6px 0; border-bottom: 1px solid #e3e7ed; vertical-align: top; }
td.when { font-weight: 600; white-space: nowrap; }
.muted { color: #5b6778; }
"""

ErrorHandler = Callable[[str], None]


@dataclass(frozen=True)
class PlannedLine:
    """One deadline the roll-forward would create, ready to show."""

    when: str  # "15/03/2027 12:00", Rome time
    kind: str
    stage: str
    owner: str


@dataclass(frozen=True)
class RollForwardPreview:
    call_id: int
    title: str
    year: int
    lines: tuple[PlannedLine, ...]


def preview(context: AppContext, call_id: int, year: int | None = None) -> RollForwardPreview:
    """What rolling *call_id* forward into *year* would create (default: the year after
    its latest deadline). Raises ``RollForwardError`` with a sentence for the user."""
    from sqlalchemy import select

    from grantdesk.db.models import Call, Deadline
    from grantdesk.domain.dates import format_date, rome_to_utc, utc_to_rome
    from grantdesk.domain.vocab import DeadlineKind
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.recurrence import RollForwardError, plan

    db = context.db
    if db is None:
        raise RollForwardError(_("No database is open."))
    lang = current_language()
    with db.reading() as s:
        call = s.get(Call, call_id)
        if call is None:
            raise RollForwardError(_("There is no call with id {id}.").format(id=call_id))
        deadlines = list(
            s.scalars(select(Deadline).where(Deadline.call_id == call_id).order_by(Deadline.due_at))
        )
        if year is None:
            years = [
                utc_to_rome(d.due_at).year for d in deadlines if d.kind != DeadlineKind.INTERNAL
            ]
            year = max(years) + 1 if years else today_in_rome().year + 1
        planned = plan(call, deadlines, year)
        existing = {(d.kind, d.stage or "", utc_to_rome(d.due_at).date()) for d in deadlines}
        title = call.title
    lines = []
    for p in sorted(planned, key=lambda p: (p.day, p.at)):
        if (p.kind, p.stage or "", p.day) in existing:
            continue
        moment = utc_to_rome(rome_to_utc(p.day, p.at))
        lines.append(
            PlannedLine(
                when=f"{format_date(p.day, lang)} {moment:%H:%M}",
                kind=p.kind.label,
                stage=p.stage or "",
                owner=p.owner or "",
            )
        )
    return RollForwardPreview(call_id, title, year, tuple(lines))


class RollForwardDialog(QDialog):
    """Asks to confirm the deadlines a roll-forward will create."""

    def __init__(self, preview: RollForwardPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RollForwardDialog")
        self.setWindowTitle(_("Roll forward to {year}").format(year=preview.year))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        heading = QLabel(
            _("Create the {year} deadlines of “{call}”?").format(
                year=preview.year, call=preview.title
            )
        )
        heading.setObjectName("DialogHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        explanation = QLabel(
            _(
                "The dates follow the call's recurrence rule and this year's pattern; "
                "times are Rome time. You can undo this with Edit › Undo."
            )
        )
        explanation.setWordWrap(True)
        explanation.setStyleSheet("color: #5b6778;")
        layout.addWidget(explanation)
        self.rows = len(preview.lines)
        cells = "".join(
            "<tr>"
            f"<td class='when'>{escape(line.when)}</td>"
            f"<td>{escape(line.kind)}"
            + (f"<br><span class='muted'>{escape(line.stage)}</span>" if line.stage else "")
            + f"</td><td class='muted'>{escape(line.owner)}</td></tr>"
            for line in preview.lines
        )
        head = (
            f"<tr><th>{escape(_('Date (Rome time)'))}</th><th>{escape(_('Deadline'))}</th>"
            f"<th>{escape(_('Who'))}</th></tr>"
        )
        self.table = QLabel(
            f"<style>{PLAN_CSS}</style><table width='100%' cellspacing='0'>{head}{cells}</table>"
        )
        self.table.setObjectName("PlannedDeadlines")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setContentsMargins(10, 8, 10, 8)
        self.table.setStyleSheet(
            "#PlannedDeadlines { background: white; border: 1px solid #e3e7ed;"
            " border-radius: 4px; }"
        )
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            ngettext("Create {n} deadline", "Create {n} deadlines", len(preview.lines)).format(
                n=len(preview.lines)
            ),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.create_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wrapped labels: size the dialog for its real width, not the narrowest one.
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, layout.totalHeightForWidth(width))


class RollForwardCommand(QUndoCommand):
    """Create a recurring call's deadlines for *year*; undo deletes exactly those.

    When ``redo`` creates nothing or fails, or ``undo`` is refused because a created
    deadline was changed meanwhile, the command marks itself obsolete (the stack drops
    it) and *on_error* receives the sentence to show.
    """

    def __init__(
        self,
        context: AppContext,
        call_id: int,
        year: int,
        title: str,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("create the {year} deadlines of “{title}”").format(year=year, title=_short(title))
        )
        self._context = context
        self.call_id = call_id
        self.year = year
        self.created: list[int] = []
        self._versions: dict[int, int] = {}
        self._on_error = on_error
        self.failed = False  # a plain attribute: still readable once Qt dropped the command

    def redo(self) -> None:
        from grantdesk.services.deadline_editing import deadline_versions
        from grantdesk.services.recurrence import RollForwardError, roll_forward

        db = self._context.db
        if db is None:
            self.setObsolete(True)
            return
        try:
            self.created = roll_forward(db, self.call_id, self.year)
            self._versions = deadline_versions(db, self.created)
        except RollForwardError as exc:
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("roll forward failed")
            self._fail(_("The deadlines could not be created: the database did not answer."))
            return
        if not self.created:
            self._fail(
                _("The {year} deadlines of this call already exist: nothing to create.").format(
                    year=self.year
                )
            )
            return
        self._changed()

    def undo(self) -> None:
        from grantdesk.services.deadline_editing import delete_deadlines
        from grantdesk.services.editing import ConflictError

        db = self._context.db
        if db is None or not self.created:
            self.setObsolete(True)
            return
        try:
            delete_deadlines(db, self.created, expected=self._versions)
        except ConflictError as exc:
            self._fail(str(exc))
            return
        except Exception:
            log.exception("undoing roll forward failed")
            self._fail(_("The deadlines could not be deleted: the database did not answer."))
            return
        self.created = []
        self._versions = {}
        self._changed()

    def _changed(self) -> None:
        self._context.notify("deadlines")
        self._context.notify("calls")

    def _fail(self, message: str) -> None:
        self.failed = True
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: a dialog must not run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._changed()


def _short(title: str, limit: int = 48) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def offer_roll_forward(
    parent: QWidget, context: AppContext, call_id: int, year: int | None = None
) -> RollForwardCommand | None:
    """Show what rolling *call_id* forward would create and, once confirmed, do it
    (undoably). Returns the command pushed, or None when nothing was done."""
    from grantdesk.services.recurrence import RollForwardError

    def warn(message: str) -> None:
        QMessageBox.warning(parent, _("Roll forward"), message)

    try:
        shown = preview(context, call_id, year)
    except RollForwardError as exc:
        warn(str(exc))
        return None
    except Exception:
        log.exception("planning roll forward failed")
        warn(_("The deadlines could not be planned: the database did not answer."))
        return None
    if not shown.lines:
        QMessageBox.information(
            parent,
            _("Roll forward"),
            _("“{call}” already has its {year} deadlines: nothing to create.").format(
                call=shown.title, year=shown.year
            ),
        )
        return None
    dialog = RollForwardDialog(shown, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    command = RollForwardCommand(context, call_id, shown.year, shown.title, warn)
    context.undo_stack.push(command)
    if command.failed:
        return None
    context.status_message.emit(
        ngettext(
            "{n} deadline created for {year}",
            "{n} deadlines created for {year}",
            len(command.created),
        ).format(n=len(command.created), year=shown.year)
    )
    return command
