"""The coding vocabularies (ACLED, PLOVER, CAMEO) and the context rules that refine a trigger's
default code into the sub-event type the whole sentence supports."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..nlp.lexicon import load_word_sets

ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
#: The CAMEO roots each PLOVER type gathers (PLOVER's crosswalk), the usual one first. CAMEO's
#: neutral statements (01) have none: a coded event is always something more than a statement.
CAMEO_ROOTS: dict[str, tuple[str, ...]] = {
    "AGREE": ("03", "05"), "CONSULT": ("04",), "SUPPORT": ("05",), "CONCEDE": ("08",), "COOPERATE": ("06",),
    "AID": ("07",), "RETREAT": ("08",), "REQUEST": ("10", "02"), "ACCUSE": ("11", "09"), "REJECT": ("12",),
    "THREATEN": ("13",), "PROTEST": ("14",), "SANCTION": ("16",), "MOBILIZE": ("15",), "COERCE": ("17",),
    "ASSAULT": ("19", "18", "20")}
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})

CIVILIAN_WORDS = frozenset({"civilians", "civilian", "villagers", "residents", "students", "schoolchildren",
                            "worshippers", "children", "women", "farmers", "displaced", "village", "school",
                            "mosque", "church", "market", "hospital", "people", "passengers", "pupils", "farmer",
                            "shepherd", "shepherds", "herders", "fishermen", "traders", "motorists", "houses",
                            "homes", "hamlet", "hamlets", "shop", "shops", "store", "minibus", "bus", "mourners",
                            "worshipers", "churchgoers"})
PROTEST_WORDS = frozenset({"protesters", "demonstrators", "protest", "protests", "demonstration", "rally",
                           "hartal", "marchers", "general strike", "procession", "processions", "rallies", "sit-in",
                           "protesting"})
_LETHAL = frozenset({"killed", "killing", "dead", "died", "shot"})
FORCE_WORDS = frozenset({"tear gas", "teargas", "rubber bullets", "baton", "batons", "water cannon",
                         "opened fire", "fired", "shot", "beat", "charged", "lathi", "baton-charged"})


@dataclass(frozen=True)
class Code:
    """An event's codes in the three vocabularies."""

    event_type: str | None
    sub_event_type: str | None
    plover_type: str
    cameo_code: str


#: Words for fighting between two armed sides: never re-read as an attack on civilians.
TWO_SIDED = frozenset({"clashes", "clash", "clashed", "clashing", "fighting", "fought", "fight", "battles", "battle",
                       "battled", "battling", "firefight", "gunfight", "gun battle", "exchange of fire",
                       "exchanged fire", "exchanged heavy fire", "traded fire", "traded heavy fire",
                       "exchanged gunfire", "exchanged heavy gunfire", "traded gunfire", "return fire", "offensive",
                       "counteroffensive", "counter-offensive", "repelled", "repulsed",
                       "advanced", "advancing", "advance", "hostilities", "skirmish", "skirmishes", "ambush",
                       "ambushed", "ambushing", "counter-attack", "counterattack", "counter-attacks",
                       "counterattacks", "counter-attacked", "counterattacked"})
#: An ambush is a fight, unless those ambushed are civilians (and no forces were among them).
AMBUSH = frozenset({"ambush", "ambushed", "ambushing"})
_FORCES_WORDS = frozenset({"soldier", "soldiers", "troops", "army", "convoy", "patrol", "police", "policemen",
                           "officers", "gendarmes"})
#: Bombardment words that say nothing of the weapon: with aircraft named, an air strike.
_NEUTRAL_BOMBARDMENT = frozenset({"pounded", "pounding", "bombarded", "bombardment", "bombarding"})
#: Triggers whose subject is the target ("a patrol came under fire"): a fight, whoever else is named;
#: a town under fire is shelled (events/builder.py).
UNDER_FIRE = ("came under", "under fire")
SHELLING = Code("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", "194")
CIVILIANS_ATTACKED = Code("Violence against civilians", "Attack", "ASSAULT", "180")
STATE = frozenset({"STATE_FORCES", "POLICE", "GOVERNMENT"})
ARMED_GROUPS = frozenset({"REBELS", "MILITIA", "UNIDENTIFIED", "STATE_FORCES"})


