"""RSS and Atom feeds: the items of a feed body that the fetcher already downloaded.

feedparser only ever sees bytes here. Given a string it would fetch a URL or open a local file
of that name by itself, so the body is handed over as a stream.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import feedparser

from ..errors import FetchError


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed.

    Attributes:
        key: what identifies it within its feed: the ``guid``/``id``, else the link.
        url: the article's link (absolute, http or https).
        title: the entry's title, if any.
        published: the entry's publication (or update) date, if any.
    """

    key: str
    url: str
    title: str | None = None
    published: date | None = None


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> list[FeedItem]:
    """Return a feed's items in feed order, skipping entries without an http(s) link.

    Args:
        body: the feed document as fetched.
        url: where it was fetched from; relative links resolve against it.
        content_type: the ``Content-Type`` header, which may name the charset.

    Raises:
        FetchError: the body is not an RSS or Atom feed.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=True)
    except Exception as exc:  # noqa: BLE001 - a parser crash on one feed is a bad feed, not our crash
        raise FetchError(f"not a feed ({type(exc).__name__})") from None
    entries: list[Any] = list(parsed.get("entries") or [])
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        reason = " ".join(str(problem).split())[:100] if problem else "no RSS or Atom content"
        raise FetchError(f"not a feed ({reason})")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries:
        item = _item(entry)
        if item is not None and item.key not in seen:
            seen.add(item.key)
            items.append(item)
    return items


def _item(entry: Any) -> FeedItem | None:
    link = _text(entry.get("link"))
    if link is None or urlsplit(link).scheme not in ("http", "https"):
        return None
    key = _text(entry.get("id")) or link
    return FeedItem(key=key, url=link, title=_text(entry.get("title")), published=_date(entry))


def _text(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _date(entry: Any) -> date | None:
    """The entry's date in UTC, as feedparser normalised it."""
    for field in ("published_parsed", "updated_parsed"):
        stamp = entry.get(field)
        if stamp:
            try:
                return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None
