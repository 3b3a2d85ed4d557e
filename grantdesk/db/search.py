"""The folded ``search_text`` of searchable records, kept in sync on every ORM flush.

Bulk inserts (the large demo, importers) call the same ``*_document`` functions, so a
record reads the same whichever way it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from grantdesk.db.models import Call, CoDesignProcess, Organization, Proposal
from grantdesk.domain.text import search_document


def call_document(
    title: str,
    code: str | None,
    description: str | None,
    funder: str | None,
    themes: Iterable[str] = (),
    territory: str | None = None,
) -> str:
    return search_document(title, code, funder, territory, " ".join(themes), description)


def organization_document(
    name: str,
    codice_fiscale: str | None,
    municipality: str | None,
    neighbourhood: str | None,
    themes: Iterable[str] = (),
) -> str:
    return search_document(name, codice_fiscale, municipality, neighbourhood, " ".join(themes))


def proposal_document(
    title: str, acronym: str | None, lead: str | None, call: str | None, summary: str | None
) -> str:
    return search_document(acronym, title, lead, call, summary)


def codesign_document(
    title: str, cup: str | None, promoter: str | None, territory: str | None
) -> str:
    return search_document(title, cup, promoter, territory)


def _names(items: Iterable[Any]) -> list[str]:
    return [t.name for t in items]


def refresh(obj: Any) -> None:
    """Recompute *obj*'s ``search_text`` from its current fields."""
    if isinstance(obj, Call):
        funder = obj.funder.name if obj.funder is not None else None
        obj.search_text = call_document(
            obj.title, obj.code, obj.description, funder, _names(obj.themes), obj.territory
        )
    elif isinstance(obj, Organization):
        obj.search_text = organization_document(
            obj.name, obj.codice_fiscale, obj.municipality, obj.neighbourhood, _names(obj.themes)
        )
    elif isinstance(obj, Proposal):
        obj.search_text = proposal_document(
            obj.title,
            obj.acronym,
            obj.lead.name if obj.lead is not None else None,
            obj.call.title if obj.call is not None else None,
            obj.summary,
        )
    elif isinstance(obj, CoDesignProcess):
        obj.search_text = codesign_document(
            obj.title,
            obj.cup,
            obj.promoter.name if obj.promoter is not None else None,
            obj.territory,
        )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        refresh(obj)
