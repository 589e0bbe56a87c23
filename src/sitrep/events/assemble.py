"""The events step: an annotated Doc and its Article in, the article's Event records out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from spacy.tokens import Doc

from ..model import Article, Event, Place
from ..nlp.places import PlaceMention
from .builder import Draft, event_date, is_conflict_article, make_event, verbal_drafts, violent_drafts
from .context import Sentence, focus_countries, lead_date, split_sentences
from .notes import write_notes
from .taxonomy import VIOLENT_TYPES

#: Resolves place names to gazetteer entries given the article's focus countries.
Resolve = Callable[[Sequence[str], Sequence[str]], dict[str, Place | None]]
#: Returns a country's seat of government, for statements that name no place.
Capital = Callable[[str], Place | None]


def extract_events(doc: Doc, article: Article, resolve: Resolve, capital: Capital) -> list[Event]:
    """Turn one annotated article into events, merged within the article."""
    focus = focus_countries(doc)
    places: list[PlaceMention] = doc._.places or []
    resolved = resolve([p.text for p in places], focus) if places else {}
    sents = split_sentences(doc, resolved)
    conflict = is_conflict_article(sents)
    anchor = lead_date(sents, article.published)
    default_claim = next((c.text for s in sents[:2] for c in s.claims), None)
    last_place: tuple[PlaceMention, Place] | None = _first_place(sents)
    events: list[Event] = []
    for s in sents:
        drafts = violent_drafts(s, conflict) + verbal_drafts(s)
        own_claim = s.claims[0].text if s.claims else None
        for d in drafts:
            if d.place is None:
                d.place = _statement_place(d, capital) if d.trigger.entry.role == "verbal" else last_place
                d.inherited_place = d.trigger.entry.role != "verbal"
            when = event_date(d, anchor, article.published)
            events.append(make_event(d, article, when, own_claim or default_claim))
        located = [d.place for d in drafts if d.place and not d.inherited_place]
        if located:
            last_place = located[-1]
        elif s.places and any(g is not None and g.geo_precision < 3 for _, g in s.places):
            last_place = next((p, g) for p, g in s.places if g is not None and g.geo_precision < 3)
        day = next((e.event_date for e in events[::-1] if e.evidence[0].start == s.start), None)
        if day and not any(d.dates for d in [s] if d.historical):
            anchor = date.fromisoformat(day)
    merged = merge_within_article(events)
    for e in merged:
        e.confidence = confidence(e)
        e.notes = write_notes(e)
    return merged


def _first_place(sents: list[Sentence]) -> tuple[PlaceMention, Place] | None:
    for s in sents[:3]:
        located = [(p, g) for p, g in s.places if g is not None and p.alias_of is None]
        precise = [x for x in located if x[1].geo_precision < 3]
        if precise or located:
            return (precise or located)[0]
    return None


def _statement_place(d: Draft, capital: Capital) -> tuple[PlaceMention, Place] | None:
    """A statement is placed where its speaker sits: the seat of the speaker's government."""
    for a in d.sentence.actors:
        if a.start <= d.trigger.start and a.country:
            seat = capital(a.country)
            if seat is not None:
                return PlaceMention(a.start, a.end, a.text, False), seat
    return None


def merge_within_article(events: list[Event]) -> list[Event]:
    """One event per incident: same kind, place and date reported twice in one article merge."""
    out: list[Event] = []
    index: dict[tuple[object, ...], Event] = {}
    for e in events:
        kind = e.event_type or e.plover_type
        key = (kind, e.location, e.event_date, e.historical)
        if e.location is None or e.event_type not in VIOLENT_TYPES:
            key = key + (e.evidence[0].start,)
        first = index.get(key)
        if first is None:
            index[key] = e
            out.append(e)
            continue
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
    return round(min(score, 0.95), 2)
