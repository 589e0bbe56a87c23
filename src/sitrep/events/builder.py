"""Sentences to events: pick the triggers that report real, current, political events, give each
its place (one event per incident and place), date, actors, figures and source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..model import Article, Event, Evidence, Place, stable_hash
from ..nlp.actors import ActorMention
from ..nlp.base import text_of
from ..nlp.dates import resolve_anchor
from ..nlp.lexicon import load_countries, load_word_sets, lookup_country
from ..nlp.numbers import Casualty, load_casualty_words
from ..nlp.places import PlaceMention
from ..nlp.triggers import TriggerMention, cue_patterns
from .context import LEAD, Sentence, speech_date
from .taxonomy import (
    CIVILIAN_WORDS,
    CIVILIANS_ATTACKED,
    EXCESSIVE_FORCE,
    PROTEST_WORDS,
    SHELLING,
    TWO_SIDED,
    UNDER_FIRE,
    Code,
    refine,
)

BLOCKING_CUES = frozenset({"negation", "hypothetical", "habitual", "caveat", "nonpolitical", "metaphor",
                           "cumulative"})
#: A background date ("in 1994", "since April last year") this close to a trigger (in characters)
#: makes its event background even when the sentence also has a current date.
HISTORY_REACH = 80
#: A violent word this close after a statement word is what the statement is about
#: ("called for a cessation of hostilities", "accused the RSF of killing"), not an event report.
STATEMENT_SCOPE = 12


@dataclass
class Draft:
    """An event being assembled from one sentence."""

    sentence: Sentence
    trigger: TriggerMention
    code: Code
    place: tuple[PlaceMention, Place] | None = None
    inherited_place: bool = False
    absorbed: list[TriggerMention] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    coded_by: str = "rules"  # who chose the code: rules, model, or both (events/coding.py)
    model_note: str = ""
    detail_only: bool = False  # may only add detail to an incident told before (events/coding.py)


# "Roadside bombs ... have killed dozens of police officers in recent years": a running toll over a
# period, told in the present perfect, is background however its act is worded.
_PERFECT_TOLL = re.compile(r"\b(?:have|has)\s+(?:\w+\s+){0,2}?(?:killed|wounded|injured|displaced|abducted|"
                           r"carried out|launched|staged|mounted|conducted|struck|hit|shelled|attacked|raided)\b",
                           re.IGNORECASE)
_PERIOD = re.compile(r"\b(?:in recent (?:years|months|weeks)|over the (?:past|last) (?:\w+ )?(?:years|months|decade)|"
                     r"since (?:19|20)\d\d|(?:has|have) since)\b", re.IGNORECASE)


# "Drone attacks have forced hundreds of families to abandon their farms": what a run of acts has
# done, told without a day of its own, is background.
_PATTERN_EFFECT = re.compile(r"\b(?:attacks|strikes|raids|clashes|bombings|killings|abductions|kidnappings|incursions)"
                             r"\s+(?:\w+\s+){0,3}?(?:have|has)\s+(?:\w+\s+)?(?:forced|driven|pushed|prompted|"
                             r"disrupted|emptied|made|left|cut off|paralysed|paralyzed)\b", re.IGNORECASE)


def _running_toll(s: Sentence) -> bool:
    text = s.text
    if not s.current_dates and _PATTERN_EFFECT.search(text):
        return True
    if not _PERFECT_TOLL.search(text):
        return False
    # "the deadliest attack in recent months" compares one incident with the period; it tells no toll
    return any(not _SUPERLATIVE.search(text[max(0, m.start() - 30):m.start()]) for m in _PERIOD.finditer(text))


_SUPERLATIVE = re.compile(r"\b(?:\w+est|worst|most \w+|first|biggest|largest)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_HABITUAL_STATEMENT = re.compile(r"\b(?:repeatedly|often|frequently|regularly|routinely|long|always|in the past|"
                                 r"consistently|persistently|previously)\s+"
                                 r"(?:(?:in\s+)?(?:recent\s+)?\w+\s+)?$", re.IGNORECASE)


def usable(t: TriggerMention, s: Sentence, conflict_article: bool) -> bool:
    """Whether a trigger reports a real, current, political event."""
    cues = t.cues
    if t.entry.role == "verbal":
        if _HABITUAL_STATEMENT.search(text_of(s.span.doc)[max(s.start, t.start - 40):t.start]):
            return False  # "has repeatedly warned", "has long denied": a standing position, not news
        return "negation" not in cues or t.entry.plover_type in ("THREATEN", "REJECT")
    if cues & BLOCKING_CUES or _running_toll(s):
        return False
    if t.entry.strength == "strong":
        return True
    armed = any(a.armed for a in s.actors)
    if t.entry.plover_type == "PROTEST" and _protest_context(t, s):
        return True
    return armed or conflict_article


def _protest_context(t: TriggerMention, s: Sentence) -> bool:
    """ "thousands of people marched ... against the bill": people who protest, not a currency that
    rallies against the dollar (a protest needs no armed actor)."""
    if any(a.category in ("PROTESTERS", "RIOTERS") and not a.start <= t.start < a.end for a in s.actors):
        return True  # protesters named beside the act; the trigger word alone ("demonstrators") is no act
    words, sets = s.words(), load_word_sets()
    persons = load_casualty_words().persons
    people = bool(words & sets["crowd"]) or any(w in persons or (w.endswith("s") and w[:-1] in persons)
                                                for w in words)
    return people and bool(s.words_near(t.start, t.end) & sets["protest_context"])


#: Cue kinds that mark a whole article as sport, business or fiction when two of them appear.
GENRE_CUES = frozenset({"metaphor"})


def is_off_topic(sents: list[Sentence]) -> bool:
    """Sport, markets, reviews: two or more metaphor cues across the article."""
    hits = {t.start for s in sents for t in s.triggers if t.cues & GENRE_CUES}
    cue_words = sum(1 for s in sents for w in s.words() if w in _GENRE_WORDS)
    return len(hits) >= 1 and cue_words >= 2


def is_commemoration(sents: list[Sentence]) -> bool:
    """An anniversary, memorial or victory-day story: its lead (the first two sentences) names the
    commemoration. In such a story an act of violence with no date of its own is remembered, not
    reported ("The shelling did not stop for a minute," the veteran said)."""
    lead = " ".join(s.text for s in sents[:LEAD_SENTENCES])
    return any(pattern.search(lead) for pattern, scope in cue_patterns(frozenset({"anniversary"}))
               if scope == "sentence")


def is_conflict_article(sents: list[Sentence]) -> bool:
    """An article that reports armed conflict: a strong act, or an armed actor beside an act."""
    for s in sents:
        for t in s.triggers:
            if t.entry.role == "verbal" or t.cues & BLOCKING_CUES:
                continue
            if t.entry.strength == "strong" or any(a.armed for a in s.actors):
                return True
    return False


_GENRE_WORDS = frozenset({"striker", "goalkeeper", "midfielder", "match", "goal", "goals", "league", "tournament",
                          "championship", "shares", "stocks", "markets", "investors", "film", "movie", "novel",
                          "episode", "stadium", "coach", "fans", "season", "team", "cup"})


def violent_drafts(s: Sentence, conflict_article: bool, off_topic: bool = False,
                   remembered: bool = False) -> list[Draft]:
    """One draft per incident and place in the sentence.

    Args:
        s: the sentence.
        conflict_article: the article reports armed conflict (weak triggers may stand alone).
        off_topic: the article is about sport, markets or fiction: only a sentence with an armed
            actor may report violence.
        remembered: the article is a commemoration (:func:`is_commemoration`): only a sentence
            with a date of its own may report violence.
    """
    if off_topic and not any(a.armed for a in s.actors):
        return []
    if remembered and not s.dates:
        return []
    triggers = [t for t in s.triggers if t.entry.role in ("action", "outcome") and usable(t, s, conflict_article)
                and not _reported_speech_topic(t, s) and _political(t, s, conflict_article)]
    fights = [t.start for t in triggers if t.entry.event_type == "Battles"]
    if fights:
        # "the assault began before dawn and the last defenders surrendered by midday": a surrender or a
        # retreat after the fight is part of it, not a change of the group or a handover of ground (one
        # "following a government offensive" is the news)
        triggers = [t for t in triggers if t.entry.plover_type != "RETREAT" or t.start < min(fights)]
    weapons = [t for t in s.triggers if t.entry.role == "weapon" and not t.cues & BLOCKING_CUES]
    actions = [t for t in triggers if t.entry.role == "action"]
    outcomes = [t for t in triggers if t.entry.role == "outcome"]
    if not actions and (not outcomes or not (s.casualties or any(a.armed for a in s.actors))):
        return []
    if not actions and any(t.entry.role == "action" and t.cues & _SUMMARY_CUES for t in s.triggers):
        return []  # "19 killed in a string of clashes and attacks": the toll of incidents told one by one
    # Casualty words anchor places too ("advanced on A, while reporting casualties in B").
    actions = sorted(actions + outcomes, key=lambda t: t.start)
    places = _event_places(s)
    by_trigger: dict[int, list[tuple[PlaceMention, Place]]] = {}
    for p, g in places:
        nearest = min(range(len(actions)), key=lambda i: _distance(actions[i], p))
        by_trigger.setdefault(nearest, []).append((p, g))
    located = sorted(by_trigger)
    if not located:
        best = max(actions, key=lambda t: t.entry.priority)
        return [Draft(s, best, _armed_with(best, weapons, s), absorbed=[t for t in triggers if t is not best],
                      casualties=list(s.casualties))]
    drafts: list[Draft] = []
    for i in located:
        group = [actions[i]] + [actions[k] for k in range(len(actions)) if k not in by_trigger
                                and _nearest_located(actions[k], actions, located) == i]
        best = max(group, key=lambda t: t.entry.priority)
        absorbed = [t for t in group if t is not best]
        for p, g in by_trigger[i]:
            drafts.append(Draft(s, best, _armed_with(best, weapons, s), place=(p, g), absorbed=absorbed))
    for c in s.casualties:
        target = min(drafts, key=lambda d: abs(d.trigger.start - c.start))
        target.casualties.append(c)
    return drafts


def _event_places(s: Sentence) -> list[tuple[PlaceMention, Place]]:
    """The places where something happened: most precise first-hand, with stand-ins for named
    villages the gazetteer lacks (the enclosing region's point, ``geo_precision`` 2)."""
    places = [(p, g) for p, g in s.places if g is not None and p.alias_of is None and p.locus]
    region = next((g for _, g in sorted(places, key=lambda x: -x[1].geo_precision)), None)
    abroad: list[PlaceMention] = []
    if region is not None and region.feature_code == "ADM1":
        # "the town of Rubaya in North Kivu province": a namesake abroad is not the town.
        text = text_of(s.span.doc)
        at = next(pm for pm, g in places if g is region)
        abroad = [p for p, g in places if g.country != region.country and p.end <= at.start
                  and _IN_REGION.fullmatch(text[p.end:at.start])]
        places = [(p, g) for p, g in places if p not in abroad]
    for p, g in s.places:
        if ((g is None and not p.known) or p in abroad) and p.locus and region is not None:
            stand_in = Place(p.text, region.latitude, region.longitude, region.country,
                             admin1=region.admin1 or (region.name if region.feature_code == "ADM1" else None),
                             feature_class="P", feature_code="PPL", precision=2)
            places.append((p, stand_in))
    if not places:
        places = _near_reference(s)
    places.sort(key=lambda x: x[0].start)
    places = _drop_enclosing(s, places)
    places = _drop_reference_points(s, places)
    places = _drop_route_ends(s, places)
    if any(g.geo_precision < 3 for _, g in places):
        places = [(p, g) for p, g in places if g.geo_precision < 3]
    return places


# What stands between a town and the region it lies in: "Rubaya in North Kivu", "Kuriga, Kaduna State".
_IN_REGION = re.compile(r"(?:,\s*(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?(?:\w+\s+){0,2}?)", re.IGNORECASE)


#: Sub-event types a weapon named in the sentence may sharpen ("a drone struck ... killing three").
SHARPENED = frozenset({"Armed clash", "Attack"})


def _armed_with(t: TriggerMention, weapons: list[TriggerMention], s: Sentence) -> Code:
    """A weapon named in the sentence sharpens a one-sided act ("a drone struck ... killing three");
    not a two-sided fight ("a counter-attack ... under mortar fire"), nor the kit a group carried
    ("militants armed with rocket-propelled grenades stormed ...")."""
    code = _code(t)
    if t.text.lower() in TWO_SIDED:
        return code
    text = text_of(s.span.doc)
    if t.text.lower().startswith(UNDER_FIRE) and any(g is not None and p.start == s.start and 0 <= t.start - p.end <= 2
                                                     for p, g in s.places):
        return SHELLING  # "Kharkiv came under fire": a town is shelled; "a patrol came under fire" is a fight
    used = [w for w in weapons if not _CARRIED.search(text[max(s.start, w.start - 40):w.start])]
    if used and code.sub_event_type in SHARPENED:
        best = max(used, key=lambda w: w.entry.priority)
        return _code(best)
    return code


# "armed with rifles and rocket-propelled grenades": what fighters carried, not how they struck.
_CARRIED = re.compile(r"\barmed with\b[^.;]*$", re.IGNORECASE)


#: An arrest is political news only beside words like these ("opposition", "protesters").
POLITICAL_WORDS = frozenset({"opposition", "activist", "activists", "journalist", "journalists", "protesters",
                             "demonstrators", "protester", "militant", "militants", "insurgents", "rebels",
                             "dissident", "dissidents", "politician", "leader", "party", "terrorism", "terror",
                             "extremist", "extremists", "separatist", "separatists", "spying", "espionage",
                             "rally", "protest", "protests", "coup", "treason", "jihadist", "jihadists", "suspected"})


def _political(t: TriggerMention, s: Sentence, conflict_article: bool) -> bool:
    if t.entry.sub_event_type != "Arrests":
        return True
    # Soldiers who detain people (an army's arrest raids) act in the conflict; police may be fighting
    # crime, unless the arrest is tied to the armed violence of the story ("rounded up two men after
    # the bombing", "on suspicion of sheltering the attackers").
    if conflict_article and s.words() & load_word_sets()["arrest_link"]:
        return True
    return bool(s.words() & POLITICAL_WORDS) or any(
        a.category in ("PROTESTERS", "POLITICAL", "REBELS", "MILITIA", "MEDIA", "STATE_FORCES") for a in s.actors)


def capital_speakers(s: Sentence) -> None:
    """ "Kyiv ruled out talks": a capital as the subject of a statement speaks for its government."""
    text = text_of(s.span.doc)
    for p, g in s.places:
        if g is None or g.feature_code != "PPLC" or not g.country:
            continue
        verbal = next((t for t in s.triggers if t.entry.role == "verbal" and 0 <= t.start - p.end <= 25), None)
        if verbal is None or any(a.start <= p.start < a.end for a in s.actors):
            continue
        gap = text[p.end:verbal.start].strip(" ,")
        if gap and not gap.startswith(("has", "had", "on")):
            continue
        country = load_countries().get(g.country)
        name = f"Government of {country.name}" if country else "Government"
        s.actors.append(ActorMention(p.start, p.end, p.text, name, "GOVERNMENT", g.country))
        s.actors.sort(key=lambda a: a.start)


def verbal_drafts(s: Sentence) -> list[Draft]:
    """One draft per kind of statement in the sentence, made by a named actor or source."""
    capital_speakers(s)
    if not (s.actors or s.claims):
        return []
    out: list[Draft] = []
    for t in s.triggers:
        if t.entry.role != "verbal" or not usable(t, s, False):
            continue
        if _agentless_passive(t, s):
            continue  # "has been accused of": nobody in the sentence said it
        if not s.claims and not any(a.start < t.start for a in s.actors):
            continue  # "It blamed the cartel": the only actor named is whom the statement is about
        if s.words_near(t.start, t.end) & load_word_sets()["protest_carrier"] or _protest_says(t, s):
            continue  # "placards that demanded better protection": what a protest said, not a statement
        if out and not _new_speaker(s, out[-1].trigger.end, t.start):
            continue  # "condemned the raid and called on the council to act": one statement, told by its first verb
        out.append(Draft(s, t, _code(t)))
    return out


def _protest_says(t: TriggerMention, s: Sentence) -> bool:
    """ "a demonstration calling for the president's removal": the call is the protest's."""
    words = text_of(s.span.doc)[max(s.start, t.start - 30):t.start].lower().split()
    return bool(words) and words[-1].strip(",") in PROTEST_WORDS | {"march", "marchers", "crowd", "crowds"}


# A clause that may bring its own speaker: "..., while Yerevan rejected ...", "...; Baku said ...".
_NEW_CLAUSE = re.compile(r";|\b(?:while|whereas|but|meanwhile|and later)\b|,\s+and\b", re.IGNORECASE)


def _new_speaker(s: Sentence, after: int, before: int) -> bool:
    """Whether an actor or source opens a new clause between two statement verbs."""
    text = text_of(s.span.doc)
    found = _NEW_CLAUSE.search(text, after, before)
    if found is None:
        return False
    starts = [a.start for a in s.actors] + [c.start for c in s.claims]
    return any(found.end() <= start < before for start in starts)


# "the North Caucasus republic of Dagestan", "Nigeria's Niger state": the first place encloses the second.
_INSIDE_OF = re.compile(r"(?:\b(?:region|province|republic|state|district|governorate|oblast|county|town|"
                        r"village|city)\s+of\s*|^['’]s\s+(?:(?:north|south|east|west|central)[\w-]*\s+)?)$",
                        re.IGNORECASE)
# "Sarail in the eastern district of Brahmanbaria", "the Gulshan neighbourhood of Peshawar", "Kuriga, Kaduna
# State": the second place encloses the first (for a neighbourhood, the city is the place to code).
_ENCLOSED_BY = re.compile(r"^\s+in\s+(?:the\s+)?(?:\w+\s+)?(?:district|province|region|state|county)\s+of\s+$",
                          re.IGNORECASE)
_MAYBE_ENCLOSED_BY = re.compile(r"^(?:,\s+|\s+in\s+(?:the\s+)?)$")
# "on the road between Bocaranga and Koui": the first town, and only that one.
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:towns?|cities|villages?)\s+of\s+)?"
                      r"(?P<first>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+and\s+$")


