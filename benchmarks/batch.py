"""``sitrep batch`` scaling: articles per second with 1 and 2 Dask workers, and the speed-up.

Generates articles with ``templates.py`` into one JSON Lines file, then for each worker count
starts a ``LocalCluster`` of single-threaded worker processes, loads the pipeline on every worker
(timed apart: cluster start and pipeline load are a fixed cost per run), and times the batch over
the whole file (the best of ``--repeat`` runs, as other work on the machine only slows runs down),
for each sink: per-partition Parquet files written by the workers (extraction
alone), and a SQLite store written by the client (the single writer). Plain processes sharing the
same articles, without Dask, give the per-core rate and the machine's own ceiling for the
speed-up. Nothing is asserted.

Example:
    python benchmarks/batch.py --articles 3000
    python benchmarks/batch.py --articles 3000 --workers 1 2 --json batch.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def write_corpus(path: Path, n: int, seed: int) -> int:
    """Write ``n`` generated articles as JSON Lines; returns the file size in bytes."""
    from templates import generate_articles

    with path.open("w", encoding="utf-8") as fp:
        for a in generate_articles(n, seed=seed):
            assert a.published is not None
            fp.write(json.dumps({"id": a.id, "text": a.text, "published": a.published.isoformat(),
                                 "title": a.title, "outlet": a.outlet}) + "\n")
    return path.stat().st_size


def _plain_share(path: str, share: int, of: int, barrier: Any) -> float:
    """In a child process: load, wait for the others, extract every ``of``-th article; returns the seconds."""
    from sitrep.ingest import read_articles
    from sitrep.model import Article
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline().load()
    articles = [a for a in read_articles([path]) if isinstance(a, Article)][share::of]
    pipeline.extract(articles[0])
    barrier.wait()
    start = time.perf_counter()
    for article in articles:
        pipeline.extract(article)
    return time.perf_counter() - start


def plain_processes(path: Path, processes: int) -> float:
    """Articles per second of ``processes`` plain processes sharing the articles, without Dask: the
    machine's own ceiling for the speed-up (cores that share a host core, caches, memory)."""
    import multiprocessing

    from sitrep.ingest import read_articles
    from sitrep.model import Article

    total = sum(1 for a in read_articles([path]) if isinstance(a, Article))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(processes)
        with ctx.Pool(processes) as pool:
            seconds = pool.starmap(_plain_share, [(str(path), i, processes, barrier) for i in range(processes)])
    return total / max(seconds)


def on_cluster(path: Path, workers: int, size: int, work: Path, repeat: int) -> dict[str, Any]:
    """Start a cluster of ``workers`` processes and time each sink on it, keeping the best of ``repeat`` runs."""
    from sitrep.distributed import BatchOptions, connect, run_batch
    from sitrep.distributed.worker import warm_up
    from sitrep.pipeline import Options

    t0 = time.perf_counter()
    with connect(workers=workers) as client:  # the local cluster sitrep batch starts
        t1 = time.perf_counter()
        client.run(warm_up, Options())
        t2 = time.perf_counter()
        row: dict[str, Any] = {"workers": workers, "cluster_start_s": t1 - t0, "pipeline_load_s": t2 - t1}
        for attempt in range(repeat):
            sinks = {"files": BatchOptions(partition_size=size, output=work / f"out-{workers}-{attempt}",
                                           fmt="parquet"),
                     "sqlite": BatchOptions(partition_size=size, db=str(work / f"events-{workers}-{attempt}.db"))}
            for name, options in sinks.items():
                load = os.getloadavg()[0]
                summary = run_batch([path], options, client)
                rate = summary.read / summary.seconds
                if name not in row or rate > row[name]["articles_per_s"]:
                    row[name] = {"articles": summary.read, "seconds": summary.seconds, "articles_per_s": rate,
                                 "events": summary.events, "load_before": load}
    return row


def report(rows: list[dict[str, Any]], plain: dict[int, float], load: str, n: int, size: int) -> str:
    first = min(plain)
    lines = [f"sitrep batch - Python {platform.python_version()}, {os.cpu_count()} CPUs, {n} articles, "
             f"partitions of {size}; load average before: {load}"]
    lines += [f"{k} plain process(es), no Dask: {rate:.1f} articles/s (speed-up {rate / plain[first]:.2f}x: "
              f"the machine's ceiling)" for k, rate in sorted(plain.items())]
    base = rows[0]
    for row in rows:
        lines.append(f"{row['workers']} worker(s): cluster start {row['cluster_start_s']:.1f} s, "
                     f"pipeline load {row['pipeline_load_s']:.1f} s")
        for sink in ("files", "sqlite"):
            rate = row[sink]["articles_per_s"]
            speedup = rate / base[sink]["articles_per_s"]
            lines.append(f"  {sink:<7}{rate:8.1f} articles/s  {row[sink]['seconds']:6.1f} s  speed-up "
                         f"{speedup:.2f}x  efficiency {speedup / (row['workers'] / base['workers']):.0%}  "
                         f"(1-min load before: {row[sink]['load_before']:.2f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000, help="generated articles (default 3000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--partition-size", type=int, default=100, help="articles per partition (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the article generator (default 0)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per configuration; the best counts (default 2)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)
    os.environ.update(ONE_THREAD)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "articles.jsonl"
        write_corpus(corpus, args.articles, args.seed)
        plain = {n: plain_processes(corpus, n) for n in args.workers}
        rows = [on_cluster(corpus, n, args.partition_size, work, args.repeat) for n in args.workers]
    print(report(rows, plain, load, args.articles, args.partition_size))
    if args.json:
        args.json.write_text(json.dumps({"load_before": load, "plain_articles_per_s": plain, "runs": rows},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
