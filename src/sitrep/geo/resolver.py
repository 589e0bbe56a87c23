"""Toponym resolution: pick, for each name of an article, the place it most likely means.

Evidence, in order of weight: how the name matched (exact before alternate before a folded
spelling), the article's focus countries (the countries it names, its actors'), the other
places of the same article (same country, nearby), ``"X, Y"`` hints, the kind of feature
(countries and regions are what bare names of them usually mean) and population.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitrep.geo.distance import great_circle_km
from sitrep.geo.gazetteer import MATCH_ALTERNATE, MATCH_KEY, MATCH_PRIMARY, Candidate, Gazetteer
from sitrep.model import Place


@dataclass(frozen=True)
class ResolverOptions:
    """Weights of the resolver's evidence.

    Attributes:
        candidates: how many candidates per name to weigh.
        match_weights: score by how the name matched (primary, alternate, folded key).
        feature_weights: bonus by GeoNames feature code.
        region_weight: bonus for other areas, regions, islands and seas (classes A, L, T, H).
        population_weight: score per decade of population, up to the knee.
        population_knee: decades of population (5: 100,000 people) beyond which each decade
            adds only ``population_tail_weight``, so that a metropolis does not outweigh a
            country, a capital or the article's focus.
        population_tail_weight: score per decade beyond the knee.
        focus_weight: bonus for a candidate in the first focus country (later ones: less).
        country_weight: bonus for sharing a country with the article's other places.
        proximity_weight: bonus for lying near another place of the article.
        proximity_km: distance at which the proximity bonus falls to 1/e.
        hint_km: how far a town may lie from the region of an ``"X, Y"`` hint.
        supplement_weight: bonus for curated supplement entries.
        exonym_population: a city at least this large scores an alternate name like its own
            (unless a country or region bears the name as its own):
            GeoNames files "Mecca" and "Cologne" as alternate names of Makkah and Köln, and the
            English name of a big city is what English news means.
        exonym_city, exonym_ratio: so does a city of at least ``exonym_city`` people that is
            ``exonym_ratio`` times larger than every town bearing the name as its own.
    """

    candidates: int = 30
    match_weights: tuple[float, float, float] = (4.5, 2.0, 0.5)
    feature_weights: tuple[tuple[str, float], ...] = (
        ("PCLI", 3.0), ("CONT", 2.5), ("RGN", 2.5), ("ADM1", 2.0), ("ADM2", 1.0), ("PPLC", 2.5),
        ("ISL", 2.0), ("SEA", 2.0), ("OCN", 2.0),
    )
    region_weight: float = 1.5
    population_weight: float = 0.5
    population_knee: float = 5.0
    population_tail_weight: float = 0.2
    focus_weight: float = 1.5
    country_weight: float = 1.0
    proximity_weight: float = 1.0
    proximity_km: float = 250.0
    hint_km: float = 300.0
    supplement_weight: float = 0.3
    exonym_population: int = 1_000_000
    exonym_city: int = 100_000
    exonym_ratio: int = 100


#: Administrative levels, coarsest first, for telling a "town, region" hint from a list of peers.
_LEVEL = {"CONT": 0, "PCLI": 1, "ADM1": 2, "ADM2": 3}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


class Resolver:
    """Resolve the toponyms of one article together.

    Args:
        gazetteer: the gazetteer to draw candidates from (loaded on first use).
        options: evidence weights; the defaults when None.
    """

    def __init__(self, gazetteer: Gazetteer, options: ResolverOptions | None = None) -> None:
        self.gazetteer = gazetteer
        self.options = options or ResolverOptions()
        self._features = dict(self.options.feature_weights)

    def __call__(self, names: Sequence[str], focus: Sequence[str] = ()) -> dict[str, Place | None]:
        """Resolve ``names``; see :meth:`resolve`."""
        return self.resolve(names, focus)

    def resolve(self, names: Sequence[str], focus: Sequence[str] = ()) -> dict[str, Place | None]:
        """Pick the best place for each name.

        Args:
            names: toponyms as written; ``"X, Y"`` means X in Y ("Pandi, Bulacan").
            focus: ISO3 codes of the article's countries, most important first.

        Returns:
            Each distinct name mapped to its place, or None when the gazetteer has none.
        """
        return {name: (c.place if c is not None else None) for name, (c, _) in
                self.resolve_scored(names, focus).items()}

    def resolve_scored(
        self, names: Sequence[str], focus: Sequence[str] = ()
    ) -> dict[str, tuple[Candidate | None, float]]:
        """Pick the best candidate for each name, with how sure the pick is.

        Args:
            names: toponyms as written; ``"X, Y"`` means X in Y.
            focus: ISO3 codes of the article's countries, most important first.

        Returns:
            Each distinct name mapped to (its candidate or None, confidence 0-1). The confidence
            is the pick's share of the softmax over the scores of the name's candidates.
        """
        unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        pools = {name: self._pool(name, focus) for name in unique}
        # Pass 1: each name alone; pass 2: each name in the company of the others' picks.
        picks = {name: self._best(pool, focus, []) for name, pool in pools.items()}
        out: dict[str, tuple[Candidate | None, float]] = {}
        for name, pool in pools.items():
            context = [p for other, p in picks.items() if other != name and p is not None]
            picks[name] = pick = self._best(pool, focus, context)
            out[name] = (pick, self._confidence(pick, pool, focus, context))
        return out

    def _confidence(
        self, pick: Candidate | None, pool: list[Candidate], focus: Sequence[str], context: list[Candidate]
    ) -> float:
        if pick is None:
            return 0.0
        top = self.score(pick, focus, context)
        total = sum(math.exp(min(0.0, self.score(c, focus, context) - top)) for c in pool
                    if c.place_id != pick.place_id)
        return round(1.0 / (1.0 + total), 3)

    def _pool(self, name: str, focus: Sequence[str]) -> list[Candidate]:
        pool = self._hinted_pool(name, focus)
        if any(c.match == MATCH_PRIMARY and c.place.feature_class in ("A", "L") for c in pool):
            return pool  # "Mexico" the country, not Mexico City
        # A city far larger than every town bearing the name as its own is what news means by it:
        # GeoNames files the city of Zaporizhzhia as "Zaporizhzhya", and a hamlet of 656 people as
        # "Zaporizhzhia".
        own = max((c.place.population for c in pool if c.match == MATCH_PRIMARY and c.place.feature_class == "P"),
                  default=0)
        big = min(self.options.exonym_population,
                  max(self.options.exonym_city, self.options.exonym_ratio * own))
        return [replace(c, match=MATCH_PRIMARY) if c.match == MATCH_ALTERNATE and c.place.feature_class == "P"
                and c.place.population >= big else c for c in pool]

    def _hinted_pool(self, name: str, focus: Sequence[str]) -> list[Candidate]:
        head, _, tail = name.partition(",")
        pool = self.gazetteer.candidates(name, limit=self.options.candidates)
        if pool or not tail.strip():
            return pool
        pool = self.gazetteer.candidates(head.strip(), limit=self.options.candidates)
        hint = self._best(self.gazetteer.candidates(tail.strip(), limit=self.options.candidates),
                          focus, [])
        if hint is None:
            return pool
        level = _LEVEL.get(hint.place.feature_code, 9)
        if hint.place.feature_class == "A" and any(
                c.match == MATCH_PRIMARY and _LEVEL.get(c.place.feature_code, 9) <= level for c in pool):
            return pool  # "Kansas, Kentucky": two states in a list, not a Kansas in Kentucky
        inside = [c for c in pool if self._within(c, hint)]
        return inside or pool

    def _inside(self, town: Candidate, region: Candidate) -> bool:
        if region.admin1_code and town.admin1_code:
            return town.admin1_code == region.admin1_code
        return distance_km(town.place, region.place) <= self.options.hint_km

    def _within(self, cand: Candidate, hint: Candidate) -> bool:
        where = hint.place
        if where.feature_code == "PCLI":
            return cand.place.country == where.country
        if hint.admin1_code and cand.admin1_code == hint.admin1_code:
            return True
        return (cand.place.country == where.country
                and distance_km(cand.place, where) <= self.options.hint_km)

    def _best(
        self, pool: list[Candidate], focus: Sequence[str], context: list[Candidate]
    ) -> Candidate | None:
        if not pool:
            return None
        # A folded-spelling match only counts when no exact one exists.
        exact = [c for c in pool if c.match != MATCH_KEY]
        best = max(exact or pool, key=lambda c: self.score(c, focus, context))
        if best.place.feature_code in ("ADM1", "ADM2"):
            # A bare name means the town: "Mandalay" is the city, "Shamkir" the town, not the district
            # named after it ("Mandalay Region" and "Shamkir District" say so when they are meant).
            # The town must lie in the region: "California" the state is not a Pennsylvania borough.
            town = [c for c in pool if c.match <= best.match and c.place.feature_class == "P"
                    and c.place.country == best.place.country and self._inside(c, best)]
            if town:
                return max(town, key=lambda c: self.score(c, focus, context))
        return best

    def score(self, cand: Candidate, focus: Sequence[str], context: Sequence[Candidate]) -> float:
        """How likely ``cand`` is the place meant, given the article's focus and other places.

        Args:
            cand: a candidate of one name.
            focus: the article's focus countries (ISO3), most important first.
            context: the places picked for the article's other names.

        Returns:
            A score; higher is more likely.
        """
        o, place = self.options, cand.place
        weights = {MATCH_PRIMARY: o.match_weights[0], MATCH_ALTERNATE: o.match_weights[1]}
        s = weights.get(cand.match, o.match_weights[2])
        feature = self._features.get(place.feature_code)
        if feature is not None:
            s += feature
        elif place.feature_class in ("A", "L", "T", "H"):
            s += o.region_weight
        decades = math.log10(place.population + 1)
        if place.population == 0 and place.feature_class != "P":
            decades = o.population_knee  # a region of unknown size is not a hamlet
        s += o.population_weight * min(decades, o.population_knee)
        s += o.population_tail_weight * max(0.0, decades - o.population_knee)
        if cand.source.startswith(("geographic", "Wikipedia", "approx")):
            s += o.supplement_weight
        if place.country and place.country in focus:
            s += o.focus_weight / (1 + list(focus).index(place.country))
        elif place.country is None and focus:
            s += o.focus_weight  # a world region ("Sahel", "Middle East") fits any focus
        if context:
            same = sum(1 for c in context if c.place.country == place.country)
            s += o.country_weight * same / len(context)
            towns = [c.place for c in context if c.place.feature_code not in ("PCLI", "CONT")]
            if towns and place.feature_code not in ("PCLI", "CONT"):
                nearest = min(distance_km(place, t) for t in towns)
                s += o.proximity_weight * math.exp(-nearest / o.proximity_km)
        return s


def resolve(
    names: Sequence[str], focus: Sequence[str] = (), gazetteer: Gazetteer | None = None
) -> dict[str, Place | None]:
    """Resolve toponyms of one article; a convenience over :class:`Resolver`.

    Args:
        names: toponyms as written.
        focus: ISO3 codes of the article's countries, most important first.
        gazetteer: the gazetteer to use; one on the default index when None.

    Returns:
        Each distinct name mapped to its place, or None.
    """
    return Resolver(gazetteer or Gazetteer()).resolve(names, focus)
