"""ACLED-style one-sentence notes generated from the record."""

from __future__ import annotations

from datetime import date

from ..model import Event

_VERBS = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Shelling/artillery/missile attack": "shelled",
    "Air/drone strike": "carried out an air or drone strike against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Remote explosive/landmine/IED": "detonated an explosive against",
    "Grenade": "threw a grenade at",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested and were dispersed by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "rioted against",
    "Mob violence": "attacked (mob violence)",
    "Arrests": "arrested",
    "Agreement": "reached an agreement with",
}
_PLOVER = {
    "REQUEST": "called on", "REJECT": "rejected", "ACCUSE": "criticised", "THREATEN": "threatened",
    "AGREE": "expressed readiness to cooperate with", "CONSULT": "held talks with", "MOBILIZE": "deployed against",
    "RETREAT": "withdrew from",
}


def write_notes(e: Event) -> str:
    """One sentence: when, who, did what, to whom, where, with what toll, per whom."""
    when = f"On {date.fromisoformat(e.event_date):%-d %B %Y}" if e.event_date else "On an unknown date"
    who = e.actor1 or "unidentified actors"
    verb = _VERBS.get(e.sub_event_type or "") or _PLOVER.get(e.plover_type, "acted against")
    whom = e.actor2 or ("others" if verb.endswith(("with", "from", "against", "on", "at")) else "")
    where = f" in {e.location}" + (f" ({e.country})" if e.country else "") if e.location else ""
    toll = []
    if e.fatalities is not None:
        toll.append(f"{'at least ' if e.fatalities_lower_bound else ''}{e.fatalities} killed")
    if e.injuries is not None:
        toll.append(f"{e.injuries} injured")
    toll_s = f"; {', '.join(toll)}" if toll else ""
    source = f", according to {e.claimed_by}" if e.claimed_by else ""
    background = " (background reference)" if e.historical else ""
    return f"{when}, {who} {verb} {whom}".rstrip() + f"{where}{toll_s}{source}{background}."
