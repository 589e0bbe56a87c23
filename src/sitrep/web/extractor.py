"""The extraction pipeline behind ``POST /api/extract``: loaded on first use, once, then shared.

Loading takes a second or two (lexicons, gazetteer), so the server starts without it, and a
lock makes concurrent first requests wait for one load instead of starting several. Extraction
itself also runs under the lock: the pipeline's steps keep per-document state and are not meant
to be shared between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..model import Article, Event
from ..pipeline import Pipeline

PipelineFactory = Callable[[], Pipeline]


def _default_pipeline() -> Pipeline:
    return Pipeline().load()


class LazyExtractor:
    """Extract events from articles with a pipeline made on first use.

    Args:
        factory: makes the loaded pipeline (tests pass one already loaded); by default the
            rule-based pipeline with its bundled data.
    """

    def __init__(self, factory: PipelineFactory | None = None) -> None:
        self._factory = factory or _default_pipeline
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    def extract(self, article: Article) -> list[Event]:
        """The events of one article (loading the pipeline first if this is the first call)."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._factory()
            return self._pipeline.extract(article)
