"""Reading ``call.terms`` of a proposal exchange file strictly (the member is described in
:mod:`grantdesk.exports.proposal_call_terms`); used by
:mod:`grantdesk.imports.proposal_members`, which collects the problems."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from grantdesk.domain.vocab import DeadlineKind, LegalForm
from grantdesk.exports.proposal_call_terms import (
    COUNT_TERMS,
    DEADLINE_KEYS,
    MONEY_TERMS,
    PERCENT_SCALE,
    PERCENT_TERMS,
    REQUIREMENT_KEYS,
    RULE_KEYS,
    TERMS_KEYS,
    TEXT_TERMS,
    TRAVELLING_DEADLINES,
    CallDeadlineEntry,
    CallRuleEntry,
    CallTerms,
    RequirementEntry,
    percent_key,
)
from grantdesk.i18n import _

if TYPE_CHECKING:
    from grantdesk.imports.proposal_members import _Reader

WHERE = "call, terms"
MAX_ITEMS = 200  # rules, requirements, deadlines, themes, categories: a call has a handful
MAX_PARAMS = 20
# The lengths the database columns keep.
TERM_LIMITS = {
    "terms.territory": 300,
    "terms.url": 1000,
    "terms.category": 80,
    "terms.theme": 80,
    "rule.kind": 40,
    "rule.scope": 80,
    "requirement.name": 300,
    "requirement.document_kind": 40,
    "deadline.stage": 200,
}


def _percent(r: _Reader, o: dict[str, Any], key: str, where: str) -> Decimal | None:
    value = r.integer(o, key, where, 0, 100 * 10**PERCENT_SCALE, null=True)
    return None if value is None else Decimal(value).scaleb(-PERCENT_SCALE)


def _count(r: _Reader, o: dict[str, Any], key: str) -> int | None:
    return r.integer(o, key, WHERE, 0, 1000, null=True)


def _money(r: _Reader, o: dict[str, Any], key: str, where: str = WHERE) -> Decimal | None:
    value = r.cents(o, key, where, null=True)
    if value is not None and value < 0:
        r.add(where, key, _("must not be negative."))
        return None
    return value


def _list(r: _Reader, o: dict[str, Any], key: str) -> list[Any]:
    value = o[key]
    if not isinstance(value, list):
        r.add(WHERE, key, _("must be a list."))
        return []
    if len(value) > MAX_ITEMS:
        r.add(WHERE, key, _("holds more than {n} items.").format(n=MAX_ITEMS))
        return []
    return value


def _words(r: _Reader, o: dict[str, Any], key: str, limit: str) -> tuple[str, ...]:
    found = []
    for n, item in enumerate(_list(r, o, key), start=1):
        value = r.text({key: item}, key, WHERE, limit, null=False)
        if value is not None and value.strip():
            found.append(value)
        elif value is not None:
            r.add(WHERE, f"{key} {n}", _("must not be empty."))
    return tuple(found)


def _flag_or_null(r: _Reader, o: dict[str, Any], key: str) -> bool | None:
    return None if o[key] is None else r.flag(o, key, WHERE)


def _params(r: _Reader, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        r.add(where, "params", _("must be a JSON object."))
        return {}
    if len(value) > MAX_PARAMS:
        r.add(where, "params", _("holds more than {n} items.").format(n=MAX_PARAMS))
        return {}
    for key, item in value.items():
        scalar = item is None or isinstance(item, str | int | bool)
        if not scalar or len(key) > 40 or (isinstance(item, str) and len(item) > 200):
            r.add(
                where,
                f"params.{key}"[:60],
                _("must be short text, a whole number, true/false or null."),
            )
            return {}
    return dict(value)


def _rules(r: _Reader, o: dict[str, Any]) -> tuple[CallRuleEntry, ...]:
    found = []
    for n, item in enumerate(_list(r, o, "rules"), start=1):
        where = _("call, rule {n}").format(n=n)
        rule = r.obj(item, where, RULE_KEYS)
        if rule is None:
            continue
        found.append(
            CallRuleEntry(
                kind=r.required(rule, "kind", where, "rule.kind"),
                scope=r.text(rule, "scope", where, "rule.scope", null=True),
                limit_pct=_percent(r, rule, "limit_basis_points", where),
                limit_amount=_money(r, rule, "limit_cents", where),
                note=r.text(rule, "note", where, "rule.note", null=True),
                params=_params(r, rule["params"], where),
            )
        )
    return tuple(found)


def _requirements(r: _Reader, o: dict[str, Any]) -> tuple[RequirementEntry, ...]:
    found = []
    for n, item in enumerate(_list(r, o, "requirements"), start=1):
        where = _("call, requirement {n}").format(n=n)
        req = r.obj(item, where, REQUIREMENT_KEYS)
        if req is None:
            continue
        found.append(
            RequirementEntry(
                name=r.required(req, "name", where, "requirement.name"),
                mandatory=r.flag(req, "mandatory", where),
                document_kind=r.text(
                    req, "document_kind", where, "requirement.document_kind", null=True
                ),
            )
        )
    return tuple(found)


def _deadlines(r: _Reader, o: dict[str, Any]) -> tuple[CallDeadlineEntry, ...]:
    found = []
    for n, item in enumerate(_list(r, o, "deadlines"), start=1):
        where = _("call, deadline {n}").format(n=n)
        entry = r.obj(item, where, DEADLINE_KEYS)
        if entry is None:
            continue
        kind = r.code(entry, "kind", where, DeadlineKind)
        if kind is not None and kind not in TRAVELLING_DEADLINES:
            r.add(where, "kind", _("a desk's internal deadlines do not travel in the file."))
            kind = None
        if entry["due_at"] is None:
            r.add(where, "due_at", _("is missing."))
        due_at = r.moment(entry, "due_at", where)
        stage = r.text(entry, "stage", where, "deadline.stage", null=True)
        if kind is not None and due_at is not None:
            found.append(CallDeadlineEntry(kind, due_at, stage))
    return tuple(found)


def _forms(r: _Reader, o: dict[str, Any]) -> tuple[str, ...]:
    codes = {f.value for f in LegalForm}
    found = []
    for item in _list(r, o, "eligible_forms"):
        if isinstance(item, str) and item in codes:
            found.append(item)
        else:
            r.add(
                WHERE,
                "eligible_forms",
                _("“{value}” is not one of: {codes}.").format(
                    value=item, codes=", ".join(f.value for f in LegalForm)
                ),
            )
    return tuple(found)


def read_terms(r: _Reader, value: Any) -> CallTerms | None:
    """The call's terms (None when the file has none); problems are noted in *r*."""
    if value is None:
        return None
    o = r.obj(value, WHERE, TERMS_KEYS)
    if o is None:
        return None
    values: dict[str, Any] = {
        name: r.text(o, name, WHERE, f"terms.{name}", null=True) or None for name in TEXT_TERMS
    }
    values.update({name: _money(r, o, f"{name}_cents") for name in MONEY_TERMS})
    values.update({name: _percent(r, o, percent_key(name), WHERE) for name in PERCENT_TERMS})
    values.update({name: _count(r, o, name) for name in COUNT_TERMS})
    return CallTerms(
        **values,
        eligible_forms=_forms(r, o),
        volunteer_time_allowed=_flag_or_null(r, o, "volunteer_time_allowed"),
        volunteer_hourly_value=_money(r, o, "volunteer_hourly_value_cents"),
        budget_categories=_words(r, o, "budget_categories", "terms.category"),
        themes=_words(r, o, "themes", "terms.theme"),
        rules=_rules(r, o),
        requirements=_requirements(r, o),
        deadlines=_deadlines(r, o),
    )
