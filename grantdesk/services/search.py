"""Ranked full-text search over calls: SQLite FTS5 or PostgreSQL text search.

Both index the folded ``call.search_text`` (plus the title, which only weighs the
ranking) and are kept in sync by the database itself: see migration 0002_call_search.

A query is cut into the words of :func:`grantdesk.domain.text.search_terms`; every word
must match, each as a prefix ("povert" finds "povertà"). Words are passed to the engine
as plain quoted tokens, never as query syntax, so quotes, ``*``, ``-``, ``AND``/``OR``/
``NOT``, parentheses or colons typed in the box are just text. A word with nothing the
index stores (``_``) falls back to a ``LIKE`` on ``search_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, column, func, literal_column, select, table

from grantdesk.db.models import Call
from grantdesk.domain.text import search_terms

# The words an FTS index stores: letters and digits (``\\w`` without the underscore).
_TOKEN = re.compile(r"[^\W_]+")
_LONGEST = 100  # characters of a token kept; a longer one still matches as a prefix

# Weight of a title hit against a hit anywhere else (SQLite bm25 column weights).
TITLE_WEIGHT = 10.0

_fts = table("call_fts", column("rowid"), column("call_fts"))


@dataclass(frozen=True)
class CallSearch:
    """A parsed search: index words (one tuple per query word) and LIKE-only words."""

    indexed: tuple[tuple[str, ...], ...]
    like_only: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.indexed and not self.like_only


def parse(query: str) -> CallSearch:
    """Split *query* into index words and words only a LIKE can find."""
    indexed: list[tuple[str, ...]] = []
    like_only: list[str] = []
    for term in search_terms(query):
        tokens = tuple(t[:_LONGEST] for t in _TOKEN.findall(term))
        if tokens:
            indexed.append(tokens)
        else:
            like_only.append(term)
    return CallSearch(tuple(indexed), tuple(like_only))


def fts5_query(search: CallSearch) -> str:
    """An FTS5 MATCH expression: every word a quoted prefix phrase, all required."""
    phrases = []
    for tokens in search.indexed:
        quoted = " ".join(tokens).replace('"', '""')
        phrases.append(f'"{quoted}" *')
    return " AND ".join(phrases)


def tsquery(search: CallSearch) -> str:
    """A PostgreSQL ``to_tsquery`` text: every token a prefix, all required."""
    return " & ".join(f"{token}:*" for tokens in search.indexed for token in tokens)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _hits(dialect: str, search: CallSearch, ranked: bool) -> Any:
    """A subquery of matching call ids (``id``) and, when *ranked*, ``rank``: lower is
    better on both backends."""
    if dialect == "sqlite":
        match = _fts.c.call_fts.op("MATCH")(fts5_query(search))
        cols = [_fts.c.rowid.label("id")]
        if ranked:
            cols.append(func.bm25(literal_column("call_fts"), TITLE_WEIGHT, 1.0).label("rank"))
        return select(*cols).select_from(_fts).where(match).subquery("hits")
    vector: Any = literal_column('"call".search_vector')
    query = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(search))
    cols = [Call.id.label("id")]
    if ranked:
        cols.append((-func.ts_rank(vector, query)).label("rank"))
    return select(*cols).where(vector.op("@@")(query)).subquery("hits")


def filter_calls(
    statement: Select[Any], dialect: str, query: str, *, ranked: bool = False
) -> tuple[Select[Any], Any]:
    """*statement* (which selects from ``call``) narrowed to the calls matching *query*.

    Returns the statement and, when *ranked* and the query has index words, the rank
    column to order by (ascending is best first), else None.
    """
    search = parse(query)
    rank = None
    if search.indexed:
        hits = _hits(dialect, search, ranked)
        if ranked:
            statement = statement.join(hits, hits.c.id == Call.id)
            rank = hits.c.rank
        else:
            statement = statement.where(Call.id.in_(select(hits.c.id)))
    for term in search.like_only:
        statement = statement.where(Call.search_text.like(like_pattern(term), escape="\\"))
    return statement, rank


def search_call_ids(db: Any, query: str, limit: int = 50) -> list[int]:
    """The ids of the calls matching *query*, best first (every call when it is empty)."""
    statement, rank = filter_calls(select(Call.id), db.engine.dialect.name, query, ranked=True)
    order = [Call.id] if rank is None else [rank, Call.id]
    with db.reading() as s:
        return list(s.scalars(statement.order_by(*order).limit(limit)))
