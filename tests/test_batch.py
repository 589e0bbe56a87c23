"""Tests for ``sitrep batch``: partitions read like the readers, results equal a single-process run
(same event ids), resume after an interruption, a killed worker, and one-line errors.

One ``LocalCluster`` of two single-threaded worker processes serves the module; the reference
results come from ``sitrep ingest`` and ``sitrep extract`` run in this process.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

from sitrep.cli.main import app
from sitrep.distributed import BatchOptions, BatchSummary, connect, plan, run_batch
from sitrep.distributed import runner as runner_module
from sitrep.distributed.read import Report, read_partition
from sitrep.distributed.runner import LineFinder
from sitrep.distributed.worker import warm_up
from sitrep.ingest import Problem, read_articles
from sitrep.model import Article
from sitrep.pipeline import Options
from sitrep.store import Store, resolve_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from templates import generate_articles  # noqa: E402

SITREP = Path(sys.executable).parent / "sitrep"
SIZE = 8  # articles per partition: many partitions from a small corpus
runner = CliRunner()


# --- the corpus and the single-process reference ------------------------------------------------


def build_corpus(root: Path) -> Path:
    """A folder as users have them: a big JSONL feed (with re-reports of the same incidents from
    another outlet, so merging has work to do, and two bad lines), a CSV whose quoted texts span
    lines, and a few text files."""
    root.mkdir(parents=True, exist_ok=True)
    articles = generate_articles(130, seed=11)
    with (root / "a-feed.jsonl").open("w", encoding="utf-8") as fp:
        for i, a in enumerate(articles[:95]):
            fp.write(json.dumps(record(a)) + "\n")
            if i % 6 == 2:  # the same incident, reported again later by another outlet
                fp.write(json.dumps(record(a) | {"id": f"{a.id}-again", "outlet": "Second Wire"}) + "\n")
            if i == 20:
                fp.write("{not json\n")
            if i == 70:
                fp.write(json.dumps({"id": "no-text", "title": "nothing"}) + "\n")
    with (root / "b-rows.csv").open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, ["id", "published", "outlet", "text"])
        writer.writeheader()
        for a in articles[95:125]:
            writer.writerow(record(a))
    texts = root / "c-texts"
    texts.mkdir()
    for a in articles[125:]:
        (texts / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    return root


def record(a: Article) -> dict[str, Any]:
    assert a.published is not None
    return {"id": a.id, "published": a.published.isoformat(), "outlet": a.outlet, "text": a.text}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("batch") / "news")


def invoke(*args: str | Path, code: int = 0) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    shown = f"exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    if result.exc_info and not isinstance(result.exception, SystemExit):
        shown += "".join(traceback.format_exception(*result.exc_info))
    assert result.exit_code == code, shown
    return result


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What ``sitrep ingest`` stores and ``sitrep extract`` prints for the corpus, on one core."""
    db = tmp_path_factory.mktemp("reference") / "ingest.db"
    invoke("ingest", corpus, "--db", db, "--quiet")
    extracted = invoke("extract", corpus, "--quiet").stdout
    return {"store": snapshot(str(db)), "extract": [json.loads(line) for line in extracted.splitlines()]}


def snapshot(url: str) -> dict[str, Any]:
    """Everything a store holds that a batch could get wrong: merged events, reports, ingest order."""
    with Store(url).open(write=False) as store:
        events = sorted((e.to_dict() for e in store.events()), key=lambda e: e["event_id"])
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        claims = sorted(tuple(r) for r in conn.execute(text("SELECT claim_id, event_id, article_id FROM claims")))
        order = [r[0] for r in conn.execute(text("SELECT article_id FROM articles ORDER BY seq"))]
    engine.dispose()
    return {"events": events, "claims": claims, "order": order}


# --- the cluster --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two single-threaded worker processes on free ports, their pipelines loaded once."""
    with connect(workers=2) as c:  # a LocalCluster, as sitrep batch starts it
        c.run(warm_up, Options())
        yield c


@pytest.fixture
def healthy(client: Any) -> Any:
    """The module's client, with both workers back (a test before may have killed one)."""
    client.wait_for_workers(2, timeout=60)
    return client


