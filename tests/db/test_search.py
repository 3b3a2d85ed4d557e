"""Ranked full-text search over calls: accents, prefixes, ranking, hostile input, sync."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from grantdesk.db.models import Call
from grantdesk.domain.text import search_terms
from grantdesk.services import listing, search
from tests.helpers import factories as f

HOSTILE = [
    '"',
    "'",
    "*",
    "-",
    "AND OR NOT",
    "(",
    ")",
    ":",
    "NEAR(a b)",
    "title:orti",
    '"orti',
    "orti*",
    "-orti",
    "^orti",
    "{title}: x",
    "🎉",
    "orti 🎉",
    "x" * 500,
    "è" * 500,
    "漢字" * 250,
    "_",
    "%",
    "\\",
    "a'b\"c",
    "' OR 1=1 --",
    "\x00",
    "   ",
    "",
]


@pytest.fixture
def calls_db(db):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.call(s, "Contributi per orti urbani", code="ORT-7", description="Verde in città.")
        f.call(
            s,
            "Bando generico di primavera",
            code="GEN-1",
            description="Anche orti sociali, orti condivisi e altro.",
        )
        f.call(s, "Università e terzo settore", code="UNI-1", themes=["Istruzione"])
        f.call(s, "Welfare di comunità", code="WEL-1", funder="Fondazione Vigevano")
    return db


def codes(db, query: str, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.values[0] for r in listing.fetch_rows(db, "calls", search=query, **kw)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("universita", {"UNI-1"}),
        ("UNIVERSITÀ", {"UNI-1"}),
        ("univ", {"UNI-1"}),  # prefix
        ("istruz", {"UNI-1"}),  # a theme
        ("vigevano", {"WEL-1"}),  # the funder
        ("ort-7", {"ORT-7"}),  # the code, punctuation and all
        ("comunita welf", {"WEL-1"}),
        ("orti", {"ORT-7", "GEN-1"}),
        ("orti primavera", {"GEN-1"}),  # every word required
        ("orti xyzzy", set()),
        ("citta", {"ORT-7"}),  # description, accent folded
    ],
)
def test_search_matches(calls_db, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert set(codes(calls_db, query)) == expected
    assert listing.count_rows(calls_db, "calls", search=query) == len(expected)


def test_title_match_outranks_description_match(calls_db) -> None:  # type: ignore[no-untyped-def]
    assert codes(calls_db, "orti") == ["ORT-7", "GEN-1"]
    with calls_db.reading() as s:
        ort = s.scalar(select(Call.id).where(Call.code == "ORT-7"))
    assert search.search_call_ids(calls_db, "orti")[0] == ort
    # A chosen sort column wins over the rank.
    assert codes(calls_db, "orti", sort="code") == ["GEN-1", "ORT-7"]


def test_empty_query_lists_everything(calls_db) -> None:  # type: ignore[no-untyped-def]
    assert len(codes(calls_db, "")) == 4
    assert len(codes(calls_db, "!!! ...")) == 4  # only punctuation: no words, no filter


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(calls_db, query: str) -> None:  # type: ignore[no-untyped-def]
    rows = codes(calls_db, query)
    assert listing.count_rows(calls_db, "calls", search=query) == len(rows)
    search.search_call_ids(calls_db, query)


def test_index_follows_orm_insert_update_delete(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        call_id = f.call(s, "Sostegno alle biblioteche rurali").id
    assert listing.count_rows(db, "calls", search="bibliotec") == 1
    with db.transaction() as s:
        s.get(Call, call_id).title = "Sostegno ai musei civici"  # type: ignore[union-attr]
    assert listing.count_rows(db, "calls", search="bibliotec") == 0
    assert codes(db, "musei civ") == [None]
    with db.transaction() as s:
        s.delete(s.get(Call, call_id))
    assert listing.count_rows(db, "calls", search="musei") == 0


def test_index_follows_core_statements(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        call_id = f.call(s, "Sostegno alle biblioteche rurali").id
    with db.transaction() as s:
        s.execute(
            update(Call)
            .where(Call.id == call_id)
            .values(title="Teatri", search_text="teatri di quartiere")
        )
    assert listing.count_rows(db, "calls", search="bibliotec") == 0
    assert listing.count_rows(db, "calls", search="teatri quart") == 1
    with db.transaction() as s:
        s.execute(delete(Call).where(Call.id == call_id))
    assert listing.count_rows(db, "calls", search="teatri") == 0


def test_index_follows_bulk_demo_load(db) -> None:  # type: ignore[no-untyped-def]
    from grantdesk.services.demo import load_demo

    load_demo(db, "large", scale=0.005)
    with db.reading() as s:
        rows = s.execute(select(Call.id, Call.title).order_by(Call.id.desc()).limit(5)).all()
        total = s.scalar(select(Call.id).order_by(Call.id.desc()).limit(1))
    assert rows and total
    for call_id, title in rows:
        words = " ".join(w for w in search_terms(title) if len(w) > 3)
        assert call_id in search.search_call_ids(db, words, limit=1000), title
    assert listing.count_rows(db, "calls", search="") == listing.count_rows(db, "calls")


# -- random text, SQLite --------------------------------------------------------------

CORPUS = [
    ("Contrasto alla povertà educativa", "Giovani e famiglie a Milano."),
    ("Welfare di comunità per anziani", "Reti di prossimità, quartieri e città."),
    ("Bando cultura 2026", "Teatri, biblioteche e musei civici; codice CUL-26."),
    ("Sport di base", "Società sportive dilettantistiche e oratori."),
    ("Università e terzo settore", "Ricerca-azione con enti del terzo settore."),
]
WORDS = sorted({w for title, text in CORPUS for w in search_terms(f"{title} {text}")})


def _reference(documents: dict[int, str], query: str) -> set[int]:
    """What the index should find: every word a (phrase) prefix match, or a substring."""
    parsed = search.parse(query)
    found = set()
    for call_id, text in documents.items():
        tokens = search._TOKEN.findall(text)

        def has(words: tuple[str, ...], tokens: list[str] = tokens) -> bool:
            n = len(words)
            return any(
                tokens[i : i + n - 1] == list(words[:-1])
                and tokens[i + n - 1].startswith(words[-1])
                for i in range(len(tokens) - n + 1)
            )

        if all(has(w) for w in parsed.indexed) and all(t in text for t in parsed.like_only):
            found.add(call_id)
    return found


@pytest.fixture
def corpus_db(sqlite_db):  # type: ignore[no-untyped-def]
    with sqlite_db.transaction() as s:
        for title, description in CORPUS:
            f.call(s, title, description=description)
    with sqlite_db.reading() as s:
        documents = {i: t for i, t in s.execute(select(Call.id, Call.search_text))}
    return sqlite_db, documents


_piece = st.one_of(
    st.sampled_from(WORDS).map(lambda w: w[: max(1, len(w) // 2)]),
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.sampled_from(['"', "*", "-", "AND", "OR", "NOT", "(", ")", ":", "^", "_", "%", "🎉"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(_piece, max_size=5),
    seps=st.lists(st.sampled_from([" ", "-", "'", ""]), min_size=5, max_size=5),
)
def test_random_text_never_raises_and_matches_reference(corpus_db, pieces, seps) -> None:  # type: ignore[no-untyped-def]
    db, documents = corpus_db
    query = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    ids = {r.id for r in listing.fetch_rows(db, "calls", search=query)}
    assert listing.count_rows(db, "calls", search=query) == len(ids)
    if query.isascii() or all(ch.isascii() or ch in "àèéìòù" for ch in query):
        assert ids == _reference(documents, query)
