"""The events step: an annotated Doc and its Article in, the article's Event records out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from spacy.tokens import Doc

from ..geo.distance import great_circle_km
from ..geo.fold import fold, match_key
from ..ml.coder import Prediction
from ..model import Article, Event, Evidence, Place
from ..nlp.base import text_of
from ..nlp.places import PlaceMention
from .builder import (
    Draft,
    event_date,
    is_commemoration,
    is_conflict_article,
    is_off_topic,
    make_event,
    verbal_drafts,
    violent_drafts,
)
from .coding import arbitrate, model_drafts, review
from .context import Sentence, focus_countries, lead_date, split_sentences
from .notes import write_notes
from .taxonomy import STATE, VIOLENT_TYPES


class Geo(Protocol):
    """What the events step asks of the geoparser."""

    def resolve(self, names: Sequence[str], focus: Sequence[str]) -> dict[str, Place | None]:
        """Resolve place names given the article's focus countries (ISO3, most named first)."""

    def capital(self, iso3: str) -> Place | None:
        """A country's seat of government, for statements that name no place."""

    def region_of(self, place: Place) -> Place | None:
        """The first-level region a place lies in ("the region of Bryansk" is not the city)."""

    def region_named(self, name: str, focus: Sequence[str]) -> Place | None:
        """A first-level region called ``name`` ("Niger state" is not the country Niger)."""

    def seat(self, organisation: str) -> Place | None:
        """Where an international organisation sits (the UN: New York)."""


@dataclass
class Found:
    """An event with what the in-article passes need to know about how it was found."""

    event: Event
    sentence: Sentence
    priority: int
    outcome_only: bool  # only casualty words, no act ("Two other soldiers were injured.")
    dated: bool  # its date is written in its own sentence
    trigger_start: int = 0  # character offsets of the trigger, for narrower supporting evidence
    trigger_end: int = 0
    relocated: bool = False  # a later sentence named its place ("the attack took place in X")
    detail_only: bool = False  # the model reads no event in its sentence: it may only add to one told before


