"""The record contract of DESIGN.md: Article, the mention types, Evidence and Event."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def stable_hash(*parts: str, length: int = 16) -> str:
    """Return a short hex digest that is the same for the same parts on every run."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One news article, as a reader hands it to the pipeline."""

    text: str
    id: str = ""
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    source: str | None = None  # file (and line) it was read from, for messages
    author: str | None = None  # byline, where a reader finds one (fetched pages)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", stable_hash(self.url or self.text))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry a toponym resolved to."""

    name: str
    latitude: float
    longitude: float
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    admin2: str | None = None
    geonameid: int | None = None
    feature_class: str = "P"  # GeoNames: P populated place, A admin area, L region
    feature_code: str = "PPL"
    population: int = 0
    precision: int | None = None  # set where the place stands in for one the gazetteer lacks

    @property
    def geo_precision(self) -> int:
        """ACLED's scale: 1 town, 2 district/near town, 3 region or country."""
        if self.precision is not None:
            return self.precision
        if self.feature_class == "P":
            return 1
        if self.feature_code in ("ADM2", "ADM3", "ADM4"):
            return 2
        return 3


@dataclass(frozen=True)
class Evidence:
    """Where a field came from: a sentence of an article and character offsets into its text."""

    article_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """What one article says about an event: who reports it and the figures it gives.

    A merged event keeps one claim per supporting article, so disagreements stay visible.
    """

    article_id: str
    source: str  # the outlet, the URL's host, or the article id when neither is known
    claimed_by: str | None = None
    event_date: str | None = None
    location: str | None = None
    fatalities: int | None = None
    fatalities_lower_bound: bool = False
    injuries: int | None = None


@dataclass
class Event:
    """One coded event, the unit users query. Fields follow ACLED's names (see DESIGN.md)."""

    event_id: str
    article_id: str
    event_date: str | None
    time_precision: int
    event_type: str | None
    sub_event_type: str | None
    plover_type: str
    cameo_code: str
    actor1: str | None = None
    actor1_country: str | None = None
    actor2: str | None = None
    actor2_country: str | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int | None = None
    fatalities_lower_bound: bool = False
    injuries: int | None = None
    claimed_by: str | None = None
    historical: bool = False
    confidence: float = 0.5
    trigger: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    notes: str = ""
    source_count: int = 1  # distinct sources, after merging across articles
    claims: list[Claim] = field(default_factory=list)  # one per supporting article, after merging
    coded_by: str = "rules"  # rules | rules+model | rules, model disagrees | model over rules | model
    model_codes: str = ""  # the learned coder's call and probabilities, where it was asked

    @property
    def cameo_root(self) -> str:
        return self.cameo_code[:2]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record, with ``cameo_root`` added for scorers that read it."""
        d = asdict(self)
        d["cameo_root"] = self.cameo_root
        return d
