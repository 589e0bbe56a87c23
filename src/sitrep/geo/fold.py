"""Fold place names to comparable keys.

Two levels, both driven by the rules in ``data/romanisation.tsv``:

* :func:`fold` lower-cases, transliterates letters that Unicode decomposition does not take
  apart (``ə``, ``ı``, ``ş``, ``ß``) and strips diacritics. It keeps words and spaces, so it
  suits display comparisons: ``fold("Füzuli") == "fuzuli"``.
* :func:`match_key` reduces a folded name further to a phonetic-ish key under which common
  romanisations of one name agree: ``Xankəndi``, ``Khankendi`` and ``Hankendi`` share one key.
  The gazetteer indexes names under both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sitrep.errors import DataError

RULES_RESOURCE = "romanisation.tsv"
_STAGES = ("char", "char_az", "key")
# Letters only Azerbaijani Latin uses among major orthographies: a word holding one is read
# with Azerbaijani values for x, q and c.
_AZ_MARKERS = frozenset("əı")
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[\s\-_/.,;:()\[\]\"]+")


@dataclass(frozen=True)
class FoldRules:
    """Compiled romanisation rules.

    Attributes:
        char: translation table applied to every letter.
        char_az: translation table applied to words in Azerbaijani Latin script.
        key: ordered (pattern, replacement) substitutions producing the match key.
    """

    char: dict[int, str]
    char_az: dict[int, str]
    key: tuple[tuple[re.Pattern[str], str], ...]


def parse_rules(text: str, source: str = RULES_RESOURCE) -> FoldRules:
    """Parse the romanisation table.

    Args:
        text: the TSV text: ``stage, pattern, replacement, note`` with a header line.
        source: the file name, for error messages.

    Returns:
        The compiled rules.

    Raises:
        DataError: on an unknown stage, a multi-character ``char`` pattern or a bad regex.
    """
    char: dict[int, str] = {}
    char_az: dict[int, str] = {}
    key: list[tuple[re.Pattern[str], str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("stage\t"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise DataError(f"{source}:{lineno}: expected stage, pattern, replacement")
        stage, pattern, replacement = cols[0], cols[1], cols[2]
        if stage not in _STAGES:
            raise DataError(f"{source}:{lineno}: unknown stage {stage!r}")
        if stage == "key":
            try:
                key.append((re.compile(pattern), replacement))
            except re.error as exc:
                raise DataError(f"{source}:{lineno}: bad pattern {pattern!r}: {exc}") from exc
            continue
        if len(pattern) != 1:
            raise DataError(f"{source}:{lineno}: a {stage} pattern must be one character")
        (char if stage == "char" else char_az)[ord(pattern)] = replacement
    return FoldRules(char=char, char_az=char_az, key=tuple(key))


@lru_cache(maxsize=1)
def load_rules() -> FoldRules:
    """Load and compile the bundled romanisation table (once per process).

    Returns:
        The compiled rules.
    """
    text = resources.files("sitrep.data").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
    return parse_rules(text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_with(name: str, rules: FoldRules) -> str:
    """Fold ``name`` with explicit rules; see :func:`fold`.

    Args:
        name: a place name in any Latin-script spelling.
        rules: compiled romanisation rules.

    Returns:
        The folded name: lower case, ASCII where the rules allow, single spaces.
    """
    text = unicodedata.normalize("NFC", name).lower()
    if _AZ_MARKERS.intersection(text):
        text = _WORD.sub(
            lambda m: m.group(0).translate(rules.char_az)
            if _AZ_MARKERS.intersection(m.group(0))
            else m.group(0),
            text,
        )
    text = _strip_marks(text.translate(rules.char))
    return _SPACES.sub(" ", text).strip()


def key_with(folded: str, rules: FoldRules) -> str:
    """Reduce an already folded name to its match key; see :func:`match_key`.

    Args:
        folded: output of :func:`fold`.
        rules: compiled romanisation rules.

    Returns:
        The match key (letters and digits only).
    """
    text = folded
    for pattern, replacement in rules.key:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower-case, transliterate and strip diacritics.

    Args:
        name: a place name, e.g. ``"Şəmkir"``.

    Returns:
        The folded form, e.g. ``"shamkir"``; words stay separated by single spaces.
    """
    return fold_with(name, load_rules())


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """Return the phonetic-ish lookup key of a name.

    Spelling variants of one toponym share a key: ``Jabrayil``, ``Jabrail``, ``Dzhebrail``
    and ``Cəbrayıl`` all give ``"jabrail"``.

    Args:
        name: a place name in any Latin-script spelling.

    Returns:
        The key; empty when the name has no letters or digits.
    """
    rules = load_rules()
    return key_with(fold_with(name, rules), rules)
