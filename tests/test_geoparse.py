"""Geoparsing: one sentence in, the toponyms and where they resolve out; and ``sitrep geoparse``.

Every sentence here was written for these tests; the places are real, the events invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import geoparse as geoparse_cmd
from sitrep.cli.main import app
from sitrep.geo.distance import great_circle_km
from sitrep.geo.geoparse import Geoparser, Toponym

runner = CliRunner()

# Where the seed article's towns really are (town centres, rounded).
SEEDS = {
    "Madagiz": (40.33, 46.73),
    "Jabrayil": (39.40, 47.03),
    "Fuzuli": (39.60, 47.15),
    "Aghdam": (39.99, 46.93),
    "Khankendi": (39.82, 46.75),
    "Stepanakert": (39.82, 46.75),
    "Barda": (40.37, 47.13),
    "Tovuz": (40.99, 45.63),
    "Shamkir": (40.83, 46.02),
}


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser().load()


def parse(parser: Geoparser, text: str) -> dict[str, Toponym]:
    found = parser(text)
    for t in found:
        assert text[t.start:t.end] == t.name, t
    return {t.name: t for t in found}


def test_offsets_and_fields(parser: Geoparser) -> None:
    (t,) = parser("Shells fell on a school in Tovuz on Friday.")
    assert (t.start, t.end, t.name, t.country, t.feature_class) == (27, 32, "Tovuz", "AZE", "P")
    assert t.geonameid is not None and 0 < t.score <= 1
    assert set(t.to_dict()) >= {"start", "end", "name", "latitude", "longitude", "geonameid", "country",
                                "feature_class", "score"}


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("The county fair in Paris, Texas, drew a record crowd.", "Paris", "USA", "Texas"),
        ("Students marched through Paris on Sunday.", "Paris", "FRA", None),
        ("A clinic in Santa Ana, California, reported two cases.", "Santa Ana", "USA", "California"),
        ("Cases rose in Georgia and Florida, state officials said.", "Georgia", "USA", None),
        ("Georgia and Armenia signed a trade deal in Tbilisi.", "Georgia", "GEO", None),
        # peers in a list: states among states, countries among countries
        ("Cases were reported in Oregon, Utah, Washington and Wisconsin.", "Washington", "USA", "Washington"),
        ("Aid came from Japan, Jordan, Georgia and Syria.", "Georgia", "GEO", None),
        ("Cases were confirmed in Ohio, Kansas, Kentucky and Iowa.", "Kansas", "USA", "Kansas"),
    ],
)
def test_namesakes(parser: Geoparser, text: str, name: str, country: str, admin1: str | None) -> None:
    t = parse(parser, text)[name]
    assert t.country == country, t
    if admin1:
        assert t.admin1 == admin1, t


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # places inside the names of organisations and outlets, people named after places
        ("The Washington Post reported that Kherson was shelled.", ["Kherson"]),
        ("Paris Hilton arrived in Kherson.", ["Kherson"]),
        ("A reporter for the Voice of America visited Goma.", ["Goma"]),
        # ... but the jurisdiction of an office is a place
        ("Queensland Health Minister Ann Lee spoke in Brisbane.", ["Queensland", "Brisbane"]),
        ("Dr. Helen Franklin said the outbreak was over. Franklin thanked the nurses.", []),
        # acronyms and titles
        ("The FDA said HIV cases fell in Kenya.", ["Kenya"]),
        ("According to the FDA and the CDC, cases of BSE rose in the DRC.", ["DRC"]),
        ("Secretary Jones flew to Nairobi.", ["Nairobi"]),
        # demonyms are actors, not places
        ("Russian troops and Ukrainian drones clashed near Bakhmut.", ["Bakhmut"]),
        # countries named as actors or inside names are toponyms
        ("Canada said it would send doctors to Haiti.", ["Canada", "Haiti"]),
        ("The U.S. Army flew supplies to the UK.", ["U.S.", "UK"]),
        ("A New Jersey company sold the kits.", ["New Jersey"]),
        ("The Democratic Republic of the Congo declared an outbreak.", ["Democratic Republic of the Congo"]),
    ],
)
def test_recognition(parser: Geoparser, text: str, expected: list[str]) -> None:
    assert list(parse(parser, text)) == expected


@pytest.mark.parametrize(
    ("text", "name", "country", "feature_code"),
    [
        ("Aid reached the US and Britain.", "US", "USA", "PCLI"),
        ("Horses were quarantined across NSW.", "NSW", "AUS", "ADM1"),
        ("Wildfires spread in B.C. this summer.", "B.C.", "CAN", "ADM1"),
        ("Fighting continued near Tovuz.", "Tovuz", "AZE", "PPL"),
        ("Flooding hit Queensland and the Pacific.", "Pacific", None, "OCN"),
        ("Malaria spread across Africa.", "Africa", None, "CONT"),
    ],
)
def test_resolution(parser: Geoparser, text: str, name: str, country: str | None, feature_code: str) -> None:
    t = parse(parser, text)[name]
    assert (t.country, t.feature_code) == (country, feature_code), t


def test_a_city_named_as_news_spells_it_beats_a_hamlet_of_that_spelling(parser: Geoparser) -> None:
    # GeoNames spells the city "Zaporizhzhya" and a hamlet of 656 people "Zaporizhzhia"
    t = parse(parser, "Drones struck an apartment block in Zaporizhzhia overnight.")["Zaporizhzhia"]
    assert t.latitude is not None and t.longitude is not None
    assert great_circle_km(t.latitude, t.longitude, 47.84, 35.14) < 20, t


def test_a_state_is_placed_near_its_centre(parser: Geoparser) -> None:
    t = parse(parser, "Drought gripped Texas.")["Texas"]
    assert great_circle_km(t.latitude or 0, t.longitude or 0, 31.0, -100.0) < 100


def test_a_place_followed_by_its_region(parser: Geoparser) -> None:
    found = parse(parser, "Rockets hit Fuzuli, Azerbaijan, and Aghdam district.")
    assert found["Fuzuli"].country == "AZE"
    assert found["Azerbaijan"].feature_code == "PCLI"
    assert found["Aghdam"].country == "AZE"


@pytest.mark.parametrize(
    "text",
    [
        "The Azerbaijani defence ministry said Madagiz, Jabrayil, Fuzuli, Aghdam, Khankendi (Stepanakert), "
        "Barda, Tovuz and Shamkir came under fire.",
        "Armenia's defence ministry denied that its forces shelled Madagiz, Jabrayil, Fuzuli, Aghdam, Khankendi, "
        "Stepanakert, Barda, Tovuz and Shamkir, and said Yerevan was calm.",
    ],
    ids=["focus-AZE", "Armenia-mentioned"],
)
def test_seed_places_resolve_within_10_km(parser: Geoparser, text: str) -> None:
    found = parse(parser, text)
    for name, (lat, lon) in SEEDS.items():
        if name not in found:
            continue
        t = found[name]
        assert t.country == "AZE", t
        assert great_circle_km(t.latitude or 0, t.longitude or 0, lat, lon) <= 10, t
    assert set(SEEDS) - {"Stepanakert", "Khankendi"} <= set(found)
    assert {"Stepanakert", "Khankendi"} & set(found)


@pytest.mark.parametrize(
    "text",
    ["Armenian forces shelled Tovuz.", "Tovuz was shelled, Armenia said.", "Yerevan said Tovuz was quiet.",
     "Shelling was reported in Tovuz, near the border with Armenia."],
)
def test_tovuz_is_never_in_armenia(parser: Geoparser, text: str) -> None:
    assert parse(parser, text)["Tovuz"].country == "AZE"


def test_unresolved_names_on_request() -> None:
    from sitrep.geo.geoparse import GeoparseOptions

    kept = Geoparser(options=GeoparseOptions(keep_unresolved=True))
    names = {t.name: t for t in kept("Gunmen raided the village of Zqorbla near Tovuz.")}
    assert names["Zqorbla"].latitude is None and names["Tovuz"].country == "AZE"


# --- sitrep geoparse ---------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def shared_parser(parser: Geoparser) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(geoparse_cmd, "Geoparser", lambda options=None: parser if options is None or not (
            options.keep_unresolved or options.spacy_model) else Geoparser(options=options))
        yield


def test_cli_jsonl_with_keys(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    src.write_text(
        json.dumps({"doc_id": 7, "body": "Shells fell on Tovuz."}) + "\n"
        + "{not json\n"
        + json.dumps({"doc_id": 8}) + "\n"
        + json.dumps({"doc_id": 9, "body": "Nothing happened."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["geoparse", str(src), "--id-key", "doc_id", "--text-key", "body", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in lines] == ["7", "9"]
    assert [t["name"] for t in lines[0]["toponyms"]] == ["Tovuz"]
    assert lines[1]["toponyms"] == []
    assert "docs.jsonl:2: line is not valid JSON" in result.output
    assert "docs.jsonl:3: 'body' is missing" in result.output
    assert "2 documents read, 2 skipped, 1 toponyms" in result.output
    assert "Traceback" not in result.output


def test_cli_text_files_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Drones struck a depot near Lviv.", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(tmp_path / "a.txt"), "-q"])
    assert result.exit_code == 0, result.output
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["doc_id"] == "a.txt" and doc["toponyms"][0]["country"] == "UKR"


def test_cli_nothing_readable_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(bad), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1, result.output
    assert "line is not a JSON object" in result.output and "no such file" in result.output
    assert "nothing could be read (2 skipped)" in result.output
