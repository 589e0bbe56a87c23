"""sitrep: conflict news in, a clean, geocoded, deduplicated, sourced event database out."""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .model import Article, Claim, Event, Evidence, Place
from .pipeline import Options, Pipeline, extract

try:
    __version__ = version("sitrep")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["Article", "Claim", "DedupOptions", "Event", "EventQuery", "Evidence", "Options", "Pipeline", "Place",
           "Store", "__version__", "extract"]

_STORE_NAMES = ("DedupOptions", "EventQuery", "Store")


def __getattr__(name: str) -> Any:
    """``sitrep.Store`` and friends, imported on first use so ``import sitrep`` stays light."""
    if name in _STORE_NAMES:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
