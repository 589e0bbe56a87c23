"""Actors: states, armed forces, ministries, armed groups, officials, civilians, protesters.

Phrases come from the lexicon data files (``data/actors.tsv``, ``data/countries.tsv``); a
PhraseMatcher finds them, longest match first, and each match carries its ACLED-style name,
category and ISO 3166-1 alpha-3 country.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .base import Step
from .lexicon import ActorEntry, load_actor_entries

NOT_THE_STATE = frozenset({"state", "river", "delta", "basin", "province", "region", "valley"})
ARMED = frozenset({"STATE_FORCES", "POLICE", "REBELS", "MILITIA", "UNIDENTIFIED"})


@dataclass(frozen=True)
class ActorMention:
    """One actor named in the text."""

    start: int
    end: int
    text: str
    name: str
    category: str
    country: str | None

    @property
    def armed(self) -> bool:
        return self.category in ARMED


class ActorRecognizer(Step):
    """Mark actor phrases from the lexicon."""

    name: ClassVar[str] = "sitrep_actors"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("actors",)

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._entries: list[ActorEntry] = []
        self._lower: PhraseMatcher | None = None
        self._exact: PhraseMatcher | None = None

    def load(self) -> None:
        """Build the matchers from the lexicon (once)."""
        self._entries = load_actor_entries()
        self._lower = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        make = self._nlp.make_doc
        for i, entry in enumerate(self._entries):
            matcher = self._exact if entry.case_sensitive else self._lower
            matcher.add(str(i), [make(entry.pattern)])

    def predict(self, docs: list[Doc]) -> list[list[ActorMention]]:
        if self._lower is None or self._exact is None:
            self.load()
        assert self._lower is not None and self._exact is not None
        out = []
        for doc in docs:
            spans = []
            for matcher in (self._lower, self._exact):
                for match_id, start, end in matcher(doc):
                    span = doc[start:end]
                    span.label_ = self._nlp.vocab.strings[match_id]
                    spans.append(span)
            mentions = []
            for span in filter_spans(spans):
                entry = self._entries[int(span.label_)]
                if entry.pattern[:1].isupper() and not span.text[:1].isupper():
                    continue  # "turkey" the bird, "chad" the name: proper names must be capitalised
                if entry.category == "COUNTRY" and span.end < len(doc) and doc[span.end].lower_ in NOT_THE_STATE:
                    continue  # "Niger state", "Congo River": a place named after the country
                mentions.append(ActorMention(span.start_char, span.end_char, span.text, entry.name,
                                             entry.category, entry.country))
            out.append(mentions)
        return out
