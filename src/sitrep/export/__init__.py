"""Exporters: JSON Lines, ACLED-style CSV, GeoJSON — registered the same way a plug-in would be."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from ..errors import ExportError
from ..model import Event
from ..nlp.lexicon import load_countries

Writer = Callable[[Iterable[Event], TextIO], int]

#: ACLED's column names, in ACLED's order, for the fields sitrep shares with it; sitrep's own after.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "iso3", "country", "admin1", "admin2", "location", "latitude",
                 "longitude", "geo_precision", "source", "notes", "fatalities"]
SITREP_COLUMNS = ["injuries", "fatalities_lower_bound", "plover_type", "cameo_code", "actor1_country",
                  "actor2_country", "claimed_by", "historical", "confidence", "article_id", "evidence",
                  "article_ids", "source_count", "coded_by"]


class ExporterRegistry:
    """Named writers; a fresh registry can be made for tests or plug-ins."""

    def __init__(self) -> None:
        self._writers: dict[str, Writer] = {}

    def register(self, name: str, writer: Writer) -> None:
        self._writers[name] = writer

    def get(self, name: str) -> Writer:
        try:
            return self._writers[name]
        except KeyError:
            raise ExportError(f"unknown format {name!r} (choose from {', '.join(self.names())})") from None

    def names(self) -> list[str]:
        return sorted(self._writers)


def write_jsonl(events: Iterable[Event], fp: TextIO) -> int:
    n = 0
    for e in events:
        fp.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def acled_row(e: Event) -> dict[str, Any]:
    """One CSV row with ACLED's column names where ACLED has the field."""
    country = load_countries().get(e.country or "")
    return {
        "event_id_cnty": e.event_id, "event_date": e.event_date or "",
        "year": (e.event_date or "")[:4], "time_precision": e.time_precision,
        "event_type": e.event_type or "", "sub_event_type": e.sub_event_type or "",
        "actor1": e.actor1 or "", "actor2": e.actor2 or "", "iso3": e.country or "",
        "country": country.name if country else (e.country or ""), "admin1": e.admin1 or "",
        "admin2": e.admin2 or "", "location": e.location or "",
        "latitude": "" if e.latitude is None else f"{e.latitude:.4f}",
        "longitude": "" if e.longitude is None else f"{e.longitude:.4f}",
        "geo_precision": e.geo_precision or "", "source": e.claimed_by or "", "notes": e.notes,
        "fatalities": 0 if e.fatalities is None else e.fatalities,
        "injuries": "" if e.injuries is None else e.injuries,
        "fatalities_lower_bound": e.fatalities_lower_bound, "plover_type": e.plover_type,
        "cameo_code": e.cameo_code, "actor1_country": e.actor1_country or "",
        "actor2_country": e.actor2_country or "", "claimed_by": e.claimed_by or "",
        "historical": e.historical, "confidence": e.confidence, "article_id": e.article_id,
        "evidence": " | ".join(ev.sentence for ev in e.evidence),
        "article_ids": " ".join(e.article_ids or [e.article_id]), "source_count": e.source_count,
        "coded_by": e.coded_by,
    }


def write_csv(events: Iterable[Event], fp: TextIO) -> int:
    writer = csv.DictWriter(fp, fieldnames=ACLED_COLUMNS + SITREP_COLUMNS)
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow(acled_row(e))
        n += 1
    return n


def write_geojson(events: Iterable[Event], fp: TextIO) -> int:
    """A FeatureCollection; events without coordinates get a null geometry (GeoJSON allows it)."""
    features = []
    for e in events:
        props = e.to_dict()
        geometry = None
        if e.latitude is not None and e.longitude is not None:
            geometry = {"type": "Point", "coordinates": [e.longitude, e.latitude]}
        features.append({"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props})
    json.dump({"type": "FeatureCollection", "features": features}, fp, ensure_ascii=False)
    fp.write("\n")
    return len(features)


def default_registry() -> ExporterRegistry:
    """A registry with the built-in formats."""
    reg = ExporterRegistry()
    reg.register("jsonl", write_jsonl)
    reg.register("csv", write_csv)
    reg.register("geojson", write_geojson)
    return reg