class SentenceCoder(Protocol):
    """What the events step asks of the learned coder (``sitrep.ml.Coder``)."""

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Code each sentence."""


#: A populated place outside every country the article is about, smaller than this, is taken for
#: a namesake of a place the gazetteer lacks rather than for the place meant (a Haitian hamlet is no
#: French village of 6,800; Tovuz, 12,600, may well be the Azerbaijani town of an Armenian story).
SMALL_ABROAD = 10_000
#: ... and one smaller than this whose name does not even fold to the name written ("the hamlet of
#: Jol" in a Plateau story is not Jolo in the Philippines, "Koui" no Thai Kui Buri; "Hodeidah" does
#: fold to Al Ḩudaydah).
BIG_ABROAD = 1_000_000


def extract_events(doc: Doc, article: Article, geo: Geo, coder: SentenceCoder | None = None) -> list[Event]:
    """Turn one annotated article into events, merged within the article.

    Args:
        doc: the annotated article.
        article: its record.
        geo: the gazetteer and resolver.
        coder: the learned coder, if one is loaded: it codes the sentences that name an actor, a
            trigger or a source, and joins the rules as ``events/coding.py`` describes.
    """
    focus = focus_countries(doc)
    places: list[PlaceMention] = doc._.places or []
    resolved = geo.resolve([p.text for p in places], focus) if places else {}
    by_mention: dict[PlaceMention, Place | None] = {}
    # the story's countries: its actors', and those of the countries, regions and cities it names (by
    # their own names: a town that only resembles the name written vouches for nothing)
    story = set(focus) | {g.country for name, g in resolved.items() if g is not None and (
        g.feature_class == "A" or (g.population >= SMALL_ABROAD and match_key(g.name) == match_key(name)))}
    for p in places:
        g = resolved.get(p.text)
        abroad = bool(story) and g is not None and g.country not in story and g.feature_class == "P"
        unlike = g is not None and match_key(g.name) != match_key(p.text)
        if g is not None and (g.feature_code in ("CONT", "OCN") or (abroad and (
                g.population < SMALL_ABROAD or (unlike and g.population < BIG_ABROAD)))):
            # a continent or an ocean places no event ("chanting 'Georgia is Europe'"), and "the Vake district" of a
            # Tbilisi story is no German hamlet of 1,400 people
            g = None
        elif g is not None and p.region and g.feature_class == "P":
            g = geo.region_of(g) or g
        elif g is not None and p.region and g.feature_code == "PCLI":
            g = geo.region_named(p.text, focus)
        by_mention[p] = g
    sents = split_sentences(doc, by_mention)
    conflict = is_conflict_article(sents)
    off_topic = is_off_topic(sents)
    anchor = lead_date(sents, article.published)
    last_place = _first_place(sents)
    found: list[Found] = []
    last_claim: str | None = None
    named_sources: list[str] = []
    dateline = next((g for s in sents[:1] for p, g in s.places if p.dateline and g is not None
                     and g.feature_class == "P"), None)
    remembered = is_commemoration(sents)
    by_rules = {s.index: violent_drafts(s, conflict, off_topic, remembered) + verbal_drafts(s)
                for s in sents if not s.caption}
    # Where the rules code nothing in the whole article, the model is the coder; elsewhere it reviews
    # the rules' drafts (and only their sentences need embedding).
    rules_silent = not any(by_rules.values())
    predictions = _predict(coder, [s for s in sents if by_rules.get(s.index) or rules_silent])
    for s in sents:
        if s.caption:
            continue
        drafts = by_rules[s.index]
        prediction = predictions.get(s.index)
        if prediction is not None:
            if drafts:
                drafts = arbitrate(drafts, prediction)
                review(drafts, prediction)
            else:
                drafts = model_drafts(s, prediction, off_topic)
        # "The ministry added that ...", "he said": the source named last before; a sentence with no
        # source at all is told on the authority of the last source named earlier in its paragraph.
        own = s.claims[0] if s.claims else None
        if own is not None and not own.anaphoric:
            last_claim = _full_name(own.text, named_sources)
            named_sources.append(last_claim)
        claim = last_claim if own is not None else _paragraph_claim(sents, s)
        for d in drafts:
            verbal = d.trigger.entry.role == "verbal"
            if d.place is None:
                d.place = (_topic_place(d) or _venue_place(d) or _statement_place(d, geo) or _sentence_place(d)
                           or _story_seat(d, geo, focus) or last_place) if verbal else \
                    _unnamed_place(s, last_place, geo, found) or last_place
                d.inherited_place = not verbal
            if d.place is not None and dateline is not None and d.place[1].feature_code == "PCLI" \
                    and d.place[1].country == dateline.country and not verbal:
                # "in northern Pakistan" under a PESHAWAR dateline: the dateline city, as "near" it.
                d.place = (d.place[0], replace(dateline, precision=2))
            when = event_date(d, anchor, article.published)
            event = make_event(d, article, when, claim)
            if not verbal and not event.historical:
                event.historical = _stale(event, article.published)
            outcome_only = d.trigger.entry.role == "outcome"
            found.append(Found(event, s, d.trigger.entry.priority, outcome_only, bool(s.current_dates),
                               d.trigger.start, d.trigger.end, detail_only=d.detail_only))
        # Where the story now is: the places of this sentence's current acts, else the most precise
        # place it names; background sentences ("seized power in 2021 in Myanmar") move nothing.
        current = [f.event for f in found if f.sentence is s and not f.event.historical and not f.detail_only]
        located = [d.place for d in drafts if d.place and not d.inherited_place and d.trigger.entry.role != "verbal"
                   and any(e.location == d.place[1].name for e in current)]
        named = sorted(((p, g) for p, g in s.places if g is not None and p.locus and p.alias_of is None),
                       key=lambda x: x[1].geo_precision)
        if located:
            last_place = located[-1]
        elif named and not (s.historical or s.background or (drafts and not current)):
            last_place = named[0]
        moved = _relocate(found, s, explicit=bool(RELOCATE.search(s.text)))
        if moved is not None:
            last_place = moved
        if s.current_dates and not s.historical:
            day = next((f.event.event_date for f in found[::-1] if f.sentence is s and not f.event.historical), None)
            if day:
                anchor = date.fromisoformat(day)
    found = attach_follow_ups(found, sents)
    merged = merge_within_article([f.event for f in found], text_of(doc))
    for e in merged:
        e.confidence = confidence(e)
        e.notes = write_notes(e)
    return merged


def _predict(coder: SentenceCoder | None, sents: list[Sentence]) -> dict[int, Prediction]:
    """The model's codes for the sentences worth asking about (a named actor, a trigger, a source or
    a casualty figure), in one batch."""
    if coder is None:
        return {}
    asked = [s for s in sents if not s.caption and (s.actors or s.triggers or s.claims or s.casualties)]
    return {s.index: p for s, p in zip(asked, coder.predict([s.text for s in asked]), strict=True)}


#: "a village in the region", "several villages nearby": a place the report does not name.
UNNAMED_PLACE = re.compile(r"\b(?:a|an|one|two|three|four|five|several|some|many|other|nearby)\s+(?:\w+\s+)?"
                           r"(?:village|villages|town|towns|settlement|settlements|hamlet|hamlets|locality)\b"
                           r"(?!\s+(?:of|called|named)\b)", re.IGNORECASE)


def _unnamed_place(s: Sentence, last: tuple[PlaceMention, Place] | None, geo: Geo,
                   found: list[Found]) -> tuple[PlaceMention, Place] | None:
    """An unnamed village or town, in a sentence that names no place, once an event at the place the story
    is at has been told: another place in that place's region, not that place itself (so the two events
    stay apart). Before that ("seized a town", in a lead that names it later) it is the story's place."""
    if last is None or s.places or not UNNAMED_PLACE.search(s.text) or last[1].feature_code == "ADM1":
        return None
    if not any(f.event.location == last[1].name and not f.event.historical for f in found):
        return None
    region = geo.region_of(last[1])
    return (last[0], region) if region is not None else None


