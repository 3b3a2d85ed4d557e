"""Undoable changes to proposals and to the text library, one ``QUndoCommand`` each.

Like :mod:`grantdesk.ui.call_commands`, a command writes through the services and checks
first that the record still holds what the command last saw — a version for the first
step, the content for undo and redo — so an undo never overwrites what another desk saved
meanwhile. A refused step marks the command obsolete (the stack drops it) and hands the
sentence to *on_error* once the stack is done; ``failed`` holds it for the caller.

A proposal deleted and brought back by undo may get a new id: each context remembers
old id → new id (:func:`current_proposal_id`), so commands further up the stack follow it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.services.proposal_editing import ProposalForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler
from grantdesk.ui.record_command import RecordCommand

if TYPE_CHECKING:
    from grantdesk.services.proposal_copy import ProposalSnapshot
    from grantdesk.services.proposal_parts import Part
    from grantdesk.services.text_library import TextBlockForm

MERGE_ID = 5150  # part commands with the same merge key (typing in one section) merge

_ALIASES: WeakKeyDictionary[AppContext, dict[tuple[str, int], int]] = WeakKeyDictionary()


def _current(context: AppContext, kind: str, record_id: int) -> int:
    aliases = _ALIASES.get(context, {})
    seen = set()
    while (kind, record_id) in aliases and record_id not in seen:
        seen.add(record_id)
        record_id = aliases[(kind, record_id)]
    return record_id


def current_proposal_id(context: AppContext, proposal_id: int) -> int:
    """The id *proposal_id* goes by now, after undo/redo brought the proposal back."""
    return _current(context, "proposal", proposal_id)


def _alias(context: AppContext, old: int, new: int, kind: str = "proposal") -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[(kind, old)] = new


def part_of(key: str) -> Part[Any]:
    """The service description of the part a tab edits ("partners", "sections"…)."""
    from grantdesk.services import proposal_parts as parts
    from grantdesk.services.proposal_partnership import PARTNERSHIP

    found: dict[str, Part[Any]] = {
        "partners": PARTNERSHIP,
        "sections": parts.SECTIONS,
        "objectives": parts.OBJECTIVES,
        "activities": parts.ACTIVITIES,
        "indicators": parts.INDICATORS,
        "swot": parts.SWOT,
        "checklist": parts.CHECKLIST,
    }
    return found[key]


def _form_if_unchanged(context: AppContext, proposal_id: int, expected: ProposalForm) -> int:
    """The proposal's version, provided its general fields still hold *expected*."""
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.proposal_editing import load_form

    assert context.db is not None
    form, version = load_form(context.db, proposal_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this proposal meanwhile: it has been reloaded, try again.")
        )
    return version


class _Command(RecordCommand):
    kind = "proposals"
    what = "proposal"

    @property
    def db(self) -> Any:
        assert self._context.db is not None
        return self._context.db


