"""Event triggers: words that report an act (shelling, clashes, protests) or a statement (calls,
refusals, criticism), with the cues that make them unreal (negated, hypothetical, habitual) or
non-political (accidents, disasters, crime, sport, markets, fiction).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..errors import DataError
from .base import Step, text_of
from .lexicon import load_word_sets


@dataclass(frozen=True)
class TriggerEntry:
    """One row of ``data/triggers.tsv``."""

    forms: tuple[str, ...]
    event_type: str | None
    sub_event_type: str | None
    plover_type: str
    cameo_code: str
    role: str  # action | outcome | verbal
    strength: str  # strong | weak
    priority: int


@dataclass(frozen=True)
class Cue:
    text: str
    kind: str
    scope: str  # clause | sentence


@dataclass(frozen=True)
class TriggerMention:
    """A trigger word in the text with the cues found around it."""

    start: int
    end: int
    text: str
    entry: TriggerEntry
    sentence_start: int
    cues: frozenset[str]  # kinds of cue that apply to it


def _rows(name: str) -> list[tuple[int, list[str]]]:
    text = resources.files("sitrep.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append((lineno, line.split("\t")))
    return rows


@functools.cache
def load_triggers() -> tuple[TriggerEntry, ...]:
    """Read the trigger lexicon, checking every row."""
    out = []
    for lineno, cols in _rows("triggers.tsv"):
        if len(cols) != 8:
            raise DataError(f"triggers.tsv:{lineno}: expected 8 columns, found {len(cols)}")
        forms, etype, sub, plover, cameo, role, strength, prio = cols
        if role not in {"action", "outcome", "verbal", "weapon"} or strength not in {"strong", "weak"}:
            raise DataError(f"triggers.tsv:{lineno}: bad role or strength")
        if not prio.strip().isdigit():
            raise DataError(f"triggers.tsv:{lineno}: priority must be a whole number, got {prio!r}")
        out.append(TriggerEntry(tuple(f.strip() for f in forms.split("|") if f.strip()),
                                None if etype == "-" else etype, None if sub == "-" else sub,
                                plover, cameo, role, strength, int(prio)))
    return tuple(out)


@functools.cache
def load_cues() -> tuple[Cue, ...]:
    """Read the cue list (negation, hypothetical, habitual, non-political, metaphor...)."""
    out = []
    for lineno, cols in _rows("cues.tsv"):
        if len(cols) != 3 or cols[2] not in {"clause", "sentence"}:
            raise DataError(f"cues.tsv:{lineno}: expected 'cue<TAB>kind<TAB>clause|sentence'")
        out.append(Cue(cols[0].strip(), cols[1].strip(), cols[2].strip()))
    return tuple(out)


@functools.cache
def cue_patterns(kinds: frozenset[str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The cues of these kinds as (whole-word pattern, scope) pairs, for searching raw text."""
    return tuple((re.compile(rf"(?<!\w){re.escape(c.text)}(?!\w)", re.IGNORECASE), c.scope)
                 for c in load_cues() if c.kind in kinds)


_CLAUSE_BREAKS = {",", ";", ":", "while", "but", "and", "as", "after", "when", "which", "who", "that", "—", "-"}
CLAUSE_WINDOW = 8


