"""The country and actor lexicons: load the bundled TSV files and expand actor templates.

``countries.tsv`` lists every country with its names, demonyms and capital; ``actors.tsv`` lists
the phrases that name an actor ("Azerbaijani troops", "al-Shabaab", "gunmen") and the ACLED-style
actor each names. Both files document their format in their header comments. Nothing is read
until a loader is first called; each loader caches its result.

Example:
    >>> from sitrep.nlp.lexicon import country_index, lookup_actor
    >>> country_index()["burma"]
    'MMR'
    >>> entry = lookup_actor("Russian warplanes")
    >>> entry.name, entry.country
    ('Military Forces of Russia', 'RUS')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from sitrep.errors import DataError

DATA_PACKAGE = "sitrep.data"
COUNTRIES_FILE = "countries.tsv"
ACTORS_FILE = "actors.tsv"

COUNTRY_COLUMNS = ("iso3", "name", "short_names", "demonyms", "capital")
ACTOR_COLUMNS = ("pattern", "name", "category", "country", "case_sensitive", "notes")

CATEGORIES = frozenset(
    {
        "STATE_FORCES",
        "POLICE",
        "GOVERNMENT",
        "REBELS",
        "MILITIA",
        "POLITICAL",
        "PROTESTERS",
        "RIOTERS",
        "CIVILIANS",
        "EXTERNAL",
        "UNIDENTIFIED",
        "MEDIA",
        "COUNTRY",
    }
)

DEMONYM = "{DEMONYM}"
"""Pattern placeholder: every demonym and name of a country (adjective position)."""
COUNTRY = "{COUNTRY}"
"""Pattern placeholder for a country's names; in an actor name, the country's ``name``."""
PEOPLE = "{PEOPLE}"
"""Pattern placeholder for the plural demonyms that name a people ("Palestinians", "Afghans")."""

_ISO3 = re.compile(r"[A-Z]{3}")
_PLACEHOLDER = re.compile(r"\{[A-Z]+\}")
# A name's suffix that is dropped with the placeholder when no country is known.
_COUNTRY_SUFFIX = re.compile(r" of \{COUNTRY\}| \(\{COUNTRY\}\)")


@dataclass(frozen=True)
class Country:
    """One row of ``countries.tsv``.

    Attributes:
        iso3: ISO 3166-1 alpha-3 code (``XKX`` for Kosovo).
        name: the short name that actor names use ("Russia", "Democratic Republic of the Congo").
        short_names: every name of the country, ``name`` first ("Russia", "Russian Federation").
        demonyms: adjectives and nouns for its people ("Azerbaijani", "Azeri", "Azeris").
        capital: the capital city.
        shared: the names and demonyms above that another country uses too ("Congolese"). They
            are facts about the country but are not indexed for it.
    """

    iso3: str
    name: str
    short_names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    shared: frozenset[str] = frozenset()

    def indexed_names(self) -> tuple[str, ...]:
        """Return the names and demonyms (plural ones included) that identify this country."""
        forms = (self.name, *self.short_names, *self.demonyms)
        return tuple(dict.fromkeys(f for f in forms if f not in self.shared))

    def adjective_forms(self) -> tuple[str, ...]:
        """Return the forms that ``{DEMONYM}`` stands for: demonyms and everyday names.

        Plural demonyms ("Azeris"), names with an article ("The Gambia") and formal names
        ("Republic of Azerbaijan") are left out: none of them precedes a noun like "troops".
        """
        singular = set(self.demonyms)
        demonyms = [d for d in self.demonyms if not _is_plural(d, singular)]
        names = [n for n in (self.name, *self.short_names) if not n.startswith("The ") and " of " not in n]
        return tuple(dict.fromkeys(f for f in (*demonyms, *names) if f not in self.shared))

    def people_forms(self) -> tuple[str, ...]:
        """Return the forms that ``{PEOPLE}`` stands for: the plural demonyms ("Afghans")."""
        singular = set(self.demonyms)
        return tuple(d for d in self.demonyms if _is_plural(d, singular) and d not in self.shared)

    def name_forms(self) -> tuple[str, ...]:
        """Return the forms that ``{COUNTRY}`` stands for in a pattern: the country's names."""
        forms = (self.name, *self.short_names)
        return tuple(dict.fromkeys(f for f in forms if f not in self.shared))


