"""Live ingestion: fetch pages and watch RSS/Atom feeds, safely, into the store.

``net`` is the only code that touches the network (address checks, size cap, timeouts, redirect
limit, content types); ``feed`` parses feed bodies, ``page`` turns HTML into an ``Article``, and
``watcher`` runs the poll cycle with its state in the store (``sitrep.store.feeds``).

Example:
    >>> from sitrep.feeds import Fetcher, FetchOptions, fetch_article
    >>> with Fetcher(FetchOptions(timeout=10)) as fetcher:  # doctest: +SKIP
    ...     article = fetch_article(fetcher, "https://example.org/news/1")
"""

from __future__ import annotations

from .feed import FeedItem, parse_feed
from .net import Fetched, Fetcher, FetchOptions, blocked_reason, user_agent
from .page import article_from_page, fetch_article
from .watcher import CycleReport, Watcher, WatchOptions, parse_interval

__all__ = [
    "CycleReport",
    "FeedItem",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "WatchOptions",
    "Watcher",
    "article_from_page",
    "blocked_reason",
    "fetch_article",
    "parse_feed",
    "parse_interval",
    "user_agent",
]
