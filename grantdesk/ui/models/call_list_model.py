"""The calls list, narrowed to the calls one organization may apply to when asked.

Eligibility is judged for every call at once, off the GUI thread, into a
``services.eligibility.Overview`` (see ``grantdesk.ui.eligibility_filter``); this model only
reads it: the eligible ids narrow the SQL of each page, and the last column ("Eligibility")
says why a call is excluded. Without an overview the model is the plain calls list and the
last column is empty (the view hides it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from grantdesk.i18n import N_
from grantdesk.ui.models.list_model import TONES, RecordListModel

if TYPE_CHECKING:
    from grantdesk.services.database import Database
    from grantdesk.services.eligibility import CallEligibility, Overview
    from grantdesk.services.listing import ListColumn

ELIGIBILITY_KEY = "eligibility"
ELIGIBLE_ROLE = Qt.ItemDataRole.UserRole + 20  # bool: may the organization apply (or None)
EXCLUDED_INK = QColor("#8a94a3")  # the text of an excluded call: present, but set back


class CallListModel(RecordListModel):
    """The calls, optionally seen from one organization.

    ``set_eligibility(overview, show_excluded)``: with *show_excluded* False only the
    eligible calls are listed; with True every call, the excluded ones greyed. Sorting by
    the eligibility column lists the eligible calls first (last when descending), by title.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__("calls", parent)
        self._overview: Overview | None = None
        self._eligible_ids: frozenset[int] = frozenset()
        self._show_excluded = False
        self._all_total = 0  # the calls matching the search, eligible or not
        self._eligible_total = 0
        self._reason_texts: dict[int, tuple[str, str]] = {}  # call id → (summary, explanation)

    # -- state ---------------------------------------------------------------------------

    @property
    def overview(self) -> Overview | None:
        return self._overview

    @property
    def show_excluded(self) -> bool:
        return self._show_excluded

    @property
    def filtering(self) -> bool:
        """True while the rows are seen from an organization."""
        return self._overview is not None

    @property
    def all_total(self) -> int:
        """How many calls match the search, whatever their eligibility."""
        return self._all_total

    @property
    def eligible_total(self) -> int:
        """How many of them the organization may apply to (0 without an organization)."""
        return self._eligible_total

    @property
    def eligibility_column(self) -> int:
        return self.column_index(ELIGIBILITY_KEY)

    def set_database(self, db: Database | None) -> None:
        if db is not self.database:  # ids of one database mean nothing in another
            self._set_overview(None)
        super().set_database(db)

    def set_eligibility(self, overview: Overview | None, show_excluded: bool = False) -> None:
        """Look at the calls from *overview*'s organization (None: every call, plainly)."""
        self._set_overview(overview)
        self._show_excluded = show_excluded
        if overview is None and self.sort_column == self.eligibility_column:
            self._sort_column = self.column_index("title")
            self._descending = False
        self.reload(pages=1)

    def drop_eligibility(self) -> None:
        """Forget the organization without reading anything (no database is open)."""
        self._set_overview(None)
        self._show_excluded = False

    def eligibility(self, row: int) -> CallEligibility | None:
        """How the organization stands with the call at *row* (None: not judged)."""
        record_id = self.record_id(row)
        if self._overview is None or record_id is None:
            return None
        return self._overview.calls.get(record_id)

    def _set_overview(self, overview: Overview | None) -> None:
        self._overview = overview
        self._eligible_ids = overview.eligible_ids if overview is not None else frozenset()
        self._reason_texts = {}

    # -- Qt model API ----------------------------------------------------------------------

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or self._overview is None:
            return super().data(index, role)
        judged = self.eligibility(index.row())
        if index.column() == self.eligibility_column:
            return self._eligibility_data(index, judged, role)
        if role == ELIGIBLE_ROLE:
            return None if judged is None else judged.eligible
        if role == Qt.ItemDataRole.ForegroundRole and judged is not None and not judged.eligible:
            return EXCLUDED_INK
        return super().data(index, role)

    def _eligibility_data(
        self, index: QModelIndex | QPersistentModelIndex, judged: CallEligibility | None, role: int
    ) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if judged is None:
                return ""
            summary, explanation = self._reason_text(judged)
            return summary if role == Qt.ItemDataRole.DisplayRole else explanation
        if role == ELIGIBLE_ROLE:
            return None if judged is None else judged.eligible
        if role == Qt.ItemDataRole.ForegroundRole and judged is not None:
            if not judged.eligible:
                return TONES["negative"]
            return TONES["attention"] if judged.reasons else TONES["positive"]
        return super().data(index, role)

    def _reason_text(self, judged: CallEligibility) -> tuple[str, str]:
        cached = self._reason_texts.get(judged.call_id)
        if cached is None:
            from grantdesk.services.eligibility import explanation, summary

            assert self._overview is not None
            cached = (summary(judged), explanation(judged, self._overview.organization_name))
            self._reason_texts[judged.call_id] = cached
        return cached

    # -- what the generic list asks ----------------------------------------------------------

    def _list_columns(self) -> list[ListColumn]:
        from grantdesk.services.listing import ListColumn

        return [*super()._list_columns(), ListColumn(ELIGIBILITY_KEY, N_("Eligibility"))]

    def _sort_key(self) -> str | None:
        if self._sort_column == self.eligibility_column:
            return "title"  # eligible first (see _list_options), then by title
        return super()._sort_key()

    def _list_options(self) -> dict[str, Any]:
        if self._overview is None:
            return {}
        options: dict[str, Any] = {}
        if not self._show_excluded:
            options["only_ids"] = self._eligible_ids
        if self._sort_column == self.eligibility_column:
            options["first_ids"] = self._eligible_ids
        return options

    def _count(self) -> int:
        from grantdesk.services import listing

        if self._db is None:
            return 0
        total = listing.count_rows(self._db, self.kind, search=self._search)
        self._all_total = total
        if self._overview is None:
            self._eligible_total = 0
            return total
        self._eligible_total = listing.count_rows(
            self._db, self.kind, search=self._search, only_ids=self._eligible_ids
        )
        return total if self._show_excluded else self._eligible_total

    def _append(self, rows: list[Any]) -> None:
        from grantdesk.services.listing import ListRow

        # The eligibility column has no value of its own: it is read from the overview.
        super()._append([ListRow(r.id, (*r.values, None)) for r in rows])