#: Lethal force against protesters: a protest event for ACLED, but the act is the state's forces
#: assaulting people (PLOVER ASSAULT, CAMEO 18), not the protesters' (PROTEST, 14).
EXCESSIVE_FORCE = Code("Protests", "Excessive force against protesters", "ASSAULT", "180")


#: Words of a raid or a sweep: by the police or the army, with arrests and no one killed, an arrest raid.
_RAIDS = frozenset({"raid", "raids", "raided", "raiding", "stormed", "swept through", "swept into", "searched"})
ARRESTS = Code("Strategic developments", "Arrests", "COERCE", "173")


def refine(code: Code, words: frozenset[str], actor1_category: str | None,
           actor2_category: str | None, other_codes: list[Code], trigger: str = "") -> Code:
    """Return the code the sentence supports.

    Args:
        code: the highest-priority trigger's code.
        words: lower-cased words and two-word phrases of the trigger's clause.
        actor1_category: the perpetrator's lexicon category, if any.
        actor2_category: the target's lexicon category, if any.
        other_codes: codes of the other triggers that describe the same incident.
        trigger: the trigger's words, lower-cased.
    """
    sub = code.sub_event_type
    if trigger in _RAIDS and actor1_category in ("STATE_FORCES", "POLICE") and not words & _LETHAL \
            and any(c.sub_event_type == "Arrests" for c in other_codes):
        return ARRESTS  # "police raided homes in Chaman and detained 27 people": the raid made arrests
    if trigger in _NEUTRAL_BOMBARDMENT and words & load_word_sets()["air_word"]:
        return Code("Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195")  # "jets pounded the forest"
    if sub in ("Government regains territory", "Non-state actor overtakes territory"):
        state = actor1_category in ("STATE_FORCES", "GOVERNMENT", "COUNTRY", "POLICE")
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return replace(code, sub_event_type=sub)
    protest_context = bool(words & PROTEST_WORDS) or actor2_category in ("PROTESTERS", "RIOTERS") or \
        actor1_category in ("PROTESTERS", "RIOTERS")
    if code.event_type == "Protests":
        if words & FORCE_WORDS or any(c.event_type in VIOLENT_TYPES for c in other_codes):
            if any(c.event_type == "Riots" for c in other_codes) or {"clashed", "clashes", "clash"} & words:
                return Code("Riots", "Violent demonstration", "PROTEST", "145")
            if actor1_category in ("STATE_FORCES", "POLICE") and words & _LETHAL and words & FORCE_WORDS:
                return EXCESSIVE_FORCE
            return replace(code, sub_event_type="Protest with intervention")
        return code
    if code.event_type == "Riots" and actor1_category in ARMED_GROUPS and not protest_context:
        # Militants burning a police station are not rioters; insurgents who kill villagers and set fire
        # to their homes attack civilians.
        if words & _LETHAL and (actor2_category in (None, "CIVILIANS")):
            return Code("Violence against civilians", "Attack", "ASSAULT", "180")
        return Code("Strategic developments", "Looting/property destruction", "COERCE", "175")
    if code.event_type == "Battles" and sub == "Armed clash":
        if protest_context and actor1_category in STATE:
            lethal = bool(words & _LETHAL)
            if lethal:
                return EXCESSIVE_FORCE
            return Code("Protests", "Protest with intervention", "PROTEST", "141")
        if protest_context:
            return Code("Riots", "Violent demonstration", "PROTEST", "145")
        if trigger in AMBUSH and actor2_category == "CIVILIANS" and actor1_category in ARMED_GROUPS | {None} \
                and not words & _FORCES_WORDS:
            return CIVILIANS_ATTACKED  # "fighters ambushed farmers in their fields": no fight, an attack
        if trigger in TWO_SIDED or trigger.startswith(UNDER_FIRE):
            return code  # "soldiers came under fire": the subject was the target, armed or not told
        civilian_target = actor2_category == "CIVILIANS" or (
            actor2_category is None and bool(words & CIVILIAN_WORDS) and "clashes" not in words
            and "fighting" not in words and "battles" not in words)
        one_sided = actor1_category in ("STATE_FORCES", "REBELS", "MILITIA", "UNIDENTIFIED", "POLICE", None)
        if civilian_target and one_sided:
            return Code("Violence against civilians", "Attack", "ASSAULT", "180")
    return code
