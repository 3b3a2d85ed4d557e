"""One table model for every main list (calls, organizations, proposals, co-design).

Rows come from ``services.listing`` a page at a time: the view asks for more
(``canFetchMore``/``fetchMore``) only as the user scrolls, so a list of 100,000 records
never loads whole. Sorting and searching happen in SQL and reset the model.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from grantdesk.i18n import _

if TYPE_CHECKING:
    from grantdesk.services.database import Database
    from grantdesk.services.listing import ListColumn

log = logging.getLogger(__name__)

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the record's id (every column)
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the value as read from the database
STATUS_CODE_ROLE = Qt.ItemDataRole.UserRole + 3  # str: the vocabulary code of a status cell
STATUS_COLOUR_ROLE = Qt.ItemDataRole.UserRole + 4  # QColor: the tone of a status cell
COLUMN_KIND_ROLE = Qt.ItemDataRole.UserRole + 5  # str: text, int, money, date, vocab…

PAGE_SIZE = 200
NUMERIC_KINDS = frozenset({"int", "money"})

# Tones of the pipeline, quiet enough to read as text on white and on the selection.
TONES = {
    "neutral": QColor("#5b6778"),
    "info": QColor("#1f63b5"),
    "progress": QColor("#6a4bb0"),
    "attention": QColor("#a15c00"),
    "positive": QColor("#23804a"),
    "negative": QColor("#b3261e"),
    "closed": QColor("#7d8794"),
}
STATUS_TONES = {
    "calls": {
        "new": "info",
        "watching": "attention",
        "go": "positive",
        "no_go": "negative",
        "submitted": "progress",
        "closed": "closed",
    },
    "proposals": {
        "idea": "neutral",
        "drafting": "info",
        "review": "attention",
        "submitted": "progress",
        "awarded": "positive",
        "rejected": "negative",
        "withdrawn": "closed",
        "running": "positive",
        "reporting": "attention",
        "closed": "closed",
    },
    "codesigns": {
        "decision": "neutral",
        "notice_published": "info",
        "applications": "info",
        "evaluation": "attention",
        "tables": "progress",
        "approval": "attention",
        "agreement_signed": "positive",
        "monitoring": "positive",
        "closed": "closed",
    },
}


def status_colour(kind: str, code: str | None) -> QColor | None:
    """The tone of status *code* in list *kind* (None for lists without a status)."""
    tone = STATUS_TONES.get(kind, {}).get(code or "")
    return TONES[tone] if tone else None


class RecordListModel(QAbstractTableModel):
    """The rows of one list kind, fetched lazily from the open database.

    Signals:
        loaded(): the rows were reloaded (new database, search, sort or change); the total
            is known.
        failed(str): the database could not be read; the message is for the user.
    """

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, kind: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._db: Database | None = None
        self._columns: list[ListColumn] = []
        self._ids: list[int] = []
        self._raw: list[tuple[Any, ...]] = []
        self._text: list[tuple[str, ...]] = []
        self._total = 0
        self._search = ""
        self._sort_column = 0
        self._descending = False
        # Until the user picks a column, a search lists the best matches first.
        self._user_sorted = False

    # -- state ---------------------------------------------------------------------------

    @property
    def database(self) -> Database | None:
        """The database the rows come from."""
        return self._db

    @property
    def search(self) -> str:
        return self._search

    @property
    def total(self) -> int:
        """How many records match the search (loaded or not)."""
        return self._total

    @property
    def loaded_count(self) -> int:
        return len(self._ids)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def columns(self) -> list[ListColumn]:
        return list(self._columns)

    def column_index(self, key: str) -> int:
        """The position of column *key*, or -1."""
        return next((i for i, c in enumerate(self._columns) if c.key == key), -1)

    def set_database(self, db: Database | None) -> None:
        """Show the records of *db* (None: no rows until a database is open)."""
        self._db = db
        if db is not None and not self._columns:
            self.beginResetModel()
            self._columns = self._list_columns()
            self._sort_column = next((i for i, c in enumerate(self._columns) if c.stretch), 0)
            self.endResetModel()
        self.reload(pages=1)

    def set_search(self, text: str) -> None:
        """Keep only records matching every word of *text* (accents ignored); the model is
        reset to its first page, even when the words did not change."""
        self._search = text.strip()
        self.reload(pages=1)

    def reload(self, pages: int | None = None) -> None:
        """Read the rows again; by default as many pages as are loaded now."""
        if pages is None:
            pages = max(1, -(-len(self._ids) // PAGE_SIZE))
        self.beginResetModel()
        self._ids, self._raw, self._text = [], [], []
        self._total = 0
        if self._db is not None:
            try:
                self._total = self._count()
                self._append(self._read(0, min(pages * PAGE_SIZE, self._total)))
            except Exception as exc:  # the list stays empty; the user reads why
                self._total = 0
                self._report(exc)
        self.endResetModel()
        self.loaded.emit()

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and len(self._ids) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not self.canFetchMore(parent) or self._db is None:
            return
        try:
            rows = self._read(len(self._ids), PAGE_SIZE)
        except Exception as exc:  # stop fetching rather than retry on every scroll
            self._total = len(self._ids)
            self._report(exc)
            return
        if not rows:  # records were deleted meanwhile: the count was too high
            self._total = len(self._ids)
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._append(rows)
        self.endInsertRows()

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            return self._text[row][col]
        column = self._columns[col]
        if role == RECORD_ID_ROLE:
            return self._ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in NUMERIC_KINDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == COLUMN_KIND_ROLE:
            return column.kind
        value = self._raw[row][col]
        if role == RAW_VALUE_ROLE:
            return value
        if column.key != "status":
            return None
        code = getattr(value, "value", value)
        if role == STATUS_CODE_ROLE:
            return code
        if role in (Qt.ItemDataRole.ForegroundRole, STATUS_COLOUR_ROLE):
            return status_colour(self.kind, code)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the whole list in SQL by *column* (the view keeps the loaded depth)."""
        if not 0 <= column < len(self._columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self._sort_column, self._descending = column, descending
        self._user_sorted = True
        self.reload(pages=1)

    # -- helpers -------------------------------------------------------------------------

    def record_id(self, row: int) -> int | None:
        """The id of the record shown at *row*."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_for_id(self, record_id: int) -> int:
        """The row of record *record_id* among the loaded rows, or -1."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    # What a narrower list (the calls one organization may apply to) overrides.

    def _list_columns(self) -> list[ListColumn]:
        from grantdesk.services import listing

        return listing.columns(self.kind)

    def _sort_key(self) -> str | None:
        """The column the SQL sorts by; None: a search's best matches first."""
        if self._search and not self._user_sorted:
            return None
        return self._columns[self._sort_column].key

    def _list_options(self) -> dict[str, Any]:
        """More arguments for ``listing.fetch_rows`` (``only_ids``, ``first_ids``)."""
        return {}

    def _count(self) -> int:
        from grantdesk.services import listing

        if self._db is None:
            return 0
        only_ids = self._list_options().get("only_ids")
        return listing.count_rows(self._db, self.kind, search=self._search, only_ids=only_ids)

    def _read(self, offset: int, limit: int) -> list[Any]:
        from grantdesk.services import listing

        if self._db is None or limit <= 0:
            return []
        return listing.fetch_rows(
            self._db,
            self.kind,
            search=self._search,
            sort=self._sort_key(),
            descending=self._descending,
            offset=offset,
            limit=limit,
            **self._list_options(),
        )

    def _append(self, rows: list[Any]) -> None:
        from grantdesk.services.present import show

        kinds = [c.kind for c in self._columns]
        for row in rows:
            self._ids.append(row.id)
            self._raw.append(row.values)
            self._text.append(tuple(show(v, k) for v, k in zip(row.values, kinds, strict=True)))

    def _report(self, exc: Exception) -> None:
        from grantdesk.services.database import DatabaseError

        log.warning("reading the %s list failed: %s", self.kind, exc)
        if isinstance(exc, DatabaseError):
            self.failed.emit(str(exc))
        else:
            self.failed.emit(_("The list could not be read from the database."))
