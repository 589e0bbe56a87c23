"""``sitrep batch``: extract events from partitioned input on a Dask cluster and store them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..distributed import FORMATS, BatchOptions, BatchSummary, connect, dashboard_link, expand_inputs, run_batch
from ..distributed.cluster import CONNECT_TIMEOUT
from ..errors import InputError
from ..ingest import parse_published
from ..pipeline import Options
from ..store import Store
from .ingest import DB_HELP


def batch(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files, folders or quoted globs: .txt, .html, .jsonl, .csv, .parquet."),
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="DIR",
                                       help="Write one events file per partition here instead of a database."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Format of --output files: jsonl or parquet."),
    workers: int | None = typer.Option(None, "--workers", "-w", metavar="N",
                                       help="Local worker processes (default: one per core); with --scheduler, "
                                            "the workers to wait for."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                         help="Use a running Dask scheduler (tcp://host:8786) instead of a local "
                                              "cluster."),
    connect_timeout: float = typer.Option(CONNECT_TIMEOUT, "--connect-timeout", metavar="SECONDS",
                                          help="How long to wait for the scheduler and its workers."),
    partition_size: int = typer.Option(100, "--partition-size", metavar="N", help="Articles per partition."),
    published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                         help="Publication date of text/HTML input (resolves relative dates)."),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR", envvar="SITREP_MODEL",
                                     help="Join the learned coder to the rules (needs the ml extra on the workers)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary line."),
) -> None:
    """Extract events on a Dask cluster and store them, as sitrep ingest does on one core.

    Articles already stored are skipped, so an interrupted batch re-run only extracts what is
    missing. With --output, each partition's events go to their own file, and a re-run skips
    the partitions whose file exists.

    Example:

        sitrep batch archive/ --db events.db --workers 2

        sitrep batch 'feeds/*.jsonl' --scheduler tcp://10.0.0.5:8786 --db postgresql://sitrep@db/sitrep

        sitrep batch big.jsonl --output events/ --format parquet --partition-size 500
    """
    day: date | None = parse_published(published) if published else None
    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    if output is not None and db is not None:
        raise InputError("give --db or --output, not both")
    if partition_size < 1:
        raise InputError(f"--partition-size must be 1 or more (got {partition_size})")
    if output is not None and output.exists() and not output.is_dir():
        raise InputError(f"cannot write {output}: not a folder")
    expand_inputs(inputs)  # a missing input fails here, before a cluster starts or anything is written
    if output is None:
        Store(db)  # a malformed URL fails here too
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    options = BatchOptions(Options(model=model), day, partition_size, db, output, fmt)
    with connect(scheduler, workers, connect_timeout) as client:
        link = dashboard_link(client)
        if not quiet:
            err.print(f"Dask dashboard: {link}" if link else "Dask dashboard: not served (pip install bokeh)",
                      markup=False)
        summary = _run(inputs, options, client, err, quiet)
    if summary.read == 0 and summary.done_before == 0:
        err.print(f"sitrep: nothing could be read ({summary.skipped} skipped)")
        raise typer.Exit(1)
    if not quiet:
        err.print(_summary_line(summary, options), markup=False)


def _run(inputs: list[str], options: BatchOptions, client: object, err: Console, quiet: bool) -> BatchSummary:
    def report(line: str, fatal: bool) -> None:
        err.print(f"sitrep: {'skipped' if fatal else 'warning'}: {line}", markup=False)

    bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("partitions"),
                   TextColumn("{task.fields[articles]} articles, {task.fields[rate]} articles/s"),
                   TimeElapsedColumn(), console=err, transient=True, disable=quiet or not err.is_terminal)
    with bar:
        task = bar.add_task("batch", total=None, articles=0, rate="-")

        def progress(summary: BatchSummary) -> None:
            bar.update(task, total=summary.partitions - summary.done_before, completed=summary.finished,
                       articles=summary.read, rate=f"{summary.articles_per_s:.1f}")

        return run_batch(inputs, options, client, report, progress)


def _summary_line(s: BatchSummary, options: BatchOptions) -> str:
    rate = f"{s.read} articles read in {s.seconds:.1f} s ({s.articles_per_s:.1f} articles/s)"
    parts = f"{s.finished} partitions" + (f" ({s.done_before} done by an earlier run)" if s.done_before else "")
    if options.output is not None:
        return (f"{rate}, {parts}, {s.skipped} skipped, {s.warnings} warnings, {s.events} events written "
                f"to {options.output}")
    total = _store_counts(options.db)
    return (f"{rate}, {parts}: {s.new} new, {s.read - s.new} already stored, {s.skipped} skipped, "
            f"{s.warnings} warnings; the database holds {total['events']} events from {total['articles']} articles")


def _store_counts(db: str | None) -> dict[str, int]:
    store = Store(db).open(write=False)
    try:
        return store.counts()
    finally:
        store.close()
