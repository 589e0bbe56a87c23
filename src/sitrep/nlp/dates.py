"""Date expressions in news text, resolved against the article's publication date.

The finder looks for candidate expressions with one compiled regular expression built from
``data/date_words.tsv`` and resolves each match itself: calendar arithmetic on a handful of
shapes is faster and more predictable than handing sentences to ``dateparser`` (which, for
instance, cannot read "the day before" at all).

Conventions (ACLED's ``time_precision``): 1 day, 2 week, 3 month, 4 year or coarser. A week or
month is represented by its first day (Monday, the 1st). A mention is *historical* when it
points at background rather than at the news: years and decades alone, anniversaries, a day more
than a year before publication, a month more than two months before it.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from ..errors import DataError

__all__ = ["DateMention", "find_dates", "is_historical_sentence", "resolve_anchor"]

DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4
_HISTORICAL_DAYS = 365  # a day-precise date older than this is background
_HISTORICAL_MONTHS = 2  # a month more than this many months back is background
_SECTIONS = ("month", "month_abbr", "weekday", "deictic", "anaphoric", "period", "count")
# Words that end a "the day after" phrase instead of opening a complement ("a day after that").
_NOT_COMPLEMENT = frozenset({"that", "and", "or", "but", "when", "while", "with", "according", "said"})
# A word right before a core expression; the first group's words change its meaning.
_LEAD = re.compile(
    r"(?i)\b(?:(early|late|earlier|later|last|this|next|since|mid)"
    r"|on|in|at|until|till|by|from|during|through|of|before|after|between|a|an|the|(and|or))"
    r"(?:\s+on)?(?:\s+|-)$"
)
_JOIN_CHARS = 12  # "October and November", "in 2014 or 2015"
_PLAIN_LEAD_NEEDED = ("mo", "yr")  # shapes that are only dates after a lead word ("in May")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text.

    Attributes:
        start: offset of the first character in the text searched.
        end: offset one past the last character.
        text: ``text[start:end]``.
        value: the resolved calendar date (a week or month: its first day); None when it cannot be
            resolved (a relative expression without a publication date, an anniversary).
        precision: ACLED ``time_precision``: 1 day, 2 week, 3 month, 4 year or coarser.
        historical: the expression points at background (see the module docstring).
        relative_to_previous: the expression counts from another event's date ("the day before"),
            not from publication; ``value`` then assumes the publication date as that anchor.
        offset_days: for relative expressions, days from the anchor to the date this mention gives.
        applies_to_complement: the phrase governs what follows it ("it came a day after France
            called ..."): the *following* event lies ``offset_days`` from the anchor, the anchor
            being the date of the clause the phrase sits in.
    """

    start: int
    end: int
    text: str
    value: date | None
    precision: int
    historical: bool
    relative_to_previous: bool = False
    offset_days: int | None = None
    applies_to_complement: bool = False


@dataclass(frozen=True)
class _DateWords:
    months: dict[str, int]  # lower-case full names and abbreviations
    full_months: tuple[str, ...]
    abbr_months: tuple[str, ...]
    weekdays: dict[str, int]
    phrases: dict[str, tuple[str, str]]  # normalised phrase -> (section, value)
    counts: dict[str, int]


@functools.cache
def load_date_words() -> _DateWords:
    """Read ``data/date_words.tsv`` once.

    Raises:
        DataError: the file has an unknown section or a malformed value.
    """
    path = resources.files("sitrep") / "data" / "date_words.tsv"
    months: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    weekdays: dict[str, int] = {}
    phrases: dict[str, tuple[str, str]] = {}
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for n, row in enumerate(rows, start=2):
            section, phrase, value = row.get("section"), row.get("phrase"), row.get("value")
            if section not in _SECTIONS or not phrase or not value:
                raise DataError(f"{path}: bad row {n}: {row!r}")
            try:
                if section in ("month", "month_abbr"):
                    months[phrase.lower()] = int(value)
                    (full if section == "month" else abbr).append(phrase)
                elif section == "weekday":
                    weekdays[phrase.lower()] = int(value)
                elif section == "count":
                    counts[phrase.lower()] = int(value)
                else:
                    if section != "period":
                        int(value)
                    phrases[" ".join(phrase.lower().split())] = (section, value)
            except ValueError as exc:
                raise DataError(f"{path}: bad value on row {n}: {value!r}") from exc
    return _DateWords(months, tuple(full), tuple(abbr), weekdays, phrases, counts)


