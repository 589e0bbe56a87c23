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
        self._lower_index: dict[tuple[str, ...], int] = {}
        self._exact_index: dict[tuple[str, ...], int] = {}

    def load(self) -> None:
        """Build the matchers from the lexicon (once).

        Tens of thousands of phrases go under one match key each for the case-insensitive and the
        case-sensitive matcher (adding them one key at a time costs seconds of start-up); a match is
        mapped back to its entry by its tokens.
        """
        self._entries = load_actor_entries()
        self._lower = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        lower_docs, exact_docs = [], []
        make = self._nlp.make_doc
        for i, entry in enumerate(self._entries):
            doc = make(entry.pattern)
            if entry.case_sensitive:
                self._exact_index.setdefault(tuple(t.text for t in doc), i)
                exact_docs.append(doc)
            else:
                self._lower_index.setdefault(tuple(t.lower_ for t in doc), i)
                lower_docs.append(doc)
        self._lower.add("ACTOR", lower_docs)
        self._exact.add("ACTOR", exact_docs)

    def predict(self, docs: list[Doc]) -> list[list[ActorMention]]:
        if self._lower is None or self._exact is None:
            self.load()
        assert self._lower is not None and self._exact is not None
        out = []
        for doc in docs:
            spans = []
            for _, start, end in self._lower(doc):
                span = doc[start:end]
                span.label_ = str(self._lower_index[tuple(t.lower_ for t in span)])
                spans.append(span)
            for _, start, end in self._exact(doc):
                span = doc[start:end]
                span.label_ = str(self._exact_index[tuple(t.text for t in span)])
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
