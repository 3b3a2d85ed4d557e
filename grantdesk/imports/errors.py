"""Problems found in an import file: every one, by row (or record) and column (or field).

Shared by every importer (calls, organizations): a parser collects all the problems of a
file with :class:`Problems` and raises one :class:`ImportRejected`, so nothing is written
and the user sees everything to correct at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grantdesk.i18n import _, ngettext


@dataclass(frozen=True)
class ImportProblem:
    """One problem: where (a spreadsheet row or a JSON record, a column or field) and what.

    *row* is the spreadsheet row number as the user sees it (the header is row 1) or the
    1-based record number in a JSON file; None for the whole file. *message* is already
    translated.
    """

    row: int | None
    column: str | None
    message: str
    unit: str = "row"  # "row" for CSV/XLSX, "record" for JSON

    def __str__(self) -> str:
        if self.row is not None and self.column is not None:
            if self.unit == "record":
                text = _("record {row}, field {column}: {message}")
            else:
                text = _("row {row}, column {column}: {message}")
        elif self.row is not None:
            text = (
                _("record {row}: {message}") if self.unit == "record" else _("row {row}: {message}")
            )
        elif self.column is not None:
            text = _("column {column}: {message}")
        else:
            return self.message
        return text.format(row=self.row, column=self.column, message=self.message)


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was imported. Lists every problem."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        """One line: how many problems, and that nothing was imported."""
        n = len(self.problems)
        return ngettext(
            "{count} problem in the file: nothing was imported.",
            "{count} problems in the file: nothing was imported.",
            n,
        ).format(count=n)

    def lines(self) -> list[str]:
        """The summary followed by every problem, one per line."""
        return [self.summary(), *(str(p) for p in self.problems)]


class Problems:
    """Collects problems while a parser reads a whole file, then raises them all at once."""

    def __init__(self, unit: str = "row") -> None:
        self.unit = unit
        self.items: list[ImportProblem] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(ImportProblem(row, column, message, self.unit))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRejected(self.items)


def whole_file(message: str) -> ImportRejected:
    """A rejection with a single problem about the whole file."""
    return ImportRejected([ImportProblem(None, None, message)])
