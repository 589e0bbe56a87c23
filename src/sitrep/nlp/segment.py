"""Sentence boundaries: punctuation (spaCy's rule sentencizer) plus line breaks.

News text puts datelines, headlines and paragraphs on lines of their own; a sentence never runs
across a line break.
"""

from __future__ import annotations

from typing import ClassVar

from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .base import Step

# Closing quotes count as sentence punctuation so a quoted statement ends its sentence.
_PUNCT = ["!", ".", "?", "։", "؟", "。", "！", "？"]


class SentenceSegmenter(Step):
    """Split on sentence punctuation and on every line break."""

    name: ClassVar[str] = "sitrep_sentences"
    assigns: ClassVar[tuple[str, ...]] = ("sents",)

    def __init__(self) -> None:
        self._rules = Sentencizer(punct_chars=_PUNCT)

    def __call__(self, doc: Doc) -> Doc:
        doc = self._rules(doc)
        for i, token in enumerate(doc):
            if i == 0:
                continue
            prev = doc[i - 1]
            if "\n" in prev.text_with_ws[len(prev.text):] or (prev.is_space and "\n" in prev.text):
                token.is_sent_start = not token.is_space or token.is_sent_start
            elif token.is_sent_start and _after_abbreviation(doc, i):
                token.is_sent_start = False
        return doc


# Titles the tokenizer splits from their full stop ("Lt", "."), so the stop would end a sentence.
_ABBREVIATIONS = frozenset({"Mr", "Mrs", "Dr", "Gen", "Lt", "Col", "Maj", "Brig", "Capt", "Sgt", "St", "No"})


def _after_abbreviation(doc: Doc, i: int) -> bool:
    """ "Lt. Col. Jones": token ``i`` follows an abbreviation's full stop, not a sentence's."""
    prev = doc[i - 1]
    if prev.text in _ABBREVIATIONS:
        return True
    return prev.text == "." and i >= 2 and doc[i - 2].text in _ABBREVIATIONS and not doc[i - 2].whitespace_