def _alt(words: list[str] | tuple[str, ...], *, capitalised: bool = False) -> str:
    """An alternation, longest first; capitalised names also match in capitals."""
    forms: set[str] = set()
    for w in words:
        forms.add(w)
        if capitalised:
            forms.add(w.upper())
    ordered = sorted(forms, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


@functools.cache
def _pattern() -> re.Pattern[str]:
    """Compile the candidate finder: one alternation, most specific shape first."""
    dw = load_date_words()
    full = _alt(dw.full_months, capitalised=True)
    mon = rf"(?:{full}|(?:{_alt(dw.abbr_months, capitalised=True)})\.?)(?![A-Za-z])"
    wd = rf"(?:{_alt(tuple(w.title() for w in dw.weekdays), capitalised=True)})"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    year = r"(?:1[89]|20)\d\d(?!\d)"
    count = rf"(?i:{_alt(tuple(dw.counts))}|\d{{1,2}})"
    wd_prefix = rf"(?:{wd},?\s+)?"
    shapes = [
        rf"(?P<iso>\b(?P<iso_y>{year})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])\b)",
        rf"(?P<dot>\b(?P<dot_d>0?[1-9]|[12]\d|3[01])\.(?P<dot_m>0?[1-9]|1[0-2])\.(?P<dot_y>{year}))",
        rf"(?P<dm>\b{wd_prefix}(?<![\d.,:])(?P<dm_d>{day})\s+(?:of\s+)?(?P<dm_m>{mon})"
        rf"(?:,?\s+(?P<dm_y>{year}))?)",
        rf"(?P<md>\b{wd_prefix}(?P<md_m>{mon})\s+(?P<md_d>{day})(?!:)(?:,?\s+(?P<md_y>{year}))?)",
        rf"(?P<my>\b(?P<my_m>{mon}),?\s+(?P<my_y>{year}))",
        rf"(?P<mo>\b(?P<mo_m>{full})\b(?!\.?,?\s+\d)"
        rf"(?:\s+(?:of\s+)?(?P<mo_rel>(?i:last|this|next))\s+(?i:year))?)",
        r"(?P<dec>\b(?P<dec_y>(?:1[89]|20)\d0)['’]?s\b)",
        rf"(?P<yr>\b(?P<yr_y>{year})\b(?![-/.:]\d))",
        rf"(?P<ago>\b(?P<ago_n>{count})\s+(?P<ago_u>(?i:day|week|month|year))s?\s+(?i:ago)\b)",
        rf"(?P<reln>\b(?P<reln_n>{count})\s+(?i:days?)\s+(?P<reln_dir>(?i:after|before|later|earlier))\b)",
        rf"(?P<phr>\b(?i:{_alt(tuple(dw.phrases))})\b)",
        rf"(?P<wd>\b(?P<wd_name>{wd})\b(?!\s+prayers?\b)"
        r"(?:\s+(?P<wd_part>(?i:morning|afternoon|evening|night)\b))?)",
        r"(?P<ann>\b(?:(?:\d+|[A-Za-z]+)(?:st|nd|rd|th)\s+)?(?i:anniversary|anniversaries)\b)",
    ]
    # Hoisting the word boundary lets the engine skip mid-word positions before trying 13 shapes.
    return re.compile(r"\b(?=\w)(?:" + "|".join(shapes) + ")")


def _lead(text: str, start: int) -> tuple[int, str | None, str]:
    """The word before ``start``: (span start, meaningful word, what kind of lead it is).

    The kind is ``meaning`` ("early", "last", "since": joins the span), ``plain`` (a preposition
    that licenses shapes needing one: "in May"), ``conj`` ("and"/"or": licenses a month only
    right after another month, so "Johnson and May" is no date) or ``""`` (none).
    """
    m = _LEAD.search(text, max(0, start - 20), start)
    if m is None:
        return start, None, ""
    if m.group(1):
        return m.start(), m.group(1).lower(), "meaning"
    return start, None, "conj" if m.group(2) else "plain"


def _latest(month: int, day: int, published: date) -> date | None:
    """The latest (month, day) on or before the day after publication."""
    limit = published + timedelta(days=1)
    for y in (published.year, published.year - 1):
        try:
            d = date(y, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if d <= limit:
            return d
    return None


def _months_back(d: date, published: date | None) -> int:
    return 0 if published is None else (published.year * 12 + published.month) - (d.year * 12 + d.month)


def _day_mention(d: date | None, published: date | None) -> tuple[date | None, int, bool]:
    old = d is not None and published is not None and (published - d).days > _HISTORICAL_DAYS
    return d, DAY, old


def _month_mention(d: date | None, published: date | None) -> tuple[date | None, int, bool]:
    return d, MONTH, d is not None and _months_back(d, published) > _HISTORICAL_MONTHS


def _explicit(y: str | None, m: int, d: int, published: date | None) -> date | None:
    if y is None:
        return None if published is None else _latest(m, d, published)
    try:
        return date(int(y), m, d)
    except ValueError:
        return None


_Resolved = tuple[date | None, int, bool] | None
_Handler = Callable[[re.Match[str], date | None, _DateWords, str | None], _Resolved]


def _h_iso(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return _day_mention(_explicit(m["iso_y"], int(m["iso_m"]), int(m["iso_d"]), pub), pub)


def _h_dot(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return _day_mention(_explicit(m["dot_y"], int(m["dot_m"]), int(m["dot_d"]), pub), pub)


def _day_num(s: str) -> int:
    return int(s.rstrip("stndrh"))


def _h_dm(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    mon = dw.months[m["dm_m"].rstrip(".").lower()]
    return _day_mention(_explicit(m["dm_y"], mon, _day_num(m["dm_d"]), pub), pub)


def _h_md(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    mon = dw.months[m["md_m"].rstrip(".").lower()]
    return _day_mention(_explicit(m["md_y"], mon, _day_num(m["md_d"]), pub), pub)


def _h_my(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return _month_mention(date(int(m["my_y"]), dw.months[m["my_m"].rstrip(".").lower()], 1), pub)


def _h_mo(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    mon = dw.months[m["mo_m"].lower()]
    if pub is None:
        return None, MONTH, False
    rel = (m["mo_rel"] or "").lower()
    if rel:
        y = pub.year + {"last": -1, "this": 0, "next": 1}[rel]
    elif lead == "last":
        y = pub.year if mon < pub.month else pub.year - 1
    elif lead == "next":
        y = pub.year if mon > pub.month else pub.year + 1
    elif lead == "this":
        y = pub.year
    else:
        y = pub.year if mon <= pub.month else pub.year - 1
    return _month_mention(date(y, mon, 1), pub)


def _h_dec(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return date(int(m["dec_y"]), 1, 1), YEAR, True


def _h_yr(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return date(int(m["yr_y"]), 1, 1), YEAR, True


def _count(s: str, dw: _DateWords) -> int:
    return int(s) if s.isdigit() else dw.counts[s.lower()]


def _h_ago(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    n, unit = _count(m["ago_n"], dw), m["ago_u"].lower()
    if unit == "year":
        return (None if pub is None else date(pub.year - n, 1, 1)), YEAR, True
    if pub is None:
        return None, {"day": DAY, "week": WEEK, "month": MONTH}[unit], False
    if unit == "day":
        return _day_mention(pub - timedelta(days=n), pub)
    if unit == "week":
        return pub - timedelta(days=7 * n), WEEK, False
    return _month_mention(_shift_month(pub, -n), pub)


def _shift_month(d: date, k: int) -> date:
    idx = d.year * 12 + d.month - 1 + k
    return date(idx // 12, idx % 12 + 1, 1)


def _period(code: str, pub: date | None) -> tuple[date | None, int, bool]:
    unit, _, k_s = code.partition(":")
    k = int(k_s)
    precision = {"week": WEEK, "weekend": WEEK, "month": MONTH, "year": YEAR}[unit]
    if pub is None:
        return None, precision, unit == "year"
    if unit == "week":
        return pub - timedelta(days=pub.weekday()) + timedelta(days=7 * k), WEEK, False
    if unit == "weekend":
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if k < 0 and pub.weekday() >= 5:
            sat -= timedelta(days=7)
        return sat, WEEK, False
    if unit == "month":
        return _month_mention(_shift_month(pub, k), pub)
    return date(pub.year + k, 1, 1), YEAR, True


def _h_wd(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    if pub is None:
        return None, DAY, False
    target = dw.weekdays[m["wd_name"].lower()]
    if lead == "next":
        return pub + timedelta(days=(target - pub.weekday()) % 7 or 7), DAY, False
    back = (pub.weekday() - target) % 7
    if lead == "last" and back == 0:
        back = 7
    return pub - timedelta(days=back), DAY, False


def _h_ann(m: re.Match[str], pub: date | None, dw: _DateWords, lead: str | None) -> _Resolved:
    return None, YEAR, True


_HANDLERS: dict[str, _Handler] = {
    "iso": _h_iso, "dot": _h_dot, "dm": _h_dm, "md": _h_md, "my": _h_my, "mo": _h_mo,
    "dec": _h_dec, "yr": _h_yr, "ago": _h_ago, "wd": _h_wd, "ann": _h_ann,
}  # fmt: skip


def _has_complement(text: str, end: int) -> bool:
    """True when a word (not a full stop or "that") follows a "... after"/"... before" phrase."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() not in _NOT_COMPLEMENT


def _relative(m: re.Match[str], text: str, published: date | None, dw: _DateWords) -> DateMention:
    """A deictic ("yesterday"), anaphoric ("the day before") or period ("last week") phrase."""
    start, end = m.start(), m.end()
    if m.lastgroup == "reln":
        n = _count(m["reln_n"], dw)
        direction = m["reln_dir"].lower()
        section, offset = "anaphoric", n if direction in ("after", "later") else -n
        tail = direction
    else:
        key = " ".join(m.group().lower().split())
        section, raw = dw.phrases[key]
        if section == "period":
            value, precision, hist = _period(raw, published)
            return DateMention(start, end, text[start:end], value, precision, hist)
        offset, tail = int(raw), key.rsplit(" ", 1)[-1]
    if section == "deictic":
        value = None if published is None else published + timedelta(days=offset)
        return DateMention(start, end, text[start:end], value, DAY, False)
    complement = tail in ("after", "before") and _has_complement(text, end)
    if complement:
        offset = -offset
    value = None if published is None else published + timedelta(days=offset)
    return DateMention(start, end, text[start:end], value, DAY, False, True, offset, complement)


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Find and resolve the date expressions in a text.

    Args:
        text: any text (a sentence or a whole article); offsets refer to it.
        published: the article's publication date, the reference for relative expressions. With
            None, explicit dates with a year still resolve; the rest get ``value=None``.

    Returns:
        The mentions in text order, not overlapping.

    Example:
        >>> [m.value for m in find_dates("Rebels attacked early on Thursday.", date(2020, 10, 2))]
        [datetime.date(2020, 10, 1)]
    """
    dw = load_date_words()
    found: list[DateMention] = []
    for m in _pattern().finditer(text):
        kind = m.lastgroup or ""
        if kind in ("phr", "reln"):
            found.append(_relative(m, text, published, dw))
            continue
        start, lead, lead_kind = _lead(text, m.start())
        if kind in _PLAIN_LEAD_NEEDED and lead_kind in ("", "conj"):
            previous = found[-1] if found else None
            joined = (
                previous is not None
                and previous.precision == (MONTH if kind == "mo" else YEAR)
                and m.start() - previous.end < _JOIN_CHARS
            )
            if not (lead_kind == "conj" and joined):
                continue
        resolved = _HANDLERS[kind](m, published, dw, lead)
        if resolved is None:
            continue
        value, precision, historical = resolved
        if value is None and kind in ("iso", "dot", "dm", "md") and (published or m[f"{kind}_y"]):
            continue  # an impossible calendar date ("30 February 2021")
        if kind not in ("wd", "mo", "yr"):
            start = m.start()  # only weekday, month and year shapes take a lead word into the span
        end = m.end("wd_part") if kind == "wd" and m["wd_part"] else m.end(kind)
        found.append(DateMention(start, end, text[start:end], value, precision, historical))
    return found


def resolve_anchor(mention: DateMention, anchor: date) -> date:
    """The date a mention gives once the date it counts from is known.

    Args:
        mention: a mention from :func:`find_dates`.
        anchor: the date of the clause or event the mention counts from (for "It came a day after
            France called ...", the date of "it").

    Returns:
        ``anchor`` moved by ``offset_days`` for relative mentions; otherwise the mention's own
        value, or ``anchor`` when it has none.
    """
    if mention.offset_days is not None:
        return anchor + timedelta(days=mention.offset_days)
    return mention.value if mention.value is not None else anchor


def is_historical_sentence(sentence: str, published: date | None) -> bool:
    """Tell background sentences ("A ceasefire signed in 1994 ...") from news.

    Args:
        sentence: one sentence.
        published: the article's publication date.

    Returns:
        True when the sentence has dates and every one of them is historical.
    """
    mentions = find_dates(sentence, published)
    return bool(mentions) and all(m.historical for m in mentions)
