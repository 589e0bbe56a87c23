"""The web map and JSON API over the event store (``sitrep serve``)."""

from __future__ import annotations

from .app import create_app
from .state import ServeOptions

__all__ = ["ServeOptions", "create_app"]
