"""Tests for sitrep.geo: folding, the gazetteer index, lookups and toponym resolution."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from sitrep.errors import DataError, GeoError
from sitrep.geo import Gazetteer, Resolver, build_gazetteer, default_gazetteer_path, fold, match_key
from sitrep.geo import build as build_mod
from sitrep.geo.build import SUPPLEMENT_COLUMNS, load_supplement, read_supplement
from sitrep.geo.fold import load_rules, parse_rules
from sitrep.geo.gazetteer import load_stopwords
from sitrep.geo.records import NAME_PRIMARY, PlaceRecord
from sitrep.geo.resolver import distance_km
from sitrep.model import Place


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    """One real index for the whole run (the build takes ~20 s)."""
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer-v1.sqlite"
    build_gazetteer(path)
    gaz = Gazetteer(path, build_missing=False).load()
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def resolver(gazetteer: Gazetteer) -> Resolver:
    return Resolver(gazetteer)


# --- folding -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "variants",
    [
        ("Xankəndi", "Khankendi", "Hankendi"),
        ("Cəbrayıl", "Jabrayil", "Jabrail", "Dzhebrail"),
        ("Şəmkir", "Shamkir", "Samkir"),
        ("Ağdam", "Aghdam", "Agdam"),
        ("Füzuli", "Fuzuli", "Fuzzuli"),
        ("Bərdə", "Barda", "Berde"),
        ("Tovuz", "TOVUZ", "tovuz"),
        ("Qubadlı", "Gubadly", "Gubadli"),
        ("Göygöl", "Goygol"),
        ("Ḩamāh", "Hama", "Hamah"),
        ("Mūrak", "Morek", "Murek"),
        ("Wad Al Noura", "Wad an Nura", "Wad al-Nourah"),
        ("Pa Zi Gyi", "Pazigyi"),
        ("Kitshanga", "Kichanga"),
    ],
)
def test_spelling_variants_share_a_match_key(variants: tuple[str, ...]) -> None:
    keys = {match_key(v) for v in variants}
    assert len(keys) == 1, {v: match_key(v) for v in variants}


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Füzuli", "fuzuli"),
        ("Şəmkir", "shamkir"),
        ("Xankəndi", "khankandi"),
        ("Cəbrayıl", "jabrayil"),
        ("São Paulo", "sao paulo"),
        ("Curaçao", "curacao"),
        ("Ḩamāh", "hamah"),
        ("Ma'rib", "marib"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Mexico", "mexico"),  # an ordinary x stays an x
        ("  Łódź ", "lodz"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


@pytest.mark.parametrize(("a", "b"), [("Paris", "Peru"), ("Barda", "Baku"), ("Kyiv", "Kivu")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_romanisation_table_parses() -> None:
    rules = load_rules()
    assert rules.char[ord("ə")] == "a"
    assert rules.char_az[ord("x")] == "kh"
    assert len(rules.key) > 10


@pytest.mark.parametrize(
    "line",
    ["bogus\tx\ty\tnote", "char\tab\tc\ttoo long", "key\t(\tx\tunbalanced"],
)
def test_bad_romanisation_rule_is_rejected(line: str) -> None:
    with pytest.raises(DataError):
        parse_rules(line)


# --- data files ----------------------------------------------------------------------------

def test_supplement_rows_are_valid() -> None:
    rows = load_supplement()
    assert len(rows) > 100
    for row in rows:
        where = f"{row['name']}: {row}"
        assert row["name"] and row["source"], where
        assert -90 <= float(row["latitude"]) <= 90, where
        assert -180 <= float(row["longitude"]) <= 180, where
        if row["country_iso3"]:
            assert pycountry.countries.get(alpha_3=row["country_iso3"]) is not None, where
        assert row["feature_class"] in {"P", "A", "L", "T", "H"}, where
        assert row["feature_code"], where
        assert int(row["population"] or 0) >= 0, where
        assert all(alt.strip() == alt and alt for alt in row["alt_names"].split("|")
                   if row["alt_names"]), where


def test_atlas_towns_are_real_names_in_conflict_countries() -> None:
    towns = [r for r in load_supplement() if r["source"].startswith("atlas:")]
    assert len(towns) > 500
    for row in towns:
        where = f"{row['name']}: {row}"
        assert (row["feature_class"], row["feature_code"]) == ("P", "PPL"), where
        names = [row["name"], *(a for a in row["alt_names"].split("|") if a)]
        assert all(len([c for c in n if c.isalpha()]) >= 4 for n in names), where  # no "Dar", "Ber"
    assert len({(r["name"], r["country_iso3"], r["latitude"]) for r in towns}) == len(towns)


def test_supplement_header_is_checked() -> None:
    with pytest.raises(DataError):
        read_supplement("name\tlatitude\nX\t1\n")
    good = "\t".join(SUPPLEMENT_COLUMNS)
    with pytest.raises(DataError):
        read_supplement(f"{good}\nonly\tthree\tcolumns\n")


def test_stoplist_is_loaded_and_folded() -> None:
    words = load_stopwords()
    assert len(words) >= 300
    assert {"police", "friday", "reuters", "union"} <= words
    assert "georgia" not in words and "paris" not in words
    text = resources.files("sitrep.data").joinpath("place_stopwords.tsv").read_text("utf-8")
    assert text.startswith("#")


# --- the index -----------------------------------------------------------------------------

def test_default_path_follows_sitrep_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    assert default_gazetteer_path() == tmp_path / "gazetteer-v1.sqlite"
    monkeypatch.delenv("SITREP_HOME")
    assert default_gazetteer_path().parts[-3:] == (".cache", "sitrep", "gazetteer-v1.sqlite")


def _tiny_records() -> list[PlaceRecord]:
    rec = PlaceRecord(name="Testville", lat=1.0, lon=2.0, country="AZE", population=10)
    rec.add_name("Testville", NAME_PRIMARY)
    return [rec]


def test_build_is_atomic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(build_mod, "collect_records", _tiny_records)
    target = tmp_path / "g.sqlite"
    build_gazetteer(target)
    assert Gazetteer(target, build_missing=False).lookup("Testville")[0].country == "AZE"

    def broken() -> list[PlaceRecord]:
        raise ValueError("source unreadable")

    monkeypatch.setattr(build_mod, "collect_records", broken)
    with pytest.raises(GeoError):
        build_gazetteer(target)
    # The old index survives a failed build, and no temporary file is left behind.
    assert Gazetteer(target, build_missing=False).lookup("Testville")
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_load_builds_a_missing_index_under_sitrep_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(build_mod, "collect_records", _tiny_records)
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    gaz = Gazetteer().load()
    assert (tmp_path / "gazetteer-v1.sqlite").exists()
    assert gaz.lookup("testville")[0].name == "Testville"


def test_missing_index_without_build_raises(tmp_path: Path) -> None:
    with pytest.raises(GeoError):
        Gazetteer(tmp_path / "none.sqlite", build_missing=False).load()


def test_index_has_the_documented_columns(gazetteer: Gazetteer) -> None:
    cols = {row[1] for row in gazetteer.con.execute("PRAGMA table_info(places)")}
    assert {"geonameid", "name", "match_key", "lat", "lon", "country", "admin1", "admin2",
            "feature_class", "feature_code", "population"} <= cols
    assert gazetteer.con.execute("SELECT count(*) FROM places").fetchone()[0] > 230_000


def test_index_is_read_only(gazetteer: Gazetteer) -> None:
    with pytest.raises(sqlite3.Error):
        gazetteer.con.execute("DELETE FROM places")


# --- lookups -------------------------------------------------------------------------------

def test_lookup_ranks_exact_names_and_countries_first(gazetteer: Gazetteer) -> None:
    places = gazetteer.lookup("Georgia")
    assert places[0].feature_code == "PCLI" and places[0].country == "GEO"
    assert any(p.country == "USA" and p.feature_code == "ADM1" for p in places)


def test_lookup_by_alternate_and_folded_spelling(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Stepanakert", country="AZE")[0].name == "Khankendi"
    assert gazetteer.lookup("Xankəndi")[0].name == "Khankendi"
    assert gazetteer.lookup("Dzhebrail")[0].name == "Jabrayil"


def test_lookup_filters_by_country(gazetteer: Gazetteer) -> None:
    assert {p.country for p in gazetteer.lookup("Barda", country="RUS")} == {"RUS"}


def test_lookup_of_unknown_name_is_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwxzzyville") == []
    assert gazetteer.lookup("!!!") == []


@pytest.mark.parametrize(
    ("abbreviation", "iso3"),
    [("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("UK", "GBR"), ("U.K.", "GBR"),
     ("UAE", "ARE"), ("DRC", "COD"), ("DR Congo", "COD")],
)
def test_abbreviations_name_countries(gazetteer: Gazetteer, abbreviation: str, iso3: str) -> None:
    top = gazetteer.lookup(abbreviation)[0]
    assert (top.country, top.feature_code) == (iso3, "PCLI")


def test_nsw_is_a_region(gazetteer: Gazetteer) -> None:
    top = gazetteer.lookup("NSW")[0]
    assert (top.name, top.country, top.geo_precision) == ("New South Wales", "AUS", 3)


def test_country_of(gazetteer: Gazetteer) -> None:
    aze = gazetteer.country_of("aze")
    assert (aze.name, aze.feature_class, aze.feature_code, aze.geo_precision) == (
        "Azerbaijan", "A", "PCLI", 3)
    with pytest.raises(GeoError):
        gazetteer.country_of("XXX")


@pytest.mark.parametrize(
    "word",
    ["Police", "Army", "Reuters", "Friday", "Sunday", "Defense", "Ministry", "Center", "Home",
     "Union", "Mosque", "University", "Hospital", "Government", "Red Cross", "Mr"],
)
def test_is_place_rejects_common_words(gazetteer: Gazetteer, word: str) -> None:
    assert not gazetteer.is_place(word)


@pytest.mark.parametrize(
    "name", ["Paris", "Tovuz", "Madagiz", "Nagorno-Karabakh", "Georgia", "U.S.", "Xankəndi", "Sahel"]
)
def test_is_place_accepts_place_names(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.is_place(name)


# --- resolution ----------------------------------------------------------------------------

KARABAKH = ("AZE", "ARM")
RESOLUTION = [
    # name, focus, expected latitude, longitude, tolerance km
    ("Madagiz", KARABAKH, 40.331, 46.729, 25),
    ("Jabrayil", KARABAKH, 39.399, 47.028, 25),
    ("Fuzuli", KARABAKH, 39.601, 47.145, 25),
    ("Aghdam", KARABAKH, 39.991, 46.927, 25),
    ("Khankendi", KARABAKH, 39.818, 46.753, 25),
    ("Stepanakert", KARABAKH, 39.818, 46.753, 25),
    ("Barda", KARABAKH, 40.376, 47.126, 25),
    ("Tovuz", KARABAKH, 40.992, 45.628, 25),
    ("Shamkir", KARABAKH, 40.830, 46.018, 25),
    ("Nagorno-Karabakh", KARABAKH, 39.83, 46.75, 60),
    ("Trubchevsk", ("RUS",), 52.58, 33.77, 25),
    ("Bryansk", ("RUS",), 53.27, 34.32, 25),
    ("Dagestan", ("RUS",), 42.8, 47.0, 60),
    ("Makhachkala", ("RUS",), 42.98, 47.50, 25),
    ("Morek", ("SYR",), 35.385, 36.688, 25),
    ("Murek", ("SYR",), 35.385, 36.688, 25),
    ("Mork", ("SYR",), 35.385, 36.688, 25),
    ("Hama", ("SYR",), 35.13, 36.76, 25),
    ("Peshawar", ("PAK",), 34.01, 71.58, 25),
    ("Kagara", ("NGA",), 10.18, 6.25, 25),
    ("Niger state", ("NGA",), 10.0, 5.6, 60),
    ("Kitshanga", ("COD",), -1.38, 29.02, 25),
    ("Goma", ("COD",), -1.67, 29.23, 25),
    ("Masisi", ("COD",), -1.40, 28.81, 25),
    ("Sanarpara", ("BGD",), 23.69, 90.51, 25),
    ("Narayanganj", ("BGD",), 23.61, 90.50, 25),
    ("Sarail", ("BGD",), 24.07, 91.12, 25),
    ("Brahmanbaria", ("BGD",), 23.97, 91.11, 25),
    ("Dhaka", ("BGD",), 23.71, 90.41, 25),
    ("Pa Zi Gyi", ("MMR",), 23.0, 95.92, 25),
    ("Sagaing Region", ("MMR",), 24.0, 95.4, 60),
    ("Arauquita", ("COL",), 7.03, -71.43, 25),
    ("Arauca", ("COL",), 7.08, -70.76, 25),
    ("Prague", ("CZE",), 50.09, 14.42, 25),
    ("Khartoum", ("SDN",), 15.55, 32.53, 25),
    ("Wad Al Noura", ("SDN",), 14.35, 32.85, 25),
    ("Washington", ("USA",), 38.90, -77.04, 25),
    ("Paris", ("FRA",), 48.85, 2.35, 25),
    ("Paris", (), 48.85, 2.35, 25),
    ("Georgia", ("GEO",), 42.0, 43.5, 150),
    ("Georgia", ("USA",), 32.9, -83.4, 150),
    ("United States", (), 39.0, -98.0, 500),
    ("U.S.", (), 39.0, -98.0, 500),
    ("UK", (), 54.0, -2.0, 300),
    ("Burma", (), 21.9, 95.9, 300),
    ("Middle East", ("USA",), 29.0, 41.0, 300),
    ("Kyiv", ("UKR",), 50.45, 30.52, 25),
    ("Kiev", ("UKR",), 50.45, 30.52, 25),
    ("Gaza", ("PSE", "ISR"), 31.50, 34.47, 25),
    ("Gaza Strip", ("PSE", "ISR"), 31.42, 34.36, 60),
]


@pytest.mark.parametrize(("name", "focus", "lat", "lon", "km"), RESOLUTION)
def test_resolution(
    resolver: Resolver, name: str, focus: tuple[str, ...], lat: float, lon: float, km: float
) -> None:
    place = resolver.resolve([name], focus)[name]
    assert place is not None, name
    expected = Place(name=name, latitude=lat, longitude=lon, country=None)
    assert distance_km(place, expected) <= km, place


def test_karabakh_article_resolves_together(resolver: Resolver) -> None:
    names = ["Madagiz", "Jabrayil", "Fuzuli", "Aghdam", "Khankendi", "Barda", "Tovuz",
             "Shamkir", "Nagorno-Karabakh", "Armenia", "Azerbaijan"]
    places = resolver.resolve(names, KARABAKH)
    assert all(p is not None for p in places.values()), places
    assert {p.country for p in places.values() if p} <= {"AZE", "ARM"}
    assert places["Khankendi"] == resolver.resolve(["Stepanakert"], KARABAKH)["Stepanakert"]


def test_co_mentioned_places_pull_an_ambiguous_name(resolver: Resolver) -> None:
    alone = resolver.resolve(["Barda"], ("RUS",))["Barda"]
    assert alone is not None and alone.country == "RUS"
    together = resolver.resolve(["Barda", "Tovuz", "Aghdam", "Ganja"], ())["Barda"]
    assert together is not None and together.country == "AZE"


def test_admin_hint_picks_the_town_in_that_region(resolver: Resolver) -> None:
    place = resolver.resolve(["Barda, Russia"], ())["Barda, Russia"]
    assert place is not None and place.country == "RUS"


def test_unknown_name_resolves_to_none(resolver: Resolver) -> None:
    assert resolver.resolve(["Qwxzzyville", "Tovuz"], KARABAKH)["Qwxzzyville"] is None


def test_precision_follows_feature(resolver: Resolver) -> None:
    places = resolver.resolve(["Tovuz", "Dagestan", "Azerbaijan"], ("AZE", "RUS"))
    precision = {n: p.geo_precision for n, p in places.items() if p is not None}
    assert precision == {"Tovuz": 1, "Dagestan": 3, "Azerbaijan": 3}


@pytest.mark.parametrize(("name", "country"), [("Qamishli", "SYR"), ("Fasher", "SDN")])
def test_a_town_named_without_its_arabic_article(gazetteer: Gazetteer, name: str, country: str) -> None:
    assert gazetteer.is_place(name)
    assert gazetteer.candidates(name)[0].place.country == country


def test_a_respelling_still_keeps_its_first_letter(gazetteer: Gazetteer) -> None:
    assert all(c.place.name.lower().startswith("a") for c in gazetteer.candidates("Alberta", limit=5))


@pytest.mark.parametrize(("name", "admin1"), [("Mykolaiv", "Mykolayiv Region"), ("Sloviansk", "Donetsk Oblast")])
def test_a_curated_news_spelling_is_the_towns_name(gazetteer: Gazetteer, name: str, admin1: str) -> None:
    (best, *_) = gazetteer.candidates(name)
    assert (best.match, best.place.admin1) == (0, admin1)  # a primary name: counts with no "in" before it


@pytest.mark.parametrize(("town", "country", "region"), [
    # regions paired with the codes whose towns lie around their centres: Jonglei's centre is near
    # Lakes' towns, and Lakes' near Unity's, so a region-by-region vote gave each its neighbour's towns
    ("Bentiu", "SSD", "Unity State"), ("Rumbek", "SSD", "Lakes State"), ("Bor", "SSD", "Jonglei State"),
    ("Kikwit", "COD", "Kwilu Province"), ("Ataq", "YEM", "Shabwah Governorate"),
    ("Hodeidah", "YEM", "Al Ḩudaydah Governorate"),
])
def test_towns_lie_in_their_own_regions(gazetteer: Gazetteer, town: str, country: str, region: str) -> None:
    best = next(c for c in gazetteer.candidates(town, limit=10) if c.place.country == country)
    assert best.place.admin1 == region
