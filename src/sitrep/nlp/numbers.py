"""Casualty figures in a sentence: how many were killed, injured, displaced, abducted, arrested.

A figure is a number phrase ("at least 15", "dozens", "Over one hundred", "a man") linked to a
casualty word in the same clause, in one of three ways:

- the word comes first: "killing 15", "injured one person", "kidnapped 42";
- a toll noun comes first: "the death toll rose to 30";
- the word comes after: "10 people were injured", "left 4 dead", "two bullet-ridden bodies";
  coordinated groups are summed ("Ten soldiers and an officer have been killed" = 11).

The word lists live in ``data/casualty_words.tsv``. Vague quantities follow ACLED's codebook
("dozens" = 12, "hundreds" = 100, each a lower bound); "several" or "many" give no figure.
"casualties" alone is filed as injured, never as killed, because ACLED counts fatalities only.
Historical figures are not filtered here: the integrator does that with the sentence's dates.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Container
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

# pyproject's mypy override names the distribution (text2num), not the module (text_to_num).
from text_to_num import text2num  # type: ignore[import-untyped]

from ..errors import DataError

__all__ = ["Casualty", "CasualtyWords", "find_casualties", "load_casualty_words", "parse_number"]

_KINDS = frozenset({"killed", "injured", "displaced", "abducted", "arrested"})
_MAX_GAP = 6  # content words allowed between a figure and the casualty word after it
_MAX_NOUN_GAP = 2  # "two bullet-ridden bodies", "three civilian deaths"
_MAX_LINKS = 4  # "the death toll has now risen to"
_MAX_ASIDE = 12  # tokens in a comma-enclosed aside ("Three militants, including ..., were killed")
_SUBSET_CUES = frozenset({"including", "among", "most", "many", "some", "mostly", "mainly"})
_PARTITIVE = frozenset({"the", "those", "these", "them", "whom"})
# Words that end the noun phrase after a figure: what follows them does not say what was counted.
_NP_END = frozenset({"in", "on", "at", "of", "from", "near", "by", "for", "to", "with", "into", "during"})
_TOKEN = re.compile(
    r"\d+(?:-[^\W\d_]+)+"  # "20-year-old": an adjective, not a figure
    r"|\d+(?:[.,]\d+)*\+?"
    r"|[^\W\d_]+(?:['’.\-][^\W\d_]+)*"
    r"|\S"
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Casualty:
    """One casualty figure in a sentence.

    Attributes:
        start: offset of the figure's first character in the sentence.
        end: offset one past its last character.
        text: ``sentence[start:end]``: the number phrase with its modifier ("at least 15"); for
            summed groups, the whole coordination ("Ten soldiers and an officer").
        kind: ``killed``, ``injured``, ``displaced``, ``abducted`` or ``arrested``.
        value: the best figure.
        lower_bound: the text gives a minimum ("at least", "more than", "dozens", "50+").
        approximate: the text gives an estimate ("around", "up to", "nearly", "an estimated").
    """

    start: int
    end: int
    text: str
    kind: str
    value: int
    lower_bound: bool
    approximate: bool


@dataclass(frozen=True)
class CasualtyWords:
    """The lexicon of ``data/casualty_words.tsv``, indexed for matching token tuples."""

    after: dict[Phrase, tuple[str, str]]  # phrase -> (kind, form)
    before: dict[Phrase, str]
    toll: dict[Phrase, str]
    modifiers: dict[Phrase, str]  # phrase -> lower | approx | neutral
    quantities: dict[Phrase, tuple[int, bool]]
    numbers: dict[str, int]
    link: frozenset[str]
    persons: frozenset[str]
    nonhuman: frozenset[str]
    aux: frozenset[str]
    stop: frozenset[str]
    objects: frozenset[str]
    longest: int
    prefilter: re.Pattern[str]


_SETS = ("link", "person", "nonhuman", "aux", "stop", "object")
_MAPS = ("after", "before", "toll", "modifier", "quantity", "number")


def _read_rows(path: Traversable) -> list[tuple[str, Phrase, str, str, str]]:
    """Rows of the lexicon as (section, phrase, kind, form, value), checked."""
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for n, row in enumerate(rows, start=2):
            section, key = row.get("section") or "", tuple((row.get("phrase") or "").lower().split())
            kind, form, value = row.get("kind") or "-", row.get("form") or "-", row.get("value") or "-"
            if not key or section not in _SETS + _MAPS:
                raise DataError(f"{path}: bad row {n}: {row!r}")
            if section in ("after", "before", "toll") and kind not in _KINDS:
                raise DataError(f"{path}: unknown kind {kind!r} on row {n}")
            if section in ("quantity", "number") and not value.isdigit():
                raise DataError(f"{path}: bad value {value!r} on row {n}")
            out.append((section, key, kind, form, value))
    return out


@functools.cache
def load_casualty_words() -> CasualtyWords:
    """Read ``data/casualty_words.tsv`` once.

    Raises:
        DataError: a row has an unknown section or kind, or a bad value.
    """
    rows = _read_rows(resources.files("sitrep") / "data" / "casualty_words.tsv")
    sets: dict[str, set[str]] = {s: set() for s in _SETS}
    for section, key, *_ in rows:
        if section in _SETS:
            sets[section].add(" ".join(key))
    after = {k: (kind, form) for s, k, kind, form, _ in rows if s == "after"}
    before = {k: kind for s, k, kind, _, _ in rows if s == "before"}
    toll = {k: kind for s, k, kind, _, _ in rows if s == "toll"}
    firsts = {k[0] for k in (*after, *before, *toll)}
    return CasualtyWords(
        after=after,
        before=before,
        toll=toll,
        modifiers={k: form for s, k, _, form, _ in rows if s == "modifier"},
        quantities={k: (int(v), form == "lower") for s, k, _, form, v in rows if s == "quantity"},
        numbers={k[0]: int(v) for s, k, _, _, v in rows if s == "number"},
        link=frozenset(sets["link"]),
        persons=frozenset(sets["person"]),
        nonhuman=frozenset(sets["nonhuman"]),
        aux=frozenset(sets["aux"]),
        stop=frozenset(sets["stop"]),
        objects=frozenset(sets["object"]),
        longest=max(len(k) for _, k, *_ in rows),
        prefilter=re.compile(r"(?i)\b(?:" + "|".join(sorted(map(re.escape, firsts))) + r")\b"),
    )


@dataclass(frozen=True)
class _Quantity:
    start: int  # first token (its modifier, if any)
    end: int  # one past the last token
    value: int
    lower_bound: bool
    approximate: bool


class _Tokens:
    """A sentence split into lower-cased tokens with character offsets."""

    def __init__(self, text: str) -> None:
        matches = list(_TOKEN.finditer(text))
        self.low = [m.group().lower() for m in matches]
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def __len__(self) -> int:
        return len(self.low)

    def match(self, table: Container[Phrase], i: int, longest: int) -> int:
        """Length of the longest phrase of ``table`` starting at token ``i`` (0: none)."""
        for n in range(min(longest, len(self.low) - i), 0, -1):
            if tuple(self.low[i : i + n]) in table:
                return n
        return 0

    def match_ending(self, table: Container[Phrase], end: int, longest: int) -> int:
        """Length of the longest phrase of ``table`` ending just before token ``end``."""
        for n in range(min(longest, end), 0, -1):
            if tuple(self.low[end - n : end]) in table:
                return n
        return 0


def _is_word(tok: str) -> bool:
    return tok[0].isalpha() or "-" in tok  # "20-year-old" is a word


def _is_person(tok: str, words: CasualtyWords) -> bool:
    return tok in words.persons or (tok.endswith("s") and tok[:-1] in words.persons)


def _number_run(toks: _Tokens, j: int, words: CasualtyWords) -> tuple[int, int] | None:
    """Read spelled-out numbers at token ``j`` ("one hundred and twenty"): (value, end)."""
    run: list[str] = []
    k = j
    while k < len(toks):
        tok = toks.low[k]
        parts = tok.split("-")
        if all(p in words.numbers for p in parts):
            run.append(" ".join(parts))
        elif (
            tok == "and"
            and run
            and run[-1] in ("hundred", "thousand")
            and k + 1 < len(toks)
            and toks.low[k + 1].split("-")[0] in words.numbers
        ):
            run.append(tok)
        else:
            break
        k += 1
    if not run:
        return None
    try:
        return int(text2num(" ".join(run), "en")), k
    except ValueError:  # "one two": not one number; keep the first word
        return words.numbers[run[0].split()[0]], j + 1


def _core(toks: _Tokens, j: int, words: CasualtyWords) -> tuple[int, int, bool] | None:
    """Read the number itself at token ``j``: (value, end, lower_bound)."""
    tok = toks.low[j]
    n = len(toks)
    if tok[0].isdigit():
        digits = tok.rstrip("+")
        if not _DIGITS.fullmatch(digits):
            return None
        value = float(digits.replace(",", "")) if "." in digits else int(digits.replace(",", ""))
        end = j + 1
        if end < n and toks.low[end] in ("hundred", "thousand", "million"):
            value *= words.numbers[toks.low[end]]
            end += 1
        if _YEAR.fullmatch(digits) and not (end < n and _is_person(toks.low[end], words)):
            return None  # "in 1994", "a 2014 law": a year, not a head count
        return int(value), end, tok.endswith("+")
    q = toks.match(words.quantities, j, words.longest)
    if q:
        value, lower = words.quantities[tuple(toks.low[j : j + q])]
        return value, j + q, lower
    run = _number_run(toks, j, words)
    if run is not None:
        value, end = run
        if end < n and toks.low[end] == "dozen":  # "two dozen"
            return value * 12, end + 1, False
        return value, end, False
    if tok in ("a", "an"):
        for k in (j + 1, j + 2, j + 3):
            if k < n and toks.low[k] in words.persons:
                return 1, k + 1, False  # "a man", "a young man", "a 20-year-old student"
            if k >= n or not _is_word(toks.low[k]):
                break
    return None


def _quantity(toks: _Tokens, i: int, words: CasualtyWords) -> _Quantity | None:
    """Read a number phrase with its modifiers starting at token ``i``."""
    if i > 0 and toks.low[i - 1] in ("no", "not", "$", "#", "no."):
        return None  # "no one was hurt", "$5"
    lower = approx = False
    j = i
    for _ in range(2):
        m = toks.match(words.modifiers, j, words.longest)
        if not m:
            break
        form = words.modifiers[tuple(toks.low[j : j + m])]
        lower, approx = lower or form == "lower", approx or form == "approx"
        j += m
    if j >= len(toks):
        return None
    core = _core(toks, j, words)
    if core is None:
        return None
    value, end, plus = core
    if end < len(toks) and toks.low[end] in ("%", "percent", ":"):
        return None
    if toks.low[j - 1:j] == ["between"] and end + 1 < len(toks) and toks.low[end] == "and":
        upper = _core(toks, end + 1, words)
        if upper is not None:  # "between 20 and 30 people": ACLED codes the lower figure
            return _Quantity(i, upper[1], value, True, approx)
    return _Quantity(i, end, value, lower or plus, approx)


def _all_quantities(toks: _Tokens, words: CasualtyWords) -> dict[int, _Quantity]:
    found: dict[int, _Quantity] = {}
    i = 0
    while i < len(toks):
        q = _quantity(toks, i, words)
        if q is None:
            i += 1
        else:
            found[q.start] = q
            i = q.end
    return found


def _human(toks: _Tokens, end: int, words: CasualtyWords) -> bool:
    """False when the words after a figure name things, not people ("three homes", "500 km")."""
    for k in range(end, min(end + 3, len(toks))):
        tok = toks.low[k]
        if tok in words.nonhuman:
            return False
        if not _is_word(tok) or tok in words.stop or tok in _NP_END or tok in words.aux:
            return True
        if _is_person(tok, words) or toks.match(words.after, k, words.longest):
            return True
    return True


def _link_before(toks: _Tokens, q: _Quantity, words: CasualtyWords) -> str | None:
    """The kind of a casualty verb or toll noun that precedes the figure, if any."""
    n = toks.match_ending(words.before, q.start, words.longest)
    if n:
        return words.before[tuple(toks.low[q.start - n : q.start])]
    k = q.start
    for _ in range(_MAX_LINKS):
        if k == 0 or toks.low[k - 1] not in words.link:
            break
        k -= 1
        n = toks.match_ending(words.toll, k, words.longest)
        if n:
            return words.toll[tuple(toks.low[k - n : k])]
    return None


def _aside_end(toks: _Tokens, comma: int, quantities: dict[int, _Quantity]) -> int | None:
    """The closing comma of an aside opened at ``comma``, if the aside may be skipped."""
    first = quantities.get(comma + 1)
    subset = (comma + 1 < len(toks) and toks.low[comma + 1] in _SUBSET_CUES) or (
        first is not None and _is_subset(toks, first)
    )
    for k in range(comma + 1, min(comma + 1 + _MAX_ASIDE, len(toks))):
        if toks.low[k] == ",":
            return k
        if toks.low[k] in (".", ";", ":") or (k in quantities and not subset):
            return None
    return None


def _is_subset(toks: _Tokens, q: _Quantity) -> bool:
    """ "3 of them children": a part of the group before, not another group."""
    return q.end + 1 < len(toks) and toks.low[q.end] == "of" and toks.low[q.end + 1] in _PARTITIVE


def _link_after(
    toks: _Tokens, q: _Quantity, words: CasualtyWords, quantities: dict[int, _Quantity]
) -> tuple[str, list[_Quantity], set[int]] | None:
    """Follow the clause after a figure to its casualty word: (kind, summed group, skipped)."""
    group, skipped = [q], set[int]()
    i, gap, passive = q.end, 0, False
    n = len(toks)
    while i < n and gap <= _MAX_GAP:
        tok = toks.low[i]
        m = toks.match(words.after, i, words.longest)
        if m:
            kind, form = words.after[tuple(toks.low[i : i + m])]
            if form == "noun" and gap > _MAX_NOUN_GAP:
                return None
            if i == group[-1].end + 2 and toks.low[i - 2] == "of" and toks.low[i - 1] in _PARTITIVE:
                return None  # "seven of the wounded": part of a figure given elsewhere
            nxt = i + m
            if (
                form == "participle"
                and not passive
                and nxt < n
                and (toks.low[nxt] in words.objects or nxt in quantities)
            ):
                return None  # "three gunmen killed the mayor": the figure is the subject
            return kind, group, skipped
        if tok in (",", "and", "or") and i + 1 in quantities and not _is_subset(toks, quantities[i + 1]):
            group.append(quantities[i + 1])
            i = quantities[i + 1].end
            continue
        if tok == ",":
            close = _aside_end(toks, i, quantities)
            if close is None:
                return None
            skipped.update(k for k in quantities if i < k < close)
            i = close + 1
            continue
        if not _is_word(tok) or tok in words.stop or tok in words.nonhuman or i in quantities:
            return None
        if tok in words.aux:
            passive = True
        else:
            gap += 1
        i += 1
    return None


def find_casualties(sentence: str) -> list[Casualty]:
    """Find the casualty figures in one sentence.

    Args:
        sentence: one sentence (figures do not link across sentences); offsets refer to it.

    Returns:
        The figures in text order. A figure with no number ("abducted many students") gives none.

    Example:
        >>> [(c.kind, c.value) for c in find_casualties("The blast killed 3 and wounded 12 people.")]
        [('killed', 3), ('injured', 12)]
    """
    words = load_casualty_words()
    if not words.prefilter.search(sentence):
        return []
    toks = _Tokens(sentence)
    quantities = _all_quantities(toks, words)
    used: set[int] = set()
    found: list[Casualty] = []
    for start, q in quantities.items():
        if start in used:
            continue
        if not _human(toks, q.end, words):
            continue
        kind = _link_before(toks, q, words)
        group = [q]
        if kind is None:
            linked = _link_after(toks, q, words, quantities)
            if linked is None:
                continue
            kind, group, skipped = linked
            used.update(skipped)
        used.update(g.start for g in group)
        a, b = toks.starts[group[0].start], toks.ends[group[-1].end - 1]
        found.append(Casualty(
            a, b, sentence[a:b], kind, sum(g.value for g in group),
            any(g.lower_bound for g in group), any(g.approximate for g in group),
        ))  # fmt: skip
    return found


def parse_number(phrase: str) -> tuple[int, bool] | None:
    """Read the number at the start of a phrase.

    Args:
        phrase: e.g. ``"1,200"``, ``"Over one hundred"``, ``"a dozen"``, ``"dozens"``, ``"one man"``.

    Returns:
        ``(value, lower_bound)``, or None when the phrase does not start with a number. A lone
        "a"/"an" reads as 1.

    Example:
        >>> parse_number("at least 15 people")
        (15, True)
    """
    toks = _Tokens(phrase)
    if not len(toks):
        return None
    if len(toks) == 1 and toks.low[0] in ("a", "an"):
        return 1, False
    q = _quantity(toks, 0, load_casualty_words())
    return None if q is None else (q.value, q.lower_bound)