#: "the attack took place in X", "The area where the incident happened, X, ...": X is where the
#: incident already reported happened.
RELOCATE = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:attack|incident|strike|blast|explosion|assault|ambush|"
                      r"raid|shelling|bombing|clash(?:es)?|fighting|killings?)\b[^.;]{0,40}?\b"
                      r"(?:took place|happened|occurred)\b", re.IGNORECASE)


def _relocate(found: list[Found], s: Sentence, explicit: bool) -> tuple[PlaceMention, Place] | None:
    """Move the latest incident to a more precise place a later sentence gives for it.

    Args:
        found: events so far.
        s: the sentence that may name the place.
        explicit: the sentence says so ("the attack took place in X"); otherwise a town is taken
            only for an event placed at the region the town lies in, and only from a sentence that
            speaks of violence at all.
    """
    places = [(p, g) for p, g in s.places if g is not None and p.alias_of is None and p.locus]
    target = next((f for f in reversed(found) if f.event.event_type in VIOLENT_TYPES
                   and not f.event.historical and f.sentence is not s), None)
    if not places or target is None:
        return None
    e = target.event
    p, best = min(places, key=lambda x: x[1].geo_precision)
    if explicit:
        ok = (e.country is None or best.country == e.country) and (
            e.geo_precision is None or best.geo_precision < e.geo_precision
            or (e.geo_precision >= 2 and best.geo_precision <= e.geo_precision))
    else:
        violent = any(t.entry.role != "verbal" for t in s.triggers)
        inside = _in_region(best.admin1, e) if best.admin1 else _km_to(best, e) <= REGION_KM
        ok = violent and e.geo_precision == 3 and best.geo_precision == 1 and best.country == e.country and inside
    if not ok:
        return None
    # The whole incident moves: every current event that stood at the target's place (the lead and
    # the detail sentences that inherited its place).
    old = (e.location, e.event_date)
    for f in found:
        g = f.event
        if f is not target and ((g.location, g.event_date) != old or g.historical or f.sentence is s
                                or g.event_type not in VIOLENT_TYPES):
            continue
        for name in ("admin1", "admin2", "latitude", "longitude", "geonameid"):
            setattr(g, name, getattr(best, name))
        g.location, g.country, g.geo_precision = best.name, best.country, best.geo_precision
        f.relocated = True
        if s.start != g.evidence[-1].start:
            g.evidence.append(clause_evidence(g.article_id, s, p.start, p.end))
    return p, best


#: Where the gazetteer does not say which region a town is in, a town this close (km) to the
#: region's point counts as inside it.
REGION_KM = 150.0


def _km_to(place: Place, e: Event) -> float:
    if e.latitude is None or e.longitude is None:
        return float("inf")
    return great_circle_km(place.latitude, place.longitude, e.latitude, e.longitude)


def _in_region(admin1: str | None, region: Event) -> bool:
    """Whether a place with first-level region ``admin1`` lies in the region an event is placed at."""
    names = {fold_name(region.location or ""), fold_name(region.admin1 or "")} - {""}
    return fold_name(admin1 or "") in names


