"""sitrep: conflict news in, a clean, geocoded, deduplicated, sourced event database out."""

from importlib.metadata import PackageNotFoundError, version

from .model import Article, Event, Evidence, Place
from .pipeline import Options, Pipeline, extract

try:
    __version__ = version("sitrep")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["Article", "Event", "Evidence", "Options", "Pipeline", "Place", "__version__", "extract"]
