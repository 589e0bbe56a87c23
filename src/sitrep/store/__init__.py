"""The event store: SQLite (default) or PostgreSQL behind one ``Store``, with cross-article merging.

Example:
    >>> from sitrep.store import EventQuery, Store
    >>> with Store("sitrep.db") as store:  # doctest: +SKIP
    ...     for event in store.events(EventQuery(country="AZE", since="2020-10-01")):
    ...         print(event.event_id, event.source_count)
"""

from __future__ import annotations

from .dedup import DedupOptions
from .records import ArticleRecord, ArticleSummary, Bucket, EventQuery, EventSummary, Explanation, Link
from .schema import SCHEMA_VERSION
from .store import DEFAULT_DB, Store, resolve_url

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "ArticleRecord", "ArticleSummary", "Bucket", "DedupOptions", "EventQuery",
           "EventSummary", "Explanation", "Link", "Store", "resolve_url"]
