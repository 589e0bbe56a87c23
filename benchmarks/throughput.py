"""Throughput of the default pipeline on one core: start-up, articles per second, peak memory.

Start-up is timed in fresh subprocesses (``import sitrep``, then ``Pipeline().load()``, then a
first one-sentence extraction, which shows work deferred to the first call). Throughput is timed
in this process over synthetic articles from ``templates.py``, after a short warm-up, with the
process pinned to one CPU and numeric libraries limited to one thread. Nothing is asserted: the
numbers are for reading and comparing, on the same machine.

Example:
    python benchmarks/throughput.py --articles 300
    python benchmarks/throughput.py --articles 1000 --tracemalloc --json bench.json
    python benchmarks/throughput.py --model builtin      # with the learned coder (ml extra)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
# Numeric libraries (numpy, thinc) would otherwise start one thread per core.
ONE_THREAD = {
    name: "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
}

STARTUP_SCRIPT = """
import json, resource, time
t0 = time.perf_counter()
import sitrep
from sitrep.model import Article
t1 = time.perf_counter()
pipe = sitrep.Pipeline(sitrep.Options(model=MODEL, model_threads=1 if MODEL else None))
pipe.load()
t2 = time.perf_counter()
from datetime import date
text = "Rebels shelled the town of Goma on Monday, killing three civilians, the army said."
n = len(pipe.extract(Article(text=text, published=date(2024, 5, 8))))
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_extract_s": t3 - t2, "events": n,
                  "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass
class Startup:
    """Medians over the fresh-process runs."""

    runs: int
    import_s: float
    load_s: float
    first_extract_s: float
    process_s: float
    peak_rss_mib: float


@dataclass
class Throughput:
    """One pass of the pipeline over the generated articles."""

    articles: int
    chars: int
    seconds: float
    events: int
    errors: int
    latencies_ms: list[float] = field(repr=False)
    peak_rss_mib: float
    tracemalloc_peak_mib: float | None
    first_error: str | None = None

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def rss_mib(maxrss: int) -> float:
    """``ru_maxrss`` is in KiB on Linux and in bytes on macOS."""
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 2**10


def pin_to_one_cpu() -> str:
    """Pin this process (and the children it starts) to one CPU where the OS allows it."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to cpu {cpu}"


def measure_startup(runs: int, model: str | None) -> Startup:
    """Time ``import sitrep`` and ``Pipeline().load()`` in ``runs`` fresh interpreters."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", f"MODEL = {model!r}\n" + STARTUP_SCRIPT],
            env=os.environ | ONE_THREAD,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"start-up run failed:\n{proc.stderr.strip()}")
        sample = json.loads(proc.stdout.strip().splitlines()[-1])
        sample["process_s"] = wall
        samples.append(sample)

    def median(key: str) -> float:
        return statistics.median(s[key] for s in samples)

    return Startup(
        runs=runs,
        import_s=median("import_s"),
        load_s=median("load_s"),
        first_extract_s=median("first_extract_s"),
        process_s=median("process_s"),
        peak_rss_mib=rss_mib(max(s["maxrss"] for s in samples)),
    )


def measure_throughput(n: int, seed: int, warmup: int, trace: bool, model: str | None) -> Throughput:
    """Run one loaded pipeline over ``n`` generated articles, one at a time."""
    import sitrep
    from templates import generate_articles

    articles = generate_articles(n, seed=seed)
    pipe = sitrep.Pipeline(sitrep.Options(model=model, model_threads=1 if model else None))
    pipe.load()
    for article in generate_articles(warmup, seed=seed + 1):
        pipe.extract(article)
    if trace:
        tracemalloc.start()
    events = errors = 0
    first_error = None
    latencies = []
    start = time.perf_counter()
    for article in articles:
        t0 = time.perf_counter()
        try:
            events += len(pipe.extract(article))
        except Exception as exc:  # a benchmark reports failures, it does not stop at the first
            errors += 1
            first_error = first_error or f"{article.id}: {type(exc).__name__}: {exc}"
        latencies.append((time.perf_counter() - t0) * 1000)
    seconds = time.perf_counter() - start
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return Throughput(
        articles=n,
        chars=sum(len(a.text) for a in articles),
        seconds=seconds,
        events=events,
        errors=errors,
        latencies_ms=latencies,
        peak_rss_mib=rss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        tracemalloc_peak_mib=traced,
        first_error=first_error,
    )


def table(startup: Startup, run: Throughput, pinned: str, seed: int, trace: bool, model: str | None) -> str:
    rows: list[tuple[str, str]] = [
        ("start-up, fresh process", f"median of {startup.runs}"),
        ("  import sitrep", f"{startup.import_s:.3f} s"),
        ("  Pipeline().load()", f"{startup.load_s:.3f} s"),
        ("  first extract()", f"{startup.first_extract_s:.3f} s"),
        ("  whole process", f"{startup.process_s:.3f} s"),
        ("  peak RSS", f"{startup.peak_rss_mib:.1f} MiB"),
        ("extraction, one process", f"{run.articles} articles, {run.chars / 1024:.0f} KiB, seed {seed}"),
        ("  articles/s", f"{run.articles_per_s:.1f}"),
        ("  KiB/s", f"{run.chars / 1024 / run.seconds:.1f}" if run.seconds else "-"),
        (
            "  latency p50 / p95 / max",
            f"{run.percentile(0.5):.2f} / {run.percentile(0.95):.2f} / {run.percentile(1.0):.2f} ms",
        ),
        ("  events", f"{run.events} ({run.events / max(run.articles, 1):.2f} per article)"),
        ("  errors", str(run.errors) + (f" (first: {run.first_error})" if run.first_error else "")),
        ("  peak RSS", f"{run.peak_rss_mib:.1f} MiB"),
        (
            "  tracemalloc peak",
            f"{run.tracemalloc_peak_mib:.1f} MiB (slows the loop)" if trace else "off (--tracemalloc)",
        ),
    ]
    width = max(len(k) for k, _ in rows) + 2
    head = f"sitrep throughput - Python {platform.python_version()}, {platform.system()}, {pinned}" + (
        f", model {model}" if model else ", rules only")
    return "\n".join([head, *(f"{k:<{width}}{v}" for k, v in rows)])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300, help="articles to extract (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the article generator (default 0)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed articles first (default 5)")
    parser.add_argument("--startup-runs", type=int, default=3, help="fresh processes to time (default 3)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--model", help="join the learned coder: builtin or a model folder (needs the ml extra)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.update(ONE_THREAD)
    if importlib.util.find_spec("sitrep") is None:
        # A checkout without `pip install -e .`: find the package here and in the subprocesses.
        sys.path.insert(0, str(SRC))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(SRC), os.environ.get("PYTHONPATH"))))
    pinned = "not pinned (--no-pin)" if args.no_pin else pin_to_one_cpu()
    try:
        startup = measure_startup(args.startup_runs, args.model)
        run = measure_throughput(args.articles, args.seed, args.warmup, args.tracemalloc, args.model)
    except (ImportError, RuntimeError) as exc:
        print(f"benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print(table(startup, run, pinned, args.seed, args.tracemalloc, args.model))
    if args.json:
        record: dict[str, Any] = {
            "startup": asdict(startup),
            "throughput": asdict(run) | {"articles_per_s": run.articles_per_s},
            "pinned": pinned,
            "python": platform.python_version(),
        }
        record["throughput"].pop("latencies_ms")
        args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
