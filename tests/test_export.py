"""Tests for sitrep.export: the exporter registry and the JSON Lines, CSV and GeoJSON writers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

import pytest

from sitrep.errors import ExportError
from sitrep.export import (
    ACLED_COLUMNS,
    SITREP_COLUMNS,
    ExporterRegistry,
    default_registry,
    write_csv,
    write_geojson,
    write_jsonl,
)
from sitrep.model import Event, Evidence

SENTENCE = "Artillery fire hit the town of Tovuz on Friday, killing at least two people, the ministry said."
ARTICLE = f"Fighting went on overnight. {SENTENCE}"
START = ARTICLE.index(SENTENCE)


def shelling() -> Event:
    """A fully coded event with coordinates."""
    return Event(
        event_id="ev-tovuz", article_id="art-1", event_date="2020-10-02", time_precision=1,
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        plover_type="ASSAULT", cameo_code="194", actor1="Military Forces of Armenia", actor1_country="ARM",
        location="Tovuz", admin1="Tovuz District", country="AZE", latitude=40.99249, longitude=45.62838,
        geo_precision=1, geonameid=584821, fatalities=2, fatalities_lower_bound=True,
        claimed_by="Defense Ministry", confidence=0.9, trigger="Artillery fire",
        evidence=[Evidence("art-1", SENTENCE, START, START + len(SENTENCE))], article_ids=["art-1"],
        notes="On 2 October 2020, shelling in Tovuz (AZE); at least 2 killed.",
    )


def statement() -> Event:
    """A verbal event with no place and no figures: the sparse case."""
    return Event(
        event_id="ev-call", article_id="art-2", event_date=None, time_precision=1, event_type=None,
        sub_event_type=None, plover_type="REQUEST", cameo_code="10", historical=True,
    )


def csv_rows(events: list[Event]) -> tuple[list[str], list[dict[str, str]]]:
    fp = io.StringIO()
    write_csv(events, fp)
    fp.seek(0)
    reader = csv.DictReader(fp)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def geojson(events: list[Event]) -> dict[str, Any]:
    fp = io.StringIO()
    write_geojson(events, fp)
    result: dict[str, Any] = json.loads(fp.getvalue())
    return result


# --- registry -------------------------------------------------------------------------------


def test_fresh_registry_is_empty() -> None:
    registry = ExporterRegistry()
    assert registry.names() == []
    with pytest.raises(ExportError, match="unknown format 'jsonl'"):
        registry.get("jsonl")


def test_registered_writer_is_returned() -> None:
    registry = ExporterRegistry()

    def count_only(events: Any, fp: Any) -> int:
        return len(list(events))

    registry.register("count", count_only)
    assert registry.names() == ["count"]
    assert registry.get("count") is count_only


def test_default_registry_formats() -> None:
    registry = default_registry()
    assert registry.names() == ["csv", "geojson", "jsonl"]
    assert registry.get("jsonl") is write_jsonl


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ExportError) as info:
        default_registry().get("xml")
    assert str(info.value) == "unknown format 'xml' (choose from csv, geojson, jsonl)"


def test_default_registries_are_independent() -> None:
    first = default_registry()
    first.register("extra", write_jsonl)
    assert "extra" not in default_registry().names()


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_one_object_per_event() -> None:
    fp = io.StringIO()
    assert write_jsonl([shelling(), statement()], fp) == 2
    lines = fp.getvalue().splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == ["ev-tovuz", "ev-call"]
    assert fp.getvalue().endswith("\n")


@pytest.mark.parametrize("make", [shelling, statement])
def test_jsonl_round_trip(make: Any) -> None:
    event = make()
    fp = io.StringIO()
    write_jsonl([event], fp)
    record = json.loads(fp.getvalue())
    assert record["cameo_root"] == event.cameo_code[:2]
    del record["cameo_root"]
    record["evidence"] = [Evidence(**ev) for ev in record["evidence"]]
    assert Event(**record) == event


def test_jsonl_evidence_offsets_point_into_the_article() -> None:
    fp = io.StringIO()
    write_jsonl([shelling()], fp)
    (evidence,) = json.loads(fp.getvalue())["evidence"]
    assert ARTICLE[evidence["start"] : evidence["end"]] == evidence["sentence"] == SENTENCE


def test_jsonl_keeps_non_ascii() -> None:
    fp = io.StringIO()
    write_jsonl([replace(shelling(), location="Ağdam")], fp)
    assert '"location": "Ağdam"' in fp.getvalue()


def test_jsonl_no_events_writes_nothing() -> None:
    fp = io.StringIO()
    assert write_jsonl([], fp) == 0
    assert fp.getvalue() == ""


# --- CSV ------------------------------------------------------------------------------------


def test_csv_header_has_acled_columns_first_in_acled_order() -> None:
    header, _ = csv_rows([shelling()])
    assert header[:19] == [
        "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
        "actor1", "actor2", "iso3", "country", "admin1", "admin2", "location", "latitude",
        "longitude", "geo_precision", "source", "notes", "fatalities",
    ]
    assert header == ACLED_COLUMNS + SITREP_COLUMNS
    assert len(set(header)) == len(header)


def test_csv_row_values() -> None:
    _, (row,) = csv_rows([shelling()])
    assert row["event_id_cnty"] == "ev-tovuz"
    assert row["year"] == "2020"
    assert row["iso3"] == "AZE"
    assert row["country"] == "Azerbaijan"
    assert (row["latitude"], row["longitude"]) == ("40.9925", "45.6284")
    assert row["fatalities"] == "2"
    assert row["fatalities_lower_bound"] == "True"
    assert row["evidence"] == SENTENCE


def test_csv_sparse_event_gives_empty_cells() -> None:
    _, (row,) = csv_rows([statement()])
    assert row["event_date"] == row["year"] == row["event_type"] == ""
    assert row["latitude"] == row["longitude"] == row["country"] == ""
    assert row["fatalities"] == "0"  # ACLED's convention: no figure reported is 0
    assert row["injuries"] == ""
    assert row["historical"] == "True"


def test_csv_quotes_commas_and_newlines() -> None:
    event = replace(shelling(), notes='Shelling, "heavy",\nsaid the ministry.')
    _, (row,) = csv_rows([event])
    assert row["notes"] == 'Shelling, "heavy",\nsaid the ministry.'


def test_csv_no_events_writes_the_header() -> None:
    fp = io.StringIO()
    assert write_csv([], fp) == 0
    assert fp.getvalue().splitlines() == [",".join(ACLED_COLUMNS + SITREP_COLUMNS)]


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_point_is_lon_lat() -> None:
    collection = geojson([shelling()])
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["type"] == "Feature"
    assert feature["id"] == "ev-tovuz"
    assert feature["geometry"] == {"type": "Point", "coordinates": [45.62838, 40.99249]}
    assert feature["properties"]["location"] == "Tovuz"


@pytest.mark.parametrize(
    "coordinates",
    [(None, None), (40.99249, None), (None, 45.62838)],
    ids=["none", "latitude-only", "longitude-only"],
)
def test_geojson_null_geometry_without_coordinates(coordinates: tuple[float | None, float | None]) -> None:
    latitude, longitude = coordinates
    collection = geojson([replace(shelling(), latitude=latitude, longitude=longitude)])
    (feature,) = collection["features"]
    assert feature["geometry"] is None
    assert feature["properties"]["event_id"] == "ev-tovuz"


def test_geojson_properties_are_the_record() -> None:
    event = statement()
    (feature,) = geojson([event])["features"]
    assert feature["geometry"] is None
    assert feature["properties"] == json.loads(json.dumps(event.to_dict()))


def test_geojson_no_events_is_an_empty_collection() -> None:
    fp = io.StringIO()
    assert write_geojson([], fp) == 0
    assert json.loads(fp.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_no_events_writes_an_empty_table() -> None:
    import pyarrow.parquet as pq

    from sitrep.export.parquet import write_parquet

    fp = io.BytesIO()
    assert write_parquet([], fp) == 0
    fp.seek(0)
    table = pq.read_table(fp)
    assert table.num_rows == 0
    assert "event_id" in table.column_names
