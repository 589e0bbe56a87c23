"""The store on SQLite and PostgreSQL: idempotent, atomic, safe with two writers, clear when it cannot work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sitrep.errors import StoreError
from sitrep.model import Article, Event, Evidence
from sitrep.store import EventQuery, Store, resolve_url
from sitrep.store.schema import SCHEMA_VERSION

SITREP = Path(sys.executable).parent / "sitrep"
TOWNS = [("Tartar", 40.342, 46.932, "AZE"), ("Barda", 40.374, 47.126, "AZE"), ("Kharkiv", 49.98, 36.25, "UKR"),
         ("Mogadishu", 2.037, 45.344, "SOM")]


def report(article: Article, n: int = 0, day: str = "2020-10-01", town: int = 0, **changes: object) -> Event:
    name, lat, lon, country = TOWNS[town]
    sentence = article.text
    fields: dict[str, object] = dict(
        event_id=f"{article.id}-{n}", article_id=article.id, event_date=day, time_precision=1,
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        plover_type="ASSAULT", cameo_code="194", actor2="Civilians", location=name, country=country,
        latitude=lat, longitude=lon, geo_precision=1, fatalities=3,
        evidence=[Evidence(article.id, sentence, 0, len(sentence))])
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def article(i: int, body: str = "Shells fell on the town today.", **kw: object) -> Article:
    return Article(text=f"{body} ({i})", id=f"art-{i}", url=f"https://news.example/{i}", **kw)  # type: ignore[arg-type]


def table_counts(url: str) -> dict[str, int]:
    with Store(url).open(write=False) as store:
        return store.counts()


# --- storing ------------------------------------------------------------------------------


def test_ingest_is_idempotent(db_url: str) -> None:
    a = article(1)
    with Store(db_url) as store:
        assert store.add(a, [report(a)]) is True
        before = store.counts()
        assert store.add(a, [report(a)]) is False
        assert store.add(a, [report(a, fatalities=99)]) is False
        assert store.counts() == before == {"articles": 1, "claims": 1, "events": 1}
        assert store.events()[0].fatalities == 3


def test_same_url_is_the_same_article(db_url: str) -> None:
    a = article(1)
    b = Article(text="Another text", id="other-id", url=a.url)
    with Store(db_url) as store:
        store.add(a, [report(a)])
        assert store.add(b, [report(b)]) is False
        assert store.counts()["articles"] == 1


def test_an_article_commits_whole_or_not_at_all(db_url: str) -> None:
    a, b = article(1), article(2)
    with Store(db_url) as store:
        store.add(a, [report(a)])
        clash = report(b, n=0)
        with pytest.raises(StoreError):  # the second report reuses the first one's id: the insert fails
            store.add(b, [clash, clash])
        assert store.counts() == {"articles": 1, "claims": 1, "events": 1}
        assert store.add(b, [report(b)]) is True


def test_reports_of_one_incident_merge_and_explain(db_url: str) -> None:
    a, b, c = article(1, outlet="Wire A"), article(2, outlet="Wire B"), article(3, outlet="Wire A")
    with Store(db_url) as store:
        store.add(a, [report(a, fatalities=4, claimed_by="the ministry")])
        store.add(b, [report(b, day="2020-10-02", fatalities=6)])
        store.add(c, [report(c, town=1)])  # same day, another town
        events = store.events()
        assert len(events) == 2
        (merged,) = [e for e in events if len(e.article_ids) == 2]
        assert merged.article_ids == ["art-1", "art-2"]
        assert merged.source_count == 2
        assert merged.fatalities == 4
        assert [c.fatalities for c in merged.claims] == [4, 6]
        why = store.explain("art-2-0")  # a report's id finds its event
        assert why.event.event_id == merged.event_id == "art-1-0"
        assert why.links[1].linked_to == "art-1-0"
        assert "same named place Tartar" in why.links[1].reasons
        assert "lowest exact figure" in why.fatalities_reason


def test_a_bridging_report_joins_two_events(db_url: str) -> None:
    a, b, c = article(1), article(2), article(3)
    with Store(db_url) as store:
        store.add(a, [report(a, day="2020-10-01")])
        store.add(b, [report(b, day="2020-10-03")])
        assert len(store.events()) == 2
        store.add(c, [report(c, day="2020-10-02")])  # one day from each
        (event,) = store.events()
        assert event.event_id == "art-1-0"
        assert event.article_ids == ["art-1", "art-2", "art-3"]
        assert store.rederive() == 1


# --- querying -----------------------------------------------------------------------------


@pytest.fixture
def filled(db_url: str) -> str:
    with Store(db_url) as store:
        for i, (town, day) in enumerate([(0, "2020-10-01"), (1, "2020-10-05"), (2, "2022-03-01"), (3, "2021-06-10")]):
            a = article(i, body=["Artillery shelled the town.", "A missile hit a market.", "An air raid struck.",
                                 "A car bomb exploded."][i])
            store.add(a, [report(a, town=town, day=day, actor1="Military Forces of Russia" if town == 2 else None)])
    return db_url


@pytest.mark.parametrize(
    ("query", "locations"),
    [
        (EventQuery(), ["Kharkiv", "Mogadishu", "Barda", "Tartar"]),
        (EventQuery(since="2020-10-02", until="2021-12-31"), ["Mogadishu", "Barda"]),
        (EventQuery(country="aze"), ["Barda", "Tartar"]),
        (EventQuery(actor="russia"), ["Kharkiv"]),
        (EventQuery(event_type="explosions/remote violence", limit=1), ["Kharkiv"]),
        (EventQuery(text="missile market"), ["Barda"]),
        (EventQuery(text="missile tank"), []),
        (EventQuery(bbox=(46.0, 40.0, 47.0, 41.0)), ["Tartar"]),
        (EventQuery(event_type="Protests"), []),
    ],
    ids=["all", "dates", "country", "actor", "type-limit", "text", "text-all-words", "bbox", "none"],
)
def test_query_filters(filled: str, query: EventQuery, locations: list[str]) -> None:
    with Store(filled).open(write=False) as store:
        assert [e.location for e in store.events(query)] == locations


# --- when it cannot work ------------------------------------------------------------------


def test_newer_schema_is_refused_and_nothing_written(db_url: str) -> None:
    a = article(1)
    with Store(db_url) as store:
        store.add(a, [report(a)])
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    for write in (True, False):
        with pytest.raises(StoreError, match="newer than this sitrep"):
            Store(db_url).open(write=write)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 1
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION + 1
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://somewhere/db", "unsupported database"),
        ("postgresql://postgres@127.0.0.1:1/nothing", "cannot connect"),
        ("postgresql://user:secret@127.0.0.1:1/nothing", "cannot connect"),
        ("/no/such/folder/events.db", "does not exist"),
    ],
)
def test_bad_urls_give_one_clear_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        Store(url).open()
    assert "\n" not in str(info.value)
    assert "secret" not in str(info.value)


def test_missing_file_is_not_created_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store(str(tmp_path / "absent.db")).open(write=False)
    assert list(tmp_path.iterdir()) == []


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a database"):
        Store(str(path)).open()
    assert path.read_text().startswith("these are notes")


def test_read_only_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    a = article(1)
    with Store(str(path)) as store:
        store.add(a, [report(a)])
    size = path.stat().st_size
    # Root ignores file modes, so ask SQLite itself to open the file read-only.
    with pytest.raises(StoreError, match="read-only"):
        Store(f"sqlite:///file:{path}?mode=ro&uri=true").open()
    os.chmod(path, 0o444)
    try:
        if os.geteuid() != 0:
            with pytest.raises(StoreError, match="read-only"):
                Store(str(path)).open()
    finally:
        os.chmod(path, 0o644)
    assert path.stat().st_size == size


# --- crashes and concurrency ---------------------------------------------------------------


def write_feed(path: Path, n: int, start: int = 0) -> None:
    towns = ["Tartar", "Barda", "Ganja", "Tovuz", "Kharkiv", "Mogadishu", "Maiduguri", "Kismayo"]
    with path.open("w", encoding="utf-8") as fp:
        for i in range(start, start + n):
            day = f"2020-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}"
            body = (f"Artillery shelled {towns[i % len(towns)]} yesterday, killing {2 + i % 9} civilians, "
                    f"officials said in report number {i}.")
            fp.write(json.dumps({"id": f"gen-{i}", "text": body, "published": day, "outlet": f"Outlet {i % 5}"}) + "\n")


def ingest(feed: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(SITREP), "ingest", str(feed), "--db", url, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_consistent(url: str) -> dict[str, int]:
    """Every report belongs to a stored article and one stored event; every event has reports."""
    with Store(url).open(write=False) as store:
        counts = store.counts()
        engine = store._engine
        assert engine is not None
        with engine.connect() as conn:
            q = conn.execute
            assert q(text("SELECT count(*) FROM claims WHERE event_id IS NULL")).scalar() == 0
            assert q(text("SELECT count(*) FROM claims c LEFT JOIN articles a ON a.article_id = c.article_id "
                          "WHERE a.article_id IS NULL")).scalar() == 0
            assert q(text("SELECT count(DISTINCT event_id) FROM claims")).scalar() == counts["events"]
            assert q(text("SELECT count(*) FROM events e WHERE NOT EXISTS "
                          "(SELECT 1 FROM claims c WHERE c.event_id = e.event_id)")).scalar() == 0
            if conn.dialect.name == "sqlite":
                assert q(text("PRAGMA integrity_check")).scalar() == "ok"
    return counts


def test_kill_mid_batch_loses_nothing_and_rerun_completes(db_url: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 1500)
    proc = ingest(feed, db_url)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            stored = table_counts(db_url)["articles"]
        except StoreError:
            continue  # the schema is not there yet
        if stored >= 50:
            break
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = assert_consistent(db_url)
    assert 50 <= partial["articles"] < 1500
    rerun = ingest(feed, db_url)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    done = assert_consistent(db_url)
    assert done["articles"] == 1500
    with Store(db_url) as store:
        assert store.rederive() == done["events"]  # the incremental merge equals a fresh one


def test_two_writers_at_once(db_url: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_feed(a, 300)
    write_feed(b, 300, start=150)  # half the articles in both feeds
    procs = [ingest(a, db_url), ingest(b, db_url)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    counts = assert_consistent(db_url)
    assert counts["articles"] == 450
    with Store(db_url) as store:
        assert store.rederive() == counts["events"]


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, "sqlite:///sitrep.db"),
        (None, "from-env.db", "sqlite:///from-env.db"),
        ("events.db", "from-env.db", "sqlite:///events.db"),
        ("sqlite:////tmp/x.db", None, "sqlite:////tmp/x.db"),
        ("postgresql://me@db:5432/events", None, "postgresql+psycopg://me@db:5432/events"),
        ("postgres://me@db/events", None, "postgresql+psycopg://me@db/events"),
    ],
)
def test_resolve_url(given: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if env is None:
        monkeypatch.delenv("SITREP_DB", raising=False)
    else:
        monkeypatch.setenv("SITREP_DB", env)
    assert resolve_url(given).render_as_string(hide_password=False) == expected
