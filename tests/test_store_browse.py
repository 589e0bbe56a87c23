"""The store's read side for maps and dashboards (``Store.summaries``, ``count_events``, ``aggregate``,
``articles``, ``article``) and the filters it added to ``EventQuery``, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitrep.errors import NotFoundError, StoreError
from sitrep.model import Article, Event, Evidence
from sitrep.store import EventQuery, Store

TEXT = "Rebels shelled Kidal. Crowds protested in Gao. Envoys met in Bamako."


def event(eid: str, day: str, etype: str | None, sub: str | None, plover: str, place: str, start: int, end: int,
          dead: int | None = None, historical: bool = False) -> Event:
    return Event(event_id=eid, article_id="a1", event_date=day, time_precision=1, event_type=etype,
                 sub_event_type=sub, plover_type=plover, cameo_code="19", location=place, country="MLI",
                 latitude=16.0 + start / 100, longitude=-1.0, fatalities=dead, historical=historical,
                 evidence=[Evidence("a1", TEXT[start:end], start, end)])


EVENTS = [
    event("e1", "2021-05-02", "Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", "Kidal",
          0, 21, dead=3),
    event("e2", "2021-05-01", "Protests", "Peaceful protest", "PROTEST", "Gao", 22, 46),
    event("e3", "2021-05-01", None, None, "CONSULT", "Bamako", 47, 68, historical=True),
]


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url).open()
    s.add(Article(text=TEXT, id="a1", title="Three things", outlet="Desk"), EVENTS)
    return s


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        (EventQuery(), ["e1", "e2", "e3"]),
        (EventQuery(limit=1, offset=1), ["e2"]),
        (EventQuery(sub_event_type="PEACEFUL PROTEST"), ["e2"]),
        (EventQuery(plover_type="consult"), ["e3"]),
        (EventQuery(event_type="explosions/remote VIOLENCE"), ["e1"]),
        (EventQuery(event_type="not a type"), []),
        (EventQuery(historical=False), ["e1", "e2"]),
        (EventQuery(historical=True), ["e3"]),
    ],
)
def test_summaries_filter_and_page(store: Store, query: EventQuery, ids: list[str]) -> None:
    assert [e["event_id"] for e in store.summaries(query)] == ids
    assert [e.event_id for e in store.events(query)] == ids
    assert store.count_events(query) == len(store.summaries(replace(query, limit=None, offset=0)))


@pytest.mark.parametrize("query", [
    EventQuery(), EventQuery(limit=1), EventQuery(limit=1, offset=2), EventQuery(limit=2, offset=5),
    EventQuery(text="Gao"), EventQuery(text="Gao", limit=1, offset=1), EventQuery(text="nowhere", limit=2),
    EventQuery(text="Kidal Gao", limit=1), EventQuery(text="Kidal", offset=4, limit=2),
])
def test_a_page_and_its_total_agree_with_the_separate_queries(store: Store, query: EventQuery) -> None:
    found, total = store.page(query)
    assert found == store.summaries(query)
    assert total == store.count_events(query)


def test_summary_fields(store: Store) -> None:
    first = store.summaries(EventQuery(limit=1))[0]
    assert first == {"event_id": "e1", "event_date": "2021-05-02", "event_type": "Explosions/Remote violence",
                     "sub_event_type": "Shelling/artillery/missile attack", "plover_type": "ASSAULT",
                     "location": "Kidal", "admin1": None, "country": "MLI", "latitude": 16.0, "longitude": -1.0,
                     "fatalities": 3, "actor1": None, "actor2": None, "source_count": 1, "historical": False}


@pytest.mark.parametrize(
    ("by", "buckets"),
    [
        ("day", [("2021-05-01", 2, 0), ("2021-05-02", 1, 3)]),
        ("event_type", [("Explosions/Remote violence", 1, 3), ("Protests", 1, 0), (None, 1, 0)]),
        ("country", [("MLI", 3, 3)]),
    ],
)
def test_aggregate(store: Store, by: str, buckets: list[tuple[str | None, int, int]]) -> None:
    found = store.aggregate(by, EventQuery())  # type: ignore[arg-type]
    assert [(b["key"], b["events"], b["fatalities"]) for b in found] == buckets


def test_aggregate_refuses_an_unknown_grouping(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot group by"):
        store.aggregate("week")  # type: ignore[arg-type]


def test_articles_and_one_article(store: Store) -> None:
    assert store.articles() == [{"article_id": "a1", "url": None, "title": "Three things", "outlet": "Desk",
                                 "source": "Desk", "published": None, "events": 3}]
    assert store.count_articles("Gao crowds") == 1 and store.count_articles("Timbuktu") == 0
    article = store.article("a1")
    assert article["text"] == TEXT
    assert [(s["event_id"], TEXT[s["start"]:s["end"]]) for s in article["spans"]] == \
        [("e1", "Rebels shelled Kidal."), ("e2", "Crowds protested in Gao."), ("e3", "Envoys met in Bamako.")]


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.article("nope")
    with pytest.raises(NotFoundError):
        store.event("nope")
