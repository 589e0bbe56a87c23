"""API benchmark: requests per second and latency of ``GET /api/events`` over 100k synthetic events.

Fills a SQLite store with ``benchmarks/store.py``'s synthetic articles (kept in ``--db`` for reuse
when given), starts a real ``sitrep serve`` in its own process on 127.0.0.1 with an ephemeral
port, and drives it with a few concurrent httpx workers on loopback, for a bounded number of
requests and a bounded time. The request mix is what the map page sends: the newest page of
events, and pages filtered by country and month, by a bounding box, by type, and by words.
Nothing is asserted; the target is a p95 under 100 ms.

Example:
    python benchmarks/api.py --events 100000 --requests 2000 --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from sitrep.store import Store
from store import synthetic

SITREP = Path(sys.executable).parent / "sitrep"

#: The requests of the mix, by name: what the map asks for (a full page is 500 events).
MIX: dict[str, dict[str, str]] = {
    "newest page": {},
    "country + month": {"country": "UKR", "since": "2021-03-01", "until": "2021-03-31"},
    "bbox + year": {"bbox": "36,47,38,50.5", "since": "2021-01-01", "until": "2021-12-31"},
    "event type": {"event_type": "Battles"},
    "type, no background": {"event_type": "Protests", "historical": "false"},
    "words": {"text": "Mariupol marched"},
}


def build(path: Path, n_events: int) -> int:
    """Fill ``path`` with at least ``n_events`` merged events unless it already holds events.

    About 30% of the synthetic reports re-report an incident and merge, so 1.45 reports are made
    for each event wanted.
    """
    with Store(str(path)) as store:
        have = store.counts()["events"]
        if have:
            print(f"store: {path} already holds {have:,} events (reused)")
            return have
        began = time.perf_counter()
        reports = int(n_events * 1.45)
        articles = synthetic(reports)
        for i in range(0, len(articles), 1000):
            store.add_many(articles[i:i + 1000])
        have = store.counts()["events"]
        print(f"store: {have:,} merged events from {reports:,} reports, built in {time.perf_counter() - began:.0f} s")
        return have


@contextmanager
def server(db: Path) -> Iterator[str]:
    """``sitrep serve`` on 127.0.0.1 with an ephemeral port, in its own process; yields its URL."""
    proc = subprocess.Popen([str(SITREP), "serve", "--db", str(db), "--port", "0"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 60
        for line in proc.stderr:
            found = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
            if found:
                yield found.group(1)
                return
            if time.monotonic() > deadline:
                break
        raise RuntimeError("sitrep serve did not start")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def load(base: str, requests: int, workers: int, seconds: float, limit: int) -> dict[str, list[float]]:
    """Send ``requests`` requests (or stop after ``seconds``) from ``workers`` concurrent workers."""
    names = list(MIX)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    sent = 0
    stop = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal sent
        while sent < requests and time.monotonic() < stop:
            name = names[sent % len(names)]
            sent += 1
            t = time.perf_counter()
            response = await client.get("/api/events", params={**MIX[name], "limit": str(limit)})
            await response.aread()
            latencies[name].append((time.perf_counter() - t) * 1000)
            response.raise_for_status()

    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for name in names:  # warm up: connections, caches, the first query of each kind
            (await client.get("/api/events", params={**MIX[name], "limit": str(limit)})).raise_for_status()
        await asyncio.gather(*(worker(client) for _ in range(workers)))
    return latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else (values[0] if values else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="merged events to store, at least")
    parser.add_argument("--requests", type=int, default=2000, help="requests to send, at most")
    parser.add_argument("--seconds", type=float, default=60, help="stop sending after this long")
    parser.add_argument("--workers", type=int, default=4, help="concurrent client workers")
    parser.add_argument("--limit", type=int, default=500, help="events per page (the API's default)")
    parser.add_argument("--db", type=Path, help="SQLite file to build once and reuse (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "api-bench.db"
        build(db, args.events)
        with server(db) as base:
            began = time.perf_counter()
            latencies = asyncio.run(load(base, args.requests, args.workers, args.seconds, args.limit))
            took = time.perf_counter() - began
    every = [x for xs in latencies.values() for x in xs]
    print(f"GET /api/events, limit={args.limit}, {args.workers} workers on loopback: {len(every)} requests in "
          f"{took:.1f} s = {len(every) / took:,.0f} requests/s; p50 {statistics.median(every):.1f} ms, "
          f"p95 {p95(every):.1f} ms, max {max(every):.1f} ms (target: p95 < 100 ms)")
    for name, xs in latencies.items():
        print(f"  {name:<20} {len(xs):5d} requests  p50 {statistics.median(xs):7.1f} ms  p95 {p95(xs):7.1f} ms")


if __name__ == "__main__":
    main()
