"""Date expressions: finding them, resolving them against the publication date, and history."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.dates import (
    DateMention,
    find_dates,
    is_historical_sentence,
    load_date_words,
    resolve_anchor,
)

FRIDAY = date(2020, 10, 2)
SUNDAY = date(2023, 10, 1)


def _only(text: str, published: date | None) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    ("text", "published", "span", "value", "precision"),
    [
        # weekdays: the latest such day on or before publication
        ("Rebels shelled the town on Friday.", FRIDAY, "Friday", date(2020, 10, 2), 1),
        ("The ministry said early Friday that troops advanced.", FRIDAY, "early Friday", FRIDAY, 1),
        ("The convoy was hit late on Thursday.", FRIDAY, "late on Thursday", date(2020, 10, 1), 1),
        ("Drones struck the depot Saturday night.", FRIDAY, "Saturday night", date(2020, 9, 26), 1),
        ("Sunday's bombing wounded four guards.", FRIDAY, "Sunday", date(2020, 9, 27), 1),
        ("A spokesman denied the report Wednesday.", FRIDAY, "Wednesday", date(2020, 9, 30), 1),
        ("A drone hit a warehouse on Saturday, officials said.", SUNDAY, "Saturday", date(2023, 9, 30), 1),
        ("Police sealed the area on Sunday.", SUNDAY, "Sunday", SUNDAY, 1),
        ("The mayor resigned last Friday.", FRIDAY, "last Friday", date(2020, 9, 25), 1),
        ("Talks resume next Tuesday.", FRIDAY, "next Tuesday", date(2020, 10, 6), 1),
        ("Sirens sounded earlier on Monday.", SUNDAY, "earlier on Monday", date(2023, 9, 25), 1),
        # deictic words
        ("Two mortars landed near the port today.", FRIDAY, "today", FRIDAY, 1),
        ("Guards opened fire this morning.", FRIDAY, "this morning", FRIDAY, 1),
        ("A curfew begins tonight.", SUNDAY, "tonight", SUNDAY, 1),
        ("Gunmen raided a bank yesterday.", FRIDAY, "yesterday", date(2020, 10, 1), 1),
        ("Explosions shook the capital last night.", SUNDAY, "last night", date(2023, 9, 30), 1),
        ("A truce was agreed two days ago.", FRIDAY, "two days ago", date(2020, 9, 30), 1),
        (
            "The bridge fell the day before yesterday.",
            FRIDAY,
            "the day before yesterday",
            date(2020, 9, 30),
            1,
        ),
        # weeks and months: their first day
        ("Militias regrouped last week.", FRIDAY, "last week", date(2020, 9, 21), 2),
        ("Protests spread earlier this week.", FRIDAY, "earlier this week", date(2020, 9, 28), 2),
        ("Aid convoys were blocked over the weekend.", FRIDAY, "over the weekend", date(2020, 9, 26), 2),
        ("Prices doubled last month.", FRIDAY, "last month", date(2020, 9, 1), 3),
        ("Fighting flared again in October.", FRIDAY, "October", date(2020, 10, 1), 3),
        ("The siege began in mid-September.", FRIDAY, "mid-September", date(2020, 9, 1), 3),
        # calendar dates, with and without a year
        ("The ceasefire broke down on 2 October.", FRIDAY, "2 October", FRIDAY, 1),
        ("Voting ended October 1 in most districts.", FRIDAY, "October 1", date(2020, 10, 1), 1),
        ("Air raids started on Sept. 30 and went on.", FRIDAY, "Sept. 30", date(2020, 9, 30), 1),
        ("The order is dated Oct. 2.", FRIDAY, "Oct. 2", FRIDAY, 1),
        ("Signed in Geneva, 2 Oct 2020.", FRIDAY, "2 Oct 2020", FRIDAY, 1),
        ("Report filed 2020-10-02 by the mission.", FRIDAY, "2020-10-02", FRIDAY, 1),
        ("Posted 02.10.2020 18:30", FRIDAY, "02.10.2020", FRIDAY, 1),
        ("The vote is set for October 2, 2020.", None, "October 2, 2020", FRIDAY, 1),
        ("On Friday, October 2, the army withdrew.", FRIDAY, "Friday, October 2", FRIDAY, 1),
        ("The talks of 1st October failed.", FRIDAY, "1st October", date(2020, 10, 1), 1),
        # a day without a year never lands more than a day after publication
        ("Fighting resumed on December 20.", FRIDAY, "December 20", date(2019, 12, 20), 1),
        ("A checkpoint closed on October 3.", FRIDAY, "October 3", date(2020, 10, 3), 1),
    ],
)
def test_resolves(text: str, published: date | None, span: str, value: date, precision: int) -> None:
    mention = _only(text, published)
    assert (mention.text, mention.value, mention.precision) == (span, value, precision)
    assert mention.start == text.index(span)
    assert not mention.historical
    assert not mention.relative_to_previous


@pytest.mark.parametrize(
    ("text", "published", "span", "value", "precision"),
    [
        ("The region declared independence in 1991.", FRIDAY, "1991", date(1991, 1, 1), 4),
        ("Fighting was worst in the 1990s.", FRIDAY, "1990s", date(1990, 1, 1), 4),
        ("The worst clashes since 1994 erupted.", FRIDAY, "since 1994", date(1994, 1, 1), 4),
        ("It broke a 1994 ceasefire.", FRIDAY, "1994", date(1994, 1, 1), 4),
        ("The rebels were routed in 2014.", None, "2014", date(2014, 1, 1), 4),
        ("The junta took power in February 2021.", SUNDAY, "February 2021", date(2021, 2, 1), 3),
        ("Troops left the valley last October.", FRIDAY, "last October", date(2019, 10, 1), 3),
        ("A similar raid failed last year.", FRIDAY, "last year", date(2019, 1, 1), 4),
        ("War resumed in April last year.", SUNDAY, "April last year", date(2022, 4, 1), 3),
        ("The dam was shelled on 5 March 2018.", FRIDAY, "5 March 2018", date(2018, 3, 5), 1),
        ("Crowds marked the 30th anniversary of the massacre.", FRIDAY, "30th anniversary", None, 4),
        ("The town changed hands in May.", FRIDAY, "May", date(2020, 5, 1), 3),
    ],
)
def test_historical(text: str, published: date | None, span: str, value: date | None, precision: int) -> None:
    mention = _only(text, published)
    assert (mention.text, mention.value, mention.precision) == (span, value, precision)
    assert mention.historical


@pytest.mark.parametrize(
    ("text", "span", "offset", "complement"),
    [
        ("Militants had attacked the post the day before.", "the day before", -1, False),
        ("The convoy was ambushed the previous day.", "the previous day", -1, False),
        ("A similar blast hit the market a day earlier.", "a day earlier", -1, False),
        ("Rescuers found the pilot a day later.", "a day later", 1, False),
        ("He died of his wounds three days later.", "three days later", 3, False),
        ("It came a day after three powers called for a truce.", "a day after", -1, True),
        ("The raid came two days before the envoys arrived.", "two days before", 2, True),
        ("Clashes resumed the following day.", "the following day", 1, False),
        ("A second blast struck later that day.", "later that day", 0, False),
    ],
)
def test_relative_to_previous(text: str, span: str, offset: int, complement: bool) -> None:
    mention = _only(text, FRIDAY)
    assert (mention.text, mention.offset_days, mention.applies_to_complement) == (span, offset, complement)
    assert mention.relative_to_previous
    assert mention.value == date.fromordinal(FRIDAY.toordinal() + offset)  # publication as default anchor
    assert resolve_anchor(mention, date(2020, 9, 20)) == date.fromordinal(
        date(2020, 9, 20).toordinal() + offset
    )


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked on Friday.",
        "Shells fell yesterday.",
        "Clashes flared last week.",
        "Fighting resumed in October.",
        "The ceasefire collapsed on 2 October.",
        "The raid came a day after talks failed.",
    ],
)
def test_relative_without_publication_has_no_value(text: str) -> None:
    assert _only(text, None).value is None


@pytest.mark.parametrize(
    "text",
    [
        "Militants prepared for Friday prayers.",  # a name, not a date
        "Protesters may march on the ministry.",
        "The convoy drove 2014 km.",
        "A Lada 2109 car was stopped.",
        "Police did not comment.",
    ],
)
def test_no_dates(text: str) -> None:
    assert find_dates(text, FRIDAY) == []


def test_finds_every_date_in_text_order() -> None:
    text = "Shelling began on Sunday and the toll rose on Friday, the worst since a 1994 truce."
    found = find_dates(text, FRIDAY)
    assert [(m.text, m.value) for m in found] == [
        ("Sunday", date(2020, 9, 27)),
        ("Friday", FRIDAY),
        ("1994", date(1994, 1, 1)),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Rebels took the pass in October and November.", ["October", "November"]),
        ("Floods hit in 2014 and 2015.", ["2014", "2015"]),
        ("Johnson and May met the envoy.", []),  # a name: a month needs a preposition or a month before
    ],
)
def test_coordinated_months_and_years(text: str, spans: list[str]) -> None:
    assert [m.text for m in find_dates(text, FRIDAY)] == spans


def test_resolve_anchor_keeps_absolute_dates() -> None:
    mention = _only("Talks failed on 2 October.", FRIDAY)
    assert resolve_anchor(mention, date(2020, 1, 1)) == FRIDAY


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A ceasefire signed in 1994 ended the war.", True),
        ("In October 2014 government forces besieged the town.", True),
        ("The rebels took the town on Thursday, the worst loss since 2014.", False),
        ("Troops advanced on Friday.", False),
        ("Troops advanced toward the river.", False),  # no date at all: not background
    ],
)
def test_is_historical_sentence(sentence: str, expected: bool) -> None:
    assert is_historical_sentence(sentence, FRIDAY) is expected


def test_date_words_are_valid() -> None:
    words = load_date_words()
    assert sorted(set(words.months.values())) == list(range(1, 13))
    assert sorted(words.weekdays.values()) == list(range(7))
    assert {section for section, _ in words.phrases.values()} == {"deictic", "anaphoric", "period"}
