"""The call of a proposal exchange file: written with its terms, recorded from them.

:func:`call_ref` names a call of the register and carries its terms (see
:mod:`grantdesk.exports.proposal_call_terms`); :func:`record_call` records, in the
import's transaction, a call the register does not have, from the terms a file carries —
so the partner that receives a draft checks it against the same rules and sees the same
attachments asked for. A call already in the register is never changed by a file.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from grantdesk.db.models import AuditEntry, Call, CallRequirement, CallRule, Deadline
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.exports.proposal_call_terms import (
    COUNT_TERMS,
    MONEY_TERMS,
    PERCENT_TERMS,
    TEXT_TERMS,
    TRAVELLING_DEADLINES,
    CallDeadlineEntry,
    CallRuleEntry,
    CallTerms,
    RequirementEntry,
)
from grantdesk.exports.proposal_json import CallRef
from grantdesk.services.call_editing import ensure_funder, ensure_themes
from grantdesk.services.editing import current_actor

PLAIN_TERMS = (
    *MONEY_TERMS,
    *PERCENT_TERMS,
    *COUNT_TERMS,
    "volunteer_time_allowed",
    "volunteer_hourly_value",
)


def call_terms(call: Call) -> CallTerms:
    """What the file carries of *call* (its rules, requirements, deadlines and themes loaded)."""
    deadlines = sorted(
        (d for d in call.deadlines if d.kind in TRAVELLING_DEADLINES),
        key=lambda d: (d.due_at, d.id or 0),
    )
    return CallTerms(
        **{name: getattr(call, name) or None for name in TEXT_TERMS},
        **{name: getattr(call, name) for name in PLAIN_TERMS},
        eligible_forms=tuple(call.eligible_forms or ()),
        budget_categories=tuple(call.budget_categories or ()),
        themes=tuple(sorted((t.name for t in call.themes), key=fold)),
        rules=tuple(
            CallRuleEntry(r.kind, r.scope, r.limit_pct, r.limit_amount, r.note, r.params or {})
            for r in sorted(call.rules, key=lambda r: r.id or 0)
        ),
        requirements=tuple(
            RequirementEntry(r.name, r.mandatory, r.document_kind)
            for r in sorted(call.requirements, key=lambda r: (r.position, r.id or 0))
        ),
        deadlines=tuple(CallDeadlineEntry(d.kind, d.due_at, d.stage) for d in deadlines),
    )


def call_ref(call: Call) -> CallRef:
    """How the exchange file names *call*, with its terms."""
    return CallRef(
        call.title, call.code, call.funder.name, call.source, call.external_id, call_terms(call)
    )


def record_call(s: Session, ref: CallRef, terms: CallTerms, proposal_title: str) -> Call:
    """Record the call *ref* names from *terms* (its funder too, when new), in session *s*;
    *ref* must name its funder."""
    forms = [f.value for f in LegalForm]
    call = Call(
        funder=ensure_funder(s, ref.funder or "", "created by the import of a proposal file"),
        title=ref.title,
        code=ref.code,
        source=ref.source,
        external_id=ref.external_id,
        # A proposal is being written for it: the call is worth a bid on this desk too.
        status=CallStatus.GO,
        eligible_forms=sorted(set(terms.eligible_forms), key=forms.index),
        budget_categories=list(terms.budget_categories),
        themes=ensure_themes(s, list(terms.themes)),
        rules=[
            CallRule(
                kind=r.kind,
                scope=r.scope,
                limit_pct=r.limit_pct,
                limit_amount=r.limit_amount,
                note=r.note,
                params=dict(r.params),
            )
            for r in terms.rules
        ],
        requirements=[
            CallRequirement(
                position=n, name=r.name, mandatory=r.mandatory, document_kind=r.document_kind
            )
            for n, r in enumerate(terms.requirements, start=1)
        ],
        deadlines=[Deadline(kind=d.kind, stage=d.stage, due_at=d.due_at) for d in terms.deadlines],
    )
    for name in (*TEXT_TERMS, *PLAIN_TERMS):
        setattr(call, name, getattr(terms, name))
    s.add(call)
    s.flush()
    s.add(
        AuditEntry(
            actor=current_actor(),
            action="create",
            entity="call",
            entity_id=call.id,
            summary=f"from the exchange file of the proposal “{proposal_title}”"[:500],
        )
    )
    return call
