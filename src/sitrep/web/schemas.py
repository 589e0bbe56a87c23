"""The API's JSON shapes as pydantic models: the OpenAPI schema documents them, and the request body of
``POST /api/extract`` is validated against ``ExtractRequest``. List answers are built as plain dicts
for speed; tests check that they fit these models."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    status: int = Field(examples=[400])
    code: str = Field(examples=["bad_request"])
    message: str = Field(examples=["since: expected a date, YYYY-MM-DD"])


class ErrorBody(BaseModel):
    """Every error answer, whatever the status."""

    error: ErrorDetail


class EventSummary(BaseModel):
    """The light record of a merged event, for maps and lists."""

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


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, all pages together")
    limit: int
    offset: int
    events: list[EventSummary]


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    total: int = Field(description="events matching the filters, all pages together (a foreign member)")


class Report(BaseModel):
    """One report merged into an event, and why it joined."""

    claim_id: str
    article_id: str
    source: str
    title: str | None
    url: str | None
    linked_to: str | None
    reasons: list[str]


class ArticleSummary(BaseModel):
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    source: str
    published: str | None
    events: int = Field(description="reports (events as this article tells them) extracted from it")


class EventDetail(BaseModel):
    """A merged event with its evidence, its claims (who says what) and the reports it merges."""

    event: dict[str, Any] = Field(description="the full event record of DESIGN.md, with evidence and claims")
    reports: list[Report]
    articles: list[ArticleSummary]
    fatalities_reason: str
    injuries_reason: str


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class Span(BaseModel):
    event_id: str
    start: int
    end: int


class Article(ArticleSummary):
    """A stored article with its text and the evidence spans (character offsets) events take from it."""

    text: str
    spans: list[Span]


class Bucket(BaseModel):
    key: str | None
    events: int
    fatalities: int


class Counts(BaseModel):
    by: Literal["day", "event_type", "country"]
    total: int
    buckets: list[Bucket]


class ExtractRequest(BaseModel):
    """A pasted article."""

    text: str = Field(min_length=1, description="the article's text")
    published: str | None = Field(None, description="publication date, YYYY-MM-DD (resolves 'on Friday')")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    store: bool = Field(False, description="also store the article and its events (needs write access)")


class ExtractResult(BaseModel):
    article_id: str
    stored: bool = Field(description="true when the article was stored now; false when not asked or already stored")
    events: list[dict[str, Any]] = Field(description="full event records as extracted (before merging)")


class Meta(BaseModel):
    """What the page needs to start: the store's size and span, settings, and what the client may do."""

    version: str
    counts: dict[str, int]
    first_date: str | None
    last_date: str | None
    event_types: list[Bucket]
    writes: bool = Field(description="POST /api/extract with store=true is possible")
    token_required: bool
    tile_url: str | None
    tile_attribution: str | None
    max_body: int
    max_limit: int
