"""``Store``: articles, reports and merged events in SQLite or PostgreSQL, behind one interface.

Every write runs in one transaction that first takes the database's write lock (``BEGIN
IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so an article, its reports, its evidence
and the merge they cause are stored together or not at all, and two processes writing at once
take turns instead of duplicating. Articles already stored are skipped: ingest is idempotent.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, create_engine, event, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from ..errors import NotFoundError, StoreError
from ..model import Article, Event
from . import browse
from .dedup import ClaimKey, Clusters, DedupOptions, cluster, key_of, merge, reasoned_figure
from .records import (
    ArticleRecord,
    ArticleSummary,
    Bucket,
    EventQuery,
    EventSummary,
    Explanation,
    Link,
    event_from_json,
    event_to_json,
    source_name,
)
from .schema import (
    SCHEMA_VERSION,
    articles,
    claims,
    current_version,
    events,
    evidence,
    migrate,
    settings,
    sources,
    write_probe,
)

DEFAULT_DB = "sitrep.db"
_THRESHOLDS = ("distance_km", "days")  # the keys of table settings that hold DedupOptions
_PG_LOCK = 0x5173  # any constant: the advisory lock that serialises writers on PostgreSQL


def resolve_url(url: str | None = None) -> URL:
    """The database URL to use: ``url``, else ``$SITREP_DB``, else ``sitrep.db``.

    A plain path means a SQLite file; ``postgresql://`` means PostgreSQL through psycopg 3.

    Raises:
        StoreError: the URL cannot be parsed or names a database sitrep does not support.
    """
    raw = url or os.environ.get("SITREP_DB") or DEFAULT_DB
    if "://" not in raw:
        return URL.create("sqlite", database=raw)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise StoreError(f"invalid database URL {raw!r} (use a file path, sqlite:///FILE or "
                         "postgresql://USER@HOST:PORT/DB)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r} in {_show(parsed)} "
                         "(sitrep stores in SQLite or PostgreSQL)")
    return parsed


def _show(url: URL) -> str:
    return url.render_as_string(hide_password=True)


class Store:
    """The event database.

    Args:
        url: where it is (see ``resolve_url``).
        options: merge thresholds used when new reports arrive. Without them the store uses the
            thresholds saved in the database by the last ``rederive`` (the defaults if none),
            read again at the start of every write so a concurrent ``sitrep dedup`` is seen.

    Example:
        >>> with Store("events.db").open() as store:  # doctest: +SKIP
        ...     store.add(article, pipeline.extract(article))
        ...     store.events(EventQuery(country="AZE", limit=10))
    """

    def __init__(self, url: str | None = None, options: DedupOptions | None = None) -> None:
        self.url = resolve_url(url)
        self.options = options or DedupOptions()
        self._explicit = options is not None  # else: the thresholds saved in the database
        self._engine: Engine | None = None

    # --- opening --------------------------------------------------------------------------

    def open(self, write: bool = True) -> Store:
        """Connect, refuse a newer schema, and (for writing) create or upgrade the schema.

        Args:
            write: check the database can be written and migrate it; with False, an absent
                SQLite file is an error instead of being created.

        Raises:
            StoreError: one line saying what is wrong; nothing has been written.
        """
        if self._engine is not None:
            return self
        self._check_file(write)
        try:
            engine = create_engine(self.url, **self._engine_args())
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"cannot use {_show(self.url)}: {exc} (PostgreSQL needs: "
                             "pip install 'sitrep[postgres]')") from None
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine)

        self._engine = engine
        try:
            with self._connect(write=False) as conn:
                found = current_version(conn)
            if found > SCHEMA_VERSION:
                raise StoreError(f"{_show(self.url)} has schema version {found}, newer than this sitrep "
                                 f"understands ({SCHEMA_VERSION}); upgrade sitrep")
            if write:
                with self._transaction() as conn:
                    migrate(conn)
                    write_probe(conn)
                    self._use_saved_options(conn)
            elif found == 0:
                raise StoreError(f"{_show(self.url)} is not a sitrep database (no schema); run sitrep ingest first")
            elif found >= 2:  # version 1 has no settings: the defaults
                with self._connect(write=False) as conn:
                    self._use_saved_options(conn)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _engine_args(self) -> dict[str, Any]:
        if self.url.get_backend_name() == "postgresql":
            return {"connect_args": {"connect_timeout": 5}, "pool_pre_ping": False}
        return {"connect_args": {"timeout": 60}}

    def _check_file(self, write: bool) -> None:
        if self.url.get_backend_name() != "sqlite" or self.url.database in (None, "", ":memory:"):
            return
        if self.url.query.get("uri"):
            return  # a SQLite URI (file:...?mode=ro): the driver checks it, we translate its message
        path = Path(self.url.database or "")
        if not path.parent.resolve().is_dir():
            raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise StoreError(f"cannot open database {path}: is a directory")
        if not path.exists():
            if not write:
                raise StoreError(f"no database at {path} (run sitrep ingest first, or give --db)")
            if not os.access(path.parent.resolve(), os.W_OK):
                raise StoreError(f"cannot create database {path}: folder is read-only")
        elif write and not os.access(path, os.W_OK):
            raise StoreError(f"cannot write database {path}: file is read-only")

    @contextlib.contextmanager
    def _connect(self, write: bool) -> Iterator[Connection]:
        if self._engine is None:
            raise StoreError("the store is not open (call Store.open() first)")
        try:
            with self._engine.connect() as conn:
                conn.execution_options(sitrep_write=write)
                yield conn
        except StoreError:
            raise
        except DBAPIError as exc:
            raise StoreError(self._describe(exc)) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"{_show(self.url)}: {str(exc).splitlines()[0]}") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction, holding the database's write lock from its first statement."""
        with self._connect(write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            yield conn

    def _describe(self, exc: DBAPIError) -> str:
        where = _show(self.url)
        first = (str(exc.orig).strip().splitlines() or ["unknown error"])[0]
        low = first.lower()
        if "readonly" in low or "read-only" in low or "read only" in low:
            return f"cannot write {where}: the database is read-only"
        if exc.connection_invalidated or "connection" in low or "could not" in low or "timeout" in low:
            return f"cannot connect to {where}: {first}"
        return f"{where}: {first}"

    # --- writing --------------------------------------------------------------------------

    def add(self, article: Article, extracted: Sequence[Event]) -> bool:
        """Store one article and its events, and merge them with what is stored; atomically.

        Returns:
            True if the article was new; False if it was already stored (nothing changes).
        """
        return self.add_many([(article, list(extracted))]) == 1

    def add_many(self, batch: Sequence[tuple[Article, list[Event]]]) -> int:
        """Store several articles in one transaction (bulk loading); returns how many were new."""
        with self._transaction() as conn:
            self._use_saved_options(conn)
            return self._add(conn, batch)

    def _add(self, conn: Connection, batch: Sequence[tuple[Article, list[Event]]]) -> int:
        ids = [a.id for a, _ in batch]
        urls = [a.url for a, _ in batch if a.url]
        taken = conn.execute(select(articles.c.article_id, articles.c.url).where(
            or_(articles.c.article_id.in_(ids), articles.c.url.in_(urls)))).all()
        seen = {r.article_id for r in taken} | {r.url for r in taken if r.url}
        new: list[tuple[Article, list[Event]]] = []
        for article, extracted in batch:
            if article.id in seen or (article.url and article.url in seen):
                continue
            seen.update(x for x in (article.id, article.url) if x)
            new.append((article, extracted))
        if not new:
            return 0
        source_ids = self._sources(conn, {source_name(a) for a, _ in new})
        conn.execute(articles.insert(), [{
            "article_id": a.id, "url": a.url, "content_hash": _content_hash(a.text), "title": a.title,
            "outlet": a.outlet, "source_id": source_ids[source_name(a)],
            "published": a.published.isoformat() if a.published else None, "text": a.text,
        } for a, _ in new])
        seqs = {str(r[0]): int(r[1]) for r in conn.execute(
            select(articles.c.article_id, articles.c.seq).where(articles.c.article_id.in_([a.id for a, _ in new])))}
        if conn.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO articles_fts(rowid, text) SELECT seq, text FROM articles "
                              "WHERE seq IN :seqs").bindparams(bindparam("seqs", expanding=True)),
                         {"seqs": list(seqs.values())})
        keys: list[ClaimKey] = []
        claim_rows: list[dict[str, Any]] = []
        span_rows: list[dict[str, Any]] = []
        for article, extracted in new:
            for position, e in enumerate(extracted):
                keys.append(key_of(e, (seqs[article.id], position)))
                claim_rows.append(_claim_row(e, position))
                span_rows.extend({"claim_id": e.event_id, "article_id": ev.article_id, "start": ev.start,
                                  "end": ev.end, "sentence": ev.sentence} for ev in e.evidence)
        assigned, touched = self._assign(conn, keys)
        for row in claim_rows:
            row["event_id"], row["merge_reason"] = assigned[row["claim_id"]]
        if claim_rows:
            conn.execute(claims.insert(), claim_rows)
        if span_rows:
            conn.execute(_insert_ignore(conn, evidence), span_rows)
        # Events made only of this batch's reports are built from memory; the rest from the database.
        fresh = touched & {k.claim_id for k in keys}
        self._rebuild(conn, touched - fresh)
        groups: dict[str, list[tuple[Event, str]]] = {}
        for article, extracted in new:
            for e in extracted:
                root = assigned[e.event_id][0]
                if root in fresh:
                    groups.setdefault(root, []).append((e, source_name(article)))
        if groups:
            conn.execute(events.insert(), [_event_row(merge(eid, members)) for eid, members in groups.items()])
        return len(new)

    def _sources(self, conn: Connection, names: set[str]) -> dict[str, int]:
        conn.execute(_insert_ignore(conn, sources), [{"name": n} for n in sorted(names)])
        rows = conn.execute(select(sources.c.name, sources.c.source_id).where(sources.c.name.in_(names)))
        return {str(r[0]): int(r[1]) for r in rows}

    def _assign(self, conn: Connection, new: list[ClaimKey]) -> tuple[dict[str, tuple[str, str | None]], set[str]]:
        """Match new reports against the stored ones: each report's event and reason, and the events touched.

        Stored events that a new report bridges are folded into the earliest of them here.
        """
        clusters = Clusters(self.options)
        dated = [k.event_date for k in new if k.mergeable and k.event_date]
        existing: list[tuple[ClaimKey, str]] = []
        if dated:
            existing = [(k, str(r.event_id)) for k, r in self._keys(conn, and_(
                self._near_dates(dated), claims.c.event_id.is_not(None), claims.c.historical.is_(False)))]
            orders = self._orders(conn, {eid for _, eid in existing})
            for key, eid in existing:
                clusters.seed(key, eid, orders[eid])
        for key in sorted(new, key=lambda k: k.order):
            clusters.add(key)
        touched = {clusters.event_of(k.claim_id) for k in new}
        absorbed = {eid for k, eid in existing if clusters.event_of(k.claim_id) != eid}
        for old in absorbed:
            conn.execute(claims.update().where(claims.c.event_id == old)
                         .values(event_id=clusters.event_of(old)))
            touched.add(clusters.event_of(old))
        assigned = {k.claim_id: (clusters.event_of(k.claim_id), _reason(clusters, k.claim_id)) for k in new}
        return assigned, touched | absorbed

    def _near_dates(self, dated: list[str]) -> Any:
        """Stored reports a new report dated on one of ``dated`` may merge with: within ``days`` of one.

        The days themselves, not the span from the first to the last: a bulk batch whose dates
        spread over years (a feed, an archive not in date order) would otherwise read back every
        stored report at each batch.
        """
        near = {(date.fromisoformat(d) + timedelta(days=offset)).isoformat()
                for d in set(dated) for offset in range(-self.options.days, self.options.days + 1)}
        if len(near) > 2000:  # a wide window over many dates: the span is as selective, and one range
            return claims.c.event_date.between(min(near), max(near))
        return claims.c.event_date.in_(sorted(near))

    def _keys(self, conn: Connection, where: Any) -> list[tuple[ClaimKey, Any]]:
        c = claims.c
        rows = conn.execute(select(c.claim_id, c.article_id, articles.c.seq, c.position, c.event_date,
                                   c.event_type, c.plover_type, c.historical, c.location, c.country,
                                   c.geo_precision, c.latitude, c.longitude, c.actor1, c.actor2, c.event_id)
                            .join(articles, articles.c.article_id == c.article_id).where(where))
        return [(ClaimKey(r.claim_id, r.article_id, (r.seq, r.position), r.event_date, r.event_type,
                          r.plover_type, bool(r.historical), r.location, r.country, r.geo_precision,
                          r.latitude, r.longitude, r.actor1, r.actor2), r) for r in rows]

    def _orders(self, conn: Connection, claim_ids: set[str]) -> dict[str, tuple[int, int]]:
        rows = conn.execute(select(claims.c.claim_id, articles.c.seq, claims.c.position)
                            .join(articles, articles.c.article_id == claims.c.article_id)
                            .where(claims.c.claim_id.in_(claim_ids)))
        return {r.claim_id: (r.seq, r.position) for r in rows}

    def _rebuild(self, conn: Connection, event_ids: set[str]) -> None:
        """Recompute the merged rows of these events from their reports."""
        ids = sorted(event_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            conn.execute(events.delete().where(events.c.event_id.in_(chunk)))
            rows = conn.execute(select(claims.c.event_id, claims.c.record, sources.c.name)
                                .join(articles, articles.c.article_id == claims.c.article_id)
                                .join(sources, sources.c.source_id == articles.c.source_id)
                                .where(claims.c.event_id.in_(chunk))
                                .order_by(articles.c.seq, claims.c.position))
            groups: dict[str, list[tuple[Event, str]]] = {}
            for r in rows:
                groups.setdefault(r.event_id, []).append((event_from_json(r.record), r.name))
            merged = [merge(eid, members) for eid, members in groups.items()]
            if merged:
                conn.execute(events.insert(), [_event_row(e) for e in merged])

    # --- merge thresholds kept in the database -----------------------------------------------

    def _use_saved_options(self, conn: Connection) -> None:
        """Take the saved thresholds, unless the caller gave its own (needs the version 2 schema)."""
        if self._explicit:
            return
        saved = {str(r.key): str(r.value) for r in conn.execute(
            select(settings.c.key, settings.c.value).where(settings.c.key.in_(_THRESHOLDS)))}
        try:
            self.options = replace(self.options,
                                   distance_km=float(saved.get("distance_km", DedupOptions.distance_km)),
                                   days=int(saved.get("days", DedupOptions.days)))
        except ValueError as exc:
            raise StoreError(f"{_show(self.url)}: invalid merge thresholds in table settings: {exc}") from None

    def _save_options(self, conn: Connection) -> None:
        conn.execute(settings.delete().where(settings.c.key.in_(_THRESHOLDS)))
        conn.execute(settings.insert(), [{"key": "distance_km", "value": repr(float(self.options.distance_km))},
                                         {"key": "days", "value": str(self.options.days)}])

    def rederive(self, options: DedupOptions | None = None) -> int:
        """Merge every stored report again from scratch; returns the event count.

        Args:
            options: the thresholds to merge with; they are saved in the database in the same
                transaction, and later ``add`` calls (and ``sitrep ingest``) use them. Without
                them: the store's own options if it was given some, else the saved ones.
        """
        with self._transaction() as conn:
            if options is not None:
                self.options = options
            else:
                self._use_saved_options(conn)
            self._save_options(conn)
            keyed = self._keys(conn, claims.c.claim_id.is_not(None))
            clusters = cluster([k for k, _ in keyed], self.options)
            conn.execute(claims.update().where(claims.c.claim_id == bindparam("cid"))
                         .values(event_id=bindparam("eid"), merge_reason=bindparam("why")),
                         [{"cid": k.claim_id, "eid": clusters.event_of(k.claim_id),
                           "why": _reason(clusters, k.claim_id)} for k, _ in keyed])
            conn.execute(events.delete())
            self._rebuild(conn, {clusters.event_of(k.claim_id) for k, _ in keyed})
            return int(conn.execute(select(func.count()).select_from(events)).scalar() or 0)

    # --- reading --------------------------------------------------------------------------

    def events(self, query: EventQuery | None = None) -> list[Event]:
        """The merged events that match, newest first."""
        q = query or EventQuery()
        with self._connect(write=False) as conn:
            stmt = select(events.c.record).where(*self._filters(conn, q))
            stmt = stmt.order_by(events.c.event_date.desc().nulls_last(), events.c.event_id)
            if q.limit is not None:
                stmt = stmt.limit(q.limit)
            if q.offset:
                stmt = stmt.offset(q.offset)
            return [event_from_json(r) for r in conn.execute(stmt).scalars()]

    def _filters(self, conn: Connection, q: EventQuery) -> list[Any]:
        e = events.c
        where: list[Any] = []
        if q.since:
            where.append(e.event_date >= q.since)
        if q.until:
            where.append(e.event_date <= q.until)
        if q.country:
            where.append(e.country == q.country.upper())
        if q.admin1:
            where.append(func.lower(e.admin1) == q.admin1.lower())
        if q.event_type:
            where.append(browse.same_name(e.event_type, q.event_type, browse.EVENT_TYPES))
        if q.actor:
            pattern = f"%{q.actor.lower()}%"
            where.append(or_(func.lower(e.actor1).like(pattern), func.lower(e.actor2).like(pattern)))
        if q.bbox:
            west, south, east, north = q.bbox
            where.append(e.latitude.between(south, north))
            where.append(e.longitude.between(west, east) if west <= east
                         else or_(e.longitude >= west, e.longitude <= east))  # across the antimeridian
        if q.text:
            where.append(e.event_id.in_(self._text_matches(conn, q.text)))
        if q.sub_event_type:
            where.append(browse.same_name(e.sub_event_type, q.sub_event_type, browse.SUB_EVENT_TYPES))
        if q.plover_type:  # a merged event's id and PLOVER type are those of its earliest report
            first = claims.alias("first_report")
            where.append(select(first.c.claim_id).where(
                first.c.claim_id == e.event_id,
                browse.same_name(first.c.plover_type, q.plover_type, browse.PLOVER_TYPES)).exists())
        if q.historical is not None:
            where.append(e.historical == q.historical)
        return where

    def _text_matches(self, conn: Connection, words: str) -> Any:
        if conn.dialect.name == "sqlite":
            phrase = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
            match = text("articles.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q)"
                         ).bindparams(q=phrase)
        else:
            match = text("articles.tsv @@ plainto_tsquery('simple', :q)").bindparams(q=words)
        return (select(claims.c.event_id).join(articles, articles.c.article_id == claims.c.article_id)
                .where(match))

    def event(self, event_id: str) -> Event:
        """One merged event by id (a report's id finds the event it was merged into).

        Raises:
            StoreError: no such event.
        """
        with self._connect(write=False) as conn:
            record = conn.execute(select(events.c.record).where(events.c.event_id == event_id)).scalar()
            if record is None:
                owner = conn.execute(select(claims.c.event_id).where(claims.c.claim_id == event_id)).scalar()
                if owner is not None:
                    record = conn.execute(select(events.c.record).where(events.c.event_id == owner)).scalar()
        if record is None:
            raise NotFoundError(f"no event {event_id!r} in {_show(self.url)}")
        return event_from_json(record)

    def explain(self, event_id: str) -> Explanation:
        """Why an event holds the reports it holds, and how its figures were chosen."""
        found = self.event(event_id)
        with self._connect(write=False) as conn:
            rows = conn.execute(select(claims.c.claim_id, claims.c.article_id, claims.c.merge_reason,
                                       sources.c.name, articles.c.title, articles.c.url)
                                .join(articles, articles.c.article_id == claims.c.article_id)
                                .join(sources, sources.c.source_id == articles.c.source_id)
                                .where(claims.c.event_id == found.event_id)
                                .order_by(articles.c.seq, claims.c.position)).all()
        links = []
        for r in rows:
            why = json.loads(r.merge_reason) if r.merge_reason else {}
            links.append(Link(r.claim_id, r.article_id, r.name, r.title, r.url, why.get("linked_to"),
                              list(why.get("reasons", []))))
        _, _, dead = reasoned_figure([(c.fatalities, c.fatalities_lower_bound) for c in found.claims])
        _, _, hurt = reasoned_figure([(c.injuries, False) for c in found.claims])
        return Explanation(found, links, dead, hurt)

    def stored_article_ids(self, ids: Iterable[str] | None = None) -> set[str]:
        """The ids of stored articles: those among ``ids``, or every one when ``ids`` is None.

        Batch runs call this to skip articles already stored before extracting them again.
        """
        with self._connect(write=False) as conn:
            if ids is None:
                return {str(r) for r in conn.execute(select(articles.c.article_id)).scalars()}
            wanted = sorted(set(ids))
            found: set[str] = set()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                found.update(str(r) for r in conn.execute(
                    select(articles.c.article_id).where(articles.c.article_id.in_(chunk))).scalars())
            return found

    def counts(self) -> dict[str, int]:
        """How many articles, reports and merged events are stored."""
        with self._connect(write=False) as conn:
            return {name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                    for name, t in (("articles", articles), ("claims", claims), ("events", events))}

    # --- browsing (the web map and API; queries in browse.py) ------------------------------

    def summaries(self, query: EventQuery | None = None) -> list[EventSummary]:
        """Light records of the matching events (no evidence, no JSON to parse), newest first."""
        q = query or EventQuery()
        with self._connect(write=False) as conn:
            return browse.summaries(conn, self._filters(conn, q), q.limit, q.offset)

    def page(self, query: EventQuery | None = None) -> tuple[list[EventSummary], int]:
        """A page of light records and how many events match in all, in one query where the
        filters are costly (full text) and in two where the indexes answer them."""
        q = query or EventQuery()
        with self._connect(write=False) as conn:
            where = self._filters(conn, q)
            if q.text:
                found, total = browse.page(conn, where, q.limit, q.offset)
                if total is not None:
                    return found, total
            else:
                found = browse.summaries(conn, where, q.limit, q.offset)
            if not q.offset and (q.limit is None or len(found) < q.limit):
                return found, len(found)
            return found, browse.count(conn, where)

    def count_events(self, query: EventQuery | None = None) -> int:
        """How many merged events match (``limit`` and ``offset`` are ignored)."""
        q = query or EventQuery()
        with self._connect(write=False) as conn:
            return browse.count(conn, self._filters(conn, q))

    def aggregate(self, by: browse.Grouping, query: EventQuery | None = None) -> list[Bucket]:
        """Event counts and fatalities of the matching events per ``day``, ``event_type`` or ``country``."""
        if by not in browse.GROUPINGS:
            raise StoreError(f"cannot group by {by!r} (choose from {', '.join(browse.GROUPINGS)})")
        q = query or EventQuery()
        with self._connect(write=False) as conn:
            return browse.aggregate(conn, self._filters(conn, q), by)

    def articles(self, text: str | None = None, limit: int | None = 50, offset: int = 0,
                 ids: Sequence[str] | None = None) -> list[ArticleSummary]:
        """Stored articles (without text), newest published first; ``text``: words all in the article."""
        with self._connect(write=False) as conn:
            return browse.list_articles(conn, text, ids, limit, offset)

    def count_articles(self, text: str | None = None) -> int:
        """How many stored articles there are, or contain all of ``text``'s words."""
        with self._connect(write=False) as conn:
            return browse.count_articles(conn, text)

    def article(self, article_id: str) -> ArticleRecord:
        """One stored article with its text and the evidence spans events take from it.

        Raises:
            NotFoundError: no such article.
        """
        with self._connect(write=False) as conn:
            found = browse.get_article(conn, article_id)
        if found is None:
            raise NotFoundError(f"no article {article_id!r} in {_show(self.url)}")
        return found


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout, and transactions that take the write lock when they start."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "busy_timeout=60000", "foreign_keys=ON", "synchronous=NORMAL"):
            with contextlib.suppress(Exception):  # a read-only file cannot switch to WAL; reads still work
                cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("sitrep_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _insert_ignore(conn: Connection, table: Any) -> Any:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def _content_hash(body: str) -> str:
    import hashlib

    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _reason(clusters: Clusters, claim_id: str) -> str | None:
    found = clusters.reasons.get(claim_id)
    if found is None:
        return None
    return json.dumps({"linked_to": found[0], "reasons": found[1]}, ensure_ascii=False)


def _claim_row(e: Event, position: int) -> dict[str, Any]:
    return {"claim_id": e.event_id, "article_id": e.article_id, "position": position, "event_date": e.event_date,
            "event_type": e.event_type, "plover_type": e.plover_type, "historical": e.historical,
            "location": e.location, "country": e.country, "geo_precision": e.geo_precision,
            "latitude": e.latitude, "longitude": e.longitude, "actor1": e.actor1, "actor2": e.actor2,
            "record": event_to_json(e), "event_id": None, "merge_reason": None}


def _event_row(e: Event) -> dict[str, Any]:
    return {"event_id": e.event_id, "event_date": e.event_date, "event_type": e.event_type,
            "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2, "location": e.location,
            "admin1": e.admin1, "country": e.country, "latitude": e.latitude, "longitude": e.longitude,
            "fatalities": e.fatalities, "source_count": e.source_count, "historical": e.historical,
            "record": event_to_json(e)}