def batch(client: Any, corpus: Path, **kw: Any) -> BatchSummary:
    return run_batch([corpus], BatchOptions(partition_size=kw.pop("size", SIZE), **kw), client)


# --- partitions ---------------------------------------------------------------------------------


def read_all(inputs: list[Path], size: int) -> tuple[list[Article], list[str]]:
    """Every partition read the way a worker reads it, problems resolved the way the client does."""
    lines = LineFinder()
    articles: list[Article] = []
    problems: list[str] = []
    for part in plan(inputs, size):
        if isinstance(part, Problem):
            problems.append(str(part))
            continue
        for item in read_partition(part, None):
            if isinstance(item, Report):
                problems.append(str(Problem(lines.source(item), item.message, item.fatal)))
            else:
                articles.append(item)
    return articles, problems


@pytest.mark.parametrize("size", [1, 3, SIZE, 10_000])
def test_partitions_hold_what_the_readers_read(corpus: Path, size: int) -> None:
    expected = list(read_articles([corpus]))
    articles, problems = read_all([corpus], size)
    assert [(a.id, a.text, a.published, a.outlet) for a in articles] == \
        [(a.id, a.text, a.published, a.outlet) for a in expected if isinstance(a, Article)]
    assert problems == [str(p) for p in expected if isinstance(p, Problem)]


def test_big_files_are_split_into_ranges(corpus: Path) -> None:
    kinds = [p.kind for p in plan([corpus], SIZE) if not isinstance(p, Problem)]
    assert kinds.count("jsonl") > 5
    assert kinds.count("csv") > 2
    assert kinds[-1] == "files"


