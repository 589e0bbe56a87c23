"""Offline gazetteer and toponym resolution.

Build the index once (:func:`build_gazetteer`), query it with :class:`Gazetteer` and resolve an
article's toponyms together with :class:`Resolver` (or :func:`resolve`). Importing this package
reads nothing.
"""

from sitrep.geo.build import build_gazetteer, default_gazetteer_path
from sitrep.geo.fold import fold, match_key
from sitrep.geo.gazetteer import Candidate, Gazetteer
from sitrep.geo.resolver import Resolver, ResolverOptions, distance_km, resolve

__all__ = [
    "Candidate",
    "Gazetteer",
    "Resolver",
    "ResolverOptions",
    "build_gazetteer",
    "default_gazetteer_path",
    "distance_km",
    "fold",
    "match_key",
    "resolve",
]
