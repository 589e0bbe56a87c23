"""Store benchmark: bulk ingest rate and filtered query latency on synthetic events.

Builds synthetic articles in date order (as news arrives), one to three reports each, about a
quarter of them re-reporting an incident already stored (so merging has work to do), stores them
with ``Store.add_many`` in batches, then times filtered queries. SQLite always; PostgreSQL when
``--pg URL`` (or ``$SITREP_TEST_PG_URL``) is given and reachable; its tables are dropped first.
Nothing is asserted: the numbers are for reading and comparing on one machine.

Example:
    python benchmarks/store.py --events 100000
    python benchmarks/store.py --events 20000 --pg postgresql://postgres@127.0.0.1:55432/sitrep_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sitrep.errors import StoreError
from sitrep.model import Article, Event, Evidence
from sitrep.store import EventQuery, Store

# (town, latitude, longitude, ISO3, admin1): real places, invented incidents.
TOWNS = [
    ("Tartar", 40.342, 46.932, "AZE", "Tartar District"), ("Barda", 40.374, 47.126, "AZE", "Barda District"),
    ("Ganja", 40.683, 46.361, "AZE", "Ganja"), ("Kharkiv", 49.982, 36.249, "UKR", "Kharkiv Oblast"),
    ("Donetsk", 48.023, 37.802, "UKR", "Donetsk Oblast"), ("Mariupol", 47.097, 37.543, "UKR", "Donetsk Oblast"),
    ("Mogadishu", 2.037, 45.344, "SOM", "Banaadir"), ("Kismayo", -0.358, 42.546, "SOM", "Lower Juba"),
    ("Maiduguri", 11.846, 13.160, "NGA", "Borno"), ("Mopti", 14.484, -4.183, "MLI", "Mopti"),
    ("Aleppo", 36.202, 37.159, "SYR", "Aleppo"), ("Idlib", 35.931, 36.634, "SYR", "Idlib"),
    ("Kabul", 34.528, 69.172, "AFG", "Kabul"), ("Goma", -1.679, 29.228, "COD", "North Kivu"),
    ("Khartoum", 15.552, 32.532, "SDN", "Khartoum"), ("Sanaa", 15.354, 44.207, "YEM", "Amanat al Asimah"),
]
TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled"),
         ("Battles", "Armed clash", "clashed with forces near"),
         ("Violence against civilians", "Attack", "attacked villagers in"),
         ("Protests", "Peaceful protest", "marched in")]
# Villages around each town (invented names, a few km apart), so the map is not 16 points.
PLACES = [(f"{name} {k}" if k else name, lat + 0.15 * (k // 4), lon + 0.15 * (k % 4), iso3, admin1)
          for name, lat, lon, iso3, admin1 in TOWNS for k in range(12)]
ACTORS = ["Military Forces of Russia", "Military Forces of Ukraine", "Al-Shabaab", "Boko Haram",
          "Military Forces of Armenia", "Rapid Support Forces", "Unidentified Armed Group", None]


def synthetic(n_events: int, seed: int = 7) -> list[tuple[Article, list[Event]]]:
    """Articles in publication order with about ``n_events`` reports in all."""
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    days = max(30, n_events // 90)  # about 90 reports a day, as a busy conflict monitor sees
    out: list[tuple[Article, list[Event]]] = []
    recent: list[Event] = []
    total = 0
    i = 0
    while total < n_events:
        published = start + timedelta(days=i * days // (n_events // 2 + 1))
        aid = f"bench-{i}"
        reports: list[Event] = []
        sentences: list[str] = []
        for k in range(rng.choice((1, 2, 2, 3))):
            if recent and rng.random() < 0.25:  # another outlet reporting a recent incident
                base = rng.choice(recent[-200:])
                town = next(t for t in PLACES if t[0] == base.location)
                etype = next(t for t in TYPES if t[0] == base.event_type)
                day, actor, dead = base.event_date, base.actor1, (base.fatalities or 0) + rng.choice((0, 0, 1, 2))
            else:
                town, etype = rng.choice(PLACES), rng.choice(TYPES)
                day = (published - timedelta(days=rng.choice((0, 1)))).isoformat()
                actor, dead = rng.choice(ACTORS), rng.choice((0, 0, 1, 2, 3, 5, 8, 13))
            sentence = f"{actor or 'Gunmen'} {etype[2]} {town[0]}, killing {dead} people, officials said ({i}.{k})."
            begin = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            e = Event(event_id=f"{aid}-{k}", article_id=aid, event_date=day, time_precision=1,
                      event_type=etype[0], sub_event_type=etype[1], plover_type="ASSAULT", cameo_code="19",
                      actor1=actor, actor2="Civilians", location=town[0], admin1=town[4], country=town[3],
                      latitude=town[1] + rng.uniform(-0.01, 0.01), longitude=town[2] + rng.uniform(-0.01, 0.01),
                      geo_precision=1, fatalities=dead, confidence=0.6,
                      evidence=[Evidence(aid, sentence, begin, begin + len(sentence))])
            reports.append(e)
            recent.append(e)
        out.append((Article(text=" ".join(sentences), id=aid, outlet=f"Outlet {i % 40}", published=published),
                    reports))
        total += len(reports)
        i += 1
    return out


QUERIES = {
    "country + month": EventQuery(country="UKR", since="2021-03-01", until="2021-03-31", limit=100),
    "bbox + year": EventQuery(bbox=(36.0, 47.0, 38.0, 50.5), since="2021-01-01", until="2021-12-31", limit=100),
    "event type (newest)": EventQuery(event_type="Battles", limit=100),
    "actor": EventQuery(actor="shabaab", limit=100),
    "admin1": EventQuery(admin1="borno", limit=100),
    "text": EventQuery(text="Mariupol marched", limit=100),
    "text, rare": EventQuery(text="Goma 7 shelled", since="2021-01-01", limit=100),
}


def run(url: str, batch: list[tuple[Article, list[Event]]], batch_size: int, repeat: int) -> None:
    n_events = sum(len(e) for _, e in batch)
    with Store(url) as store:
        began = time.perf_counter()
        for i in range(0, len(batch), batch_size):
            store.add_many(batch[i:i + batch_size])
        took = time.perf_counter() - began
        counts = store.counts()
        print(f"  ingest: {n_events} reports in {len(batch)} articles, {took:.1f} s = "
              f"{n_events / took:,.0f} events/s; {counts['events']} merged events")
        for name, query in QUERIES.items():
            times = []
            found = 0
            for _ in range(repeat):
                t = time.perf_counter()
                found = len(store.events(query))
                times.append((time.perf_counter() - t) * 1000)
            print(f"  query {name:<20} {statistics.median(times):7.1f} ms median, "
                  f"{max(times):7.1f} ms max ({found} events)")


def reset_postgres(url: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from sitrep.store import resolve_url

    try:
        engine = create_engine(resolve_url(url), connect_args={"connect_timeout": 5})
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return True
    except (SQLAlchemyError, StoreError) as exc:
        print(f"PostgreSQL at {url} not usable, skipped: {str(exc).splitlines()[0]}")
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    parser.add_argument("--pg", default=os.environ.get("SITREP_TEST_PG_URL"), help="PostgreSQL URL (emptied!)")
    args = parser.parse_args()
    batch = synthetic(args.events)
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (WAL, file in a temporary folder)")
        run(str(Path(tmp) / "bench.db"), batch, args.batch, args.repeat)
    if args.pg and reset_postgres(args.pg):
        print("PostgreSQL")
        run(args.pg, batch, args.batch, args.repeat)


if __name__ == "__main__":
    main()
