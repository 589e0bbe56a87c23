"""Rules and the learned coder together: the rules where they are sure, the model where they are not.

For each sentence the model (``sitrep.ml``) gives a PLOVER type, a CAMEO root and an ACLED
sub-event type, each with a probability. Here that meets the rules' drafts:

* a sentence the rules code with a strong trigger keeps the rules' code; the model's opinion is
  recorded (``coded_by`` "rules+model" when it agrees);
* a weak trigger's code gives way to a confident model that disagrees ("model over rules"), for a
  code of another ACLED event type only where the PLOVER and ACLED heads are both sure;
* where the rules are of two minds the model decides (``arbitrate``): a sentence with a statement
  verb and a word of violence is the statement when the model reads a statement, and a weak act
  word gives way where the model is all but sure the sentence tells no event;
* in an article the rules found nothing in, a sentence gets a draft from the model when the model
  is confident, the sentence names who acted (or, for violence, where or whom it hit) and no cue
  makes it unreal (negated, hypothetical, habitual...). Its trigger is the word after the actor,
  marked as the model's, so every field still points at the words it came from. (In articles the
  rules did code, model-only events were measured to add false events, so there the model reviews.)

The model's PLOVER type and CAMEO root are read together: of the pairs PLOVER's CAMEO crosswalk
allows (``taxonomy.CAMEO_ROOTS``), the most probable, so a model event is never a REJECT coded as
a neutral statement.
"""

from __future__ import annotations

from ..ml.coder import Prediction
from ..ml.labels import EVENT_TYPE_OF, NONE
from ..nlp.base import text_of
from ..nlp.triggers import TriggerEntry, TriggerMention, cue_patterns
from .builder import BLOCKING_CUES, Draft, _event_places
from .context import Sentence
from .taxonomy import CAMEO_ROOTS, Code

#: In an article the rules found nothing in, the model codes a sentence when it gives "no event"
#: less than this (at 0.30 it coded "said such a step enjoyed support" as a sanction and "jointly
#: managed with assistance from" as cooperation; docs/coder.md has the sweep) ...
NO_EVENT_BELOW = 0.10
#: ... and its best type at least this.
NEW_EVENT = 0.20
#: ... and may replace a weak trigger's PLOVER type at this probability.
OVERRIDE = 0.80
#: ... and with a code of another ACLED event type where its PLOVER and ACLED heads are both this sure.
CROSS_SURE = 0.85
#: A sentence with both a statement verb and a physical act is a statement when the model gives a
#: non-physical type this much (``arbitrate``) ...
STATEMENT_SURE = 0.80
#: ... and a weak trigger's act is dropped when the model gives "no event" this much.
VETO = 0.90
#: A model this sure of another type is recorded as disagreeing (the event's confidence drops).
DISAGREE = 0.50
#: The ACLED sub-event type is taken from the model at this probability (else the event is verbal).
ACLED_SURE = 0.45
#: PLOVER types that ACLED codes as events (the rest are statements and diplomacy).
_ACTS = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "AGREE", "CONCEDE", "COOPERATE",
                   "SANCTION", "AID"})
#: PLOVER types that are physical acts: never the code of a statement verb.
_PHYSICAL = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE"})
#: Words that are not the act after an actor's name: auxiliaries, titles, connectives.
_SKIP = frozenset({"has", "have", "had", "was", "were", "is", "are", "been", "be", "will", "would", "on", "in",
                   "of", "and", "the", "a", "an", "also", "reportedly", "allegedly", "officials",
                   "forces", "troops", "government", "ministry", "said", "says", "that", "who", "which",
                   "'s", "’s", "last", "this", "earlier", "late", "early"})
_PRIORITY = 5  # below every rule trigger: a rule event of the same incident leads the merge


def model_note(p: Prediction) -> str:
    """The model's call, for an event's notes."""
    parts = [f"PLOVER {p.plover.label} {p.plover.probability:.2f}", f"CAMEO {p.cameo.label} {p.cameo.probability:.2f}"]
    if p.acled is not None:
        parts.append(f"ACLED {p.acled.label} {p.acled.probability:.2f}")
    return "model: " + ", ".join(parts)


def arbitrate(drafts: list[Draft], p: Prediction) -> list[Draft]:
    """Where the rules are of two minds about a sentence, the model decides; returns the drafts kept.

    * A sentence with a statement verb and a word of violence ("condemned the shelling of the camp,
      saying attacks on civilians must stop") is a statement when the model reads it as one (a
      non-physical type at ``STATEMENT_SURE``): the violence is what the statement is about, coded
      where it is told as news. Drafts of the model's own type stay ("signed an agreement").
    * A weak trigger's act is dropped where the model is all but sure the sentence tells no event at
      ``VETO`` ("the harder battle may be what comes next", "a conflict that began when lawyers took
      to the streets"); one with a toll may still add it to an incident told before. A strong trigger
      stands.
    """
    label, sure = p.plover.label, p.plover.probability
    if label != NONE and label not in _PHYSICAL and sure >= STATEMENT_SURE \
            and any(d.trigger.entry.role == "verbal" for d in drafts):
        return [d for d in drafts if d.trigger.entry.role == "verbal" or d.code.plover_type not in _PHYSICAL]
    if label == NONE and sure >= VETO:
        kept = []
        for d in drafts:
            if d.trigger.entry.role == "verbal" or d.trigger.entry.strength == "strong":
                kept.append(d)
            elif d.casualties:
                d.detail_only = True  # "after the clash two bodies were recovered": the toll of one told before
                kept.append(d)
        return kept
    return drafts


