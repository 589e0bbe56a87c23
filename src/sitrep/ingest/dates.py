"""Publication dates: strict parsing of given values, and sniffing a date near the top of a text.

Sniffing matches only explicit full dates (day, month and year). Relative or partial dates
("on Friday", "October 2020") and ambiguous numeric forms ("02/10/2020") are never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from sitrep.errors import InputError
from sitrep.ingest.registry import Problem

UNDATED = "no publication date; relative dates left unresolved (use --published)"

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_MONTH = "(?P<m>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"

# Each pattern has the groups y, m, d; m is a month number or name.
_PATTERNS = (
    re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),  # 2020-10-02
    re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),  # 2020/10/02
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"),  # 02.10.2020
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # October 2, 2020
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 2 Oct 2020
)
_LABEL = re.compile(r"\b(?:published|posted|dated?|issued)\b", re.IGNORECASE)
# What may stand before a date at the start of a line: a capitalised dateline place, a weekday.
_DATELINE = re.compile(r"[\W_]*(?:[A-Z][A-Z .'’()-]*,\s*)?(?:[A-Za-z]+day,?\s*)?")
_SHORT_REST = 40  # a line whose text besides the date is this short is a date stamp or byline
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: str, source: str | None = None) -> date:
    """Parse a publication date given by a user or a record.

    Args:
        value: ``YYYY-MM-DD``, or a full ISO 8601 date-time (``2020-10-02T09:30:00Z``), whose
            date part is taken as written (no time zone conversion).
        source: where the value comes from, for the error message.

    Returns:
        The date.

    Raises:
        InputError: the value is not such a date.
    """
    if not isinstance(value, str):
        raise InputError(f"invalid publication date {value!r}; expected YYYY-MM-DD", source)
    text = value.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _ISO_DATE.match(text) and text[10] in "Tt ":
            return datetime.fromisoformat(text).date()
    except ValueError as exc:
        reason = str(exc) if "isoformat" not in str(exc) else "not an ISO date-time"
        raise InputError(f"invalid publication date {value!r} ({reason})", source) from None
    raise InputError(f"invalid publication date {value!r}; expected YYYY-MM-DD", source)


def sniff_published(text: str, max_lines: int = 8) -> date | None:
    """Find the publication date written near the top of an article, if any.

    Only the first ``max_lines`` non-blank lines are searched. A date after a label
    ("Published:", "Posted", "Date:") wins; otherwise the first date that starts its line (after
    an upper-case dateline place or a weekday, if any) or that stands on a short line such as a
    time stamp or byline. Dates inside body sentences are not taken.

    Args:
        text: the article text.
        max_lines: how many non-blank lines to search.

    Returns:
        The date, or ``None`` when no explicit full date is found there.
    """
    lines = [line for line in text.splitlines() if line.strip()][:max_lines]
    stamped: date | None = None
    for line in lines:
        end = 0
        for match, when in _dates(line):
            before = line[end : match.start()]
            if _LABEL.search(before):
                return when
            if stamped is None and (
                _DATELINE.fullmatch(line[: match.start()])
                or len(line.strip()) - (match.end() - match.start()) <= _SHORT_REST
            ):
                stamped = when
            end = match.end()
    return stamped


def undated_warning(source: str) -> Problem:
    """Return the warning for an article that has no publication date."""
    return Problem(source, UNDATED, fatal=False)


def _dates(line: str) -> Iterator[tuple[re.Match[str], date]]:
    """Yield the valid full dates in a line, in order, with their matches."""
    found: list[tuple[re.Match[str], date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            month = match["m"].lower()
            try:
                when = date(int(match["y"]), _MONTHS.get(month) or int(month), int(match["d"]))
            except ValueError:
                continue
            found.append((match, when))
    yield from sorted(found, key=lambda item: item[0].start())
