"""The shape every sitrep pipeline step shares, after spaCy's trainable-less components.

A step reads the Doc in ``predict`` and writes only in ``set_annotations``; ``requires`` and
``assigns`` name the Doc extensions it reads and writes so the pipeline can check the order once,
when it is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from spacy.tokens import Doc

#: Doc extensions our steps write, with their defaults.
DOC_EXTENSIONS: dict[str, Any] = {
    "published": None,  # datetime.date or None, set before the pipeline runs
    "actors": [],
    "triggers": [],
    "places": [],
    "dates": [],
    "casualties": [],
    "claims": [],
}


def register_extensions() -> None:
    """Register sitrep's Doc extensions (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            # Lists must not be shared between docs: use a getter-free default of None and
            # let each step assign a fresh list.
            Doc.set_extension(name, default=None if isinstance(default, list) else default)


def text_of(doc: Doc) -> str:
    """The Doc's text, joined once (``Doc.text`` rebuilds the string on every access)."""
    cached = doc.user_data.get("sitrep_text")
    if cached is None:
        cached = doc.user_data["sitrep_text"] = doc.text
    return cached


class Step:
    """Base class for a pipeline step: ``__call__`` = ``predict`` then ``set_annotations``."""

    name: ClassVar[str] = "step"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def predict(self, docs: list[Doc]) -> list[Any]:
        raise NotImplementedError

    def set_annotations(self, docs: list[Doc], preds: list[Any]) -> None:
        for doc, pred in zip(docs, preds, strict=True):
            setattr(doc._, self.assigns[0], pred)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.set_annotations(batch, self.predict(batch))
                yield from batch
                batch = []
        if batch:
            self.set_annotations(batch, self.predict(batch))
            yield from batch