class TriggerRecognizer(Step):
    """Mark trigger phrases and attach the cues that qualify each."""

    name: ClassVar[str] = "sitrep_triggers"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("triggers",)

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._entries: tuple[TriggerEntry, ...] = ()
        self._cues: tuple[Cue, ...] = ()
        self._matcher: PhraseMatcher | None = None
        self._cue_matcher: PhraseMatcher | None = None

    def load(self) -> None:
        self._entries = load_triggers()
        self._cues = load_cues()
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        make = self._nlp.make_doc
        for i, entry in enumerate(self._entries):
            forms = list(entry.forms)
            if entry.role == "verbal":
                forms += [v for f in entry.forms for v in _dated_variants(f)]
            self._matcher.add(str(i), [make(f) for f in forms])
        self._cue_matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for i, cue in enumerate(self._cues):
            self._cue_matcher.add(str(i), [make(cue.text)])

    def predict(self, docs: list[Doc]) -> list[list[TriggerMention]]:
        if self._matcher is None:
            self.load()
        return [self._find(doc) for doc in docs]

    def _find(self, doc: Doc) -> list[TriggerMention]:
        assert self._matcher is not None and self._cue_matcher is not None
        strings = self._nlp.vocab.strings
        spans = []
        for match_id, start, end in self._matcher(doc):
            span = Span(doc, start, end, label=strings[match_id])
            spans.append(span)
        cues = [(self._cues[int(strings[m])], s, e) for m, s, e in self._cue_matcher(doc)]
        out: list[TriggerMention] = []
        for span in filter_spans(spans):
            if span.text[:1].isupper() and not span[0].is_sent_start and not span.text.isupper():
                continue  # a name, not a verb: "March", "Operation Storm", "Strike Force"
            if _adjectival(span) or _dated_preposition(span) or _describes_the_accused(span) or _told_before(span) \
                    or _names_a_unit(span) or _warns_of_danger(span) or _carried(span) or _stationed(span) \
                    or _takes_goods(span) or _diplomatic_protest(span):
                continue
            entry = self._entries[int(span.label_)]
            sent = span.sent
            kinds = set()
            for cue, cs, ce in cues:
                if cs < sent.start or ce > sent.end:
                    continue
                if cue.scope == "sentence" or _in_clause(doc, cs, span.start):
                    kinds.add(cue.kind)
            if out and _coordinated(doc, out[-1], span):
                kinds |= out[-1].cues  # "a string of clashes and attacks": the cue reads both nouns
            out.append(TriggerMention(span.start_char, span.end_char, span.text, entry,
                                      sent.start_char, frozenset(kinds)))
        return out


_WHEN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday")


def _dated_variants(form: str) -> list[str]:
    """News puts the day inside the verb phrase: "called Sunday for", "urged on Friday"."""
    words = form.split()
    if len(words) < 2:
        return []
    head, rest = words[0], " ".join(words[1:])
    return [f"{head} {w} {rest}" for w in _WHEN] + [f"{head} on {w} {rest}" for w in _WHEN[:7]]


_MODIFIERS = frozenset({"the", "a", "an", "two", "three", "several", "recently", "newly", "previously",
                        "its", "their", "his", "her", "of", "these", "those", "some", "many"})


def _adjectival(span: Span) -> bool:
    """ "two captured areas", "the liberated villages": a participle used as an adjective."""
    if len(span) != 1 or not span.text.lower().endswith("ed") or span.start == 0 or span.end >= len(span.doc):
        return False
    prev, nxt = span.doc[span.start - 1], span.doc[span.end]
    return (prev.lower_ in _MODIFIERS or prev.like_num) and nxt.is_alpha and nxt.is_lower \
        and nxt.lower_ not in {"by", "in", "on", "at", "from", "with", "and", "or", "as", "after"}


def _carried(span: Span) -> bool:
    """ "militants armed with rifles and rocket-propelled grenades stormed ...": weapons carried, not used;
    "seized two rifles and a grenade": weapons taken, not used."""
    if span[-1].lower_ not in load_word_sets()["weapon_noun"]:
        return False
    start = max(span.sent.start, span.start - 8)
    words = [t.lower_ for t in span.doc[start:span.start]]
    if "armed" in words:
        after = words[words.index("armed") + 1:]
        if after and after[0] == "with" and not any(w in (",", ";", ".") for w in after):
            return True
    seized = [i for i, w in enumerate(words) if w in _SEIZING]
    return bool(seized) and not any(w in (",", ";", ".") for w in words[seized[-1] + 1:])


#: Verbs of taking or finding things: the weapons after them are a haul, not an attack.
_SEIZING = frozenset({"seized", "seize", "seizing", "seizure", "recovered", "recover", "recovering", "confiscated",
                      "confiscating", "found", "discovered", "captured", "impounded", "surrendered", "handed"})


