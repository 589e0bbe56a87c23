"""The worker side of ``sitrep batch``: one cached pipeline per worker process, one task per partition.

A task reads its partition, leaves out the articles already stored, extracts the rest and then,
depending on the batch's sink:

- ``client``: returns the articles with their events; the client is the single writer (SQLite);
- ``store``: writes them itself (PostgreSQL), in partition order (see ``_commit_in_order``);
- ``files``: writes the partition's events to one file, atomically, named after the partition.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..export import write_jsonl
from ..export.parquet import write_parquet
from ..model import Article, Event
from ..pipeline import Options, Pipeline
from ..store import Store
from .partition import Partition
from .read import Report, read_partition

Sink = Literal["client", "store", "files"]

_LOCK = threading.Lock()  # guards the caches
_EXTRACTING = threading.Lock()  # one extraction at a time per process, however many threads the worker has
_PIPELINES: dict[Options, Pipeline] = {}
_STORES: dict[str, Store] = {}
_TURN_GONE_S = 2.0  # a turn that cannot be read for this long was deleted: the batch has stopped


@dataclass(frozen=True)
class Job:
    """What every partition of one batch shares.

    Attributes:
        options: the pipeline's settings.
        published: the date for articles that give none.
        sink: where results go (see the module docstring).
        db: the database URL (sinks ``client`` and ``store``).
        output: the folder for ``files``.
        fmt: ``jsonl`` or ``parquet``, for ``files``.
        turn: name of the Dask ``Variable`` that says which partition may commit next (``store``).
    """

    options: Options
    published: date | None = None
    sink: Sink = "client"
    db: str | None = None
    output: str | None = None
    fmt: str = "jsonl"
    turn: str | None = None


@dataclass
class PartitionResult:
    """What a task sends back: counts, problems and (sink ``client``) the extracted articles."""

    index: int
    key: str
    read: int = 0
    already: int = 0  # already stored: not extracted again
    extracted: int = 0
    new: int = 0  # stored by the worker (sink ``store``)
    events: int = 0
    reports: list[Report] = field(default_factory=list)
    articles: list[tuple[Article, list[Event]]] = field(default_factory=list)
    seconds: float = 0.0
    pid: int = 0


def pipeline_for(options: Options) -> Pipeline:
    """This process's pipeline for ``options``, loaded on first use and kept for every later task."""
    with _LOCK:
        pipeline = _PIPELINES.get(options)
        if pipeline is None:
            pipeline = _PIPELINES[options] = Pipeline(options).load()
        return pipeline


def warm_up(options: Options) -> int:
    """Load the pipeline now (before timing, or before the first task); returns the process id."""
    pipeline_for(options)
    return os.getpid()


def _store(url: str) -> Store:
    with _LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = Store(url).open()
        return store


def run_partition(part: Partition, job: Job, known: frozenset[str] | None = None) -> PartitionResult:
    """Read, extract and deliver one partition (the task each worker runs).

    Args:
        part: the partition.
        job: the batch's settings.
        known: ids of articles already stored, from the client (sink ``client``); the worker
            asks the store itself when it is the writer.
    """
    started = time.perf_counter()
    result = PartitionResult(part.index, part.key, pid=os.getpid())
    articles: list[Article] = []
    for item in read_partition(part, job.published):
        if isinstance(item, Report):
            result.reports.append(item)
        else:
            articles.append(item)
    result.read = len(articles)
    if job.sink == "store" and articles:
        assert job.db is not None
        known = frozenset(_store(job.db).stored_article_ids(a.id for a in articles))
    todo = [a for a in articles if not known or a.id not in known]
    result.already = len(articles) - len(todo)
    pipeline = pipeline_for(job.options)
    with _EXTRACTING:
        done = [(article, pipeline.extract(article)) for article in todo]
    result.extracted = len(done)
    result.events = sum(len(events) for _, events in done)
    if job.sink == "files":
        _write_file(part, job, [e for _, events in done for e in events])
    elif job.sink == "store":
        result.new = _commit_in_order(part, job, done)
    else:
        result.articles = done
    result.seconds = time.perf_counter() - started
    return result


def _write_file(part: Partition, job: Job, events: list[Event]) -> None:
    from ..cli.output import write_atomically, write_bytes_atomically

    assert job.output is not None
    target = Path(job.output) / f"{part.key}.{job.fmt}"
    if job.fmt == "parquet":
        write_bytes_atomically(target, lambda fp: write_parquet(events, fp))
    else:
        write_atomically(target, lambda fp: write_jsonl(events, fp))


def _commit_in_order(part: Partition, job: Job, done: list[tuple[Article, list[Event]]]) -> int:
    """Store a partition once every earlier partition is stored, so merged events are named as a
    single-process run names them (after the earliest stored report).

    The task leaves the worker's thread pool while it waits, so the worker goes on extracting the
    next partitions, and a partition retried after its worker died is not blocked by later ones.
    A turn already past this partition means an earlier try committed it before dying. The commit
    and the move to the next turn happen under a lock that the client also takes to stop the
    batch (turn ``STOPPED``), so no partition is stored after the client has given up.
    """
    from distributed import Lock, Variable, get_client, rejoin, secede

    assert job.db is not None and job.turn is not None
    client = get_client()
    turn = Variable(job.turn, client=client)
    secede()
    try:
        while (now := _read_turn(turn)) < part.index and now != STOPPED:
            time.sleep(0.02)
        if now != part.index:
            return 0
        with Lock(job.turn):
            if _read_turn(turn) != part.index:
                return 0
            new = _store(job.db).add_many(done) if done else 0
            turn.set(part.index + 1)
        return new
    finally:
        rejoin()


STOPPED = -1  # the turn once the client has stopped the batch


def _read_turn(turn: Any) -> int:
    """The partition whose turn it is; ``STOPPED`` when the client has removed the turn."""
    try:
        return int(turn.get(timeout=_TURN_GONE_S))
    except TimeoutError:
        return STOPPED
