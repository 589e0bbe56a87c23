"""Offline gazetteer and toponym resolution.

Build the index once (:func:`build_gazetteer`), query it with :class:`Gazetteer` and resolve an
article's toponyms together with :class:`Resolver` (or :func:`resolve`); find and resolve the
toponyms of a text with :class:`Geoparser` (or :func:`geoparse`); add GeoNames dumps with
:func:`import_geonames`. Importing this package reads nothing.
"""

from sitrep.geo.build import build_gazetteer, default_gazetteer_path
from sitrep.geo.fold import fold, match_key
from sitrep.geo.gazetteer import Candidate, Gazetteer
from sitrep.geo.geoparse import GeoparseOptions, Geoparser, Toponym, geoparse
from sitrep.geo.importer import ImportReport, import_geonames
from sitrep.geo.resolver import Resolver, ResolverOptions, distance_km, resolve

__all__ = [
    "Candidate",
    "Gazetteer",
    "GeoparseOptions",
    "Geoparser",
    "ImportReport",
    "Resolver",
    "ResolverOptions",
    "Toponym",
    "build_gazetteer",
    "default_gazetteer_path",
    "distance_km",
    "fold",
    "geoparse",
    "import_geonames",
    "match_key",
    "resolve",
]
