"""Merge thresholds saved in the database, ``sitrep dedup``, and the schema 1 → 2 migration; on both databases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from sitrep.cli.main import app
from sitrep.errors import StoreError
from sitrep.model import Article, Event, Evidence
from sitrep.store import DedupOptions, Store, resolve_url
from sitrep.store.schema import SCHEMA_VERSION

SITREP = Path(sys.executable).parent / "sitrep"
runner = CliRunner()

# Tartar and Barda are about 17 km apart: a near miss at the default 5 km, a match at 20 km.
TOWNS = [("Tartar", 40.342, 46.932), ("Barda", 40.374, 47.126), ("East of Barda", 40.374, 47.244)]  # +10 km
WIDE = DedupOptions(distance_km=20.0)


def article(i: int) -> Article:
    return Article(text=f"Shells fell on the town today. ({i})", id=f"art-{i}", url=f"https://news.example/{i}")


def report(a: Article, town: int = 0, day: str = "2020-10-01") -> Event:
    name, lat, lon = TOWNS[town]
    return Event(event_id=f"{a.id}-0", article_id=a.id, event_date=day, time_precision=1,
                 event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                 plover_type="ASSAULT", cameo_code="194", actor2="Civilians", location=name, country="AZE",
                 latitude=lat, longitude=lon, geo_precision=1, fatalities=3,
                 evidence=[Evidence(a.id, a.text, 0, len(a.text))])


def near_miss(url: str) -> None:
    """Two reports of one day, one in Tartar and one in Barda, from different articles."""
    a, b = article(1), article(2)
    with Store(url) as store:
        store.add(a, [report(a, town=0)])
        store.add(b, [report(b, town=1)])
        assert len(store.events()) == 2


def groups(url: str) -> list[list[str]]:
    with Store(url).open(write=False) as store:
        return sorted(sorted(e.article_ids) for e in store.events())


def saved(url: str) -> dict[str, str]:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        rows = {str(k): str(v) for k, v in conn.execute(text("SELECT key, value FROM settings"))}
    engine.dispose()
    return rows


def test_rederive_wider_merges_and_is_saved(db_url: str) -> None:
    near_miss(db_url)
    with Store(db_url) as store:
        assert store.rederive(WIDE) == 1
    assert groups(db_url) == [["art-1", "art-2"]]
    assert saved(db_url) == {"distance_km": "20.0", "days": "1"}
    with Store(db_url).open(write=False) as store:
        assert (store.options.distance_km, store.options.days) == (20.0, 1)
        why = store.explain("art-2-0")
        assert any("≤ 20 km" in r for r in why.links[1].reasons)


def test_later_ingest_uses_saved_thresholds_unless_told_otherwise(db_url: str) -> None:
    near_miss(db_url)
    with Store(db_url) as store:
        store.rederive(WIDE)
    c, d = article(3), article(4)
    with Store(db_url) as store:  # a fresh store, as a later `sitrep ingest` opens it
        assert store.options.distance_km == 20.0
        store.add(c, [report(c, town=1, day="2020-10-02")])  # Barda, next day: joins the merged event
    assert groups(db_url) == [["art-1", "art-2", "art-3"]]
    with Store(db_url, options=DedupOptions()) as store:  # the caller's own thresholds win
        store.add(d, [report(d, town=2, day="2020-10-02")])  # 10 km from Barda: apart at 5 km
        assert store.options.distance_km == 5.0
    assert groups(db_url) == [["art-1", "art-2", "art-3"], ["art-4"]]
    assert saved(db_url)["distance_km"] == "20.0"  # adding reports saves nothing


def test_saved_thresholds_change_under_an_open_store(db_url: str) -> None:
    near_miss(db_url)
    c = article(3)
    with Store(db_url) as writer:  # opened with the defaults saved
        assert writer.options.distance_km == 5.0
        with Store(db_url) as other:
            other.rederive(WIDE)
        writer.add(c, [report(c, town=1)])  # each write reads the saved thresholds again
        assert writer.options.distance_km == 20.0
    assert groups(db_url) == [["art-1", "art-2", "art-3"]]


def test_sitrep_dedup_wider_then_back_to_defaults(db_url: str) -> None:
    near_miss(db_url)
    wide = runner.invoke(app, ["dedup", "--db", db_url, "--km", "20"])
    assert wide.exit_code == 0, wide.output
    assert wide.stdout.strip() == "2 reports merged into 1 events (distance 20.0 km, ±1 day)"
    again = runner.invoke(app, ["dedup", "--db", db_url])  # no options: the saved thresholds
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "2 reports merged into 1 events (distance 20.0 km, ±1 day)"
    days = runner.invoke(app, ["dedup", "--db", db_url, "--days", "0"])  # --km kept as saved
    assert days.stdout.strip() == "2 reports merged into 1 events (distance 20.0 km, ±0 days)"
    back = runner.invoke(app, ["dedup", "--db", db_url, "--km", "5", "--days", "1"])
    assert back.exit_code == 0, back.output
    assert back.stdout.strip() == "2 reports merged into 2 events (distance 5.0 km, ±1 day)"
    assert groups(db_url) == [["art-1"], ["art-2"]]
    assert saved(db_url) == {"distance_km": "5.0", "days": "1"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--km", "-1"], "invalid --km -1"),
        (["--km", "nan"], "invalid --km nan"),
        (["--days", "-1"], "invalid --days -1"),
        (["--days", "366"], "invalid --days 366"),
    ],
)
def test_bad_thresholds_exit_2_and_change_nothing(db_url: str, args: list[str], message: str) -> None:
    near_miss(db_url)
    result = subprocess.run([str(SITREP), "dedup", "--db", db_url, *args], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"sitrep: error: {message}:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert groups(db_url) == [["art-1"], ["art-2"]]
    assert saved(db_url) == {}


def test_dedup_does_not_create_a_database(tmp_path: Path) -> None:
    result = subprocess.run([str(SITREP), "dedup", "--db", str(tmp_path / "absent.db")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "no database" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("distance_km", "days"), [(-1.0, 1), (float("inf"), 1), (5.0, -1), (5.0, 400)])
def test_options_refuse_unusable_thresholds(distance_km: float, days: int) -> None:
    with pytest.raises(ValueError):
        DedupOptions(distance_km=distance_km, days=days)


# --- migration from schema version 1 ------------------------------------------------------


def make_version_1(url: str) -> None:
    """What a version 1 sitrep left: the same tables without ``settings``, and version 1 recorded."""
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE settings"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    engine.dispose()


def version(url: str) -> int:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        found = int(conn.execute(text("SELECT version FROM schema_version")).scalar() or 0)
    engine.dispose()
    return found


def test_version_1_database_migrates_forward_keeping_its_data(db_url: str) -> None:
    assert SCHEMA_VERSION >= 2  # later versions add tables of their own; version 2 added settings
    near_miss(db_url)
    make_version_1(db_url)
    with Store(db_url).open(write=False) as store:  # reading: the defaults, and no upgrade
        assert store.options == DedupOptions()
        assert store.counts() == {"articles": 2, "claims": 2, "events": 2}
    assert version(db_url) == 1
    result = runner.invoke(app, ["dedup", "--db", db_url, "--km", "20"])  # the first write upgrades
    assert result.exit_code == 0, result.output
    assert version(db_url) == SCHEMA_VERSION
    assert groups(db_url) == [["art-1", "art-2"]]
    assert saved(db_url) == {"distance_km": "20.0", "days": "1"}
    with Store(db_url).open(write=False) as store:
        assert store.counts() == {"articles": 2, "claims": 2, "events": 1}
        assert [e.location for e in store.events()] == ["Tartar"]
        assert [link.article_id for link in store.explain("art-1-0").links] == ["art-1", "art-2"]


def test_newer_schema_still_refused_by_dedup(db_url: str) -> None:
    near_miss(db_url)
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": SCHEMA_VERSION + 1})
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this sitrep"):
        Store(db_url).open()
    result = subprocess.run([str(SITREP), "dedup", "--db", db_url, "--km", "20"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "newer than this sitrep" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert saved(db_url) == {}
