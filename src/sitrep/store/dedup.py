"""Cross-article deduplication: which reports describe the same incident, and the merged event.

Two reports (claims) link when they come from different articles and agree on type, place, date
and actors (``compare``). An event is a connected group of linked claims, named after its
earliest claim, so the grouping does not depend on the order articles arrive in and
``Store.rederive`` with other thresholds gives the same result a fresh ingest would.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..geo.distance import great_circle_km
from ..model import Claim, Event, Evidence

#: Pairs of ACLED event types that differently worded reports of one incident often disagree on.
DEFAULT_COMPATIBLE_TYPES: tuple[tuple[str, str], ...] = (("Battles", "Explosions/Remote violence"),)

#: The widest date window merging accepts: each new report looks up every day within it.
MAX_DAYS = 365


@dataclass(frozen=True)
class DedupOptions:
    """Thresholds for merging reports across articles.

    Attributes:
        distance_km: two coded places within this distance are the same place.
        days: two dates this many days apart or fewer are the same incident.
        compatible_types: pairs of different ACLED event types that may still merge.
    """

    distance_km: float = 5.0
    days: int = 1
    compatible_types: tuple[tuple[str, str], ...] = DEFAULT_COMPATIBLE_TYPES

    def __post_init__(self) -> None:
        """Refuse thresholds merging cannot use.

        Raises:
            ValueError: a negative or non-finite distance, or days outside 0..MAX_DAYS.
        """
        if not math.isfinite(self.distance_km) or self.distance_km < 0:
            raise ValueError(f"distance_km must be a number of km, 0 or more (got {self.distance_km})")
        if isinstance(self.days, bool) or not isinstance(self.days, int) or not 0 <= self.days <= MAX_DAYS:
            raise ValueError(f"days must be a whole number from 0 to {MAX_DAYS} (got {self.days!r})")


@dataclass(frozen=True)
class ClaimKey:
    """The fields of one report that merging compares, and its place in ingest order."""

    claim_id: str
    article_id: str
    order: tuple[int, int]  # (article ingest sequence, position in the article)
    event_date: str | None
    event_type: str | None
    plover_type: str
    historical: bool
    location: str | None = None
    country: str | None = None
    geo_precision: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    actor1: str | None = None
    actor2: str | None = None
    day: int = field(init=False, repr=False, compare=False)  # event_date as a day number, parsed once

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", date.fromisoformat(self.event_date).toordinal() if self.event_date else 0)

    @property
    def mergeable(self) -> bool:
        """Background references and undated reports stay on their own."""
        return not self.historical and self.event_date is not None


def key_of(event: Event, order: tuple[int, int]) -> ClaimKey:
    """The merge key of an extracted event."""
    return ClaimKey(event.event_id, event.article_id, order, event.event_date, event.event_type,
                    event.plover_type, event.historical, event.location, event.country, event.geo_precision,
                    event.latitude, event.longitude, event.actor1, event.actor2)


def compare(a: ClaimKey, b: ClaimKey, options: DedupOptions) -> list[str] | None:
    """Why ``a`` and ``b`` report the same incident, or None when they do not."""
    if not (a.mergeable and b.mergeable) or a.article_id == b.article_id:
        return None
    reasons: list[str] = []
    for check in (_same_date, _same_type, _same_place, _same_actors):
        reason = check(a, b, options)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons


def _same_type(a: ClaimKey, b: ClaimKey, options: DedupOptions) -> str | None:
    if a.event_type is None or b.event_type is None:
        if a.event_type is None and b.event_type is None and a.plover_type == b.plover_type:
            return f"same PLOVER type {a.plover_type}"
        return None
    if a.event_type == b.event_type:
        return f"same type {a.event_type}"
    pair = {a.event_type, b.event_type}
    if any(pair == set(p) for p in options.compatible_types):
        return f"compatible types {a.event_type} / {b.event_type}"
    return None


def _same_date(a: ClaimKey, b: ClaimKey, options: DedupOptions) -> str | None:
    gap = abs(a.day - b.day)
    if gap > options.days:
        return None
    return f"same date {a.event_date}" if gap == 0 else f"dates {gap} day(s) apart (≤ {options.days})"


def _same_place(a: ClaimKey, b: ClaimKey, options: DedupOptions) -> str | None:
    if a.location and b.location and a.location.casefold() == b.location.casefold() \
            and (a.country == b.country or None in (a.country, b.country)):
        return f"same named place {a.location}"
    coarse = 3 in (a.geo_precision, b.geo_precision)  # a region's centre says little about a town
    if coarse or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    km = great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if km > options.distance_km:
        return None
    return f"{a.location} and {b.location} {km:.1f} km apart (≤ {options.distance_km:g} km)"


def _close(x: str, y: str) -> bool:
    x, y = x.casefold(), y.casefold()
    return x == y or x in y or y in x


def _same_actors(a: ClaimKey, b: ClaimKey, options: DedupOptions) -> str | None:
    if a.actor1 and b.actor1 and not _close(a.actor1, b.actor1):
        swapped = a.actor2 and b.actor2 and _close(a.actor1, b.actor2) and _close(a.actor2, b.actor1)
        if not swapped:
            return None  # both name who acted, and they name different actors
    mine = [x for x in (a.actor1, a.actor2) if x]
    theirs = [y for y in (b.actor1, b.actor2) if y]
    shared = [x for x in mine if any(_close(x, y) for y in theirs)]
    return f"shared actor {shared[0]}" if shared else "no conflicting actors"


@dataclass
class Clusters:
    """Connected groups of linked claims, grown one claim at a time (union-find).

    Attributes:
        options: the merge thresholds.
        reasons: for each claim that joined a group, the claim it linked to and why.
    """

    options: DedupOptions
    reasons: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    _parent: dict[str, str] = field(default_factory=dict)
    _order: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Reports by (date, country): a place matches only within a country (by name, or a few km).
    _by_day: dict[tuple[str, str | None], list[ClaimKey]] = field(default_factory=dict)
    _countries: dict[str, set[str | None]] = field(default_factory=dict)

    def seed(self, key: ClaimKey, event_id: str, event_order: tuple[int, int]) -> None:
        """Add a claim already merged into ``event_id`` (whose first claim has ``event_order``)."""
        self._order.setdefault(event_id, event_order)
        self._parent.setdefault(event_id, event_id)
        self._order[key.claim_id] = key.order
        self._parent[key.claim_id] = event_id
        self._index(key)

    def add(self, key: ClaimKey) -> None:
        """Add a new claim, linking it to every compatible claim already present."""
        self._order[key.claim_id] = key.order
        self._parent[key.claim_id] = key.claim_id
        if not key.mergeable:
            return
        assert key.event_date is not None
        day = date.fromisoformat(key.event_date)
        for offset in range(-self.options.days, self.options.days + 1):
            for other in self._near(((day + timedelta(days=offset)).isoformat()), key.country):
                why = compare(key, other, self.options)
                if why is None:
                    continue
                if key.claim_id not in self.reasons:
                    self.reasons[key.claim_id] = (other.claim_id, why)
                self._union(key.claim_id, other.claim_id)
        self._index(key)

    def event_of(self, claim_id: str) -> str:
        """The event a claim belongs to: its group's earliest claim."""
        root = claim_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[claim_id] != root:  # path compression
            self._parent[claim_id], claim_id = root, self._parent[claim_id]
        return root

    def _index(self, key: ClaimKey) -> None:
        if key.mergeable:
            assert key.event_date is not None
            self._by_day.setdefault((key.event_date, key.country), []).append(key)
            self._countries.setdefault(key.event_date, set()).add(key.country)

    def _near(self, day: str, country: str | None) -> Iterator[ClaimKey]:
        """Reports of that day that could share a place with a report in ``country``."""
        countries = self._countries.get(day, set()) if country is None else (country, None)
        for c in countries:
            yield from self._by_day.get((day, c), [])

    def _union(self, x: str, y: str) -> None:
        rx, ry = self.event_of(x), self.event_of(y)
        if rx == ry:
            return
        first, second = sorted((rx, ry), key=lambda r: self._order[r])
        self._parent[second] = first


