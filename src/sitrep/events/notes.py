"""ACLED-style one-sentence notes generated from the record."""

from __future__ import annotations

from datetime import date

from ..model import Event

#: What the actor did: (without a target, with a target). "{t}" stands for the target.
_ACTS: dict[str, tuple[str, str]] = {
    "Armed clash": ("fought", "clashed with {t}"),
    "Government regains territory": ("regained territory", "regained territory from {t}"),
    "Non-state actor overtakes territory": ("took control of territory", "took territory from {t}"),
    "Shelling/artillery/missile attack": ("carried out shelling", "shelled {t}"),
    "Air/drone strike": ("carried out an air or drone strike", "carried out an air or drone strike on {t}"),
    "Suicide bomb": ("carried out a suicide bombing", "carried out a suicide bombing targeting {t}"),
    "Remote explosive/landmine/IED": ("set off an explosive device", "set off an explosive device targeting {t}"),
    "Grenade": ("threw a grenade", "threw a grenade at {t}"),
    "Chemical weapon": ("used a chemical weapon", "used a chemical weapon against {t}"),
    "Attack": ("carried out an attack", "attacked {t}"),
    "Abduction/forced disappearance": ("abducted people", "abducted {t}"),
    "Sexual violence": ("committed sexual violence", "committed sexual violence against {t}"),
    "Peaceful protest": ("held a protest", "protested against {t}"),
    "Protest with intervention": ("held a protest that was dispersed", "protested and were dispersed by {t}"),
    "Excessive force against protesters": ("used lethal force against protesters",
                                           "used lethal force against {t}"),
    "Violent demonstration": ("rioted", "rioted and clashed with {t}"),
    "Mob violence": ("took part in mob violence", "attacked {t} as a mob"),
    "Arrests": ("made arrests", "arrested {t}"),
    "Agreement": ("reached an agreement", "reached an agreement with {t}"),
    "Looting/property destruction": ("destroyed or looted property", "destroyed property of {t}"),
    "Disrupted weapons use": ("intercepted weapons", "intercepted weapons launched by {t}"),
    "Non-violent transfer of territory": ("withdrew", "withdrew, leaving territory to {t}"),
    "Headquarters or base established": ("set up a base", "set up a base near {t}"),
    "Change to group/activity": ("changed its activity", "changed its activity towards {t}"),
    "Other": ("took a strategic step", "took a strategic step concerning {t}"),
}
_STATEMENTS: dict[str, tuple[str, str]] = {
    "REQUEST": ("made an appeal", "appealed to {t}"),
    "REJECT": ("rejected a proposal or claim", "rejected a proposal or claim of {t}"),
    "ACCUSE": ("criticised or accused another party", "criticised or accused {t}"),
    "THREATEN": ("issued a threat", "threatened {t}"),
    "AGREE": ("expressed readiness to cooperate", "expressed readiness to cooperate with {t}"),
    "CONSULT": ("held talks", "held talks with {t}"),
    "SUPPORT": ("expressed support", "expressed support for {t}"),
    "MOBILIZE": ("deployed forces", "deployed forces against {t}"),
    "RETREAT": ("withdrew", "withdrew from {t}"),
}


def write_notes(e: Event) -> str:
    """One sentence: when, who, did what, to whom, where, with what toll, per whom."""
    when = f"On {date.fromisoformat(e.event_date):%-d %B %Y}" if e.event_date else "On an unknown date"
    who = e.actor1 or "Unidentified actors"
    intransitive, transitive = (_ACTS.get(e.sub_event_type or "") or _STATEMENTS.get(e.plover_type)
                                or ("acted", "acted against {t}"))
    act = transitive.format(t=e.actor2) if e.actor2 else intransitive
    where = f" in {e.location}" + (f" ({e.country})" if e.country else "") if e.location else ""
    toll = []
    if e.fatalities is not None:
        toll.append(f"{'at least ' if e.fatalities_lower_bound else ''}{e.fatalities} killed")
    if e.injuries is not None:
        toll.append(f"{e.injuries} injured")
    toll_s = f"; {', '.join(toll)}" if toll else ""
    source = f", according to {e.claimed_by}" if e.claimed_by else ""
    background = " (background reference, not current news)" if e.historical else ""
    return f"{when}, {who} {act}{where}{toll_s}{source}{background}."
