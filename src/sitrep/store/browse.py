"""Read-side queries for maps, lists and dashboards: light event records, counts, aggregates, articles.

Each function takes an open connection and the ``WHERE`` clauses ``Store._filters`` built, so the
filters mean the same thing here as in ``Store.events``. Everything is SQLAlchemy Core with bound
parameters, and runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sqlalchemy import Connection, func, select, text

from ..events import taxonomy
from .records import ArticleRecord, ArticleSummary, Bucket, EventSummary, Span
from .schema import articles, claims, events, evidence, sources

#: The coding vocabularies, as the store writes them (see ``same_name``).
EVENT_TYPES = tuple(taxonomy.ACLED_TYPES)
SUB_EVENT_TYPES = tuple(dict.fromkeys(sub for subs in taxonomy.ACLED_TYPES.values() for sub in subs))
PLOVER_TYPES = taxonomy.PLOVER_TYPES

#: What ``aggregate`` can group by, and the column each means.
GROUPINGS = {"day": events.c.event_date, "event_type": events.c.event_type, "country": events.c.country}
Grouping = Literal["day", "event_type", "country"]

_SUMMARY_COLUMNS = (events.c.event_id, events.c.event_date, events.c.event_type, events.c.sub_event_type,
                    claims.c.plover_type, events.c.location, events.c.admin1, events.c.country,
                    events.c.latitude, events.c.longitude, events.c.fatalities, events.c.actor1,
                    events.c.actor2, events.c.source_count, events.c.historical)


def same_name(column: Any, value: str, vocabulary: Iterable[str]) -> Any:
    """``column`` equals ``value`` in any case.

    A value of the coding vocabulary (ACLED, PLOVER) is compared as the store writes it, so the
    column's index serves the filter; anything else is compared in lower case.
    """
    for name in vocabulary:
        if name.lower() == value.lower():
            return column == name
    return func.lower(column) == value.lower()


def summaries(conn: Connection, where: Sequence[Any], limit: int | None, offset: int) -> list[EventSummary]:
    """Light records of the matching events, newest first (undated last), then by id."""
    return page(conn, where, limit, offset, with_total=False)[0]


def page(conn: Connection, where: Sequence[Any], limit: int | None, offset: int,
         with_total: bool = True) -> tuple[list[EventSummary], int | None]:
    """A page of light records and, with ``with_total``, how many events match in all.

    The total comes from a window count in the same query, so an expensive filter (full text) is
    evaluated once. A filter the indexes answer is cheaper as ``summaries`` plus ``count``: the
    window count has to read every matching row.
    """
    # A merged event's id is its earliest report's id, and its PLOVER type is that report's.
    columns = (*_SUMMARY_COLUMNS, func.count().over().label("total")) if with_total else _SUMMARY_COLUMNS
    stmt = (select(*columns)
            .select_from(events.outerjoin(claims, claims.c.claim_id == events.c.event_id))
            .where(*where)
            .order_by(events.c.event_date.desc().nulls_last(), events.c.event_id))
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    out: list[EventSummary] = []
    total: int | None = None
    for r in conn.execute(stmt):
        if with_total:
            total = int(r.total)
        out.append({"event_id": r.event_id, "event_date": r.event_date, "event_type": r.event_type,
                    "sub_event_type": r.sub_event_type, "plover_type": r.plover_type, "location": r.location,
                    "admin1": r.admin1, "country": r.country, "latitude": r.latitude, "longitude": r.longitude,
                    "fatalities": r.fatalities, "actor1": r.actor1, "actor2": r.actor2,
                    "source_count": int(r.source_count), "historical": bool(r.historical)})
    if with_total and total is None and not offset:
        total = 0
    return out, total


def count(conn: Connection, where: Sequence[Any]) -> int:
    """How many events match."""
    return int(conn.execute(select(func.count()).select_from(events).where(*where)).scalar() or 0)


def aggregate(conn: Connection, where: Sequence[Any], by: Grouping) -> list[Bucket]:
    """Event counts and fatality sums per day (oldest first) or per type or country (largest first)."""
    key = GROUPINGS[by]
    n = func.count().label("n")
    stmt = (select(key.label("key"), n, func.coalesce(func.sum(events.c.fatalities), 0).label("dead"))
            .where(*where).group_by(key))
    stmt = stmt.order_by(key.asc().nulls_last()) if by == "day" else stmt.order_by(n.desc(), key.asc().nulls_last())
    return [{"key": r.key, "events": int(r.n), "fatalities": int(r.dead)} for r in conn.execute(stmt)]


def article_match(conn: Connection, words: str) -> Any:
    """A clause on ``articles`` true where all the words occur in the text (FTS5 or ``tsvector``)."""
    if conn.dialect.name == "sqlite":
        phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
        return text("articles.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q)").bindparams(q=phrase)
    return text("articles.tsv @@ plainto_tsquery('simple', :q)").bindparams(q=words)


def _article_where(conn: Connection, words: str | None, ids: Sequence[str] | None) -> list[Any]:
    where: list[Any] = []
    if words and words.split():
        where.append(article_match(conn, words))
    if ids is not None:
        where.append(articles.c.article_id.in_(list(ids)))
    return where


def list_articles(conn: Connection, words: str | None, ids: Sequence[str] | None, limit: int | None,
                  offset: int) -> list[ArticleSummary]:
    """Stored articles without their text, newest published first (then latest ingested)."""
    reports = (select(func.count()).select_from(claims).where(claims.c.article_id == articles.c.article_id)
               .correlate(articles).scalar_subquery())
    stmt = (select(articles.c.article_id, articles.c.url, articles.c.title, articles.c.outlet,
                   sources.c.name.label("source"), articles.c.published, reports.label("reports"))
            .select_from(articles.outerjoin(sources, sources.c.source_id == articles.c.source_id))
            .where(*_article_where(conn, words, ids))
            .order_by(articles.c.published.desc().nulls_last(), articles.c.seq.desc()))
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [{"article_id": r.article_id, "url": r.url, "title": r.title, "outlet": r.outlet,
             "source": r.source or f"article {r.article_id}", "published": r.published, "events": int(r.reports)}
            for r in conn.execute(stmt)]


def count_articles(conn: Connection, words: str | None) -> int:
    """How many stored articles match."""
    stmt = select(func.count()).select_from(articles).where(*_article_where(conn, words, None))
    return int(conn.execute(stmt).scalar() or 0)


def get_article(conn: Connection, article_id: str) -> ArticleRecord | None:
    """One article with its text and the evidence spans its reports took from it; None if absent."""
    found = list_articles(conn, None, [article_id], 1, 0)
    if not found:
        return None
    body = conn.execute(select(articles.c.text).where(articles.c.article_id == article_id)).scalar()
    rows = conn.execute(select(claims.c.event_id, evidence.c.start, evidence.c.end)
                        .join(claims, claims.c.claim_id == evidence.c.claim_id)
                        .where(evidence.c.article_id == article_id, claims.c.event_id.is_not(None))
                        .order_by(evidence.c.start, evidence.c.end)).all()
    spans: list[Span] = []
    seen: set[tuple[str, int, int]] = set()
    for r in rows:
        if (r.event_id, r.start, r.end) not in seen:
            seen.add((r.event_id, r.start, r.end))
            spans.append({"event_id": r.event_id, "start": int(r.start), "end": int(r.end)})
    return {**found[0], "text": str(body or ""), "spans": spans}
