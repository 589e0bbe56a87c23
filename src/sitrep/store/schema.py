"""The store's tables and its migrations, one numbered step per schema version.

Why not Alembic: the schema is small, and the parts that differ per database (an FTS5 virtual
table on SQLite, a generated ``tsvector`` column on PostgreSQL) are raw DDL that Alembic's
autogenerate cannot see anyway. A list of numbered Python steps, run in one transaction under a
lock and recorded in ``schema_version``, does the same job without an ini file, an ``env.py``
and a second version table per database.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

metadata = MetaData()

#: The schema version this sitrep writes. A database with a higher one is refused.
SCHEMA_VERSION = 4

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

#: One row per article, keyed by ``article_id`` (a hash of its URL, else of its text).
articles = Table(
    "articles", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # ingest order; the FTS rowid
    Column("article_id", String(64), nullable=False, unique=True),
    Column("url", Text, unique=True),
    Column("content_hash", String(40), nullable=False, index=True),
    Column("title", Text),
    Column("outlet", Text),
    Column("source_id", Integer, ForeignKey("sources.source_id")),
    Column("published", String(10)),
    Column("text", Text, nullable=False),
)

#: Who published: an outlet or a web host. ``source_count`` counts these.
sources = Table(
    "sources", metadata,
    Column("source_id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
)

#: One row per event as one article reports it: the raw material that merging groups.
claims = Table(
    "claims", metadata,
    Column("claim_id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.article_id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # order within the article
    Column("event_date", String(10)),
    Column("event_type", Text),
    Column("plover_type", Text),
    Column("historical", Boolean, nullable=False),
    Column("location", Text),
    Column("country", String(3)),
    Column("geo_precision", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("record", Text, nullable=False),  # the event as extracted, JSON
    # Derived by merging (re-derived by Store.rederive): the merged event and why it joined.
    Column("event_id", String(64), index=True),
    Column("merge_reason", Text),
    Index("ix_claims_date_type", "event_date", "event_type"),
)

#: Evidence spans, normalised: one row per span of a claim.
evidence = Table(
    "evidence", metadata,
    Column("claim_id", String(64), ForeignKey("claims.claim_id"), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    UniqueConstraint("claim_id", "article_id", "start", "end", name="uq_evidence_span"),
)

#: Merged events, derived from claims: the rows users query.
events = Table(
    "events", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("event_date", String(10)),
    Column("event_type", Text),
    Column("sub_event_type", Text),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("location", Text),
    Column("admin1", Text),
    Column("country", String(3)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("fatalities", Integer),
    Column("source_count", Integer, nullable=False),
    Column("historical", Boolean, nullable=False),
    Column("record", Text, nullable=False),  # the merged Event, JSON
    Index("ix_events_date", "event_date"),
    Index("ix_events_country_date", "country", "event_date"),
    Index("ix_events_type_date", "event_type", "event_date"),
    Index("ix_events_lat_lon", "latitude", "longitude"),  # bounding-box filter
)

#: Settings kept with the data (version 2): the merge thresholds the stored events were derived with.
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Feeds that ``sitrep watch`` polls (version 3): validators for conditional requests, and back-off.
feeds = Table(
    "feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False),  # consecutive failed polls; 0 after a success
    Column("next_poll_at", Float),  # Unix time before which the feed is left alone; null: due
    Column("last_polled_at", Float),
    Column("last_error", Text),
)

#: Feed entries ``sitrep watch`` has handled (version 3), keyed by a hash of feed URL and entry key.
#: An entry is written only after its article is stored, so a killed watcher re-fetches, never loses.
feed_items = Table(
    "feed_items", metadata,
    Column("item_id", String(40), primary_key=True),
    Column("feed_url", Text, nullable=False, index=True),
    Column("item_key", Text, nullable=False),  # the entry's guid, else its link
    Column("url", Text),
    Column("article_id", String(64)),  # set when stored
    Column("status", String(16), nullable=False),  # stored · skipped · retry
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("seen_at", Float, nullable=False),
)

#: The tables of version 1 (later versions add theirs in their own step).
TABLES = (schema_version, sources, articles, claims, evidence, events)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(TABLES))
    if conn.dialect.name == "sqlite":
        # External-content FTS5 index over article text; rows are added beside each article insert.
        conn.exec_driver_sql("CREATE VIRTUAL TABLE articles_fts USING fts5(text, content='articles', "
                             "content_rowid='seq')")
    else:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN tsv tsvector "
                             "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED")
        conn.exec_driver_sql("CREATE INDEX ix_articles_tsv ON articles USING GIN (tsv)")
        # Newest first with undated events last, as Store.events orders: PostgreSQL sorts NULLs
        # first in a descending index unless told otherwise.
        conn.exec_driver_sql("CREATE INDEX ix_events_newest ON events (event_date DESC NULLS LAST, event_id)")
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                for side in ("actor1", "actor2"):
                    conn.exec_driver_sql(f"CREATE INDEX ix_events_{side}_trgm ON events "
                                         f"USING GIN (lower({side}) gin_trgm_ops)")
        except DBAPIError:
            pass  # no pg_trgm, or no right to create it: --actor scans by date instead; still correct
    conn.execute(schema_version.insert().values(version=1))


def _v2(conn: Connection) -> None:
    """A key/value ``settings`` table; absent keys mean the defaults, so old data needs no rows."""
    metadata.create_all(conn, tables=[settings])


def _v3(conn: Connection) -> None:
    """The state of ``sitrep watch``: polled feeds and handled feed entries."""
    metadata.create_all(conn, tables=[feeds, feed_items])


#: Indexes of version 4, for the map's commonest pages: a date range inside a bounding box, and one
#: event type without background events, each with its total (measured at 100k events: ~45 ms -> ~2 ms).
V4_INDEXES = (
    Index("ix_events_date_box", events.c.event_date, events.c.latitude, events.c.longitude, events.c.historical),
    Index("ix_events_type_current_date", events.c.event_type, events.c.historical, events.c.event_date),
)


def _v4(conn: Connection) -> None:
    """Indexes for the web map's filters (``sitrep serve``)."""
    for index in V4_INDEXES:
        index.create(conn, checkfirst=True)


#: MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database; 0 for an empty database."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(select(schema_version.c.version)).scalar()
    return int(version or 0)


def migrate(conn: Connection) -> int:
    """Bring the schema up to ``SCHEMA_VERSION`` inside the caller's (locked) transaction.

    Returns:
        The version the database was at before.
    """
    before = current_version(conn)
    for step in range(before, SCHEMA_VERSION):
        MIGRATIONS[step](conn)
        conn.execute(schema_version.update().values(version=step + 1))
    return before


def write_probe(conn: Connection) -> None:
    """Write nothing, but fail now if the database cannot be written (a read-only file)."""
    conn.execute(text("UPDATE schema_version SET version = version"))