def test_parquet_rows_become_articles(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    articles = generate_articles(9, seed=5)
    table = pa.table({"id": [a.id for a in articles], "text": [a.text for a in articles],
                      "published": [a.published for a in articles], "ignored": list(range(9))})
    pq.write_table(table, tmp_path / "rows.parquet", row_group_size=4)
    read, problems = read_all([tmp_path / "rows.parquet"], 3)
    assert problems == []
    assert [(a.id, a.text, a.published) for a in read] == [(a.id, a.text, a.published) for a in articles]


def test_missing_input_fails_before_anything(tmp_path: Path) -> None:
    from sitrep.errors import InputError

    with pytest.raises(InputError, match="no such file or directory"):
        list(plan([tmp_path / "missing.jsonl"], SIZE))
    with pytest.raises(InputError, match="no file matches"):
        list(plan([str(tmp_path / "*.jsonl")], SIZE))


# --- results equal a single-process run ----------------------------------------------------------


@pytest.mark.parametrize("writer", ["client", "workers"])
def test_store_equals_single_process_ingest(healthy: Any, corpus: Path, reference: dict[str, Any], db_url: str,
                                            writer: str) -> None:
    summary = batch(healthy, corpus, db=db_url, writer=writer)
    got = snapshot(db_url)
    assert got == reference["store"]
    assert sorted(c[0] for c in got["claims"]) == sorted(e["event_id"] for e in reference["extract"])
    assert (summary.read, summary.new, summary.skipped) == (len(got["order"]), len(got["order"]), 2)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_files_equal_single_process_extract(healthy: Any, corpus: Path, reference: dict[str, Any], tmp_path: Path,
                                            fmt: str) -> None:
    out = tmp_path / "events"
    first = batch(healthy, corpus, output=out, fmt=fmt)
    assert [e["event_id"] for e in read_events(out, fmt)] == [e["event_id"] for e in reference["extract"]]
    if fmt == "jsonl":
        assert read_events(out, fmt) == reference["extract"]
    again = batch(healthy, corpus, output=out, fmt=fmt)
    assert (again.done_before, again.finished, again.read) == (first.partitions, 0, 0)


def read_events(folder: Path, fmt: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob(f"part-*.{fmt}")):
        if fmt == "parquet":
            import pyarrow.parquet as pq

            rows.extend(pq.read_table(path).to_pylist())
        else:
            rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return rows


# --- resume, and a killed worker ----------------------------------------------------------------


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("scatter", [False, True], ids=["ids-with-tasks", "ids-scattered"])
def test_rerun_after_interruption_extracts_only_what_is_missing(healthy: Any, corpus: Path,
                                                                reference: dict[str, Any], db_url: str,
                                                                scatter: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if scatter:  # the stored ids go to the workers once, as for a big store
        monkeypatch.setattr(runner_module, "_SCATTER_ABOVE", 0)

    def stop_once_some_are_stored(summary: BatchSummary) -> None:
        if summary.new > 0:
            raise Interrupted

    with pytest.raises(Interrupted):
        run_batch([corpus], BatchOptions(partition_size=SIZE, db=db_url), healthy, progress=stop_once_some_are_stored)
    stored = len(snapshot(db_url)["order"])
    assert 0 < stored < len(reference["store"]["order"])
    summary = batch(healthy, corpus, db=db_url)
    assert snapshot(db_url) == reference["store"]
    assert summary.already == stored
    assert summary.extracted == summary.read - stored
    assert summary.new == len(reference["store"]["order"]) - stored


@pytest.mark.parametrize("writer", ["client", "workers"])
def test_killed_worker_loses_nothing_and_duplicates_nothing(healthy: Any, corpus: Path, reference: dict[str, Any],
                                                            tmp_path: Path, writer: str) -> None:
    address, victim = sorted(healthy.run(os.getpid).items())[0]

    def kill_once(summary: BatchSummary) -> None:
        if summary.finished == 1:
            assert healthy.processing()[address], "the worker to kill has no partition to lose"
            os.kill(victim, signal.SIGKILL)

    db = str(tmp_path / "batch.db")
    summary = run_batch([corpus], BatchOptions(partition_size=SIZE, db=db, writer=writer),  # type: ignore[arg-type]
                        healthy, progress=kill_once)
    assert victim not in healthy.run(os.getpid).values()
    assert snapshot(db) == reference["store"]
    # A worker killed just after storing a partition leaves its retry finding the articles stored.
    assert summary.new + summary.already == summary.read == len(reference["store"]["order"])


# --- the command line ----------------------------------------------------------------------------


def test_cli_batch_on_a_running_scheduler(healthy: Any, corpus: Path, reference: dict[str, Any],
                                          tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    result = invoke("batch", corpus, "--db", db, "--scheduler", healthy.scheduler.address, "--partition-size", SIZE)
    assert snapshot(str(db)) == reference["store"]
    lines = result.stderr.splitlines()
    assert lines[0] == "Dask dashboard: not served (pip install bokeh)" or lines[0].startswith("Dask dashboard: http")
    feed = corpus / "a-feed.jsonl"
    bad = feed.read_text(encoding="utf-8").split("\n").index("{not json") + 1
    assert f"sitrep: skipped: {feed}:{bad}: line is not valid JSON" in result.stderr
    assert lines[-1].endswith(f"the database holds {len(reference['store']['events'])} events from "
                              f"{len(reference['store']['order'])} articles")


def test_cli_batch_starts_a_local_cluster(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(record(a)) + "\n" for a in generate_articles(6, seed=2)), encoding="utf-8")
    result = invoke("batch", news, "--workers", "2", "--output", tmp_path / "out", "--format", "parquet",
                    "--partition-size", "2")
    assert "6 articles read" in result.stderr.splitlines()[-1]
    assert len(list((tmp_path / "out").glob("part-*.parquet"))) == 3


def real(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``sitrep`` script: errors become one line and exit 2 in ``main()``."""
    return subprocess.run([str(SITREP), *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def test_wrong_scheduler_is_one_line_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "events.db"
    proc = real("batch", corpus, "--db", db, "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "2")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()], proc.stderr
    assert proc.stderr.startswith(f"sitrep: error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}")
    assert not db.exists()


def test_missing_input_is_one_line_and_starts_nothing(tmp_path: Path) -> None:
    proc = real("batch", tmp_path / "missing.jsonl", "--db", tmp_path / "events.db")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"sitrep: error: no such file or directory: {tmp_path / 'missing.jsonl'}\n"
    assert list(tmp_path.iterdir()) == []
