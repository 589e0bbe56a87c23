"""Toponym recognition without a trained model: capitalised runs checked against the gazetteer,
with the context words that make a name a place ("in", "near", "the village of") or not (a
title before a person's name, an actor phrase such as "Russian forces").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from spacy.tokens import Doc, Span, Token

from .base import Step

if TYPE_CHECKING:
    from ..geo.gazetteer import Gazetteer

LOCATIVE = frozenset({"in", "near", "at", "outside", "around", "across", "throughout", "into", "towards",
                      "toward", "to", "from", "of", "on", "inside", "within", "beyond"})
CONNECTORS = frozenset({"al", "el", "de", "del", "da", "do", "dos", "di", "ad", "as", "ash", "an", "ar",
                        "bin", "ibn", "la", "le", "les", "van", "von", "upon", "on", "-", "'s"})
TITLES = frozenset({"president", "minister", "governor", "mr", "mr.", "mrs", "ms", "dr", "gen", "gen.",
                    "general", "colonel", "col.", "commander", "spokesman", "spokeswoman", "spokesperson",
                    "secretary", "chief", "leader", "premier", "king", "prince", "sheikh", "mayor",
                    "senator", "lt.", "captain", "sergeant", "pope", "imam", "cleric", "judge"})
MAX_TOKENS = 5


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the text, before resolution."""

    start: int
    end: int
    text: str
    locative: bool  # preceded by a locative word ("in", "near", "village of")
    alias_of: int | None = None  # index of the mention this one renames: "Khankendi (Stepanakert)"


class PlaceRecognizer(Step):
    """Find place names; the gazetteer decides what counts as one."""

    name: ClassVar[str] = "sitrep_places"
    requires: ClassVar[tuple[str, ...]] = ("sents", "actors")
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer

    def predict(self, docs: list[Doc]) -> list[list[PlaceMention]]:
        return [self._find(doc) for doc in docs]

    def _find(self, doc: Doc) -> list[PlaceMention]:
        actor_chars = {}
        for a in doc._.actors or []:
            actor_chars[(a.start, a.end)] = a
        taken: set[int] = set()
        out: list[PlaceMention] = []
        for run in _capitalised_runs(doc):
            i = run.start
            while i < run.end:
                found = None
                for j in range(min(run.end, i + MAX_TOKENS), i, -1):
                    span = doc[i:j]
                    if span[-1].lower_ in CONNECTORS:
                        continue
                    if self._is_place(span, actor_chars):
                        found = span
                        break
                if found is None:
                    i += 1
                    continue
                if not any(t.i in taken for t in found):
                    taken.update(t.i for t in found)
                    out.append(PlaceMention(found.start_char, found.end_char, found.text,
                                            _locative(doc, found.start)))
                i = found.end
        out.sort(key=lambda p: p.start)
        return _link_aliases(doc, out)

    def _is_place(self, span: Span, actors: dict[tuple[int, int], object]) -> bool:
        text = span.text
        prev = span.doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in TITLES:
            return False
        locative = _locative(span.doc, span.start)
        for (a_start, a_end), actor in actors.items():
            if a_start <= span.start_char and span.end_char <= a_end:
                # A country named as an actor ("Azerbaijan said") is a place only after "in", "near"...
                if not (locative and getattr(actor, "category", "") == "COUNTRY"
                        and (a_start, a_end) == (span.start_char, span.end_char)):
                    return False
        if span[0].is_sent_start and len(span) == 1 and not locative and not self._gazetteer.is_place(text):
            return False
        return self._gazetteer.is_place(text)


def _capitalised_runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised tokens, with connectors inside ("Wad al Noura", "Nagorno-Karabakh")."""
    runs = []
    i = 0
    n = len(doc)
    while i < n:
        if not _cap(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            t = doc[j]
            if _cap(t) and not t.is_sent_start:
                j += 1
            elif t.lower_ in CONNECTORS and j + 1 < n and _cap(doc[j + 1]) and not doc[j + 1].is_sent_start:
                j += 2
            else:
                break
        runs.append(doc[i:j])
        i = j
    return runs


def _cap(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _locative(doc: Doc, start: int) -> bool:
    k = start - 1
    while k >= 0 and (doc[k].lower_ in {"the", "a", "northern", "southern", "eastern", "western", "central",
                                         "village", "town", "city", "region", "province", "district",
                                         "state", "capital", "area", "outskirts", "north", "south",
                                         "east", "west", "of", "'s"} or doc[k].is_punct and doc[k].text == "("):
        if doc[k].lower_ in LOCATIVE and doc[k].lower_ != "of":
            return True
        if doc[k].lower_ == "of" and k > 0 and doc[k - 1].lower_ in {"village", "town", "city", "region",
                                                                       "province", "district", "state",
                                                                       "outskirts", "villages", "towns"}:
            return True
        k -= 1
    return k >= 0 and doc[k].lower_ in LOCATIVE


def _link_aliases(doc: Doc, places: list[PlaceMention]) -> list[PlaceMention]:
    """Mark "A (B)" pairs: B is another name for A, not a second place."""
    out = list(places)
    for idx in range(1, len(out)):
        a, b = out[idx - 1], out[idx]
        between = doc.text[a.end:b.start]
        if between.strip() == "(" and doc.text[b.end:b.end + 1] == ")":
            out[idx] = PlaceMention(b.start, b.end, b.text, a.locative, alias_of=idx - 1)
    return out
