"""``sitrep ingest``: read articles, extract events, store and merge them, one article at a time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..ingest import Problem, parse_published, read_articles
from ..pipeline import Options, Pipeline
from ..store import Store

DB_HELP = ("Database: a SQLite file path, sqlite:///FILE or postgresql://USER@HOST:PORT/DB "
           "(default: $SITREP_DB, else sitrep.db).")


def ingest(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...", help="Files or folders: .txt, .html, .jsonl, .csv."),
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                         help="Publication date of text/HTML input (resolves relative dates)."),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR", envvar="SITREP_MODEL",
                                     help="Join the learned coder to the rules (needs the ml extra)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary line."),
) -> None:
    """Extract events from articles and store them, merging reports of the same incident.

    Each article is committed with its events in one transaction; articles already stored are
    skipped, so re-running after a crash picks up where it stopped.

    Example:

        sitrep ingest news/ feed.jsonl

        sitrep ingest article.txt --published 2020-10-02 --db events.db
    """
    day: date | None = parse_published(published) if published else None
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    store = Store(db).open()  # before the slow part: a bad --db fails before anything is read
    try:
        pipeline = Pipeline(Options(model=model)).load()
        stats = {"read": 0, "new": 0, "skipped": 0, "warnings": 0, "events": 0}
        progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=err, transient=True, disable=quiet or not err.is_terminal)
        with progress:
            task = progress.add_task("ingest", total=None)
            for item in read_articles(inputs, published=day):
                if isinstance(item, Problem):
                    stats["skipped" if item.fatal else "warnings"] += 1
                    err.print(f"sitrep: {'skipped' if item.fatal else 'warning'}: {item.source}: {item.message}",
                              markup=False)
                    continue
                stats["read"] += 1
                extracted = pipeline.extract(item)
                if store.add(item, extracted):
                    stats["new"] += 1
                    stats["events"] += len(extracted)
                progress.advance(task)
        if stats["read"] == 0:
            err.print(f"sitrep: nothing could be read ({stats['skipped']} skipped)")
            raise typer.Exit(1)
        if not quiet:
            total = store.counts()
            err.print(f"{stats['read']} articles read ({stats['new']} new, {stats['read'] - stats['new']} already "
                      f"stored), {stats['skipped']} skipped, {stats['warnings']} warnings, {stats['events']} reports "
                      f"stored; the database holds {total['events']} events from {total['articles']} articles")
    finally:
        store.close()