def fold_name(name: str) -> str:
    """Compare region names loosely: "Sagaing Region" ~ "Sagaing", "Bryansk Oblast" ~ "Bryansk"."""
    words = [w for w in fold(name).replace("-", " ").split() if w not in REGION_WORDS]
    return " ".join(words)


REGION_WORDS = frozenset({"region", "oblast", "province", "state", "governorate", "division", "republic",
                          "district", "county", "krai", "territory"})


#: Kinds of event that one incident report may continue over several sentences.
INCIDENT_TYPES = VIOLENT_TYPES | {"Protests"}
LOOTING = "Looting/property destruction"

#: Reports of something this many days before publication are background, not news.
STALE_DAYS = 7


def _stale(e: Event, published: date | None) -> bool:
    if e.event_date is None or published is None:
        return False
    span_days = {1: 0, 2: 7}.get(e.time_precision, 31)
    return (published - date.fromisoformat(e.event_date)).days > STALE_DAYS + span_days


def attach_follow_ups(found: list[Found], sents: list[Sentence]) -> list[Found]:
    """Fold sentences that add detail to an incident already reported into that incident.

    - Casualty-only sentences ("Two other soldiers were injured.") add their figures (and a date
      written there) to the latest violent event instead of becoming events of their own.
    - A later, weaker report at the same place and date ("he said they decided to attack X")
      joins the stronger one.
    - A region-level event takes the town a later sentence names for it ("the attack took place in
      X"), when the town lies in the same country.
    """
    out: list[Found] = []
    for f in found:
        e = f.event
        current = next((g for g in reversed(out) if g.event.event_type in INCIDENT_TYPES
                        and not g.event.historical), None)
        if current is not None and e.sub_event_type == LOOTING and not e.historical \
                and current.event.event_type in VIOLENT_TYPES and e.event_date == current.event.event_date \
                and (_inherited(f) or e.location == current.event.location or _km(e, current.event) <= NEAR_KM):
            _absorb(current, f)  # homes torched in a raid are the raid: ACLED codes destruction alone only
            continue
        if current is None or e.event_type not in INCIDENT_TYPES or e.historical:
            if not f.detail_only:
                out.append(f)
            continue
        c = current.event
        same_day = e.event_date == c.event_date
        same_place = e.location is None or e.location == c.location or _km(e, c) <= NEAR_KM
        refines_place = (c.geo_precision == 3 and e.geo_precision is not None and e.geo_precision < 3
                         and e.country == c.country and (f.relocated or not _inherited(f))
                         and (_in_region(e.admin1, c) if e.admin1 else _km(e, c) <= REGION_KM))
        if (f.outcome_only or f.detail_only) and (same_place or _inherited(f)) and (same_day or not f.dated):
            _absorb(current, f)
            continue
        if f.detail_only:
            continue
        if GENERIC_PLACE.search(f.sentence.text):
            out.append(f)  # "a village in the region was shelled": another place, another incident
            continue
        if _inherited(f) and (same_day or not current.dated):
            _absorb(current, f)  # no place of its own, same day: more about the same incident
            continue
        if refines_place and e.event_date == c.event_date and f.priority <= current.priority + 20:
            for name in ("location", "admin1", "admin2", "latitude", "longitude", "geo_precision", "geonameid"):
                setattr(c, name, getattr(e, name))
            _absorb(current, f)
            continue
        demos = {e.event_type in _DEMONSTRATIONS, c.event_type in _DEMONSTRATIONS}
        if e.location == c.location and same_day and (
                (f.priority < current.priority and len(demos) == 1) or demos == {True}):
            if f.priority > current.priority:  # the stronger report names the incident
                _recode(c, e)
            _absorb(current, f)
            continue
        out.append(f)
    return out


#: A crowd's protest or riot and an armed clash the same day are two incidents, whatever the words' weight.
_DEMONSTRATIONS = frozenset({"Protests", "Riots"})
#: "a village in the region", "another town": a second, unnamed place, so a second incident (but
#: "families from nearby villages had sheltered there" is where people came from).
GENERIC_PLACE = re.compile(r"(?<!\bfrom )\b(?:a|another|one|several|two|three|nearby|other)\s+(?:\w+\s+)?"
                           r"(?:village|town|city|district|area|settlement|neighbou?rhood|camp)s?\b", re.IGNORECASE)
#: Events closer than this (km) are at "the same place" for in-article merging.
NEAR_KM = 25.0


