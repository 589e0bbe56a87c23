"""The client side of ``sitrep batch``: plan partitions, submit them, collect and store the results.

Exactly once, in effect: every partition's articles are stored in one transaction, and the store
skips articles already stored; the articles already stored are left out before extraction (their
ids are sent to the workers), so a re-run after an interruption only extracts what is missing,
and a partition retried after its worker died stores nothing twice. With a SQLite store the
client is the single writer and stores partitions in input order; with PostgreSQL the workers
write, also in input order (``worker._commit_in_order``). Either way the merged events are those
of a single-process ``sitrep ingest`` over the same input.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..errors import ClusterError, InputError, SitrepError
from ..ingest import Problem
from ..pipeline import Options
from ..store import Store
from .partition import Partition, plan
from .read import Report
from .worker import STOPPED, Job, PartitionResult, Sink, run_partition

FORMATS = ("jsonl", "parquet")
#: Above this many stored ids, they go to the workers once (scattered), not with every task.
_SCATTER_ABOVE = 2000


@dataclass(frozen=True)
class BatchOptions:
    """Settings of one batch run.

    Attributes:
        pipeline: the pipeline's settings (loaded once per worker).
        published: the date for articles that give none.
        partition_size: about how many articles a partition holds.
        db: the database URL (default ``$SITREP_DB``, else ``sitrep.db``), unless ``output`` is set.
        output: write each partition's events to a file in this folder instead of a database.
        fmt: ``jsonl`` or ``parquet`` (with ``output``).
        writer: who writes the database: ``auto`` (the client for SQLite, the workers for
            PostgreSQL), or either one explicitly.
        in_flight: partitions submitted or waiting to be stored at once (default: 2 per worker thread, + 2).
    """

    pipeline: Options = field(default_factory=Options)
    published: date | None = None
    partition_size: int = 100
    db: str | None = None
    output: Path | None = None
    fmt: str = "jsonl"
    writer: Literal["auto", "client", "workers"] = "auto"
    in_flight: int | None = None


@dataclass
class BatchSummary:
    """What a batch did; updated as partitions finish."""

    partitions: int = 0
    done_before: int = 0  # partitions whose output file a previous run wrote
    finished: int = 0
    read: int = 0
    already: int = 0  # read but already stored: not extracted again
    extracted: int = 0
    new: int = 0
    skipped: int = 0  # bad files and records
    warnings: int = 0
    events: int = 0
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        """Articles read per second of wall time since the batch started."""
        elapsed = self.seconds or (time.perf_counter() - self.started)
        return self.read / elapsed if elapsed > 0 else 0.0


class LineFinder:
    """Turns a byte offset in a file into a line number, counting newlines only when asked."""

    def __init__(self) -> None:
        self._marks: dict[str, dict[int, int]] = {}

    def line_at(self, path: str, offset: int) -> int:
        """The number (from 1) of the line that starts at ``offset``."""
        marks = self._marks.setdefault(path, {0: 1})
        base = max(m for m in marks if m <= offset)
        line = marks[base]
        with open(path, "rb") as fp:
            fp.seek(base)
            left = offset - base
            while left > 0:
                block = fp.read(min(left, 1 << 20))
                if not block:
                    break
                line += block.count(b"\n")
                left -= len(block)
        marks[offset] = line
        return line

    def source(self, report: Report) -> str:
        if report.offset is None:
            return report.source
        return f"{report.source}:{self.line_at(report.source, report.offset) + report.line}"


Reporter = Callable[[str, bool], None]  # (``source: message``, fatal)
Progress = Callable[[BatchSummary], None]


def run_batch(inputs: Sequence[str | Path], options: BatchOptions, client: Any,
              report: Reporter | None = None, progress: Progress | None = None) -> BatchSummary:
    """Extract every article of ``inputs`` on the client's cluster and store (or write) the events.

    Args:
        inputs: files, folders and glob patterns.
        options: the batch's settings.
        client: a ``distributed.Client``.
        report: called with each bad record or warning (``"file:line: message"``) and whether it is fatal.
        progress: called after each partition with the running summary.

    Raises:
        InputError: an input is missing (before anything is submitted or written).
        StoreError: the database cannot be opened or written.
        ClusterError: a partition failed on the cluster for a reason other than its own input.
    """
    if options.fmt not in FORMATS:
        raise InputError(f"unknown --format {options.fmt!r} (choose from {', '.join(FORMATS)})")
    summary = BatchSummary()
    lines = LineFinder()

    def tell(source: str, message: str, fatal: bool) -> None:
        if fatal:
            summary.skipped += 1
        else:
            summary.warnings += 1
        if report is not None:
            report(f"{source}: {message}", fatal)

    parts: list[Partition] = []
    for item in plan(inputs, options.partition_size):
        if isinstance(item, Problem):
            tell(item.source, item.message, item.fatal)
        else:
            parts.append(item)
    summary.partitions = len(parts)
    if options.output is not None:
        return _to_files(parts, options, client, summary, lines, tell, progress)
    store = Store(options.db).open()
    try:
        return _to_store(parts, options, client, store, summary, lines, tell, progress)
    finally:
        store.close()


def _to_files(parts: list[Partition], options: BatchOptions, client: Any, summary: BatchSummary,
              lines: LineFinder, tell: Callable[[str, str, bool], None], progress: Progress | None) -> BatchSummary:
    assert options.output is not None
    try:
        options.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {options.output}: {(exc.strerror or str(exc)).lower()}") from None
    done = {p.name for p in options.output.iterdir()}
    todo = [p for p in parts if f"{p.key}.{options.fmt}" not in done]
    summary.done_before = len(parts) - len(todo)
    job = Job(options.pipeline, options.published, "files", output=str(options.output), fmt=options.fmt)
    for result in _results(client, todo, job, None, options):
        _count(result, summary, lines, tell)
        if progress is not None:
            progress(summary)
    summary.seconds = time.perf_counter() - summary.started
    return summary


def _to_store(parts: list[Partition], options: BatchOptions, client: Any, store: Store, summary: BatchSummary,
              lines: LineFinder, tell: Callable[[str, str, bool], None], progress: Progress | None) -> BatchSummary:
    url = store.url.render_as_string(hide_password=False)
    postgres = store.url.get_backend_name() == "postgresql"
    sink: Sink = "store" if options.writer == "workers" or (options.writer == "auto" and postgres) else "client"
    turn = None
    known: Any = None
    if sink == "store":
        from distributed import Variable

        turn = f"sitrep-batch-{uuid.uuid4().hex}"
        Variable(turn, client=client).set(0)
    else:
        stored = frozenset(store.stored_article_ids())
        # In a list: scatter would send the elements of a bare set one by one.
        known = client.scatter([stored], broadcast=True, hash=False)[0] if len(stored) > _SCATTER_ABOVE else stored
    job = Job(options.pipeline, options.published, sink, db=url, turn=turn)
    waiting: dict[int, PartitionResult] = {}
    position = 0  # the next partition to store, in input order (sink client)
    try:
        for result in _results(client, parts, job, known, options, waiting):
            _count(result, summary, lines, tell)
            if sink == "store":
                summary.new += result.new
            else:
                waiting[result.index] = result
                while position < len(parts) and parts[position].index in waiting:
                    ready = waiting.pop(parts[position].index)
                    summary.new += store.add_many(ready.articles) if ready.articles else 0
                    position += 1
            if progress is not None:
                progress(summary)
    finally:
        if turn is not None:
            _stop_turns(client, turn)
    summary.seconds = time.perf_counter() - summary.started
    return summary


def _stop_turns(client: Any, name: str) -> None:
    """Stop the workers' ordered commits: one in progress finishes, none starts after this returns."""
    from distributed import Lock, Variable

    lock = Lock(name, scheduler_rpc=client.scheduler, loop=client.loop)
    held = lock.acquire(timeout=60)  # a worker that died holding it loses its lease in about 30 s
    try:
        # Kept, not deleted: a task still extracting reads STOPPED and leaves at once, where a
        # deleted variable would keep it (and the scheduler) waiting out a timeout.
        Variable(name, client=client).set(STOPPED)
    finally:
        if held:
            lock.release()


