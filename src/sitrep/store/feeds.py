"""What ``sitrep watch`` remembers between cycles, kept in the store (schema version 3).

Per feed: the ``ETag``/``Last-Modified`` validators for conditional requests, and the count of
consecutive failures with the time before which the feed is left alone. Per feed entry: whether
it was stored, skipped for good, or is to be retried. An entry is recorded only after its article
is committed (``Store.add``), so a watcher killed in between fetches the entry again and the
store, which skips stored articles, keeps it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from ..model import stable_hash
from .schema import articles, feed_items, feeds
from .store import Store

STORED, SKIPPED, RETRY = "stored", "skipped", "retry"


@dataclass(frozen=True)
class FeedState:
    """One feed's polling state.

    Attributes:
        url: the feed's URL, as given.
        etag: the last ``ETag`` it sent.
        last_modified: the last ``Last-Modified`` it sent.
        failures: consecutive failed polls (0 after a success).
        next_poll_at: Unix time before which it is not polled (back-off); ``None``: due now.
        last_polled_at: Unix time of the last poll, successful or not.
        last_error: why the last poll failed, if it did.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: float | None = None
    last_polled_at: float | None = None
    last_error: str | None = None

    def due(self, now: float) -> bool:
        """Whether the feed may be polled at ``now``."""
        return self.next_poll_at is None or self.next_poll_at <= now


class FeedLog:
    """Feed and entry state in an open ``Store`` (opened for writing, so the schema is current).

    Example:
        >>> log = FeedLog(store)  # doctest: +SKIP
        >>> new = [i for i in items if i.key not in log.handled(feed, [i.key for i in items])]
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- feeds ----------------------------------------------------------------------------

    def state(self, url: str) -> FeedState:
        """The feed's saved state, or a fresh one for a feed never polled."""
        with self.store._connect(write=False) as conn:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        if row is None:
            return FeedState(url)
        return FeedState(row.url, row.etag, row.last_modified, int(row.failures), row.next_poll_at,
                         row.last_polled_at, row.last_error)

    def save(self, state: FeedState) -> None:
        """Write a feed's state, replacing what was saved."""
        values = {"etag": state.etag, "last_modified": state.last_modified, "failures": state.failures,
                  "next_poll_at": state.next_poll_at, "last_polled_at": state.last_polled_at,
                  "last_error": state.last_error}
        with self.store._transaction() as conn:
            _upsert(conn, feeds, {"url": state.url, **values}, ["url"], values)

    def states(self) -> list[FeedState]:
        """Every feed ever polled, in URL order."""
        with self.store._connect(write=False) as conn:
            rows = conn.execute(select(feeds).order_by(feeds.c.url)).all()
        return [FeedState(r.url, r.etag, r.last_modified, int(r.failures), r.next_poll_at, r.last_polled_at,
                          r.last_error) for r in rows]

    # --- entries --------------------------------------------------------------------------

    def handled(self, feed_url: str, keys: Iterable[str]) -> set[str]:
        """The entry keys of a feed that are done with: stored, or skipped for good."""
        wanted = {_item_id(feed_url, k): k for k in keys}
        done: set[str] = set()
        ids = list(wanted)
        with self.store._connect(write=False) as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(select(feed_items.c.item_id).where(
                    feed_items.c.item_id.in_(ids[start:start + 500]), feed_items.c.status != RETRY))
                done.update(wanted[r.item_id] for r in rows)
        return done

    def mark(self, feed_url: str, key: str, *, url: str, status: str, now: float, article_id: str | None = None,
             error: str | None = None) -> None:
        """Record an entry as ``stored`` (its article is committed) or ``skipped`` (for good)."""
        if status not in (STORED, SKIPPED):
            raise ValueError(f"status must be {STORED!r} or {SKIPPED!r}, got {status!r}")
        item_id = _item_id(feed_url, key)
        with self.store._transaction() as conn:
            attempts = _attempts(conn, item_id) + 1
            values = {"url": url, "article_id": article_id, "status": status, "attempts": attempts,
                      "last_error": error, "seen_at": now}
            _upsert(conn, feed_items, {"item_id": item_id, "feed_url": feed_url, "item_key": key, **values},
                    ["item_id"], values)

    def failed(self, feed_url: str, key: str, *, url: str, error: str, now: float, give_up_after: int) -> bool:
        """Record a failed attempt at an entry; after ``give_up_after`` attempts it is skipped for good.

        Returns:
            True when this was the last attempt (the entry is now ``skipped``).
        """
        item_id = _item_id(feed_url, key)
        with self.store._transaction() as conn:
            attempts = _attempts(conn, item_id) + 1
            status = SKIPPED if attempts >= give_up_after else RETRY
            values = {"url": url, "article_id": None, "status": status, "attempts": attempts,
                      "last_error": error, "seen_at": now}
            _upsert(conn, feed_items, {"item_id": item_id, "feed_url": feed_url, "item_key": key, **values},
                    ["item_id"], values)
        return status == SKIPPED

    def counts(self, feed_url: str) -> dict[str, int]:
        """How many entries of a feed are stored, skipped, and waiting to be retried."""
        with self.store._connect(write=False) as conn:
            rows = conn.execute(select(feed_items.c.status).where(feed_items.c.feed_url == feed_url)).scalars()
            found = {STORED: 0, SKIPPED: 0, RETRY: 0}
            for status in rows:
                found[str(status)] = found.get(str(status), 0) + 1
        return found

    # --- articles -------------------------------------------------------------------------

    def stored_article(self, url: str) -> str | None:
        """The id of the stored article with this URL (or the id a URL gives), or ``None``."""
        with self.store._connect(write=False) as conn:
            found = conn.execute(select(articles.c.article_id).where(
                or_(articles.c.url == url, articles.c.article_id == stable_hash(url))).limit(1)).scalar()
        return None if found is None else str(found)


def _item_id(feed_url: str, key: str) -> str:
    return stable_hash(feed_url, key, length=40)


def _attempts(conn: Connection, item_id: str) -> int:
    found = conn.execute(select(feed_items.c.attempts).where(feed_items.c.item_id == item_id)).scalar()
    return int(found or 0)


def _upsert(conn: Connection, table: Any, row: dict[str, Any], keys: list[str], values: dict[str, Any]) -> None:
    """Insert a row, or update ``values`` where the key exists; the same statement on both databases."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(table).values(**row).on_conflict_do_update(index_elements=keys, set_=values))
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).values(**row).on_conflict_do_update(index_elements=keys, set_=values))
