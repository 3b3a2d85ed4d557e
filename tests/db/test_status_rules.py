"""A status change from the lists obeys the record's own rules, with its editor's sentence.

``editing.set_status`` asks each kind's own validation (proposals, calls, co-design
processes): what the editor would refuse is refused here too, nothing is written and no
audit entry is added; what it allows goes through, audited, and undo (``restoring``) puts
back the old status whatever it lacked.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, Call, CoDesignProcess, Proposal
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CallStatus, CoDesignStatus, LegalForm, ProposalStatus
from grantdesk.services import editing
from grantdesk.services.codesign_editing import ProcessForm, create_process
from grantdesk.services.database import Database
from grantdesk.services.editing import StatusRefusedError
from tests.helpers import factories as f


def _audits(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _version(db: Database, model: Any, record_id: int) -> int:
    with db.reading() as s:
        return int(s.scalar(select(model.version).where(model.id == record_id)))


def _status(db: Database, model: Any, record_id: int) -> Any:
    with db.reading() as s:
        return s.scalar(select(model.status).where(model.id == record_id))


def _proposal(db: Database, **kw: Any) -> int:
    with db.transaction() as s:
        call = f.call(s, "Welfare di comunità")
        lead = f.organization(s, "Auser Bologna APS")
        return f.proposal(s, "Case del Sociale", call, lead, **kw).id


def _call(db: Database, **kw: Any) -> int:
    with db.transaction() as s:
        return f.call(s, "Bando Volontariato 2026", **kw).id


def _process(db: Database, **kw: Any) -> int:
    with db.transaction() as s:
        body = f.organization(s, "Comune di Casalecchio di Reno", LegalForm.PUBLIC_BODY).id
    values: dict[str, Any] = {
        "title": "Patto di comunità per l’abitare",
        "promoter_id": body,
        "status": CoDesignStatus.DECISION.value,
        "decided_on": date(2026, 1, 20),
    }
    values.update(kw)
    return create_process(db, ProcessForm(**values))


# -- proposals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "field", "sentence"),
    [
        ("submitted", "submitted_on", "“Submitted” needs the day the proposal was submitted."),
        ("awarded", "decided_on", "“Awarded” needs the day of the funder's decision."),
        ("rejected", "decided_on", "“Rejected” needs the day of the funder's decision."),
    ],
)
def test_a_proposal_status_without_its_data_is_refused_and_nothing_changes(
    db: Database, status: str, field: str, sentence: str
) -> None:
    pid = _proposal(db)
    before = _audits(db)
    with pytest.raises(StatusRefusedError) as refused:
        editing.set_status(db, "proposals", pid, status, _version(db, Proposal, pid))
    assert str(refused.value) == sentence
    assert refused.value.field == field
    assert _status(db, Proposal, pid) is ProposalStatus.DRAFTING
    assert _audits(db) == before


def test_awarded_with_a_decision_day_still_needs_the_amount(db: Database) -> None:
    pid = _proposal(db, submitted_on=date(2026, 2, 2), decided_on=date(2026, 5, 20))
    with pytest.raises(StatusRefusedError, match="needs the amount the funder awarded"):
        editing.set_status(db, "proposals", pid, "awarded", _version(db, Proposal, pid))


def test_a_proposal_with_its_data_moves_and_is_audited(db: Database) -> None:
    pid = _proposal(db, submitted_on=date(2026, 2, 2))
    version = _version(db, Proposal, pid)
    change = editing.set_status(db, "proposals", pid, "submitted", version)
    assert (change.old, change.new) == ("drafting", "submitted")
    assert _status(db, Proposal, pid) is ProposalStatus.SUBMITTED
    with db.reading() as s:
        assert s.scalars(select(AuditEntry.summary)).all()[-1] == "drafting → submitted"
    # Back to a status that needs nothing: allowed.
    editing.set_status(db, "proposals", pid, "review", change.version)
    assert _status(db, Proposal, pid) is ProposalStatus.REVIEW


def test_old_data_missing_for_the_current_status_does_not_hold_the_record(
    db: Database,
) -> None:
    # Imported as submitted without its day: moving it back asks for nothing new.
    pid = _proposal(db, status=ProposalStatus.SUBMITTED)
    change = editing.set_status(db, "proposals", pid, "drafting", _version(db, Proposal, pid))
    assert _status(db, Proposal, pid) is ProposalStatus.DRAFTING
    # Undo puts back what was there, complete or not.
    with pytest.raises(StatusRefusedError):
        editing.set_status(db, "proposals", pid, "submitted", change.version)
    editing.set_status(db, "proposals", pid, "submitted", change.version, restoring=True)
    assert _status(db, Proposal, pid) is ProposalStatus.SUBMITTED


# -- calls --------------------------------------------------------------------------------


def test_a_call_no_go_without_a_reason_is_refused(db: Database) -> None:
    call_id = _call(db)
    before = _audits(db)
    with pytest.raises(StatusRefusedError) as refused:
        editing.set_status(db, "calls", call_id, "no_go", _version(db, Call, call_id))
    assert str(refused.value) == "Say why the call is a no-go, so the choice can be reviewed."
    assert refused.value.field == "no_go_reason"
    assert _status(db, Call, call_id) is CallStatus.NEW
    assert _audits(db) == before


def test_a_call_no_go_with_its_reason_and_other_statuses_go_through(db: Database) -> None:
    call_id = _call(db, no_go_reason="Cofinanziamento al 50%: troppo per noi")
    change = editing.set_status(db, "calls", call_id, "no_go", _version(db, Call, call_id))
    assert _status(db, Call, call_id) is CallStatus.NO_GO
    other = _call(db)
    editing.set_status(db, "calls", other, "go", _version(db, Call, other))
    assert _status(db, Call, other) is CallStatus.GO
    editing.set_status(db, "calls", call_id, "watching", change.version)
    assert _status(db, Call, call_id) is CallStatus.WATCHING


def test_a_call_with_an_unrelated_problem_can_still_change_status(db: Database) -> None:
    # Imported data the editor would question (minimum above maximum): not the status's
    # business, so the move goes through.
    call_id = _call(db, min_grant=Decimal("50000"), max_grant=Decimal("10000"))
    editing.set_status(db, "calls", call_id, "go", _version(db, Call, call_id))
    assert _status(db, Call, call_id) is CallStatus.GO


# -- co-design processes ------------------------------------------------------------------


def test_a_process_moved_to_a_step_without_its_date_is_refused(db: Database) -> None:
    pid = _process(db)
    before = _audits(db)
    with pytest.raises(StatusRefusedError) as refused:
        editing.set_status(
            db, "codesigns", pid, "notice_published", _version(db, CoDesignProcess, pid)
        )
    assert str(refused.value) == "Give the date the public notice was published."
    assert refused.value.field == "notice_published_on"
    # Further steps name the first date missing on the way.
    with pytest.raises(StatusRefusedError, match="public notice was published"):
        editing.set_status(db, "codesigns", pid, "approval", _version(db, CoDesignProcess, pid))
    assert _status(db, CoDesignProcess, pid) is CoDesignStatus.DECISION
    assert _audits(db) == before


def test_a_process_with_its_dates_moves_and_back(db: Database) -> None:
    pid = _process(
        db,
        notice_published_on=date(2026, 2, 2),
        applications_due_at=rome_to_utc(date(2026, 3, 2), time(12, 0)),
    )
    version = _version(db, CoDesignProcess, pid)
    change = editing.set_status(db, "codesigns", pid, "applications", version)
    assert _status(db, CoDesignProcess, pid) is CoDesignStatus.APPLICATIONS
    # Evaluation lacks applications: a warning in the editor, never a refusal.
    change = editing.set_status(db, "codesigns", pid, "evaluation", change.version)
    assert _status(db, CoDesignProcess, pid) is CoDesignStatus.EVALUATION
    with pytest.raises(StatusRefusedError, match="approval act"):
        editing.set_status(db, "codesigns", pid, "approval", change.version)
    editing.set_status(db, "codesigns", pid, "decision", change.version)
    assert _status(db, CoDesignProcess, pid) is CoDesignStatus.DECISION


# -- what stays as it was -----------------------------------------------------------------


def test_the_version_is_checked_before_the_rules(db: Database) -> None:
    call_id = _call(db)
    editing.set_status(db, "calls", call_id, "watching", 1)  # another desk
    with pytest.raises(editing.ConflictError, match="Someone else changed this record"):
        editing.set_status(db, "calls", call_id, "no_go", 1)
    with pytest.raises(editing.ConflictError):
        editing.check_status(db, "calls", call_id, "go", 1)


def test_check_status_writes_nothing(db: Database) -> None:
    pid = _proposal(db, submitted_on=date(2026, 2, 2))
    version = _version(db, Proposal, pid)
    editing.check_status(db, "proposals", pid, "submitted", version)
    assert _status(db, Proposal, pid) is ProposalStatus.DRAFTING
    assert _version(db, Proposal, pid) == version