def _count(result: PartitionResult, summary: BatchSummary, lines: LineFinder,
           tell: Callable[[str, str, bool], None]) -> None:
    for item in result.reports:
        tell(lines.source(item), item.message, item.fatal)
    summary.finished += 1
    summary.read += result.read
    summary.already += result.already
    summary.extracted += result.extracted
    summary.events += result.events


def _results(client: Any, parts: list[Partition], job: Job, known: Any, options: BatchOptions,
             waiting: dict[int, PartitionResult] | None = None) -> Any:
    """Yield partition results as they finish, keeping a bounded number submitted or waiting.

    ``waiting`` holds results the caller has not stored yet (they count against the bound, so a
    slow partition cannot make the client hold the whole input).
    """
    from distributed import as_completed
    from distributed.client import FutureCancelledError

    threads = sum(client.nthreads().values()) or 1
    bound = options.in_flight or 2 * threads + 2
    run = uuid.uuid4().hex[:8]
    queue = list(reversed(parts))
    running = as_completed(loop=client.loop)
    futures: list[Any] = []

    def top_up() -> None:
        while queue and running.count() + len(waiting or ()) < bound:
            part = queue.pop()
            future = client.submit(run_partition, part, job, known, key=f"sitrep-{run}-{part.key}", pure=False)
            futures.append(future)
            running.add(future)

    top_up()
    try:
        while running.count():
            future = next(running)
            try:
                result = future.result()
            except SitrepError:
                raise
            except (FutureCancelledError, OSError, TimeoutError) as exc:
                raise ClusterError(f"lost the Dask cluster: {_one_line(exc)}") from None
            except Exception as exc:
                if type(exc).__name__ == "KilledWorker":
                    raise ClusterError(f"partition {future.key} killed its workers again and again "
                                       f"({_one_line(exc)})") from None
                raise
            future.release()
            yield result
            top_up()
    finally:
        for future in futures:
            if not future.done():
                future.cancel()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
