"""Query the gazetteer index: name lookups, a fast place-name test and country entries."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.errors import GeoError
from sitrep.geo.build import SCHEMA_VERSION, build_gazetteer, default_gazetteer_path, inputs_fingerprint
from sitrep.geo.fold import fold, match_key
from sitrep.geo.records import NAME_ABBREV, NAME_PRIMARY
from sitrep.model import Place

STOPWORDS_RESOURCE = "place_stopwords.tsv"
#: The user layer beside the index (see :mod:`sitrep.geo.importer`).
USER_LAYER_FILE = "gazetteer-user.sqlite"
# How a query matched a candidate; lower is better.
MATCH_PRIMARY = 0
MATCH_ALTERNATE = 1
MATCH_KEY = 2
# Rows fetched per query before ranking; exact matches are fetched first.
_FETCH = 500
# Lookups remembered per gazetteer (the recognizer and resolver ask for the same names often).
_CACHE_SIZE = 50_000
# A place name that is only an alternate name of a hamlet is too weak for is_place().
_IS_PLACE_MIN_POP = 1000
_FEATURE_RANK = {"PCLI": 0, "CONT": 1, "ADM1": 2, "RGN": 2, "PPLC": 3}
_COLUMNS = (
    "p.id, p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.admin1_code, p.admin2, "
    "p.feature_class, p.feature_code, p.population, p.source"
)


@dataclass(frozen=True)
class Candidate:
    """A place a name may refer to, with what the resolver needs beyond :class:`Place`.

    Attributes:
        place: the gazetteer entry.
        place_id: its row id in the index (stable within one index file).
        admin1_code: ``ISO2.code`` of its first-level region, where known.
        match: how the name matched: MATCH_PRIMARY, MATCH_ALTERNATE or MATCH_KEY.
        source: where the entry came from (a package or the supplement).
    """

    place: Place
    place_id: int
    admin1_code: str | None
    match: int
    source: str

    def rank(self) -> tuple[int, int, int]:
        """Lookup order: match quality, then feature preference, then population."""
        feature = _FEATURE_RANK.get(self.place.feature_code, 4 if self.place.feature_class == "P" else 3)
        return (self.match, feature, -self.place.population)


def parse_stopwords(text: str) -> frozenset[str]:
    """Parse the stoplist: one word or phrase a line, ``#`` comments.

    Args:
        text: the file's text.

    Returns:
        The folded entries.
    """
    words = (line.split("\t")[0].strip() for line in text.splitlines())
    return frozenset(fold(w) for w in words if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Load the bundled stoplist of capitalised words that are rarely meant as places.

    Returns:
        Folded stop words.
    """
    text = resources.files("sitrep.data").joinpath(STOPWORDS_RESOURCE).read_text(encoding="utf-8")
    return parse_stopwords(text)