def review(drafts: list[Draft], p: Prediction) -> None:
    """Let a confident model recode the drafts of weak triggers; record agreement on the rest."""
    for d in drafts:
        d.model_note = model_note(p)
        agrees = p.plover.label == d.code.plover_type
        if agrees:
            d.coded_by = "rules+model"
            continue
        if p.plover.probability >= DISAGREE:
            d.coded_by = "rules, model disagrees"
        # A strong trigger stands, statement verbs included: on our held-out articles the model's recodes
        # of statements ("accused" as a request, "called on" as a meeting) were wrong ten times in eleven.
        if d.trigger.entry.strength == "strong" or p.plover.label == NONE or p.plover.probability < OVERRIDE:
            continue
        if d.trigger.entry.role == "verbal" and p.plover.label in _PHYSICAL:
            continue  # a statement stays a statement: the act it speaks of is coded from its own words
        code = _code_of(p, verbal=d.trigger.entry.role == "verbal")
        if code is not None and (code.event_type == d.code.event_type or _both_sure(p, code, d.code)):
            d.code = code
            d.coded_by = "model over rules"


def _both_sure(p: Prediction, code: Code, rules: Code) -> bool:
    """An act may become another kind of act ("arrested three men and seized a rifle" is an arrest,
    not ground taken) where the PLOVER and the ACLED heads are both at ``CROSS_SURE``."""
    return (code.event_type is not None and rules.event_type is not None and p.acled is not None
            and min(p.plover.probability, p.acled.probability) >= CROSS_SURE)


def model_drafts(s: Sentence, p: Prediction, off_topic: bool) -> list[Draft]:
    """A draft for a sentence of an article the rules coded nothing in, when the model is sure enough.

    Args:
        s: the sentence.
        p: the model's codes for it.
        off_topic: the article is sport, markets or fiction.
    """
    if p.no_event >= NO_EVENT_BELOW or p.event.probability < NEW_EVENT or s.caption or off_topic:
        return []
    code = _code_of(p, verbal=False)
    if code is None:
        return []
    violent = code.event_type is not None
    # The source of a report of violence is not its actor; the speaker of a statement is.
    claims = [(c.start, c.end) for c in s.claims if not c.anaphoric] if violent else []
    actors = [a for a in s.actors if not any(cs <= a.start and a.end <= ce for cs, ce in claims)]
    if not actors and not (violent and (s.casualties or _event_places(s))):
        return []
    anchor = _focus(s, p) or _anchor(s, actors[0].end if actors else s.start)
    if anchor is None:
        return []
    start, end, word = anchor
    if code.plover_type != "REJECT" and _blocking_cues(s, start, violent):
        return []  # a refusal is made of negation ("would not accept", "did not attend")
    entry = TriggerEntry((), code.event_type, code.sub_event_type, code.plover_type, code.cameo_code,
                         "action" if violent else "verbal", "weak", _PRIORITY)
    trigger = TriggerMention(start, end, word, entry, s.start, frozenset({"model"}))
    return [Draft(s, trigger, code, casualties=list(s.casualties) if violent else [], coded_by="model",
                  model_note=model_note(p))]


def _code_of(p: Prediction, verbal: bool) -> Code | None:
    if p.event.label == NONE:
        return None
    plover, cameo = _joint(p)
    sub = p.acled.label if p.acled is not None and p.acled.probability >= ACLED_SURE else NONE
    if verbal or plover not in _ACTS or sub == NONE:
        return Code(None, None, plover, f"{cameo}0")
    return Code(EVENT_TYPE_OF[sub], sub, plover, f"{cameo}0")


def _joint(p: Prediction) -> tuple[str, str]:
    """The PLOVER type and CAMEO root read together: of the pairs PLOVER's crosswalk allows (an
    ASSAULT is never coded with a root of praise), the one whose two probabilities multiply to the
    most. Where the heads' rankings are unknown, the best type and the likeliest root it allows."""
    if not p.plover_ranked or not p.cameo_ranked:
        roots = CAMEO_ROOTS[p.event.label]
        return p.event.label, p.cameo.label if p.cameo.label in roots else roots[0]
    cameo = {g.label: g.probability for g in p.cameo_ranked}
    _, plover, root = max((g.probability * cameo.get(r, 0.0), g.label, r)
                          for g in p.plover_ranked if g.label != NONE for r in CAMEO_ROOTS[g.label])
    return plover, root


def _focus(s: Sentence, p: Prediction) -> tuple[int, int, str] | None:
    """The word the model read the act from (its attention), as document offsets."""
    if p.focus is None:
        return None
    start, end = s.start + p.focus[0], s.start + p.focus[1]
    return start, end, text_of(s.span.doc)[start:end]


def _anchor(s: Sentence, after: int) -> tuple[int, int, str] | None:
    """The first plain lower-case word after ``after``: usually the act ("threatened", "pounded")."""
    for tok in s.span:
        if tok.idx < after or not tok.is_alpha or not tok.is_lower or tok.lower_ in _SKIP:
            continue
        return tok.idx, tok.idx + len(tok.text), tok.text
    return None


#: Cues that unmake a statement, a meeting or a sanction: only a negation ("did not agree"). What
#: is said of the future ("will visit", "would retaliate") is what such an act is made of, and the
#: cues for crime, disaster and sport are about violence.
_VERBAL_BLOCKING = frozenset({"negation"})


def _blocking_cues(s: Sentence, anchor: int, violent: bool, window: int = 60) -> bool:
    """A cue that makes the sentence's act unreal: anywhere for sentence cues, shortly before the act
    for clause cues. For acts that are not violence only negation counts."""
    text = text_of(s.span.doc)
    sentence = text[s.start:s.end]
    before = text[max(s.start, anchor - window):anchor]
    return any(pattern.search(sentence if scope == "sentence" else before)
               for pattern, scope in cue_patterns(BLOCKING_CUES if violent else _VERBAL_BLOCKING))