def _takes_goods(span: Span) -> bool:
    """ "seized four rifles", "captured weapons and ammunition": goods taken (an arrest's or a search's
    haul), not ground taken."""
    if span.text.lower() not in ("seized", "seize", "seizing", "captured", "capture", "capturing"):
        return False
    goods = load_word_sets()["seized_goods"] | load_word_sets()["weapon_noun"]
    for t in span.doc[span.end:min(span.end + 5, span.sent.end)]:
        if t.is_punct or t.lower_ in ("from", "in", "at", "near", "on", "after"):
            return False
        if t.lower_ in goods:
            return True
    return False


def _diplomatic_protest(span: Span) -> bool:
    """ "summoned Turkey's charge d'affaires to protest", "a protest note", "recalled its envoy in
    protest": a protest lodged by a government, not a demonstration (the summoning is the event)."""
    if span.text.lower() not in ("protest", "protests") or span.start == 0:
        return False
    if span.end < len(span.doc) and span.doc[span.end].lower_ in ("note", "notes", "letter", "memorandum"):
        return True  # "handed him a protest note"
    if span.doc[span.start - 1].lower_ not in ("to", "in"):
        return False
    words = {t.lower_ for t in span.sent}
    return bool(words & {"summoned", "summons", "summoning", "lodged", "handed", "delivered", "ambassador",
                         "envoy", "chargé", "charge"})


def _names_a_unit(span: Span) -> bool:
    """ "riot police", "riot gear": the word names a unit or its kit, not a riot."""
    return span.text.lower() == "riot" and span.end < len(span.doc) \
        and span.doc[span.end].lower_ in load_word_sets()["unit_noun"]


def _warns_of_danger(span: Span) -> bool:
    """ "warned of severe overcrowding", "warned that parts of the state were at risk of famine": a
    warning of a danger, not a threat (PLOVER's THREATEN is a threat of one's own act: "warned of
    consequences", "of retaliation", "warned that it would respond")."""
    if span.text.lower() not in ("warned", "warns") or span.end >= len(span.doc):
        return False
    k = span.end
    while k < min(span.end + 4, span.sent.end - 1) and span.doc[k].lower_ in _BETWEEN:
        k += 1  # "warned on Monday that", "warned again that"
    nxt = span.doc[k].lower_
    if nxt == "that":
        clause = [t.lower_ for t in span.doc[k + 1:min(k + 16, span.sent.end)]]
        return not any(w in _WILL for w in clause) and not any(w in load_word_sets()["threat_noun"] for w in clause)
    if nxt not in ("of", "about"):
        return False
    return not any(t.lower_ in load_word_sets()["threat_noun"] for t in span.doc[span.end + 1:span.end + 6])


#: Words between "warned" and its "that": a day, an adverb.
_BETWEEN = frozenset({"on", "late", "early", "last", "this", "again", "also", "previously", "earlier", *_WHEN,
                      "week", "month", "night"})
#: In "warned that ...", the words of a will to act: without one the warning is of a danger.
_WILL = frozenset({"would", "will", "'ll", "wo", "shall", "must", "vowed", "ready", "prepared", "respond",
                   "retaliate", "retaliation", "force", "punish", "strike", "attack", "act"})


#: Nouns for a campaign a side wages, named with its possessor ("the rebels' advance").
_CAMPAIGN_NOUNS = frozenset({"advance", "offensive", "campaign", "war", "insurgency", "bombardment", "siege",
                             "counteroffensive", "counter-offensive"})
#: Nouns that name an incident after its place ("the Riyom attack", "the Bannu bombing").
_INCIDENT_NOUNS = frozenset({"attack", "attacks", "bombing", "bombings", "blast", "massacre", "raid", "shooting",
                             "explosion", "strike", "killings", "ambush", "assault"})


