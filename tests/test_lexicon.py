"""Tests for the country and actor lexicons (data/countries.tsv, data/actors.tsv)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pycountry
import pytest

from sitrep.errors import DataError
from sitrep.nlp import lexicon
from sitrep.nlp.lexicon import (
    CATEGORIES,
    country_index,
    load_actor_entries,
    load_countries,
    load_word_sets,
    lookup_actor,
    lookup_country,
)

NOT_IN_ISO = {"XKX"}  # Kosovo: user-assigned code


def _clear_caches() -> None:
    for cached in (lexicon.load_countries, lexicon.country_index, lexicon._acronyms):
        cached.cache_clear()
    lexicon.load_actor_entries.cache_clear()
    lexicon._actor_index.cache_clear()
    lexicon.load_word_sets.cache_clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the loaders at a temporary data folder; restore the bundled data afterwards."""
    monkeypatch.setattr(lexicon, "resources", SimpleNamespace(files=lambda _package: tmp_path))
    _clear_caches()
    yield tmp_path
    _clear_caches()


COUNTRIES_HEADER = "iso3\tname\tshort_names\tdemonyms\tcapital\n"
ACTORS_HEADER = "pattern\tname\tcategory\tcountry\tcase_sensitive\tnotes\n"
GOOD_COUNTRIES = COUNTRIES_HEADER + "MLI\tMali\tMali\tMalian|Malians\tBamako\n"


# --- countries.tsv -----------------------------------------------------------------------------


def test_country_codes_are_iso_3166_alpha_3() -> None:
    unknown = [
        iso3
        for iso3 in load_countries()
        if iso3 not in NOT_IN_ISO and pycountry.countries.get(alpha_3=iso3) is None
    ]
    assert unknown == []


def test_every_un_member_is_listed() -> None:
    # 193 UN members, the two observer states and Kosovo, Taiwan and Western Sahara at least.
    assert len(load_countries()) >= 198
    assert {"VAT", "PSE", "XKX", "TWN", "ESH", "SSD", "TLS"} <= set(load_countries())


def test_every_country_row_is_complete() -> None:
    for country in load_countries().values():
        assert country.name and country.capital and country.demonyms, country.iso3
        assert country.short_names[0] == country.name, country.iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("u.s.", "USA"),
        ("america", "USA"),
        ("burma", "MMR"),
        ("burmese", "MMR"),
        ("drc", "COD"),
        ("congolese", "COD"),
        ("congo-brazzaville", "COG"),
        ("azeri", "AZE"),
        ("azerbaijanis", "AZE"),
        ("britain", "GBR"),
        ("britons", "GBR"),
        ("dominican", "DOM"),
        ("palestinians", "PSE"),
        ("russian federation", "RUS"),
        ("türkiye", "TUR"),
    ],
)
def test_country_index(text: str, iso3: str) -> None:
    assert country_index()[text] == iso3


@pytest.mark.parametrize("text", ["korea", "korean", "gaza"])
def test_shared_or_non_country_names_are_not_indexed(text: str) -> None:
    assert text not in country_index()


def test_shared_name_stays_a_fact_of_both_countries() -> None:
    countries = load_countries()
    assert "Congolese" in countries["COG"].demonyms
    assert "Congolese" in countries["COG"].shared
    assert "Congolese" not in countries["COD"].shared


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("US", "USA"), ("us", None), ("U.S.", "USA"), ("u.s.", "USA"), ("DRC", "COD"), ("Burma", "MMR")],
)
def test_lookup_country_respects_the_case_of_acronyms(text: str, iso3: str | None) -> None:
    assert lookup_country(text) == iso3


# --- actors.tsv --------------------------------------------------------------------------------


def test_actor_entries_are_well_formed() -> None:
    countries = load_countries()
    for entry in load_actor_entries():
        assert entry.category in CATEGORIES, entry
        assert entry.country is None or entry.country in countries, entry
        assert "{" not in entry.pattern and "{" not in entry.name, entry
        assert entry.pattern == " ".join(entry.pattern.split()), entry


def test_no_pattern_has_two_meanings() -> None:
    meanings: dict[str, set[tuple[str, str, str | None]]] = {}
    for entry in load_actor_entries():
        key = entry.pattern if entry.case_sensitive else entry.pattern.lower()
        meanings.setdefault(key, set()).add((entry.name, entry.category, entry.country))
    assert {k: v for k, v in meanings.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("phrase", "name", "category", "country"),
    [
        ("azerbaijani troops", "Military Forces of Azerbaijan", "STATE_FORCES", "AZE"),
        ("Azeri army", "Military Forces of Azerbaijan", "STATE_FORCES", "AZE"),
        ("Russian warplanes", "Military Forces of Russia", "STATE_FORCES", "RUS"),
        ("Rapid Support Forces", "Rapid Support Forces", "REBELS", "SDN"),
        ("Sudanese Armed Forces", "Military Forces of Sudan", "STATE_FORCES", "SDN"),
        ("Congolese army", "Military Forces of Democratic Republic of the Congo", "STATE_FORCES", "COD"),
        ("Azerbaijani police", "Police Forces of Azerbaijan", "POLICE", "AZE"),
        ("Armenian defence ministry", "Military Forces of Armenia", "STATE_FORCES", "ARM"),
        ("Iranian foreign ministry", "Government of Iran", "GOVERNMENT", "IRN"),
        ("Azerbaijan", "Government of Azerbaijan", "COUNTRY", "AZE"),
        ("Ukrainian civilians", "Civilians (Ukraine)", "CIVILIANS", "UKR"),
        ("Pakistani Taliban", "TTP: Tehrik-i-Taliban Pakistan", "REBELS", "PAK"),
        ("al-Shabaab", "Al Shabaab", "REBELS", "SOM"),
        ("Houthis", "Houthis", "REBELS", "YEM"),
        ("OSCE Minsk Group", "OSCE Minsk Group", "EXTERNAL", None),
        ("ICRC", "International Committee of the Red Cross", "EXTERNAL", None),
        ("unidentified gunmen", "Unidentified Armed Group", "UNIDENTIFIED", None),
        ("protesters", "Protesters", "PROTESTERS", None),
    ],
)
def test_lookup_actor(phrase: str, name: str, category: str, country: str | None) -> None:
    entry = lookup_actor(phrase)
    assert entry is not None
    assert (entry.name, entry.category, entry.country) == (name, category, country)