def cluster(keys: Iterable[ClaimKey], options: DedupOptions) -> Clusters:
    """Group claims from scratch, in ingest order."""
    clusters = Clusters(options)
    for key in sorted(keys, key=lambda k: k.order):
        clusters.add(key)
    return clusters


def reasoned_figure(values: Sequence[tuple[int | None, bool]]) -> tuple[int | None, bool, str]:
    """Choose one figure from the figures several reports give, and say why.

    Follows ACLED's rule of the most conservative estimate: the lowest exact figure; with only
    "at least" figures, the highest of them (every report agrees the toll reached it).

    Args:
        values: ``(figure, is_lower_bound)`` per report; ``None`` where a report gives none.

    Returns:
        The figure, whether it is a lower bound, and a one-line reason.
    """
    given = [(v, lb) for v, lb in values if v is not None]
    if not given:
        return None, False, "no report gives a figure"
    distinct = sorted({v for v, _ in given})
    exact = [v for v, lb in given if not lb]
    if len(distinct) == 1:
        return given[0][0], not exact, f"{len(given)} report(s) agree on {distinct[0]}"
    shown = ", ".join(str(v) for v in distinct)
    if exact:
        return min(exact), False, f"reports differ ({shown}); the lowest exact figure, ACLED's conservative rule"
    return max(distinct), True, f"reports differ ({shown}), all 'at least'; the highest lower bound"