@dataclass(frozen=True)
class ActorEntry:
    """One concrete actor phrase, with templates expanded.

    Attributes:
        pattern: the phrase. Text from ``actors.tsv`` is lower case; a country's name or
            demonym put in by a template keeps its own case ("Azerbaijani troops", "Turkey"), so
            a matcher can tell the proper name from the word. Matching ignores case unless
            ``case_sensitive``.
        name: the ACLED-style actor name, never with a placeholder. An entry whose country
            comes from context has the generic name here ("Military Forces", "Civilians").
        category: one of :data:`CATEGORIES`.
        country: ISO 3166-1 alpha-3 of the actor's country, or None.
        case_sensitive: whether the phrase matches only in the case written ("IS", "US troops").
        name_template: for an entry without a country, the name with ``{COUNTRY}`` still in it
            ("Military Forces of {COUNTRY}"); None otherwise. See :meth:`name_for`.
    """

    pattern: str
    name: str
    category: str
    country: str | None
    case_sensitive: bool
    name_template: str | None = None

    def name_for(self, iso3: str | None = None) -> str:
        """Return the actor name, with the context's country put in where the entry has none.

        Args:
            iso3: the country the context supplies (an article's main country). Ignored when
                the entry names its own country.

        Returns:
            ``"Military Forces of Mali"`` for "troops" with ``iso3="MLI"``, ``"Military
            Forces"`` with no country, and ``name`` for an entry that names its country.

        Raises:
            KeyError: if ``iso3`` is not a country in ``countries.tsv``.
        """
        if self.name_template is None or iso3 is None:
            return self.name
        return self.name_template.replace(COUNTRY, load_countries()[iso3].name)


def _is_plural(word: str, singulars: set[str]) -> bool:
    """Return whether ``word`` is the plural of another word in ``singulars``."""
    return (word.endswith("s") and word[:-1] in singulars) or (word.endswith("es") and word[:-2] in singulars)


def _is_acronym(form: str) -> bool:
    """Return whether a country name is an undotted acronym (US, DRC), matched in capitals only."""
    return form.isupper() and "." not in form