def _km(a: Event, b: Event) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return float("inf")
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _inherited(f: Found) -> bool:
    return not any(g is not None and g.name == f.event.location for _, g in f.sentence.places)


def _recode(c: Event, e: Event) -> None:
    for name in ("event_type", "sub_event_type", "plover_type", "cameo_code"):
        setattr(c, name, getattr(e, name))


def clause_evidence(article_id: str, s: Sentence, start: int, end: int) -> Evidence:
    """Supporting evidence: the clause of ``s`` around ``start:end`` (the words that add a detail to
    an incident reported elsewhere), not the whole sentence."""
    text = text_of(s.span.doc)
    lo, hi = start, end
    while lo > s.start and text[lo - 1] not in CLAUSE_MARKS:
        lo -= 1
    while hi < s.end and text[hi] not in CLAUSE_MARKS:
        hi += 1
    if hi - lo < MIN_CLAUSE and lo > s.start:  # "..., Arauquita, ...": take the clause before too
        lo -= 1
        while lo > s.start and text[lo - 1] not in CLAUSE_MARKS:
            lo -= 1
    while lo < hi and text[lo].isspace():
        lo += 1
    return Evidence(article_id, text[lo:hi], lo, hi)


CLAUSE_MARKS = frozenset(",;:—()“”\"")
MIN_CLAUSE = 25


def _absorb(into: Found, f: Found) -> None:
    c, e = into.event, f.event
    if not any(ev.start <= f.trigger_start < ev.end for ev in c.evidence):
        c.evidence.append(clause_evidence(c.article_id, f.sentence, f.trigger_start, f.trigger_end))
    # A definite figure replaces a vague one ("dozens" -> "up to 100").
    vague = c.fatalities_lower_bound and not e.fatalities_lower_bound
    if e.fatalities is not None and (c.fatalities is None or (vague and e.fatalities > c.fatalities)):
        c.fatalities, c.fatalities_lower_bound = e.fatalities, e.fatalities_lower_bound
    if e.injuries is not None and c.injuries is None:
        c.injuries = e.injuries
    if f.dated and not into.dated and e.event_date:
        c.event_date, c.time_precision = e.event_date, e.time_precision
        into.dated = True


def _full_name(source: str, earlier: list[str]) -> str:
    """ "the defense ministry stated" after "Azerbaijani Defense Ministry said": the same source."""
    if source[:1].isupper():
        return source
    return next((e for e in reversed(earlier) if e.lower().endswith(source.lower())), source)


def _paragraph_claim(sents: list[Sentence], s: Sentence) -> str | None:
    text = text_of(s.span.doc)
    for prev in reversed(sents[:s.index]):
        if "\n" in text[prev.end:s.start]:
            return None
        named = [c for c in prev.claims if not c.anaphoric]
        if named:
            return named[0].text
    return None


def _first_place(sents: list[Sentence]) -> tuple[PlaceMention, Place] | None:
    """The article's first precise place (else its first place): where undated, unplaced acts go.
    A dateline counts here, though never as the place of the sentence it opens."""
    located = [(p, g) for s in sents for p, g in s.places
               if g is not None and p.alias_of is None and (p.locus or p.dateline)]
    precise = [x for x in located if x[1].geo_precision < 3]
    choice = precise or located
    return choice[0] if choice else None


def _topic_place(d: Draft) -> tuple[PlaceMention, Place] | None:
    """ "called for a ceasefire in Sudan": the place named in the statement's own clause, after it."""
    if d.trigger.entry.plover_type not in TOPIC_PLACED:
        return None
    text = text_of(d.sentence.span.doc)
    for p, g in d.sentence.places:
        if g is None or not p.locus or p.alias_of is not None or p.start < d.trigger.end:
            continue
        between = text[d.trigger.end:p.start]
        if len(between) <= TOPIC_REACH and not TOPIC_BREAK.search(between):
            return p, g
    return None


#: Statements whose place is what they are about: calls for a ceasefire somewhere, talks held somewhere.
#: A rejection, accusation or threat is placed where it was made.
TOPIC_PLACED = frozenset({"REQUEST", "CONSULT", "AGREE"})
TOPIC_REACH = 60
TOPIC_BREAK = re.compile(r"[;,]|\b(?:as|while|but|after|because|when|that|and said)\b")


