"""What one sentence holds, gathered from the Doc's annotations, and the article-level context
(focus countries, the lead's date and place, the lead's source) that sentences inherit from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from ..model import Place
from ..nlp.actors import ActorMention
from ..nlp.attribution import Claim
from ..nlp.base import text_of
from ..nlp.dates import DateMention
from ..nlp.numbers import Casualty
from ..nlp.places import PlaceMention, dateline_end
from ..nlp.triggers import TriggerMention

CAPTION = re.compile(r",\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.?\s*$")
CLAUSE_STOPS = frozenset({";", "while", "whereas", "but", "although", "—"})


@dataclass
class Sentence:
    """The annotations inside one sentence."""

    span: Span
    index: int
    actors: list[ActorMention] = field(default_factory=list)
    triggers: list[TriggerMention] = field(default_factory=list)
    places: list[tuple[PlaceMention, Place | None]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    background: bool = False  # set for sentences inside a background passage

    @property
    def caption(self) -> bool:
        """A photo caption: "Police fire tear gas at protesters in X, March 28, 2021." """
        return bool(CAPTION.search(self.text))

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def current_dates(self) -> list[DateMention]:
        return [d for d in self.dates if not d.historical and d.value is not None]

    @property
    def historical(self) -> bool:
        """Only background dates ("in 1994", "in the 1990s") and no current one."""
        return any(d.historical for d in self.dates) and not self.current_dates

    def words(self) -> frozenset[str]:
        """Lower-cased words of the whole sentence."""
        return frozenset(t.lower_ for t in self.span)

    def words_near(self, start: int, end: int, window: int = 10) -> frozenset[str]:
        """Lower-cased words and word pairs of the trigger's clause (``window`` tokens each side,
        stopping at clause breaks)."""
        doc = self.span.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return frozenset()
        lo = span.start
        while lo > self.span.start and span.start - lo < window and doc[lo - 1].text not in CLAUSE_STOPS \
                and doc[lo - 1].lower_ not in CLAUSE_STOPS:
            lo -= 1
        hi = span.end
        while hi < self.span.end and hi - span.end < window and doc[hi].text not in CLAUSE_STOPS \
                and doc[hi].lower_ not in CLAUSE_STOPS:
            hi += 1
        toks = [t.lower_ for t in doc[lo:hi]]
        return frozenset(toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)])


def split_sentences(doc: Doc, resolved: dict[PlaceMention, Place | None]) -> list[Sentence]:
    """Distribute the Doc's annotations over its sentences."""
    sents = [Sentence(s, i) for i, s in enumerate(x for x in doc.sents if x.text.strip())]

    def home(start: int) -> Sentence | None:
        for s in sents:
            if s.start <= start < s.end:
                return s
        return None

    for a in doc._.actors or []:
        if (s := home(a.start)) is not None:
            s.actors.append(a)
    for t in doc._.triggers or []:
        if (s := home(t.start)) is not None:
            s.triggers.append(t)
    for p in doc._.places or []:
        if (s := home(p.start)) is not None:
            s.places.append((p, resolved.get(p)))
    filed = dateline_end(text_of(doc))
    for d in doc._.dates or []:
        if d.end <= filed:
            continue  # "ERBIL, Iraq, Aug. 20 —": the day the report was filed, not an event's date
        if (s := home(d.start)) is not None:
            s.dates.append(d)
    for c in doc._.casualties or []:
        if (s := home(c.start)) is not None:
            s.casualties.append(c)
    for c in doc._.claims or []:
        if (s := home(c.start)) is not None:
            s.claims.append(c)
    mark_background(sents)
    return sents


def mark_background(sents: list[Sentence], lead: int = 2) -> None:
    """Past the lead, a sentence with no current date of its own that is followed by a background
    sentence in the same paragraph belongs to the background passage ("An estimated 30,000 were
    killed when the war ...", followed by "A ceasefire signed in 1994 ...")."""
    for i, s in enumerate(sents[:-1]):
        if i < lead or s.current_dates or s.historical:
            continue
        if sents[i + 1].historical and _same_paragraph(s, sents[i + 1]):
            s.background = True


def _same_paragraph(a: Sentence, b: Sentence) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return "\n" not in text_of(first.span.doc)[first.start:second.start]


def focus_countries(doc: Doc) -> list[str]:
    """Countries the article is about, most named first (actors' countries and named countries)."""
    counts: Counter[str] = Counter()
    for a in doc._.actors or []:
        if a.country:
            counts[a.country] += 2 if a.category == "COUNTRY" else 1
    return [c for c, _ in counts.most_common()]


#: The lead: the sentences whose dates date the article's news.
LEAD = 3


def lead_date(sents: list[Sentence], published: date | None) -> date | None:
    """The date the article's lead gives its news, else the publication date.

    The day of an act comes before the day it was reported ("killed 12 people in a night raid, the
    army said on Thursday. The attackers fell on homes late on Tuesday"): Tuesday. A lead that gives
    no day at all is dated by the first act the next sentences date ("... came down from a hilltop
    outpost shortly after dusk on Tuesday")."""
    def days(window: list[Sentence]) -> list[tuple[bool, date]]:
        return [(speech_date(text_of(s.span.doc), d), d.value) for s in window for d in s.current_dates
                if d.value is not None and d.precision == 1 and not d.relative_to_previous]

    lead = days(sents[:LEAD])
    if lead:
        return next((day for speech, day in lead if not speech), lead[0][1])
    return next((day for speech, day in days(sents[LEAD:2 * LEAD]) if not speech), published)


_SPEECH_DATE = re.compile(r"\b(?:said|says|reported|announced|stated|added|confirmed|told\s+(?:reporters|[A-Z]\w+))"
                          r"(?:\s+(?:in|at)\s+an?\s+(?:statement|briefing|news\s+conference|press\s+conference|"
                          r"video|post|interview))?\s+(?:on\s+|late\s+|early\s+)?$")


# "In a statement on Monday, ...", "In a statement read on state television late on Monday, ...".
_PUBLISHED_DATE = re.compile(r"\b(?:in|via|by)\s+an?\s+(?:statement|communiqu[eé]|video|post|message|briefing)"
                             r"(?:\s+(?:read|issued|released|published|posted|broadcast|aired|circulated)\b[^,.;]{0,45}?)?"
                             r"\s+(?:on\s+|late\s+on\s+|early\s+on\s+|late\s+|early\s+)?$", re.IGNORECASE)


def speech_date(text: str, x: DateMention) -> bool:
    """ "the army said on Thursday", "said in a statement on Monday", "in a statement read on state
    television late on Monday": the date of a report, not of its act."""
    before = text[max(0, x.start - 90):x.start]
    return bool(_SPEECH_DATE.search(before[-50:]) or _PUBLISHED_DATE.search(before))
