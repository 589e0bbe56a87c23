"""The build-time record of one place, before it is written to the index."""

from __future__ import annotations

from dataclasses import dataclass, field

# How a name belongs to a place; lower ranks first in lookups.
NAME_PRIMARY = 0
NAME_ALT = 1
NAME_ABBREV = 2


@dataclass
class PlaceRecord:
    """A place being assembled from the sources, with every name it is known by.

    Attributes:
        name: display name.
        lat: latitude in degrees.
        lon: longitude in degrees.
        country: ISO 3166-1 alpha-3, None for places spanning countries.
        admin1: name of the first-level region it lies in, where known.
        admin1_code: ``ISO2.code`` of that region in GeoNames' scheme, where known.
        admin2: name of the second-level region, where known.
        feature_class: GeoNames class (P town, A admin area, L region).
        feature_code: GeoNames code (PPL, PPLC, PCLI, ADM1, RGN, CONT, ...).
        population: inhabitants, 0 when unknown.
        geonameid: GeoNames id, where it has one.
        source: where the record came from.
        names: (name, kind) pairs, kind one of NAME_PRIMARY, NAME_ALT, NAME_ABBREV.
    """

    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    geonameid: int | None = None
    source: str = ""
    names: list[tuple[str, int]] = field(default_factory=list)

    def add_name(self, name: str, kind: int) -> None:
        """Add a name the place is known by (duplicates are dropped when indexing)."""
        name = name.strip()
        if name:
            self.names.append((name, kind))