# Where a statement was made: "at a briefing in Benghazi", "told reporters in Goma", "speaking in Doha".
_VENUE = re.compile(r"\b(?:briefing|conference|told reporters|speaking|speech|interview|address|summit|visit)\s+"
                    r"(?:\w+\s+){0,2}?(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)


def _venue_place(d: Draft) -> tuple[PlaceMention, Place] | None:
    """The place a statement's sentence names as the venue where it was made."""
    text = text_of(d.sentence.span.doc)
    for p, g in d.sentence.places:
        if g is not None and p.alias_of is None and _VENUE.search(text[max(d.sentence.start, p.start - 60):p.start]):
            return p, g
    return None


def _sentence_place(d: Draft) -> tuple[PlaceMention, Place] | None:
    """A statement about a place ("called for a ceasefire in Sudan") or made at one is placed there."""
    named = [(p, g) for p, g in d.sentence.places if g is not None and p.locus and p.alias_of is None]
    return min(named, key=lambda x: abs(x[0].start - d.trigger.start)) if named else None


def _statement_place(d: Draft, geo: Geo) -> tuple[PlaceMention, Place] | None:
    """A statement is placed where its speaker sits: the seat of the speaker's government, or of
    the international organisation that made it."""
    before = [a for a in d.sentence.actors if a.start <= d.trigger.start]
    for a in sorted(before, key=lambda x: d.trigger.start - x.start):
        seat = geo.capital(a.country) if a.country else geo.seat(a.name)
        if seat is not None:
            return PlaceMention(a.start, a.end, a.text, False), seat
    return None


def _story_seat(d: Draft, geo: Geo, focus: Sequence[str]) -> tuple[PlaceMention, Place] | None:
    """A state body named without its country, in a sentence that names no place ("the defence
    ministry denied ..."), speaks from the capital of the story's country."""
    speaker = next((a for a in d.sentence.actors if a.start <= d.trigger.start and a.category in STATE
                    and not a.country), None)
    seat = geo.capital(focus[0]) if speaker is not None and focus else None
    return (PlaceMention(speaker.start, speaker.end, speaker.text, False), seat) if speaker and seat else None


def merge_within_article(events: list[Event], text: str) -> list[Event]:
    """One event per incident: the same kind of act at one place and date reported twice in an
    article, or the same kind of statement in consecutive sentences, merge. (Protests in two towns
    told in one sentence are two events.)"""
    out: list[Event] = []
    index: dict[tuple[object, ...], Event] = {}
    last_statement: dict[tuple[str, bool], Event] = {}
    for e in events:
        first: Event | None
        if e.event_type is None:
            kind = (e.plover_type, e.historical)
            first = last_statement.get(kind)
            same_sentence = first is not None and first.evidence[-1].start == e.evidence[0].start
            adjacent = first is not None and not text[first.evidence[-1].end:e.evidence[0].start].strip()
            if not (same_sentence or adjacent):
                first = None
            last_statement[kind] = first or e
        else:
            key: tuple[object, ...] = (e.event_type, e.location, e.event_date, e.historical)
            if e.location is None:
                key = key + (e.evidence[0].start,)
            first = index.get(key)
            if first is None:
                index[key] = e
        if first is None:
            out.append(e)
            continue
        if first.evidence[-1].start != e.evidence[0].start:
            first.evidence.extend(e.evidence)
        for name in ("fatalities", "injuries"):
            if getattr(e, name) is not None and (getattr(first, name) or 0) < getattr(e, name):
                setattr(first, name, getattr(e, name))
        for name in ("actor1", "actor1_country", "actor2", "actor2_country", "claimed_by"):
            if getattr(first, name) is None:
                setattr(first, name, getattr(e, name))
    return out


def confidence(e: Event) -> float:
    """A 0-1 score from how much of the record the text supports directly."""
    score = 0.45
    score += 0.15 if e.actor1 else 0.0
    score += 0.15 if e.latitude is not None else 0.0
    score += 0.05 if e.geo_precision == 1 else 0.0
    score += 0.05 if e.event_date else 0.0
    score += 0.05 if e.claimed_by else 0.0
    score += 0.05 * min(2, len(e.evidence) - 1)
    score += _CODING.get(e.coded_by, 0.0)
    return round(min(max(score, 0.05), 0.99), 2)


#: How the learned coder's view of an event's code moves its confidence.
_CODING = {"rules+model": 0.10, "rules, model disagrees": -0.10, "model": -0.05}
