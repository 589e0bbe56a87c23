"""Casualty figures: number phrases linked to killed / injured / displaced / abducted / arrested."""

from __future__ import annotations

import pytest

from sitrep.nlp.numbers import Casualty, find_casualties, load_casualty_words, parse_number

# (span, kind, value, lower_bound, approximate)
Expected = tuple[str, str, int, bool, bool]


def _figures(sentence: str) -> list[Expected]:
    found = find_casualties(sentence)
    for c in found:
        assert sentence[c.start : c.end] == c.text
    return [(c.text, c.kind, c.value, c.lower_bound, c.approximate) for c in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the casualty word follows the figure
        ("12 people were injured when a shell hit the bus station.", [("12", "injured", 12, False, False)]),
        ("Four fishermen died after their boat hit a mine.", [("Four", "killed", 4, False, False)]),
        ("Three guards were killed at the gate.", [("Three", "killed", 3, False, False)]),
        ("At least 9 dead as a bomb tears through a market.", [("At least 9", "killed", 9, True, False)]),
        ("2 killed as police disperse crowd.", [("2", "killed", 2, False, False)]),
        ("One person injured in a drone strike on a fuel depot.", [("One", "injured", 1, False, False)]),
        ("A farmer was shot dead near the fence.", [("A farmer", "killed", 1, False, False)]),
        (
            "A 19-year-old student was wounded by a stray bullet.",
            [("A 19-year-old student", "injured", 1, False, False)],
        ),
        ("Two bullet-riddled bodies were found by the road.", [("Two", "killed", 2, False, False)]),
        (
            "The raid left 6 dead and 14 wounded.",
            [("6", "killed", 6, False, False), ("14", "injured", 14, False, False)],
        ),
        ("Up to 80 people were killed, a local group said.", [("Up to 80", "killed", 80, False, True)]),
        # a range: ACLED codes the lower figure, as a lower bound
        ("The shelling killed between 20 and 30 people.", [("between 20 and 30", "killed", 20, True, False)]),
        ("Around 60 villagers were killed in the assault.", [("Around 60", "killed", 60, False, True)]),
        (
            "An estimated 20,000 were killed in the war.",
            [("An estimated 20,000", "killed", 20000, False, True)],
        ),
        (
            "More than one hundred people including children have died in the clashes.",
            [("More than one hundred", "killed", 100, True, False)],
        ),
        ("Eighteen students were kidnapped from a dormitory.", [("Eighteen", "abducted", 18, False, False)]),
        (
            "Hundreds of thousands have been displaced by the floods of war.",
            [("Hundreds of thousands", "displaced", 100000, True, False)],
        ),
        ("Thousands fled the valley overnight.", [("Thousands", "displaced", 1000, True, False)]),
        ("Some 250 protesters were detained.", [("Some 250", "arrested", 250, False, True)]),
        # the verb comes first
        ("The blast ripped through a bus, killing 15.", [("15", "killed", 15, False, False)]),
        ("Troops killed five insurgents near the pass.", [("five", "killed", 5, False, False)]),
        ("A drone injured one person and damaged a roof.", [("one", "injured", 1, False, False)]),
        ("Gunmen abducted 31 passengers from a bus.", [("31", "abducted", 31, False, False)]),
        ("Police arrested more than 1,500 people.", [("more than 1,500", "arrested", 1500, True, False)]),
        ("The car bomb exploded, injuring dozens of shoppers.", [("dozens", "injured", 12, True, False)]),
        ("The strike is thought to have killed about 40 people.", [("about 40", "killed", 40, False, True)]),
        (
            "The militia killed a total of 27 herders in two raids.",
            [("a total of 27", "killed", 27, False, False)],
        ),
        ("The storm of shelling killed 50+ civilians.", [("50+", "killed", 50, True, False)]),
        (
            "The attack killed nine and wounded twenty-two.",
            [("nine", "killed", 9, False, False), ("twenty-two", "injured", 22, False, False)],
        ),
        ("The fire killed ten rescue workers.", [("ten", "killed", 10, False, False)]),
        # toll nouns
        ("The death toll rose to 41 on Tuesday.", [("41", "killed", 41, False, False)]),
        ("The toll has now climbed to at least 63.", [("at least 63", "killed", 63, True, False)]),
        ("Officials gave a death toll of 17.", [("17", "killed", 17, False, False)]),
        # coordinated groups are summed; asides are skipped
        (
            "Eight soldiers and a policeman have been killed in the ambush.",
            [("Eight soldiers and a policeman", "killed", 9, False, False)],
        ),
        (
            "7 soldiers, 2 medics and 3 drivers were wounded.",
            [("7 soldiers, 2 medics and 3", "injured", 12, False, False)],
        ),
        (
            "Four rebels, including a senior commander, were killed overnight.",
            [("Four", "killed", 4, False, False)],
        ),
        (
            "At least 20 people, 6 of them children, were killed.",
            [("At least 20", "killed", 20, True, False)],
        ),
        (
            "At least 11 people were killed and dozens more wounded.",
            [("At least 11", "killed", 11, True, False), ("dozens", "injured", 12, True, False)],
        ),
    ],
)
def test_figures(sentence: str, expected: list[Expected]) -> None:
    assert _figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen abducted many students from the school.",  # no number
        "Shelling damaged three homes and two shops.",  # no casualty word
        "The blast killed livestock 500 km from the front.",
        "Three gunmen killed the governor's driver.",  # the figure is the killers
        "No one was hurt in the fire.",
        "Several people were injured.",
        "At least seven of the wounded are in critical condition.",  # part of a figure given elsewhere
        "The rebels have been fighting since 1994 and killed many.",
        "The storm killed 30 goats.",
        "He was wounded 3 times.",
        "A car bomb killed a man's hopes.",
        "About 600 people usually gather for prayers.",
    ],
)
def test_no_figure(sentence: str) -> None:
    assert _figures(sentence) == []


def test_offsets_point_into_the_sentence() -> None:
    sentence = "Officials said 10 people were injured from the rescue service."
    (figure,) = find_casualties(sentence)
    assert figure == Casualty(15, 17, "10", "injured", 10, False, False)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("1,200", (1200, False)),
        ("37", (37, False)),
        ("Over one hundred", (100, True)),
        ("one hundred", (100, False)),
        ("one hundred and twenty", (120, False)),
        ("a dozen", (12, False)),
        ("two dozen", (24, False)),
        ("dozens", (12, True)),
        ("scores", (20, True)),
        ("hundreds", (100, True)),
        ("thousands", (1000, True)),
        ("tens of thousands", (10000, True)),
        ("one man", (1, False)),
        ("a", (1, False)),
        ("a soldier", (1, False)),
        ("at least 15 people", (15, True)),
        ("1.5 million", (1500000, False)),
        ("40+", (40, True)),
        ("several", None),
        ("the", None),
        ("", None),
    ],
)
def test_parse_number(phrase: str, expected: tuple[int, bool] | None) -> None:
    assert parse_number(phrase) == expected


def test_casualty_words_are_valid() -> None:
    words = load_casualty_words()
    kinds = {kind for kind, _ in words.after.values()} | set(words.before.values()) | set(words.toll.values())
    assert kinds == {"killed", "injured", "displaced", "abducted", "arrested"}
    assert {form for _, form in words.after.values()} == {"participle", "intransitive", "noun"}
    assert set(words.modifiers.values()) == {"lower", "approx", "neutral"}
    assert not words.persons & words.nonhuman
    assert ("casualties",) in words.after and words.after[("casualties",)][0] == "injured"
