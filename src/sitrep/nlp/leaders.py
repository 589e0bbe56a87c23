"""People who act for a state, armed group or organisation: ``data/leaders.tsv``.

News names leaders rather than their offices ("Zelensky called on allies", "Hemedti's forces"),
so the actor lexicon needs to know whom a name speaks for, and since when: a president's name is
the government only while the person holds the office. Each row gives a person's names, the
actor, and the period; :func:`leader_at` picks the row in force on an article's date.

Example:
    >>> from datetime import date
    >>> from sitrep.nlp.leaders import leaders_by_name, leader_at
    >>> leader_at(leaders_by_name()["Putin"], date(2020, 5, 1)).name
    'Government of Russia'
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sitrep.errors import DataError

from .lexicon import CATEGORIES, COUNTRIES_FILE, COUNTRY, _read_tsv, load_actor_entries, load_countries

LEADERS_FILE = "leaders.tsv"
LEADER_COLUMNS = ("names", "actor", "category", "country", "from", "to", "role")
#: The actor names a person of a named country may act for; the loader puts the country in.
_STATE_TEMPLATES = ("Government of {COUNTRY}", "Military Forces of {COUNTRY}", "Police Forces of {COUNTRY}")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Leader:
    """One person in one role for one period.

    Attributes:
        name: the actor the person acts for ("Government of Ukraine", "Rapid Support Forces").
        category: the actor's category (GOVERNMENT, STATE_FORCES, REBELS, ...).
        country: ISO 3166-1 alpha-3 of the actor's country, or None (UN, NATO).
        start: the first day in the role.
        end: the last day in the role; None while in office.
        role: the office in a few words ("president", "leader").
        source: ``file:line`` of the row.
    """

    name: str
    category: str
    country: str | None
    start: date
    end: date | None
    role: str
    source: str

    def holds_office(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _parse_date(source: str, text: str, last: bool) -> date:
    """ "2019", "2019-05" or "2019-05-20"; a year or month means its first (or ``last``) day."""
    found = _DATE.fullmatch(text)
    if found is None:
        raise DataError(f"{source}: {text!r} is no date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(found[1]), found[2], found[3]
    try:
        if month is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        if day is None:
            m = int(month)
            return date(year, m, calendar.monthrange(year, m)[1] if last else 1)
        return date(year, int(month), int(day))
    except ValueError as exc:
        raise DataError(f"{source}: {text!r} is no date ({exc})") from exc


@functools.cache
def leaders_by_name() -> dict[str, tuple[Leader, ...]]:
    """Load ``leaders.tsv``: each name as written (case matters) -> the roles it names.

    Raises:
        DataError: with file and line, for a malformed row, an unknown actor, category or
            country, or a period that ends before it starts.
    """
    countries = load_countries()
    known = {e.name for e in load_actor_entries()} | set(_STATE_TEMPLATES)
    out: dict[str, list[Leader]] = defaultdict(list)
    for source, fields in _read_tsv(LEADERS_FILE, LEADER_COLUMNS):
        names, actor, category, country, start_text, end_text, role = fields
        if category not in CATEGORIES:
            raise DataError(f"{source}: unknown category {category!r}; use one of {sorted(CATEGORIES)}")
        if country and country not in countries:
            raise DataError(f"{source}: country {country!r} is not in {COUNTRIES_FILE}")
        if actor not in known:
            raise DataError(f"{source}: actor {actor!r} is not an actor name of actors.tsv")
        if COUNTRY in actor:
            if not country:
                raise DataError(f"{source}: actor {actor!r} needs the country column")
            actor = actor.replace(COUNTRY, countries[country].name)
        start = _parse_date(source, start_text, last=False)
        end = _parse_date(source, end_text, last=True) if end_text else None
        if end is not None and end < start:
            raise DataError(f"{source}: the period ends ({end_text}) before it starts ({start_text})")
        leader = Leader(actor, category, country or None, start, end, role, source)
        for raw in names.split("|"):
            name = " ".join(raw.split())
            if not any(c.isupper() for c in name):
                raise DataError(f"{source}: name {raw!r} must be written as news writes it, with its capitals")
            out[name].append(leader)
    return {name: tuple(sorted(rows, key=lambda r: r.start)) for name, rows in out.items()}


def leader_at(roles: tuple[Leader, ...], day: date | None) -> Leader | None:
    """The role a name stands for on ``day``: the one in force, else None (a former leader speaks
    for nobody). With no date, the latest role."""
    if day is None:
        return roles[-1] if roles else None
    for role in reversed(roles):
        if role.holds_office(day):
            return role
    return None
