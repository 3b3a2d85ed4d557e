"""Undoable changes to co-design processes and to what they hold.

Like :mod:`grantdesk.ui.call_commands`, each command writes through the services with the
version it last saw, so an undo never overwrites what another desk saved meanwhile; a
refused step marks the command obsolete (the stack drops it) and hands the sentence to
*on_error* once the stack is done.

- :class:`CreateProcessCommand`, :class:`EditProcessCommand`, :class:`DeleteProcessCommand`
  (undo writes the whole process back from its snapshot).
- :class:`CreateRowCommand`, :class:`EditRowCommand`, :class:`DeleteRowCommand` for the
  rows a process holds — applications, meetings, commitments, indicators, measurements —
  each described by a :class:`RowOps`.

A record deleted and brought back gets a new id: each context remembers old id → new id
per kind of record, so commands further up the stack still find it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from grantdesk.i18n import _
from grantdesk.services.codesign_editing import ProcessForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler
from grantdesk.ui.record_command import RecordCommand

_ALIASES: WeakKeyDictionary[AppContext, dict[tuple[str, int], int]] = WeakKeyDictionary()


def current_id(context: AppContext, entity: str, record_id: int) -> int:
    """The id *record_id* (a record of *entity*) goes by now, after undo/redo."""
    aliases = _ALIASES.get(context, {})
    while (entity, record_id) in aliases:
        record_id = aliases[(entity, record_id)]
    return record_id


def _alias(context: AppContext, entity: str, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[(entity, old)] = new


class _CodesignCommand(RecordCommand):
    kind = "codesigns"
    what = "co-design"

    @property
    def db(self) -> Any:
        assert self._context.db is not None
        return self._context.db


# -- processes ------------------------------------------------------------------------------


def _process_version_if_unchanged(
    context: AppContext, process_id: int, expected: ProcessForm
) -> int:
    from grantdesk.services.codesign_editing import load_form
    from grantdesk.services.editing import ConflictError

    assert context.db is not None
    form, version = load_form(context.db, process_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this process meanwhile: it has been reloaded, try again.")
        )
    return version


class CreateProcessCommand(_CodesignCommand):
    """Record a new process; undo deletes it (with whatever was added since), redo writes
    it back."""

    def __init__(self, context: AppContext, form: ProcessForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new co-design process “{title}”").format(title=_short(form.title.strip())),
            context,
            on_error,
        )
        self.form = form
        self.process_id: int | None = None
        self._snapshot: Any = None

    def redo(self) -> None:
        from grantdesk.services.codesign_editing import (
            create_process,
            load_form,
            restore_process,
        )

        def step() -> None:
            if self._snapshot is not None:
                new_id = restore_process(self.db, self._snapshot)
            else:
                new_id = create_process(self.db, self.form)
            if self.process_id is None:
                self.process_id = new_id
            else:
                _alias(
                    self._context,
                    "process",
                    current_id(self._context, "process", self.process_id),
                    new_id,
                )
            self.form = load_form(self.db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.codesign_editing import delete_process, process_version

        def step() -> None:
            assert self.process_id is not None
            process_id = current_id(self._context, "process", self.process_id)
            self._snapshot = delete_process(
                self.db, process_id, process_version(self.db, process_id)
            )

        self._run(step)


class EditProcessCommand(_CodesignCommand):
    """Save the general fields over a process; undo puts the previous ones back."""

    def __init__(
        self,
        context: AppContext,
        process_id: int,
        old: ProcessForm,
        new: ProcessForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("edit co-design process “{title}”").format(title=_short(new.title.strip())),
            context,
            on_error,
        )
        self.process_id = process_id
        self.old = old
        self.new = new
        self._first_version: int | None = expected_version
        self.version = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: ProcessForm, wanted: ProcessForm) -> None:
        from grantdesk.services.codesign_editing import load_form, update_process

        def step() -> None:
            process_id = current_id(self._context, "process", self.process_id)
            version = self._first_version
            if version is None:
                version = _process_version_if_unchanged(self._context, process_id, there)
            self._first_version = None
            self.version = update_process(self.db, process_id, wanted, version)
            saved = load_form(self.db, process_id)[0]
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteProcessCommand(_CodesignCommand):
    """Delete a process with everything it holds; undo writes it all back (new id)."""

    def __init__(
        self,
        context: AppContext,
        process_id: int,
        title: str,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("delete co-design process “{title}”").format(title=_short(title)), context, on_error
        )
        self.process_id = process_id
        self._first_version: int | None = expected_version
        self._snapshot: Any = None

    def redo(self) -> None:
        from grantdesk.services.codesign_editing import delete_process, process_version

        def step() -> None:
            process_id = current_id(self._context, "process", self.process_id)
            version = self._first_version
            if version is None:
                version = process_version(self.db, process_id)
            self._first_version = None
            self._snapshot = delete_process(self.db, process_id, version)

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.codesign_editing import restore_process

        def step() -> None:
            new_id = restore_process(self.db, self._snapshot)
            _alias(
                self._context,
                "process",
                current_id(self._context, "process", self.process_id),
                new_id,
            )

        self._run(step)


# -- the rows a process holds -----------------------------------------------------------------


@dataclass(frozen=True)
class RowOps:
    """How to read, write and delete one kind of row of a process.

    *parent* is the kind of record the row belongs to ("process", or "indicator" for a
    measurement); *delete* returns what :attr:`recreate` needs to write the row back
    (the form itself unless the row carries children, like an indicator's measurements).
    """

    entity: str
    parent: str
    noun: str  # "application", for the undo menu
    load: Callable[[Any, int], tuple[Any, int]]
    create: Callable[[Any, int, Any], int]
    update: Callable[[Any, int, Any, int], int]
    delete: Callable[[Any, int, int], Any]
    recreate: Callable[[Any, int, Any], int] | None = None


def _ops(entity: str) -> RowOps:
    from grantdesk.services import codesign_meetings as meetings
    from grantdesk.services import codesign_monitoring as monitoring
    from grantdesk.services import codesign_parts as parts

    table = {
        "application": RowOps(
            "application",
            "process",
            _("application"),
            parts.load_application,
            parts.create_application,
            parts.update_application,
            parts.delete_application,
        ),
        "commitment": RowOps(
            "commitment",
            "process",
            _("commitment"),
            parts.load_commitment,
            parts.create_commitment,
            parts.update_commitment,
            parts.delete_commitment,
        ),
        "meeting": RowOps(
            "meeting",
            "process",
            _("meeting"),
            meetings.load_meeting,
            meetings.create_meeting,
            meetings.update_meeting,
            meetings.delete_meeting,
        ),
        "indicator": RowOps(
            "indicator",
            "process",
            _("indicator"),
            monitoring.load_indicator,
            monitoring.create_indicator,
            monitoring.update_indicator,
            monitoring.delete_indicator,
            monitoring.restore_indicator,
        ),
        "measurement": RowOps(
            "measurement",
            "indicator",
            _("measurement"),
            monitoring.load_measurement,
            monitoring.create_measurement,
            monitoring.update_measurement,
            monitoring.delete_measurement,
        ),
    }
    return table[entity]


class _RowCommand(_CodesignCommand):
    def __init__(self, text: str, context: AppContext, entity: str, on_error: ErrorHandler) -> None:
        super().__init__(text, context, on_error)
        self.ops = _ops(entity)

    def _row(self, row_id: int) -> int:
        return current_id(self._context, self.ops.entity, row_id)

    def _parent(self, parent_id: int) -> int:
        return current_id(self._context, self.ops.parent, parent_id)

    def _load_form(self, db: Any, record_id: int) -> tuple[Any, int]:
        return self.ops.load(db, record_id)

    def _conflict_message(self) -> str:
        return _("Someone else changed this record meanwhile: it has been reloaded, try again.")


class CreateRowCommand(_RowCommand):
    """Add a row (an application, a meeting…) to its process; undo deletes it."""

    def __init__(
        self, context: AppContext, entity: str, parent_id: int, form: Any, on_error: ErrorHandler
    ) -> None:
        super().__init__("", context, entity, on_error)
        self.setText(_("add {what}").format(what=self.ops.noun))
        self.parent_id = parent_id
        self.form = form
        self.row_id: int | None = None
        self._deleted: Any = None

    def redo(self) -> None:
        def step() -> None:
            parent = self._parent(self.parent_id)
            if self._deleted is not None and self.ops.recreate is not None:
                new_id = self.ops.recreate(self.db, parent, self._deleted)
            else:
                new_id = self.ops.create(self.db, parent, self.form)
            if self.row_id is None:
                self.row_id = new_id
            else:
                _alias(self._context, self.ops.entity, self._row(self.row_id), new_id)
            self.form = self.ops.load(self.db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        def step() -> None:
            assert self.row_id is not None
            row_id = self._row(self.row_id)
            version = self._version_if_unchanged(row_id, self.form)
            self._deleted = self.ops.delete(self.db, row_id, version)

        self._run(step)


class EditRowCommand(_RowCommand):
    """Save a row's form; undo puts the previous form back."""

    def __init__(
        self,
        context: AppContext,
        entity: str,
        row_id: int,
        old: Any,
        new: Any,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__("", context, entity, on_error)
        self.setText(_("edit {what}").format(what=self.ops.noun))
        self.row_id = row_id
        self.old = old
        self.new = new
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new, forward=True)

    def undo(self) -> None:
        self._save(self.new, self.old, forward=False)

    def _save(self, there: Any, wanted: Any, *, forward: bool) -> None:
        def step() -> None:
            row_id = self._row(self.row_id)
            version = self._first_version
            if version is None:
                version = self._version_if_unchanged(row_id, there)
            self._first_version = None
            self.ops.update(self.db, row_id, wanted, version)
            saved = self.ops.load(self.db, row_id)[0]
            if forward:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteRowCommand(_RowCommand):
    """Delete a row; undo writes it back (under a new id the command follows)."""

    def __init__(
        self,
        context: AppContext,
        entity: str,
        parent_id: int,
        row_id: int,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__("", context, entity, on_error)
        self.setText(_("delete {what}").format(what=self.ops.noun))
        self.parent_id = parent_id
        self.row_id = row_id
        self._first_version: int | None = expected_version
        self._deleted: Any = None
        self._restored: Any = None

    def redo(self) -> None:
        def step() -> None:
            row_id = self._row(self.row_id)
            version = self._first_version
            if version is None:
                version = self._version_if_unchanged(row_id, self._restored)
            self._first_version = None
            self._deleted = self.ops.delete(self.db, row_id, version)

        self._run(step)

    def undo(self) -> None:
        def step() -> None:
            parent = self._parent(self.parent_id)
            recreate = self.ops.recreate or self.ops.create
            new_id = recreate(self.db, parent, self._deleted)
            _alias(self._context, self.ops.entity, self._row(self.row_id), new_id)
            self._restored = self.ops.load(self.db, new_id)[0]

        self._run(step)