def _drop_route_ends(s: Sentence, places: list[tuple[PlaceMention, Place]]) -> list[tuple[PlaceMention, Place]]:
    """Of a road "between A and B" the event is near A, not at B too (B stands in where A is a place
    the gazetteer lacks); and where the sentence has placed the event before ("in El Khuwei, a town
    on the road between A and B"), at neither."""
    text = text_of(s.span.doc)
    drop: set[int] = set()
    for i, (p, _) in enumerate(places):
        found = _BETWEEN.search(text, s.start, p.start)
        if found is None or found.end() != p.start:
            continue
        first = found.start("first")
        known_first = [k for k, (q, _) in enumerate(places) if q.start == first]
        if any(q.start < found.start() for q, _ in places):
            drop.add(i)
            drop.update(known_first)
        elif known_first:
            drop.add(i)
    return [x for k, x in enumerate(places) if k not in drop]


# "Sanarpara in Narayanganj district": the second name is the district the first lies in.
_UNIT_AFTER = re.compile(r"\s+(?:district|province|region|state|county|governorate|oblast|department)\b",
                         re.IGNORECASE)
_PART_OF = re.compile(r"^\s+(?:neighbou?rhood|suburb|quarter|district|area)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


_UNIT = r"(?:km|kilometres|kilometers|miles)"
_DIRECTION = r"(?:north|south|east|west)[\w-]*"
_TOWN_NAMED = r"(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$"
# "near Aribinda, about 80 kilometres east of Djibo": a distance from a town measures from it.
_DISTANCE_FROM = re.compile(rf"(?:\b{_UNIT}\s+(?:{_DIRECTION}\s+)?(?:of|from)|,\s+(?:just\s+)?{_DIRECTION}\s+of)\s+"
                            + _TOWN_NAMED, re.IGNORECASE)
# "a village around 20 kilometres from Titao": a short distance from a town.
_NEAR_DISTANCE = re.compile(rf"\b(?P<number>\d{{1,3}})\s*(?P<unit>{_UNIT})\s+(?:{_DIRECTION}\s+)?(?:of|from)\s+"
                            + _TOWN_NAMED, re.IGNORECASE)
#: The farthest a town may lie and still stand for the event's place, "near" it (km).
NEAR_KM = 50


def _near_reference(s: Sentence) -> list[tuple[PlaceMention, Place]]:
    """Where a sentence names no place of its own but a town a short way off ("a village 20 km from
    Titao"), the event is near that town (``geo_precision`` 2)."""
    text = text_of(s.span.doc)
    for p, g in s.places:
        found = _NEAR_DISTANCE.search(text[max(s.start, p.start - 60):p.start])
        if g is None or p.alias_of is not None or found is None or g.feature_class != "P":
            continue
        km = int(found.group("number")) * (1.6 if found.group("unit").lower() == "miles" else 1)
        if km <= NEAR_KM:
            return [(p, replace(g, precision=2))]
    return []


def _drop_reference_points(s: Sentence, places: list[tuple[PlaceMention, Place]]) -> list[tuple[PlaceMention, Place]]:
    """A town that only measures where an earlier-named place lies is no place of the event. (Named
    alone, "20 km north of Djibo" still places the event near Djibo.)"""
    text = text_of(s.span.doc)
    return [(p, g) for i, (p, g) in enumerate(places)
            if i == 0 or not _DISTANCE_FROM.search(text[max(s.start, p.start - 60):p.start])]


def _drop_enclosing(s: Sentence, places: list[tuple[PlaceMention, Place]]) -> list[tuple[PlaceMention, Place]]:
    """In "the North Caucasus republic of Dagestan" or "Nigeria's Niger state", the place named
    first encloses the second."""
    text = text_of(s.span.doc)
    drop = set()
    for i in range(1, len(places)):
        (a, ga), (b, gb) = places[i - 1], places[i]
        between = text[a.end:b.start]
        if b.start - a.end >= 40:
            continue
        if _ENCLOSED_BY.search(between):
            drop.add(i)
        elif _MAYBE_ENCLOSED_BY.search(between):
            if gb.geo_precision > ga.geo_precision or _UNIT_AFTER.match(text, b.end):
                drop.add(i)  # "Sanarpara in Narayanganj district": the district's town is not a second place
        elif _INSIDE_OF.search(between) or _PART_OF.search(between):
            # "the Gulshan neighbourhood of Peshawar": code the city; "Lakki Marwat district of
            # Khyber Pakhtunkhwa province": code the district, not the province
            drop.add(i if gb.geo_precision > ga.geo_precision else i - 1)
    return [x for i, x in enumerate(places) if i not in drop]


#: A report's lead: its headline and first sentence tell the news in the present tense.
LEAD_SENTENCES = 2


def standing_position(d: Draft) -> bool:
    """A present-simple statement verb (``standing_verb`` in ``word_sets.tsv``) past the lead, with no
    date in its sentence: a standing position ("Kigali denies backing the rebels"), not that day's
    statement ("Kigali denied ... on Friday"); background, not news."""
    first = d.trigger.text.split()[0].lower()
    s = d.sentence
    return d.trigger.entry.role == "verbal" and first in load_word_sets()["standing_verb"] \
        and s.index >= LEAD_SENTENCES and not s.dates


def _agentless_passive(t: TriggerMention, s: Sentence) -> bool:
    text = text_of(s.span.doc)
    before = text[max(s.start, t.start - 12):t.start].lower().split()
    after = text[t.end:min(s.end, t.end + 60)].lower()
    progressive = t.text.split()[0].lower().endswith("ing")  # "it was suspending talks" is active
    return bool(before) and before[-1] in {"be", "been", "was", "were", "is", "are", "being"} and not progressive \
        and " by " not in f" {after}"


def _reported_speech_topic(t: TriggerMention, s: Sentence) -> bool:
    doc = s.span.doc
    for v in s.triggers:
        if v.entry.role != "verbal" or v.start >= t.start:
            continue
        between = doc.char_span(v.end, t.start, alignment_mode="expand")
        if between is not None and len(between) <= STATEMENT_SCOPE and not any(
                tok.text in {";", "."} or tok.lower_ in {"while", "but", "after", "as"} for tok in between):
            return True
    return False


def _code(t: TriggerMention) -> Code:
    e = t.entry
    return Code(e.event_type, e.sub_event_type, e.plover_type, e.cameo_code)


def _distance(t: TriggerMention, p: PlaceMention) -> int:
    # A place after its trigger ("shelled Barda") is closer than the same gap before it.
    return p.start - t.end if p.start >= t.end else (t.start - p.end) * 2


def _nearest_located(t: TriggerMention, actions: list[TriggerMention], located: list[int]) -> int:
    return min(located, key=lambda i: abs(actions[i].start - t.start))


def pick_actors(d: Draft) -> tuple[ActorMention | None, ActorMention | None]:
    """Perpetrator and target: "by X" wins; else the nearest actor before, and the nearest after."""
    # A source is not the perpetrator of what it reports, but it is the speaker of a statement.
    text = text_of(d.sentence.span.doc)
    t = d.trigger
    claims = [] if t.entry.role == "verbal" else [(c.start, c.end) for c in d.sentence.claims
                                                  if not c.anaphoric and not _speaker_acts(text, c.end, t.start)]
    actors = sorted((a for a in d.sentence.actors
                     if not any(cs <= a.start and a.end <= ce for cs, ce in claims) and not _place_not_actor(a, text)),
                    key=lambda a: a.start)
    by = [a for a in actors if a.start > t.start and text[max(0, a.start - 15):a.start].rstrip()
          .lower().split()[-2:].count("by")]
    actor1 = by[0] if by else _demonym_before(d) or next(
        (a for a in reversed(actors) if a.end <= t.start and a.category not in ("CIVILIANS", "MEDIA")
         and not _modifier_of_place(a, text)), None)
    if actor1 is None:
        actor1 = next((a for a in actors if a.start >= t.end and a.category not in ("CIVILIANS",)), None)
    # The target stands in the trigger's own clause: "advanced on X, while reporting casualties among
    # civilians" does not make civilians the target of the advance.
    clause_end = _clause_end(text, t.end, d.sentence.end)
    actor2 = next((a for a in actors if a is not actor1 and t.end <= a.start < clause_end
                   and (actor1 is None or a.country != actor1.country or a.category == "CIVILIANS")), None)
    if actor2 is None:
        actor2 = next((a for a in actors if a is not actor1 and a.category == "CIVILIANS"
                       and (abs(a.start - t.start) <= TARGET_REACH or _counted_victims(a, d))), None)
    return actor1, actor2


def _place_not_actor(a: ActorMention, text: str) -> bool:
    """A bare country name after a preposition ("fighters from Chad", "rebels in Mali") names where, not who;
    one in brackets ("Congo [DRC]") glosses the name before it, which carries the role."""
    if a.category != "COUNTRY":
        return False
    return text[max(0, a.start - 20):a.start].endswith(("(", "[")) or _after_place_preposition(text, a.start)


def _after_place_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` is one after which a country name is a place ("in", "from")."""
    words = [w.lower() for w in text[max(0, start - 30):start].split()]
    if len(words) >= 2 and _COMPASS.fullmatch(words[-1]):
        words = words[:-1]  # "in central Mali's Mopti region", "from northern Syria"
    return bool(words) and words[-1] in load_word_sets()["place_preposition"]


_COMPASS = re.compile(r"(?:north|south|east|west|central|eastern|western|northern|southern)[\w-]*")


# "The Arakan Army said on Wednesday that it had seized ...": the speaker reports its own act.
_OWN_ACT = re.compile(r"\b(?:that\s+)?(?:it|they|(?:its|their)\s+(?:own\s+)?(?:fighters|forces|troops|men|units|"
                      r"soldiers|militants|members|drones|jets|aircraft|warplanes|artillery))\s+(?:had\s+|has\s+|have\s+)?$",
                      re.IGNORECASE)


def _speaker_acts(text: str, claim_end: int, trigger_start: int) -> bool:
    """Whether the source of a claim says that it did the act itself ("X said it had captured", "X said
    its fighters overran")."""
    between = text[claim_end:trigger_start]
    return len(between) <= 60 and _OWN_ACT.search(between) is not None


def _modifier_of_place(a: ActorMention, text: str) -> bool:
    """An army or police word that modifies a facility noun ("overran an army outpost", ``facility`` in
    ``word_sets.tsv``) names the target's place, not someone acting."""
    if a.category not in ("STATE_FORCES", "POLICE"):
        return False
    after = text[a.end:a.end + 20].split()
    noun = after[0].lower().strip(".,;:") if after else ""
    facilities = load_word_sets()["facility"]
    return noun in facilities or (noun.endswith("s") and noun[:-1] in facilities)


def _victims(d: Draft) -> frozenset[str]:
    """The noun of the draft's death toll when it names civilians ("eleven people, among them a boy,
    were killed when gunmen stormed ..."), so the target is known however far the figure stands."""
    s = d.sentence
    if s.words() & load_word_sets()["military_target"]:
        return frozenset()
    text = text_of(s.span.doc)
    out = set()
    for c in d.casualties:
        if c.kind == "killed":
            following = text[s.start + c.end:s.start + c.end + 30].split()
            if following and following[0].strip(",.").lower() in CIVILIAN_WORDS:
                out.add(following[0].strip(",.").lower())
    return frozenset(out)


def _counted_victims(a: ActorMention, d: Draft) -> bool:
    """ "killing twenty-three villagers": the actor is the noun of the draft's casualty figure."""
    return any(0 <= a.start - (d.sentence.start + c.end) <= 2 for c in d.casualties
               if c.kind in ("killed", "injured", "abducted"))


#: How far (characters) from its trigger a target may stand.
TARGET_REACH = 80
_CLAUSE_END = re.compile(r";|\.\s|\bwhile\b|\bbut\b|\bwhereas\b|\bas\b|\bafter\b")


def _clause_end(text: str, start: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, start, min(limit, start + TARGET_REACH))
    return m.start() if m else min(limit, start + TARGET_REACH)


def _demonym_before(d: Draft) -> ActorMention | None:
    """ "a Ukrainian drone attack", "Russian air strikes": the adjective names the attacker's forces."""
    doc = d.sentence.span.doc
    span = doc.char_span(d.trigger.start, d.trigger.end, alignment_mode="expand")
    if span is None or span.start == 0 or d.trigger.entry.role == "verbal":
        return None
    prev = doc[span.start - 1]
    if _after_place_preposition(text_of(doc), prev.idx):
        return None  # "rebels based in Mali seized": a place, not the attacker
    iso3 = lookup_country(prev.text) if prev.text[:1].isupper() else None
    if iso3 is None:
        return None
    country = load_countries()[iso3]
    return ActorMention(prev.idx, prev.idx + len(prev.text), prev.text, f"Military Forces of {country.name}",
                        "STATE_FORCES", iso3)


def event_date(d: Draft, anchor: date | None, published: date | None) -> tuple[date | None, int, bool]:
    """The event's date, ACLED time precision, and whether the date puts it in the background.
    A report tells what has happened: a date after publication ("a day later", counted from the
    publication day for want of another) is cut back to it."""
    day, precision, historical = _event_date(d, anchor, published)
    if day is not None and published is not None and day > published:
        day = published
    return day, precision, historical


def _event_date(d: Draft, anchor: date | None, published: date | None) -> tuple[date | None, int, bool]:
    s = d.sentence
    near = sorted(s.dates, key=lambda x: abs(x.start - d.trigger.start))
    if near and near[0].historical and abs(near[0].start - d.trigger.start) < HISTORY_REACH:
        return near[0].value, 3, True
    fronted = next((x for x in s.dates if x.start - s.start <= FRONTED), None)
    if fronted is not None and fronted.historical and not s.current_dates:
        return fronted.value, 3, True  # "In September 1914, ...": the whole sentence is background
    dates = sorted(s.current_dates, key=lambda x: abs(x.start - d.trigger.start))
    if d.trigger.entry.role != "verbal" and len(dates) > 1:
        # "monitors said on Wednesday that soldiers raped ... last week": Wednesday dates the report.
        text = text_of(s.span.doc)
        dates = [x for x in dates if not speech_date(text, x)] or dates
    elif d.trigger.entry.role != "verbal" and dates and anchor is not None and s.index < LEAD \
            and dates[0].value is not None and anchor < dates[0].value and speech_date(text_of(s.span.doc), dates[0]):
        # "killed 12 people in a night raid, the army said on Thursday", and the lead's next sentence
        # says the raid came late on Tuesday: the act has the lead's day, not its report's.
        return anchor, 1, False
    if dates:
        x = dates[0]
        if x.relative_to_previous and anchor is not None:
            text = text_of(s.span.doc)
            if x.applies_to_complement and x.offset_days is not None and x.start - s.start <= FRONTED \
                    and "," in text[x.end:d.trigger.start]:
                # "Two days before the Sinjar strike, artillery shelled ...": the act comes after the
                # fronted phrase, so it lies before the incident that phrase names.
                return anchor - timedelta(days=x.offset_days), x.precision, False
            return resolve_anchor(x, anchor), x.precision, False
        return x.value, min(x.precision, 3), False
    if d.trigger.entry.role == "verbal":
        return published, 1, False
    return anchor, 1, False


#: Cues that make an act a summary of several incidents: its sentence's casualty words are their toll.
_SUMMARY_CUES = frozenset({"cumulative", "habitual"})
#: A date this close to the start of its sentence is fronted: it frames the whole sentence.
FRONTED = 4


def figures(d: Draft) -> tuple[int | None, bool, int | None]:
    """Fatalities, whether that figure is a lower bound, and injuries."""
    killed = [c for c in d.casualties if c.kind == "killed"]
    injured = [c for c in d.casualties if c.kind == "injured"]
    fat = sum(c.value for c in killed) if killed else None
    inj = sum(c.value for c in injured) if injured else None
    return fat, any(c.lower_bound for c in killed), inj


def make_event(d: Draft, article: Article, when: tuple[date | None, int, bool],
               claimed_by: str | None) -> Event:
    """Fill an Event record from a finished draft."""
    a1, a2 = pick_actors(d)
    words = d.sentence.words_near(d.trigger.start, d.trigger.end) | _victims(d)
    code = refine(d.code, words, a1.category if a1 else None, a2.category if a2 else None,
                  [_code(t) for t in d.absorbed], d.trigger.text.lower())
    if code.sub_event_type == "Armed clash" and d.trigger.text.lower().startswith(UNDER_FIRE) and _victims(d):
        code = CIVILIANS_ATTACKED  # "two fishermen were killed when their boat came under fire"
    fat, lower, inj = figures(d)
    if code.sub_event_type == "Protest with intervention" and fat and a1 is not None \
            and a1.category in ("STATE_FORCES", "POLICE"):
        # protesters killed where the state broke up the protest: lethal force, not an intervention
        code = EXCESSIVE_FORCE
    if d.trigger.entry.role == "verbal" and not any(not c.anaphoric for c in d.sentence.claims) and a1 is not None:
        claimed_by = a1.text  # a statement is claimed by whoever made it
    place = d.place[1] if d.place else None
    day, precision, historical = when
    historical = historical or "anniversary" in d.trigger.cues or d.sentence.background or standing_position(d)
    s = d.sentence
    anchor_start = d.place[0].start if d.place else d.trigger.start
    event_id = stable_hash(article.id, str(s.start), str(anchor_start), code.plover_type,
                           code.event_type or "")
    return Event(
        event_id=event_id, article_id=article.id,
        event_date=day.isoformat() if day else None, time_precision=precision,
        event_type=code.event_type, sub_event_type=code.sub_event_type, plover_type=code.plover_type,
        cameo_code=code.cameo_code,
        actor1=a1.name if a1 else None, actor1_country=_actor_country(a1, place),
        actor2=a2.name if a2 else None, actor2_country=a2.country if a2 else None,
        location=place.name if place else None, admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None, country=place.country if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=(min(3, place.geo_precision + (1 if d.inherited_place and place.geo_precision == 1
                                                     else 0)) if place else None),
        geonameid=place.geonameid if place else None,
        fatalities=fat, fatalities_lower_bound=lower, injuries=inj, claimed_by=claimed_by,
        historical=historical, trigger=d.trigger.text, coded_by=d.coded_by, model_codes=d.model_note,
        evidence=[Evidence(article.id, s.text, s.start, s.end)], article_ids=[article.id],
    )


#: Actors that act inside their own country unless the text says otherwise.
DOMESTIC = frozenset({"REBELS", "MILITIA", "UNIDENTIFIED", "PROTESTERS", "RIOTERS", "CIVILIANS", "POLICE",
                      "STATE_FORCES", "GOVERNMENT", "POLITICAL"})


def _actor_country(actor: ActorMention | None, place: Place | None) -> str | None:
    """The actor's country; for a domestic actor with none named ("rebels", "gunmen"), or no actor
    at all, the country where the event happened."""
    if actor is not None and actor.country:
        return actor.country
    if actor is None or actor.category in DOMESTIC:
        return place.country if place else None
    return None
