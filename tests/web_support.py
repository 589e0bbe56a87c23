"""What the web tests share: our own short articles, and a store filled with their events."""

from __future__ import annotations

from datetime import date

from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline
from sitrep.store import Store

# Real places, invented incidents, our own wording. The two Tartar reports merge into one event.
ARTICLES = [
    Article(text="Artillery shelled the town of Tartar on Friday, killing four civilians, the Azerbaijani defense "
                 "ministry said. Protesters marched in Yerevan on Thursday to demand an end to the fighting.",
            url="https://example.org/tartar", title="Shelling in Tartar", outlet="Test Wire",
            published=date(2020, 10, 2)),
    Article(text="Armenian forces shelled Tartar on Friday, killing six people, officials said.",
            outlet="Other Post", published=date(2020, 10, 3)),
    Article(text="Rebel fighters attacked an army post near Mopti on Monday, killing two soldiers, the army said.",
            outlet="Sahel Daily", published=date(2020, 10, 6)),
]

#: An article whose text, title and URL carry script and HTML payloads (the XSS test).
HOSTILE = Article(
    text=("Militants shelled the town of Barda on Friday, killing three civilians, the ministry said. "
          "<script>window.__xss = 'script';</script><img src=x onerror=\"window.__xss='img'\">"
          "<b onmouseover=\"window.__xss='hover'\">bold</b> <iframe src=\"javascript:window.__xss='frame'\"></iframe>"),
    url="javascript:window.__xss='url'", title="<img src=x onerror=\"window.__xss='title'\">Barda report",
    outlet="<script>window.__xss='outlet'</script>", published=date(2020, 10, 2))


def extracted(pipeline: Pipeline, articles: list[Article]) -> list[tuple[Article, list[Event]]]:
    return [(a, pipeline.extract(a)) for a in articles]


def fill(url: str, batch: list[tuple[Article, list[Event]]]) -> None:
    """Store these articles and events (a new database is created and migrated)."""
    with Store(url) as store:
        for article, events in batch:
            store.add(article, events)
