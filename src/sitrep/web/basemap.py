"""Country outlines for the offline map, from the ``countryinfo`` package's data.

Built on first request and kept: one GeoJSON FeatureCollection, coordinates rounded to 0.01°
(about 1 km, finer than the outlines themselves), about 170 countries. A few countries have no
outline in that package; their events still show, over the sea colour.
"""

from __future__ import annotations

import functools
import json
from typing import Any


def _round_ring(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(float(x), 2), round(float(y), 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out if len(out) >= 4 else []


def _simplify(geometry: dict[str, Any]) -> dict[str, Any] | None:
    if geometry.get("type") == "Polygon":
        polygons = [geometry.get("coordinates", [])]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry.get("coordinates", [])
    else:
        return None
    kept = []
    for polygon in polygons:
        rings = [r for r in (_round_ring(ring) for ring in polygon) if r]
        if rings:
            kept.append(rings)
    return {"type": "MultiPolygon", "coordinates": kept} if kept else None


def country_outlines() -> dict[str, Any]:
    """A FeatureCollection with one MultiPolygon per country, ``id`` its ISO 3166-1 alpha-3 code."""
    from countryinfo import CountryInfo  # imported here: only the map needs it

    features: list[dict[str, Any]] = []
    seen: set[str] = set()
    for data in CountryInfo.all().values():
        iso3 = (data.get("ISO") or {}).get("alpha3")
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = _simplify(feature.get("geometry") or {})
            if geometry is None or not iso3 or iso3 in seen:
                continue
            seen.add(iso3)
            features.append({"type": "Feature", "id": iso3, "properties": {"name": data.get("name", iso3)},
                             "geometry": geometry})
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


@functools.cache
def country_outlines_json() -> bytes:
    """``country_outlines`` serialised once, for every request after the first."""
    return json.dumps(country_outlines(), separators=(",", ":")).encode("utf-8")