def test_expanded_pattern_keeps_the_case_of_the_country_name() -> None:
    entry = lookup_actor("azerbaijani troops")
    assert entry is not None
    assert entry.pattern == "Azerbaijani troops"
    assert not entry.case_sensitive


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("IS", "Islamic State"),
        ("is", None),
        ("WHO", "World Health Organization"),
        ("who", None),
        ("UN", "United Nations"),
        ("un", None),
        ("US troops", "Military Forces of United States"),
        ("us troops", None),
        ("U.S. troops", "Military Forces of United States"),
        ("JEM", "JEM: Justice and Equality Movement"),
        ("JeM", "Jaish-e-Mohammed"),
    ],
)
def test_case_sensitive_entries(phrase: str, name: str | None) -> None:
    entry = lookup_actor(phrase)
    assert (entry.name if entry else None) == name


@pytest.mark.parametrize(
    ("phrase", "iso3", "name"),
    [
        ("troops", "MLI", "Military Forces of Mali"),
        ("troops", None, "Military Forces"),
        ("villagers", "NGA", "Civilians (Nigeria)"),
        ("villagers", None, "Civilians"),
        ("Russian troops", "UKR", "Military Forces of Russia"),
    ],
)
def test_name_for_fills_the_country_from_context(phrase: str, iso3: str | None, name: str) -> None:
    entry = lookup_actor(phrase)
    assert entry is not None
    assert entry.name_for(iso3) == name


# --- malformed data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        (COUNTRIES_HEADER + "MLI\tMali\tMali\tMalian\n", "countries.tsv:2: expected 5"),
        (COUNTRIES_HEADER + "mli\tMali\tMali\tMalian\tBamako\n", "countries.tsv:2: iso3"),
        ("iso3\tname\n", "countries.tsv:1: header"),
        (
            COUNTRIES_HEADER
            + "COD\tDRC\tDRC\tCongolese\tKinshasa\nCOG\tCongo\tCongo\tCongolese\tBrazzaville\n",
            "countries.tsv:3: 'Congolese' is also a name of COD",
        ),
    ],
)
def test_malformed_country_row(data_dir: Path, countries: str, message: str) -> None:
    (data_dir / "countries.tsv").write_text(countries, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_countries()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("gunmen\tUnidentified Armed Group\tBANDITS\t\tno\t\n", "actors.tsv:2: unknown category"),
        ("gunmen\tUnidentified Armed Group\tUNIDENTIFIED\t\tmaybe\t\n", "actors.tsv:2: case_sensitive"),
        ("fama\tMilitary Forces of Mali\tSTATE_FORCES\tXYZ\tno\t\n", "actors.tsv:2: country 'XYZ'"),
        ("Gunmen\tUnidentified Armed Group\tUNIDENTIFIED\t\tno\t\n", "actors.tsv:2: .* lower case"),
        (
            "{DEMONYM} army\tMilitary Forces of {COUNTRY}\tSTATE_FORCES\tMLI\tno\t\n",
            "actors.tsv:2: .* country",
        ),
        (
            "{NATION} army\tMilitary Forces of {COUNTRY}\tSTATE_FORCES\t\tno\t\n",
            "actors.tsv:2: unknown placeholder",
        ),
        (
            "fama\tMilitary Forces of Mali\tSTATE_FORCES\tMLI\tno\t\nfama\tFAMA\tREBELS\tMLI\tno\t\n",
            "actors.tsv:3: pattern 'fama' means FAMA",
        ),
    ],
)
def test_malformed_actor_row(data_dir: Path, row: str, message: str) -> None:
    (data_dir / "countries.tsv").write_text(GOOD_COUNTRIES, encoding="utf-8")
    (data_dir / "actors.tsv").write_text(ACTORS_HEADER + row, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_actor_entries()


def test_template_expands_for_every_form(data_dir: Path) -> None:
    (data_dir / "countries.tsv").write_text(GOOD_COUNTRIES, encoding="utf-8")
    (data_dir / "actors.tsv").write_text(
        ACTORS_HEADER + "{DEMONYM} army\tMilitary Forces of {COUNTRY}\tSTATE_FORCES\t\tno\n",
        encoding="utf-8",
    )
    assert [e.pattern for e in load_actor_entries()] == ["Malian army", "Mali army"]
    assert {e.name for e in load_actor_entries()} == {"Military Forces of Mali"}


def test_word_sets_are_loaded() -> None:
    sets = load_word_sets()
    assert "denies" in sets["standing_verb"] and "outpost" in sets["facility"]
    assert all(sets.values())


@pytest.mark.parametrize(("row", "message"), [
    ("slogans\tagainst\t\n", "word_sets.tsv:2: unknown set 'slogans'"),
    ("crowd\tBig Crowds\t\n", "word_sets.tsv:2: 'Big Crowds' must be one lower-case word"),
])
def test_malformed_word_set_row(data_dir: Path, row: str, message: str) -> None:
    (data_dir / "word_sets.tsv").write_text("set\tword\tnotes\n" + row, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_word_sets()
