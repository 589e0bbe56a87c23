"""Actors: states, armed forces, ministries, armed groups, officials, civilians, protesters.

Phrases come from the lexicon data files (``data/actors.tsv``, ``data/countries.tsv``), and
people's names from ``data/leaders.tsv`` (a name is its actor only while the person holds the
role, judged on the article's date); they are found longest match first, and each match carries
its ACLED-style name, category and ISO 3166-1 alpha-3 country.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from .base import Step
from .dates import load_date_words
from .leaders import Leader, leader_at, leaders_by_name
from .lexicon import ActorEntry, load_actor_entries, load_word_sets, lookup_country

NOT_THE_STATE = frozenset({"state", "river", "delta", "basin", "province", "region", "valley"})
NOT_AN_ACTOR = frozenset({"flagged", "registered", "owned", "operated", "based", "made", "born", "bound"})
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
    """Mark actor phrases from the lexicon, longest match first.

    The lexicon expands to some 58,000 phrases (every demonym with every force noun). Building a
    spaCy Doc for each costs seconds of start-up, so phrases are kept as tuples of tokens in two
    dictionaries (lower-cased, and exact for case-sensitive entries such as "US" or "IS"); each
    word is tokenized once by the pipeline's own tokenizer, so the tuples split as the text does.
    """

    name: ClassVar[str] = "sitrep_actors"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("actors",)

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._entries: list[ActorEntry] = []
        self._lower_index: dict[tuple[str, ...], int] = {}
        self._exact_index: dict[tuple[str, ...], int] = {}
        self._leaders: dict[tuple[str, ...], tuple[Leader, ...]] = {}  # people, by their names' tokens
        self._starts: set[str] = set()  # lower-cased first tokens of all phrases
        self._longest = 0
        self._force_heads: frozenset[str] = frozenset()
        self._loaded = False

    def load(self) -> None:
        """Index the lexicon's phrases (once)."""
        self._entries = load_actor_entries()
        words: dict[str, tuple[str, ...]] = {}
        make = self._nlp.make_doc
        for i, entry in enumerate(self._entries):
            tokens: list[str] = []
            for word in entry.pattern.split():
                split = words.get(word)
                if split is None:
                    split = words[word] = tuple(t.text for t in make(word))
                tokens.extend(split)
            if entry.case_sensitive:
                self._exact_index.setdefault(tuple(tokens), i)
            else:
                self._lower_index.setdefault(tuple(t.lower() for t in tokens), i)
            self._starts.add(tokens[0].lower())
            self._longest = max(self._longest, len(tokens))
        for name, roles in leaders_by_name().items():
            tokens = [t.text for t in make(name)]
            self._leaders[tuple(tokens)] = roles
            self._starts.add(tokens[0].lower())
            self._longest = max(self._longest, len(tokens))
        self._force_heads = load_word_sets()["force_head"]
        self._loaded = True

    def predict(self, docs: list[Doc]) -> list[list[ActorMention]]:
        if not self._loaded:
            self.load()
        return [self._find(doc) for doc in docs]

    def _find(self, doc: Doc) -> list[ActorMention]:
        lower = [t.lower_ for t in doc]
        exact = [t.text for t in doc]
        n = len(doc)
        mentions = []
        i = 0
        while i < n:
            hit = self._longest_at(i, lower, exact, n) if lower[i] in self._starts else None
            if hit is None:
                i += 1
                continue
            end, index = hit
            if end < n and lower[end] in self._force_heads:
                end += 1  # "Somali National Army troops", "Wagner fighters": one actor, not a second, generic one
            span = doc[i:end]
            i = end
            if isinstance(index, tuple):  # a person: the role held on the article's date
                role = leader_at(index, doc._.published)
                if role is not None:
                    mentions.append(ActorMention(span.start_char, span.end_char, span.text, role.name,
                                                 role.category, role.country))
                continue
            entry = self._entries[index]
            if entry.pattern[:1].isupper() and not span.text[:1].isupper():
                continue  # "turkey" the bird, "chad" the name: proper names must be capitalised
            if len(span) == 1 and span.text[:1].isupper() and entry.category != "COUNTRY" \
                    and _surname_of(doc, span.start):
                continue  # "Foreign Minister Therese Kayikwamba Wagner": a person's surname, not the group
            if entry.category == "COUNTRY" and end < n and lower[end] in NOT_THE_STATE:
                continue  # "Niger state", "Congo River": a place named after the country
            if entry.category == "COUNTRY" and end + 1 < n and lower[end] == "-" and lower[end + 1] in NOT_AN_ACTOR:
                continue  # "a Panama-flagged tanker", "a UK-based monitor": the country describes a thing
            name, country = entry.name, entry.country
            if country is None and span.start >= 2 and exact[span.start - 1] in ("'s", "’s"):
                # "Ukraine's foreign ministry", "Sudan's army": the possessive names the country.
                owner = lookup_country(exact[span.start - 2])
                if owner is not None:
                    name, country = entry.name_for(owner), owner
            mentions.append(ActorMention(span.start_char, span.end_char, span.text, name, entry.category, country))
        return mentions

    def _longest_at(self, i: int, lower: list[str], exact: list[str],
                    n: int) -> tuple[int, int | tuple[Leader, ...]] | None:
        """The longest phrase at token ``i``: its end and entry index, or a person's roles."""
        for end in range(min(n, i + self._longest), i, -1):
            roles = self._leaders.get(tuple(exact[i:end]))
            if roles is not None:
                return end, roles
            index = self._exact_index.get(tuple(exact[i:end]))
            if index is None:
                index = self._lower_index.get(tuple(lower[i:end]))
            if index is not None:
                return end, index
        return None


def _surname_of(doc: Doc, i: int) -> bool:
    """Whether token ``i`` ends a person's name: it follows a capitalised word that is neither the
    sentence's first word, a country or people, nor an actor's own word ("Kayikwamba Wagner", not
    "Russian Wagner" or "the Wagner Group")."""
    if i == 0:
        return False
    prev = doc[i - 1]
    return (prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start and not prev.text.isupper()
            and prev.lower_ not in _NOT_A_FIRST_NAME and prev.lower_ not in _date_names()
            and lookup_country(prev.text) is None)


#: Capitalised words before an actor's name that are not a person's given name (besides the names of
#: weekdays and months, which ``data/date_words.tsv`` lists).
_NOT_A_FIRST_NAME = frozenset({"the", "on", "in", "when", "as", "after", "but", "and", "while", "if", "since", "by",
                               "with", "of", "for", "at"})


@functools.cache
def _date_names() -> frozenset[str]:
    words = load_date_words()
    return frozenset(words.weekdays) | {m.lower() for m in words.full_months}
