"""Events to and from the JSON the store keeps, and the small records the store hands back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, TypedDict
from urllib.parse import urlparse

from ..model import Article, Claim, Event, Evidence

_FIELDS = [f.name for f in fields(Event)]


def event_to_json(event: Event) -> str:
    """The event as compact JSON (``dataclasses.asdict`` deep-copies, which bulk loading cannot afford)."""
    d: dict[str, Any] = {name: getattr(event, name) for name in _FIELDS}
    d["evidence"] = [vars(ev) for ev in event.evidence]
    d["claims"] = [vars(c) for c in event.claims]
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def event_from_json(text: str) -> Event:
    d: dict[str, Any] = json.loads(text)
    d["evidence"] = [Evidence(**ev) for ev in d.get("evidence", [])]
    d["claims"] = [Claim(**c) for c in d.get("claims", [])]
    return Event(**d)


def source_name(article: Article) -> str:
    """Who published an article: its outlet, else its web host, else the article itself."""
    if article.outlet:
        return article.outlet.strip()
    if article.url:
        host = urlparse(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return f"article {article.id}"


@dataclass(frozen=True)
class EventQuery:
    """Filters for ``Store.events``; every one left as None matches everything.

    Attributes:
        since: first event date, ``YYYY-MM-DD`` (inclusive).
        until: last event date, ``YYYY-MM-DD`` (inclusive).
        country: ISO 3166-1 alpha-3 code.
        admin1: first-level region name (case-insensitive).
        event_type: ACLED event type (case-insensitive).
        actor: part of an actor's name (case-insensitive), either side.
        text: words that must all occur in a supporting article's text.
        bbox: west, south, east, north in degrees.
        limit: at most this many events, newest first.
        sub_event_type: ACLED sub-event type (case-insensitive).
        plover_type: PLOVER type of the event (case-insensitive), e.g. ``ASSAULT``.
        historical: True for background references only, False to leave them out.
        offset: skip this many events first (pagination, with ``limit``).
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    limit: int | None = None
    sub_event_type: str | None = None
    plover_type: str | None = None
    historical: bool | None = None
    offset: int = 0


@dataclass(frozen=True)
class Link:
    """One report in a merged event and why it is there."""

    claim_id: str
    article_id: str
    source: str
    title: str | None
    url: str | None
    linked_to: str | None  # the report it matched; None for the event's first report
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    """Why an event is what it is: its reports, what linked them, how its figures were chosen."""

    event: Event
    links: list[Link]
    fatalities_reason: str
    injuries_reason: str


class EventSummary(TypedDict):
    """The light record of a merged event that maps and lists need (``Store.summaries``)."""

    event_id: str
    event_date: str | None
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    actor1: str | None
    actor2: str | None
    source_count: int
    historical: bool


class Bucket(TypedDict):
    """One group of ``Store.aggregate``: its key, how many events, and their fatalities."""

    key: str | None
    events: int
    fatalities: int


class ArticleSummary(TypedDict):
    """A stored article without its text (``Store.articles``)."""

    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    source: str
    published: str | None
    events: int


class Span(TypedDict):
    """An evidence span of one article and the merged event it supports."""

    event_id: str
    start: int
    end: int


class ArticleRecord(ArticleSummary):
    """A stored article with its text and the evidence spans that events take from it (``Store.article``)."""

    text: str
    spans: list[Span]