def _told_before(span: Span) -> bool:
    """An incident already told, named again: "The bombing came a day after ..." (what the sentence
    reports is what came before it), "those behind the bombing", "two days before the attack",
    "IS claimed the attack". A first report names its incident with more than "the" ("the bombing
    of a market", "an attack on ...")."""
    if span.start == 0 or span.end >= len(span.doc):
        return False
    prev, nxt = span.doc[span.start - 1], span.doc[span.end]
    # "claimed the attack on Sunday", "Russia's offensive on Monday": a date follows the preposition
    dated = span.end + 1 < len(span.doc) and span.doc[span.end + 1].lower_ in _WHEN + _MONTHS
    if span.start >= 2 and span.doc[span.start - 2].lower_ == "the" and prev.text[:1].isupper() \
            and not prev.is_sent_start and span.text.lower() in _INCIDENT_NOUNS:
        return True  # "suspected of involvement in the Riyom attack": an incident named by its place
    if prev.text in ("'s", "’s", "'", "’") and span.text.lower() in _CAMPAIGN_NOUNS:
        # "the rebels' advance forced ...", "Israel's offensive has since killed ...": a campaign the
        # report names, not an act of the day
        return not dated
    if prev.lower_ not in ("the", "this", "that"):
        return False
    if nxt.lower_ in ("came", "comes", "followed", "follows"):
        return True
    before = span.doc[span.start - 2].lower_ if span.start >= 2 else ""
    if len(span) != 1 or before not in load_word_sets()["referring_word"]:
        return False
    return nxt.lower_ not in load_word_sets()["specifying_word"] or dated


def _stationed(span: Span) -> bool:
    """ "Rwandan troops deployed in the province responded": the participle says where troops are;
    "officers had been deployed": a passive deployment is the response to the news, not news."""
    if span.text.lower() != "deployed" or span.start == 0 or span.end >= len(span.doc):
        return False
    prev, nxt = span.doc[span.start - 1], span.doc[span.end]
    if prev.lower_ in ("been", "were", "was"):
        return True  # "officers had been deployed to the area": a response told in passing, no deployment
    return prev.lower_ in ("troops", "soldiers", "forces", "peacekeepers", "police", "units") \
        and nxt.lower_ in ("in", "at", "along", "across", "on", "near")


_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "stands"})


def _describes_the_accused(span: Span) -> bool:
    """ "three officers accused in the deaths", "a commander accused of war crimes": the participle
    describes who stands accused; nobody accuses anyone in this sentence."""
    if len(span) != 1 or span[0].lower_ != "accused" or span.start == 0 or span.end >= len(span.doc):
        return False
    prev, nxt = span.doc[span.start - 1], span.doc[span.end]
    return nxt.lower_ in ("of", "in", "over") and prev.lower_ not in _AUXILIARIES and prev.is_alpha


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _dated_preposition(span: Span) -> bool:
    """ "a strike on Monday": the preposition that makes "strike on" an attack belongs to a date
    (unless aircraft or drones in the sentence make it an air strike: "a drone strike on Friday")."""
    if len(span) < 2 or span[-1].lower_ not in ("on", "in") or span.end >= len(span.doc):
        return False
    nxt = span.doc[span.end]
    if nxt.lower_ not in _WHEN and nxt.lower_ not in _MONTHS:
        return False
    return not any(t.lower_ in load_word_sets()["air_word"] for t in span.sent)


def _coordinated(doc: Doc, before: TriggerMention, span: Span) -> bool:
    """ "clashes and attacks", "killings or abductions": the second trigger is joined to the first."""
    between = text_of(doc)[before.end:span.start_char].strip().lower()
    return between in ("and", "or")


def _in_clause(doc: Doc, cue_start: int, trigger_start: int) -> bool:
    """True when a clause cue stands shortly before the trigger with no clause break between."""
    if not 0 < trigger_start - cue_start <= CLAUSE_WINDOW:
        return False
    return not any(t.lower_ in _CLAUSE_BREAKS and not _inside_a_word(t) for t in doc[cue_start + 1:trigger_start])


def _inside_a_word(tok: Token) -> bool:
    """A hyphen inside a word ("long-range") is no dash between clauses."""
    return tok.text == "-" and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and not tok.whitespace_