class Gazetteer:
    """An offline gazetteer backed by the SQLite index of :mod:`sitrep.geo.build`.

    Nothing is read until :meth:`load` (called by the query methods when needed).

    Args:
        path: the index file; :func:`default_gazetteer_path` when None.
        build_missing: build the index when the file does not exist.
    """

    def __init__(self, path: Path | None = None, *, build_missing: bool = True) -> None:
        self.path = path
        self.build_missing = build_missing
        self._con: sqlite3.Connection | None = None
        self._is_place: dict[str, bool] = {}
        self._countries: dict[str, Place] = {}
        self._layers: tuple[str, ...] = ("main",)
        self._candidates: dict[tuple[str, str | None, int], tuple[Candidate, ...]] = {}

    def load(self) -> Gazetteer:
        """Open the index, building it first when it is missing or of another schema.

        Returns:
            self, for chaining.

        Raises:
            GeoError: when the index is missing (and building is off) or unreadable.
        """
        if self._con is not None:
            return self
        path = self.path or default_gazetteer_path()
        if not path.exists() or not self._current(path):
            if not self.build_missing:
                raise GeoError(f"no gazetteer index at {path}; build it with build_gazetteer()")
            build_gazetteer(path)
        user = path.parent / USER_LAYER_FILE
        try:
            self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            if user.exists():
                # Places imported from GeoNames dumps (sitrep gazetteer import) live beside the index,
                # which is rebuilt whenever its inputs change.
                self._con.execute("ATTACH DATABASE ? AS user", (f"file:{user}?mode=ro",))
                self._layers = ("main", "user")
            self._con.execute("PRAGMA query_only=ON")
        except sqlite3.Error as exc:
            raise GeoError(f"cannot open the gazetteer at {path}: {exc}") from exc
        self.path = path
        return self

    @staticmethod
    def _current(path: Path) -> bool:
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'inputs')"))
            finally:
                con.close()
        except sqlite3.Error:
            return False
        return rows.get("schema") == SCHEMA_VERSION and rows.get("inputs") == inputs_fingerprint()

    def close(self) -> None:
        """Close the index file."""
        if self._con is not None:
            self._con.close()
            self._con = None
            self._layers = ("main",)
            self._is_place.clear()
            self._candidates.clear()

    @property
    def con(self) -> sqlite3.Connection:
        """The open index connection (loading it on first use)."""
        if self._con is None:
            self.load()
        assert self._con is not None
        return self._con

    def candidates(self, name: str, country: str | None = None, limit: int = 20) -> list[Candidate]:
        """Every place ``name`` may refer to, best first.

        Args:
            name: a toponym as written.
            country: keep only places in this country (ISO3).
            limit: at most this many candidates.

        Returns:
            Candidates ordered by :meth:`Candidate.rank`.
        """
        key = (name, country, limit)
        cached = self._candidates.get(key)
        if cached is not None:
            return list(cached)
        found = self._query(name, country, limit)
        if len(self._candidates) >= _CACHE_SIZE:
            self._candidates.clear()  # a batch's names repeat within articles, not across thousands
        self._candidates[key] = tuple(found)
        return found

    def _query(self, name: str, country: str | None, limit: int) -> list[Candidate]:
        f, k = fold(name), match_key(name)
        if not k:
            return []
        # Written in capitals, an abbreviation ("US", "DRC") is what the writer meant.
        strong = {NAME_PRIMARY, NAME_ABBREV} if _looks_abbreviated(name) else {NAME_PRIMARY}
        best: dict[int, Candidate] = {}
        for layer in self._layers:
            sql = (
                f"SELECT {_COLUMNS}, n.kind, n.fold = ? AS exact FROM {layer}.names n "
                f"JOIN {layer}.places p ON p.id = n.place_id WHERE (n.fold = ? OR n.match_key = ?)"
            )
            params: list[object] = [f, f, k]
            if country:
                sql += " AND p.country = ?"
                params.append(country)
            sql += f" ORDER BY exact DESC, p.population DESC LIMIT {_FETCH}"
            # The user layer's row ids are negated so that they never meet the bundled index's.
            sign = 1 if layer == "main" else -1
            known = {c.place.geonameid for c in best.values() if c.place.geonameid is not None}
            for row in self.con.execute(sql, params):
                match = (MATCH_PRIMARY if row[13] in strong else MATCH_ALTERNATE) if row[14] else MATCH_KEY
                if match == MATCH_KEY and _initial(fold(str(row[2]))) != _initial(f):
                    continue  # a respelling keeps its first letter: Alberta is not Elberta
                if sign < 0 and row[1] in known:
                    continue  # an imported copy of a bundled place: the bundled entry answers
                pid = sign * int(row[0])
                seen = best.get(pid)
                if seen is None or match < seen.match:
                    best[pid] = _candidate((pid, *row[1:]), match)
        return sorted(best.values(), key=Candidate.rank)[:limit]

    def lookup(self, name: str, country: str | None = None, limit: int = 20) -> list[Place]:
        """Places ``name`` may refer to: exact names before alternate and folded ones, then
        countries and regions before towns, then larger before smaller.

        Args:
            name: a toponym as written, e.g. ``"Khankendi"``.
            country: keep only places in this country (ISO3).
            limit: at most this many places.

        Returns:
            The places, best first; empty when none matches.
        """
        return [c.place for c in self.candidates(name, country, limit)]

    def is_place(self, name: str) -> bool:
        """Whether a capitalised span is likely a place name (cached, one indexed query).

        Stop words ("Police", "Friday", "Union") and names known only as alternate names of
        hamlets are rejected, so that the recogniser can call this on every capitalised span.

        Args:
            name: the span's text.

        Returns:
            True when the gazetteer knows the name well enough.
        """
        f = fold(name)
        hit = self._is_place.get(f)
        if hit is None:
            hit = bool(f) and f not in load_stopwords() and (self._known(f) or self._known_with_article(f))
            self._is_place[f] = hit
        return hit

    def _known(self, folded: str) -> bool:
        return any(self.con.execute(
            f"SELECT 1 FROM {layer}.names n JOIN {layer}.places p ON p.id = n.place_id WHERE n.fold = ? AND "
            "(n.kind = 0 OR p.population >= ? OR p.feature_class IN ('A', 'L')) LIMIT 1",
            (folded, _IS_PLACE_MIN_POP),
        ).fetchone() is not None for layer in self._layers)

    def _known_with_article(self, folded: str) -> bool:
        """ "Qamishli", "Fasher": a town the gazetteer lists with its Arabic article ("Al Qamishli",
        "El Fasher"), which news often drops; towns of some size only."""
        if _ARABIC_ARTICLE.match(folded):
            return False
        names = (f"al {folded}", f"el {folded}")
        return any(self.con.execute(
            f"SELECT 1 FROM {layer}.names n JOIN {layer}.places p ON p.id = n.place_id WHERE n.fold IN (?, ?) "
            "AND p.population >= ? LIMIT 1", (*names, _ARTICLE_MIN_POP),
        ).fetchone() is not None for layer in self._layers)

    def country_of(self, iso3: str) -> Place:
        """The country entry for an ISO 3166-1 alpha-3 code.

        Args:
            iso3: e.g. ``"AZE"``.

        Returns:
            The country as a place (feature code PCLI, geo precision 3).

        Raises:
            GeoError: when the gazetteer has no such country.
        """
        code = iso3.upper()
        if code not in self._countries:
            row = self.con.execute(
                f"SELECT {_COLUMNS}, 0, 1 FROM places p WHERE p.feature_code = 'PCLI' "
                "AND p.country = ? LIMIT 1",
                (code,),
            ).fetchone()
            if row is None:
                raise GeoError(f"no country {iso3!r} in the gazetteer")
            self._countries[code] = _candidate(row, MATCH_PRIMARY).place
        return self._countries[code]


def _looks_abbreviated(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isupper() for c in letters)


def _candidate(row: tuple[Any, ...], match: int) -> Candidate:
    (pid, gid, name, lat, lon, country, admin1, admin1_code, admin2, fclass, fcode, pop,
     source) = row[:13]
    place = Place(
        name=str(name), latitude=float(lat), longitude=float(lon),
        country=country if isinstance(country, str) else None,
        admin1=admin1 if isinstance(admin1, str) else None,
        admin2=admin2 if isinstance(admin2, str) else None,
        geonameid=gid if isinstance(gid, int) else None, feature_class=str(fclass),
        feature_code=str(fcode), population=int(pop),
    )
    return Candidate(
        place=place, place_id=int(pid),
        admin1_code=admin1_code if isinstance(admin1_code, str) else None, match=match,
        source=str(source),
    )


#: How big a town must be for its name without the Arabic article to count as a place name.
_ARTICLE_MIN_POP = 20_000
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az)[ -](?=[a-z])")


def _initial(folded: str) -> str:
    """A name's first letter after an Arabic article ("Al Qamishli" and "Qamishli" both start with q)."""
    return _ARABIC_ARTICLE.sub("", folded)[:1]