class CreateProposalCommand(_Command):
    """Record a new proposal (sections and checklist from its call); undo deletes it."""

    def __init__(
        self,
        context: AppContext,
        form: ProposalForm,
        lead_id: int | None,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("new proposal “{title}”").format(title=_short(form.title.strip())), context, on_error
        )
        self.form = replace(form)
        self.lead_id = lead_id
        self.proposal_id: int | None = None  # the first id it got: later ones are aliases
        self._snapshot: ProposalSnapshot | None = None

    def redo(self) -> None:
        from grantdesk.services.proposal_editing import (
            create_proposal,
            load_form,
            restore_proposal,
        )

        def step() -> None:
            if self._snapshot is None:
                new_id = create_proposal(self.db, self.form, self.lead_id)
                self.proposal_id = new_id
            else:
                new_id = restore_proposal(self.db, self._snapshot)
                assert self.proposal_id is not None
                _alias(self._context, current_proposal_id(self._context, self.proposal_id), new_id)
            self.form = load_form(self.db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.proposal_editing import delete_proposal

        def step() -> None:
            assert self.proposal_id is not None
            proposal_id = current_proposal_id(self._context, self.proposal_id)
            version = _form_if_unchanged(self._context, proposal_id, self.form)
            self._snapshot = delete_proposal(self.db, proposal_id, version)

        self._run(step)


class EditProposalCommand(_Command):
    """Save the general fields (or a status change with its data); undo puts them back."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        old: ProposalForm,
        new: ProposalForm,
        expected_version: int,
        on_error: ErrorHandler,
        text: str = "",
    ) -> None:
        super().__init__(
            text or _("edit proposal “{title}”").format(title=_short(new.title.strip())),
            context,
            on_error,
        )
        self.proposal_id = proposal_id
        self.old = replace(old)
        self.new = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new, restoring=False)

    def undo(self) -> None:
        self._save(self.new, self.old, restoring=True)

    def _save(self, there: ProposalForm, wanted: ProposalForm, *, restoring: bool) -> None:
        from grantdesk.services.proposal_editing import load_form, update_proposal

        def step() -> None:
            proposal_id = current_proposal_id(self._context, self.proposal_id)
            version = self._first_version
            if version is None:
                version = _form_if_unchanged(self._context, proposal_id, there)
            self._first_version = None
            update_proposal(self.db, proposal_id, wanted, version, restoring=restoring)
            saved = load_form(self.db, proposal_id)[0]
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteProposalCommand(_Command):
    """Delete a proposal with everything it holds; undo brings it all back."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        form: ProposalForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("delete proposal “{title}”").format(title=_short(form.title)), context, on_error
        )
        self.proposal_id = proposal_id
        self.form = replace(form)
        self._first_version: int | None = expected_version
        self._snapshot: ProposalSnapshot | None = None

    def redo(self) -> None:
        from grantdesk.services.proposal_editing import delete_proposal

        def step() -> None:
            proposal_id = current_proposal_id(self._context, self.proposal_id)
            version = self._first_version
            if version is None:
                version = _form_if_unchanged(self._context, proposal_id, self.form)
            self._snapshot = delete_proposal(self.db, proposal_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.proposal_editing import restore_proposal

        def step() -> None:
            assert self._snapshot is not None
            new_id = restore_proposal(self.db, self._snapshot)
            _alias(self._context, current_proposal_id(self._context, self.proposal_id), new_id)

        self._run(step)


class DuplicateProposalCommand(_Command):
    """Copy a proposal as next year's edition; undo deletes the copy."""

    def __init__(
        self, context: AppContext, proposal_id: int, title: str, on_error: ErrorHandler
    ) -> None:
        super().__init__(
            _("duplicate as “{title}”").format(title=_short(" ".join(title.split()))),
            context,
            on_error,
        )
        self.source_id = proposal_id
        self.title = title
        self.proposal_id: int | None = None
        self._form: ProposalForm | None = None
        self._snapshot: ProposalSnapshot | None = None

    def redo(self) -> None:
        from grantdesk.services.proposal_editing import (
            duplicate_proposal,
            load_form,
            restore_proposal,
        )

        def step() -> None:
            if self._snapshot is None:
                source = current_proposal_id(self._context, self.source_id)
                new_id = duplicate_proposal(self.db, source, self.title)
                self.proposal_id = new_id
            else:
                new_id = restore_proposal(self.db, self._snapshot)
                assert self.proposal_id is not None
                _alias(self._context, current_proposal_id(self._context, self.proposal_id), new_id)
            self._form = load_form(self.db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.proposal_editing import delete_proposal

        def step() -> None:
            assert self.proposal_id is not None and self._form is not None
            proposal_id = current_proposal_id(self._context, self.proposal_id)
            version = _form_if_unchanged(self._context, proposal_id, self._form)
            self._snapshot = delete_proposal(self.db, proposal_id, version)

        self._run(step)


class PartCommand(_Command):
    """Write a new value over one part of a proposal (its sections, partners…); undo writes
    the old value back. Consecutive commands with the same *merge_key* (typing in one
    section) merge into one step."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        key: str,
        old: Any,
        new: Any,
        text: str,
        on_error: ErrorHandler,
        merge_key: object = None,
    ) -> None:
        super().__init__(text, context, on_error)
        self.proposal_id = proposal_id
        self.key = key
        self.old = old
        self.new = new
        self.merge_key = merge_key

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: Any, wanted: Any) -> None:
        from grantdesk.services.proposal_parts import save_part

        def step() -> None:
            proposal_id = current_proposal_id(self._context, self.proposal_id)
            saved = save_part(self.db, proposal_id, part_of(self.key), wanted, expected=there)
            if wanted is self.new:
                self.new = saved.value
            else:
                self.old = saved.value

        self._run(step)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, PartCommand) or other.failed or self.failed:
            return False
        if other.merge_key != self.merge_key or other.proposal_id != self.proposal_id:
            return False
        self.new = other.new
        return True


class TextBlockCommand(_Command):
    """Create (*before* None), edit or delete (*after* None) a block of the text library."""

    kind = "text_blocks"

    def __init__(
        self,
        context: AppContext,
        block_id: int | None,
        before: TextBlockForm | None,
        after: TextBlockForm | None,
        on_error: ErrorHandler,
    ) -> None:
        shown = after if after is not None else before
        title = shown.title if shown is not None else ""
        if before is None:
            text = _("new library block “{title}”")
        elif after is None:
            text = _("delete library block “{title}”")
        else:
            text = _("edit library block “{title}”")
        super().__init__(text.format(title=_short(title)), context, on_error)
        self.block_id = block_id
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._put(self.before, self.after)

    def undo(self) -> None:
        self._put(self.after, self.before)

    def _put(self, there: TextBlockForm | None, wanted: TextBlockForm | None) -> None:
        from grantdesk.services.editing import ConflictError
        from grantdesk.services.text_library import (
            create_block,
            delete_block,
            load_block,
            update_block,
        )

        def step() -> None:
            version = 0
            block_id = None
            if self.block_id is not None:
                block_id = _current(self._context, "block", self.block_id)
            if there is not None:
                assert block_id is not None
                current, version = load_block(self.db, block_id)
                if current != _tidy(there):
                    raise ConflictError(
                        _(
                            "Someone else changed this block meanwhile: "
                            "it has been reloaded, try again."
                        )
                    )
            if wanted is None:
                assert block_id is not None
                delete_block(self.db, block_id, version)
            elif there is None:
                new_id = create_block(self.db, wanted)
                if self.block_id is None:
                    self.block_id = new_id
                else:
                    _alias(
                        self._context,
                        _current(self._context, "block", self.block_id),
                        new_id,
                        "block",
                    )
            else:
                assert block_id is not None
                update_block(self.db, block_id, wanted, version)

        self._run(step)


def _tidy(form: TextBlockForm) -> TextBlockForm:
    """*form* as the library stores it (spaces, tags), to compare with what is there."""
    from grantdesk.services.text_library import TextBlockForm as Form
    from grantdesk.services.text_library import split_tags

    return Form(
        title=" ".join(form.title.split()),
        body=form.body.strip(),
        tags=split_tags(form.tags),
        language=form.language,
        organization_id=form.organization_id,
    )
