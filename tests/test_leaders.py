"""People as actors: ``data/leaders.tsv``, read by the actor step with the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep import Article, Pipeline
from sitrep.errors import DataError
from sitrep.nlp.leaders import _parse_date, leader_at, leaders_by_name


def test_the_shipped_list_loads_and_every_role_has_a_period() -> None:
    leaders = leaders_by_name()
    assert len(leaders) > 200
    for roles in leaders.values():
        for role in roles:
            assert role.end is None or role.start <= role.end, role.source
            assert "{" not in role.name, role.source


@pytest.mark.parametrize(
    ("name", "day", "actor"),
    [
        ("Zelensky", date(2023, 5, 1), "Government of Ukraine"),
        ("Zelensky", date(2015, 5, 1), None),  # before he took office he speaks for nobody
        ("Obama", date(2012, 5, 1), "Government of United States"),
        ("Obama", date(2020, 5, 1), None),
        ("Putin", None, "Government of Russia"),  # no date: the latest role
    ],
)
def test_a_name_stands_for_the_role_held_on_the_day(name: str, day: date | None, actor: str | None) -> None:
    role = leader_at(leaders_by_name()[name], day)
    assert (role.name if role else None) == actor


@pytest.mark.parametrize(("text", "last", "expected"), [("2019", False, date(2019, 1, 1)),
                                                       ("2019", True, date(2019, 12, 31)),
                                                       ("2020-02", True, date(2020, 2, 29)),
                                                       ("2021-06-13", False, date(2021, 6, 13))])
def test_periods_may_be_years_or_months(text: str, last: bool, expected: date) -> None:
    assert _parse_date("t:1", text, last) == expected


@pytest.mark.parametrize("text", ["June 2019", "2019-13", "2019-02-30"])
def test_a_bad_date_names_the_row(text: str) -> None:
    with pytest.raises(DataError, match="t:1"):
        _parse_date("t:1", text, last=False)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline().load()


@pytest.mark.parametrize(
    ("published", "actor1"),
    [("2023-03-08", "Government of Ukraine"), ("2016-03-08", None)],
)
def test_a_leader_named_in_the_text_is_the_actor_while_in_office(pipeline: Pipeline, published: str,
                                                                 actor1: str | None) -> None:
    events = pipeline.extract(Article(id="t", published=date.fromisoformat(published),
                                      text="Zelensky called on allies on Monday to send more air defence systems."))
    assert [e.actor1 for e in events if not e.historical] == ([actor1] if actor1 else [])
