"""Cross-article merging: the rules one pair at a time, then a gold set of differently worded reports."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sitrep import Pipeline
from sitrep.model import Article
from sitrep.store import DedupOptions, Store
from sitrep.store.dedup import ClaimKey, compare, reasoned_figure

GOLD = Path(__file__).parent / "data" / "dedup_set.jsonl"
TARTAR = (40.342, 46.932)
OPTIONS = DedupOptions()


def key(article: str = "a", **changes: object) -> ClaimKey:
    base = ClaimKey(claim_id=f"c-{article}", article_id=article, order=(1, 0), event_date="2020-10-01",
                    event_type="Explosions/Remote violence", plover_type="ASSAULT", historical=False,
                    location="Tartar", country="AZE", geo_precision=1, latitude=TARTAR[0], longitude=TARTAR[1],
                    actor1=None, actor2="Civilians")
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "merges"),
    [
        ({}, True),
        ({"event_date": "2020-10-02"}, True),  # one day apart
        ({"event_date": "2020-10-03"}, False),  # two days apart
        ({"location": "Tərtər", "latitude": 40.36, "longitude": 46.95}, True),  # 2.5 km, another spelling
        ({"location": "Barda", "latitude": 40.374, "longitude": 47.126}, False),  # 17 km
        ({"event_type": "Battles"}, True),  # a compatible pair
        ({"event_type": "Protests"}, False),
        ({"historical": True}, False),
        ({"event_date": None}, False),
        ({"location": "Azerbaijan", "geo_precision": 3, "latitude": 40.37, "longitude": 46.95}, False),
        ({"actor1": "Military Forces of Armenia"}, True),  # the other report names nobody as actor1
    ],
    ids=["same", "next-day", "two-days", "nearby-spelling", "other-town", "battle-vs-shelling", "protest",
         "historical", "undated", "country-level", "one-side-actor"],
)
def test_compare(changes: dict[str, object], merges: bool) -> None:
    assert (compare(key("a"), key("b", **changes), OPTIONS) is not None) is merges


def test_same_article_never_merges_with_itself() -> None:
    assert compare(key("a"), replace(key("a"), claim_id="other"), OPTIONS) is None


def test_different_named_actors_do_not_merge() -> None:
    a = key("a", actor1="Military Forces of Armenia")
    b = key("b", actor1="Military Forces of Azerbaijan")
    assert compare(a, b, OPTIONS) is None


def test_reasons_say_why() -> None:
    reasons = compare(key("a"), key("b", event_date="2020-10-02"), OPTIONS)
    assert reasons is not None
    assert "same named place Tartar" in reasons
    assert any("1 day" in r for r in reasons)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([(4, False), (6, False)], (4, False)),
        ([(4, False), (None, False)], (4, False)),
        ([(10, True), (12, True)], (12, True)),
        ([(10, True), (11, False)], (11, False)),
        ([(None, False)], (None, False)),
    ],
)
def test_reasoned_figure(values: list[tuple[int | None, bool]], expected: tuple[int | None, bool]) -> None:
    value, lower, reason = reasoned_figure(values)
    assert (value, lower) == expected
    assert reason


# --- the gold set -------------------------------------------------------------------------


def gold_articles() -> list[tuple[Article, str]]:
    out = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append((Article(text=r["text"], id=r["id"], outlet=r["outlet"],
                            published=date.fromisoformat(r["published"])), r["incident"]))
    return out


def pairwise(store: Store, gold: list[tuple[Article, str]]) -> tuple[float, float]:
    """Precision and recall of 'these two articles report the same incident', over article pairs."""
    events_of: dict[str, set[str]] = {a.id: set() for a, _ in gold}
    for e in store.events():
        for article_id in e.article_ids:
            events_of[article_id].add(e.event_id)
    tp = fp = fn = 0
    for (a, ia), (b, ib) in itertools.combinations(gold, 2):
        merged = bool(events_of[a.id] & events_of[b.id])
        same = ia == ib
        tp += merged and same
        fp += merged and not same
        fn += same and not merged
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Article, str, list]]:  # type: ignore[type-arg]
    pipeline = Pipeline().load()
    return [(a, incident, pipeline.extract(a)) for a, incident in gold_articles()]


def test_gold_set_precision_and_recall(db_url: str, extracted: list, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    with Store(db_url) as store:
        for article, _, events in extracted:
            store.add(article, events)
        precision, recall = pairwise(store, [(a, i) for a, i, _ in extracted])
    with capsys.disabled():
        print(f"\ndedup pairwise precision {precision:.3f} recall {recall:.3f} ({db_url.split(':')[0]})")
    assert precision >= 0.9
    assert recall >= 0.9


def test_merge_keeps_every_source_and_both_figures(db_url: str, extracted: list) -> None:  # type: ignore[type-arg]
    with Store(db_url) as store:
        for article, _, events in extracted:
            store.add(article, events)
        (tartar,) = [e for e in store.events() if "tartar-a1" in e.article_ids]
        assert sorted(tartar.article_ids) == ["tartar-a1", "tartar-a2", "tartar-a3"]
        assert tartar.source_count == 3
        assert sorted(c.fatalities for c in tartar.claims if c.fatalities is not None) == [4, 5, 6]
        assert tartar.fatalities == 4
        assert "Azerbaijani defense ministry" in (tartar.claimed_by or "")
        assert {ev.article_id for ev in tartar.evidence} == {"tartar-a1", "tartar-a2", "tartar-a3"}


def test_order_of_arrival_does_not_change_the_merge(db_url: str, extracted: list) -> None:  # type: ignore[type-arg]
    with Store(db_url) as store:
        for article, _, events in reversed(extracted):
            store.add(article, events)
        groups = sorted(sorted(e.article_ids) for e in store.events())
    assert ["tartar-a1", "tartar-a2", "tartar-a3"] in groups
    assert ["tartar-b1", "tartar-b2"] in groups
    assert ["kismayo-1"] in groups


def test_rederive_with_other_thresholds_and_back(db_url: str, extracted: list) -> None:  # type: ignore[type-arg]
    with Store(db_url) as store:
        for article, _, events in extracted:
            store.add(article, events)
        before = sorted(sorted(e.article_ids) for e in store.events())
        wide = store.rederive(DedupOptions(days=2))
        assert wide < len(before)  # Tartar on the 1st and the 3rd now count as one event
        assert store.rederive(DedupOptions()) == len(before)
        assert sorted(sorted(e.article_ids) for e in store.events()) == before