def merge(event_id: str, members: Sequence[tuple[Event, str]]) -> Event:
    """Build one event from the reports of a group.

    Args:
        event_id: the group's id (its earliest claim).
        members: each report with its source name, in ingest order.
    """
    reports = [e for e, _ in members]
    first = reports[0]
    if len(reports) == 1:
        event, source = members[0]
        return replace(event, event_id=event_id, article_ids=[event.article_id], source_count=1,
                       claims=[_claim(event, source)])
    placed = sorted(reports, key=lambda e: (e.geo_precision or 9, e.latitude is None, -e.confidence))[0]
    dates = Counter(e.event_date for e in reports if e.event_date)
    day = sorted(dates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if dates else first.event_date
    fatalities, lower, _ = reasoned_figure([(e.fatalities, e.fatalities_lower_bound) for e in reports])
    injuries, _, _ = reasoned_figure([(e.injuries, False) for e in reports])
    evidence: list[Evidence] = []
    for e in reports:
        evidence.extend(ev for ev in e.evidence if ev not in evidence)
    unsure = 1.0
    for e in reports:
        unsure *= 1.0 - e.confidence
    claimed = list(dict.fromkeys(e.claimed_by for e in reports if e.claimed_by))
    sources = list(dict.fromkeys(s for _, s in members))
    return replace(
        first, event_id=event_id, event_date=day,
        actor1=first.actor1 or next((e.actor1 for e in reports if e.actor1), None),
        actor2=first.actor2 or next((e.actor2 for e in reports if e.actor2), None),
        location=placed.location, admin1=placed.admin1, admin2=placed.admin2, country=placed.country,
        latitude=placed.latitude, longitude=placed.longitude, geo_precision=placed.geo_precision,
        geonameid=placed.geonameid, fatalities=fatalities, fatalities_lower_bound=lower, injuries=injuries,
        claimed_by="; ".join(claimed) or None, confidence=round(min(0.99, 1.0 - unsure), 3),
        evidence=evidence, article_ids=list(dict.fromkeys(e.article_id for e in reports)),
        source_count=len(sources), claims=[_claim(e, s) for e, s in members],
    )


def _claim(event: Event, source: str) -> Claim:
    return Claim(article_id=event.article_id, source=source, claimed_by=event.claimed_by,
                 event_date=event.event_date, location=event.location, fatalities=event.fatalities,
                 fatalities_lower_bound=event.fatalities_lower_bound, injuries=event.injuries)