def _read_tsv(filename: str, columns: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(source, fields)`` for each data row of a bundled TSV file.

    Lines starting with ``#`` and blank lines are skipped; the first other line must be the
    header. A row may leave out a last ``notes`` column, which is then empty.

    Args:
        filename: the file's name inside :data:`DATA_PACKAGE`.
        columns: the expected header.

    Yields:
        ``"file:line"`` for messages, and the row's fields, stripped.

    Raises:
        DataError: if the header or a row's column count is wrong.
    """
    text = resources.files(DATA_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        source = f"{filename}:{number}"
        fields = [f.strip() for f in line.split("\t")]
        if not header_seen:
            if tuple(fields) != columns:
                raise DataError(f"{source}: header must be {'<TAB>'.join(columns)}")
            header_seen = True
            continue
        if len(fields) == len(columns) - 1 and columns[-1] == "notes":
            fields.append("")
        if len(fields) != len(columns):
            raise DataError(f"{source}: expected {len(columns)} tab-separated columns, got {len(fields)}")
        yield source, fields
    if not header_seen:
        raise DataError(f"{filename}: no header row")


def _split_names(source: str, field: str, column: str) -> tuple[tuple[str, ...], set[str]]:
    """Split a ``|``-list of names; return the names and those written in parentheses."""
    names: list[str] = []
    shared: set[str] = set()
    for raw in field.split("|"):
        name = raw.strip()
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()
            shared.add(name)
        if not name:
            raise DataError(f"{source}: empty name in {column}")
        names.append(name)
    return tuple(names), shared


def _parse_country(source: str, fields: list[str]) -> Country:
    """Build a :class:`Country` from one row, checking each field."""
    iso3, name, short_field, demonym_field, capital = fields
    if not _ISO3.fullmatch(iso3):
        raise DataError(f"{source}: iso3 must be three capital letters, got {iso3!r}")
    if not name or not capital or not short_field or not demonym_field:
        raise DataError(f"{source}: name, short_names, demonyms and capital are all required")
    short_names, shared_short = _split_names(source, short_field, "short_names")
    demonyms, shared_demonyms = _split_names(source, demonym_field, "demonyms")
    return Country(iso3, name, short_names, demonyms, capital, frozenset(shared_short | shared_demonyms))


@functools.cache
def load_countries() -> dict[str, Country]:
    """Load ``countries.tsv``.

    Returns:
        Countries by ISO3 code, in file order.

    Raises:
        DataError: with file and line, for a malformed row, a repeated code, or a name that
            two countries list without parentheses.
    """
    countries: dict[str, Country] = {}
    claimed: dict[str, tuple[str, str]] = {}  # lower-cased name -> (iso3, source)
    for source, fields in _read_tsv(COUNTRIES_FILE, COUNTRY_COLUMNS):
        country = _parse_country(source, fields)
        if country.iso3 in countries:
            raise DataError(f"{source}: {country.iso3} is listed twice")
        for form in country.indexed_names():
            owner = claimed.setdefault(form.lower(), (country.iso3, source))
            if owner[0] != country.iso3:
                raise DataError(
                    f"{source}: {form!r} is also a name of {owner[0]} ({owner[1]}); "
                    "put it in parentheses for the country it should not resolve to"
                )
        countries[country.iso3] = country
    return countries


@functools.cache
def country_index() -> dict[str, str]:
    """Map each lower-cased name, short name and demonym to its country's ISO3 code.

    Names that two countries share ("Congolese", "Korea") are written in parentheses for one
    or both in ``countries.tsv``: they resolve to the country that lists them bare (Congo and
    Congolese to COD, as AP style has it; Dominican to DOM) or, if none does, are left out.
    Acronyms are indexed lower-cased too ("us"); use :func:`lookup_country` on raw text.

    Returns:
        ``{"u.s.": "USA", "burma": "MMR", "azeris": "AZE", ...}``.
    """
    return {
        form.lower(): country.iso3
        for country in load_countries().values()
        for form in country.indexed_names()
    }


@functools.cache
def _acronyms() -> dict[str, str]:
    """Map lower-cased undotted acronyms among country names to their written form."""
    return {
        form.lower(): form
        for country in load_countries().values()
        for form in country.indexed_names()
        if _is_acronym(form)
    }


def lookup_country(text: str) -> str | None:
    """Return the ISO3 code a name or demonym refers to, or None.

    Case is ignored except for acronyms, which match only as written: "US" and "u.s." are the
    United States, "us" is not.

    Args:
        text: a name or demonym as it appears in text ("Azeri", "DR Congo", "U.S.").
    """
    key = " ".join(text.split()).lower()
    acronym = _acronyms().get(key)
    if acronym is not None and text.strip() != acronym:
        return None
    return country_index().get(key)


@dataclass(frozen=True)
class _ActorRow:
    """One parsed row of ``actors.tsv``, before its templates are expanded."""

    source: str
    alternatives: tuple[str, ...]
    name: str
    category: str
    country: str | None
    case_sensitive: bool


def _check_pattern(source: str, pattern: str, country: str, case_sensitive: bool) -> None:
    """Check one alternative of a pattern: known placeholders, at most one, lower case."""
    placeholders = _PLACEHOLDER.findall(pattern)
    unknown = [p for p in placeholders if p not in (DEMONYM, COUNTRY, PEOPLE)]
    if unknown:
        raise DataError(f"{source}: unknown placeholder {unknown[0]} in pattern {pattern!r}")
    if len(placeholders) > 1:
        raise DataError(f"{source}: pattern {pattern!r} has more than one placeholder")
    if placeholders and country:
        raise DataError(f"{source}: {placeholders[0]} sets the country; leave the country column empty")
    literal = _PLACEHOLDER.sub("", pattern)
    if not case_sensitive and literal != literal.lower():
        raise DataError(f"{source}: pattern {pattern!r} must be lower case unless case_sensitive is yes")


def _parse_actor_row(source: str, fields: list[str], countries: dict[str, Country]) -> _ActorRow:
    """Build an :class:`_ActorRow` from one row of ``actors.tsv``, checking each field."""
    pattern, name, category, country, flag, _notes = fields
    if category not in CATEGORIES:
        raise DataError(f"{source}: unknown category {category!r}; use one of {sorted(CATEGORIES)}")
    if flag not in ("yes", "no"):
        raise DataError(f"{source}: case_sensitive must be yes or no, got {flag!r}")
    if country and country not in countries:
        raise DataError(f"{source}: country {country!r} is not in {COUNTRIES_FILE}")
    if not name or any(p != COUNTRY for p in _PLACEHOLDER.findall(name)):
        raise DataError(f"{source}: name must be non-empty and use no placeholder but {COUNTRY}")
    alternatives = tuple(" ".join(a.split()) for a in pattern.split("|"))
    if not all(alternatives):
        raise DataError(f"{source}: empty pattern")
    for alternative in alternatives:
        _check_pattern(source, alternative, country, flag == "yes")
    return _ActorRow(source, alternatives, name, category, country or None, flag == "yes")


def _literal_entry(row: _ActorRow, pattern: str, countries: dict[str, Country]) -> ActorEntry:
    """Build the entry of a pattern without a placeholder, filling or keeping ``{COUNTRY}``."""
    if COUNTRY not in row.name:
        return ActorEntry(pattern, row.name, row.category, row.country, row.case_sensitive)
    if row.country is not None:
        name = row.name.replace(COUNTRY, countries[row.country].name)
        return ActorEntry(pattern, name, row.category, row.country, row.case_sensitive)
    generic = _COUNTRY_SUFFIX.sub("", row.name).replace(COUNTRY, "").strip()
    return ActorEntry(pattern, generic, row.category, None, row.case_sensitive, row.name)


def _expand(row: _ActorRow, countries: dict[str, Country]) -> Iterator[ActorEntry]:
    """Yield the concrete entries of a row: one per alternative and, for templates, per form."""
    for alternative in row.alternatives:
        found = _PLACEHOLDER.search(alternative)
        if found is None:
            yield _literal_entry(row, alternative, countries)
            continue
        placeholder = found.group()
        for country in countries.values():
            name = row.name.replace(COUNTRY, country.name)
            forms_of = {DEMONYM: country.adjective_forms, PEOPLE: country.people_forms}
            forms = forms_of.get(placeholder, country.name_forms)()
            for form in forms:
                case_sensitive = row.case_sensitive or _is_acronym(form)
                pattern = alternative.replace(placeholder, form)
                yield ActorEntry(pattern, name, row.category, country.iso3, case_sensitive)


def _register(seen: dict[str, list[tuple[ActorEntry, str]]], entry: ActorEntry, source: str) -> bool:
    """Record an entry; return False for a repeat of a known meaning.

    Raises:
        DataError: if an entry that can match the same text means another actor.
    """
    group = seen.setdefault(entry.pattern.lower(), [])
    meaning = (entry.name, entry.category, entry.country)
    for other, other_source in group:
        if other.case_sensitive and entry.case_sensitive and other.pattern != entry.pattern:
            continue  # "JEM" and "JeM" never match the same text
        if (other.name, other.category, other.country) != meaning:
            raise DataError(
                f"{source}: pattern {entry.pattern!r} means {entry.name} ({entry.category}), "
                f"but at {other_source} it means {other.name} ({other.category})"
            )
        if other.case_sensitive == entry.case_sensitive:
            return False
    group.append((entry, source))
    return True


@functools.cache
def load_actor_entries() -> list[ActorEntry]:
    """Load ``actors.tsv`` and expand its templates into concrete entries.

    ``{DEMONYM}``, ``{COUNTRY}`` and ``{PEOPLE}`` in a pattern are replaced by each form of each
    country (see :meth:`Country.adjective_forms`, :meth:`Country.name_forms` and
    :meth:`Country.people_forms`), which sets the entry's
    country and fills ``{COUNTRY}`` in its name. A pattern repeated with the same meaning, as
    "Sudanese Armed Forces" is by its own row and by "{DEMONYM} armed forces", is kept once.
    The list is cached and shared: do not change it.

    Returns:
        Entries in file order, templates expanded country by country.

    Raises:
        DataError: with file and line, for a malformed row, or for a pattern that two rows
            give different meanings.
    """
    countries = load_countries()
    seen: dict[str, list[tuple[ActorEntry, str]]] = {}
    entries: list[ActorEntry] = []
    for source, fields in _read_tsv(ACTORS_FILE, ACTOR_COLUMNS):
        row = _parse_actor_row(source, fields, countries)
        entries.extend(e for e in _expand(row, countries) if _register(seen, e, row.source))
    return entries


@functools.cache
def _actor_index() -> tuple[dict[str, ActorEntry], dict[str, ActorEntry]]:
    """Index entries by exact pattern (case-sensitive ones) and by lower-cased pattern."""
    exact: dict[str, ActorEntry] = {}
    folded: dict[str, ActorEntry] = {}
    for entry in load_actor_entries():
        if entry.case_sensitive:
            exact.setdefault(entry.pattern, entry)
        else:
            folded.setdefault(entry.pattern.lower(), entry)
    return exact, folded


def lookup_actor(phrase: str) -> ActorEntry | None:
    """Return the entry whose pattern is exactly ``phrase``, or None.

    Case is ignored unless the entry is case-sensitive: "Russian warplanes" finds "russian
    warplanes", "IS" finds the Islamic State but "is" finds nothing. This looks up a whole
    phrase; finding actors in running text is the actor component's job.

    Args:
        phrase: the phrase, as written in the text; runs of whitespace count as one space.
    """
    text = " ".join(phrase.split())
    exact, folded = _actor_index()
    return exact.get(text) or folded.get(text.lower())


WORD_SETS_FILE = "word_sets.tsv"
WORD_SETS = ("protest_context", "crowd", "standing_verb", "facility", "place_preposition", "weapon_noun",
             "seized_goods", "unit_noun", "threat_noun", "referring_word", "specifying_word", "air_word",
             "protest_carrier", "military_target", "force_head", "arrest_link")


@functools.cache
def load_word_sets() -> dict[str, frozenset[str]]:
    """Load ``word_sets.tsv``: the small word sets the event rules read, by set name.

    Raises:
        DataError: for an unknown set, or a word that is not one lower-case word.
    """
    sets: dict[str, set[str]] = {name: set() for name in WORD_SETS}
    for source, (name, word, _notes) in _read_tsv(WORD_SETS_FILE, ("set", "word", "notes")):
        if name not in sets:
            raise DataError(f"{source}: unknown set {name!r}; use one of {', '.join(WORD_SETS)}")
        if not word or word != word.lower() or len(word.split()) != 1:
            raise DataError(f"{source}: {word!r} must be one lower-case word")
        sets[name].add(word)
    return {name: frozenset(words) for name, words in sets.items()}
