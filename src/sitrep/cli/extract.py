"""``sitrep extract``: read articles, extract events, write them (stdout by default)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import InputError
from ..export import default_registry
from ..ingest import Problem, parse_published, read_articles
from ..model import Article, Event
from ..pipeline import Options, Pipeline
from .output import check_output, write_atomically
from .table import print_table

FORMATS = ["jsonl", "csv", "geojson", "table"]


def extract(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...", help="Files or folders: .txt, .html, .jsonl, .csv."),
    published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                         help="Publication date of text/HTML input (resolves relative dates)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, geojson, or table (for reading)."),
    no_historical: bool = typer.Option(False, "--no-historical", help="Leave out background references."),
    spacy_model: str | None = typer.Option(None, "--spacy-model", help="An installed trained spaCy pipeline to use."),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR", envvar="SITREP_MODEL",
                                     help="Join the learned coder to the rules: the packaged model or a folder "
                                          "from 'sitrep train' (needs the ml extra)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary line."),
) -> None:
    """Extract coded events from news articles.

    Example:

        sitrep extract article.txt --published 2020-10-02

        sitrep extract news/ articles.jsonl -o events.jsonl

        sitrep extract articles.jsonl --format csv -o events.csv
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    day: date | None = parse_published(published) if published else None
    if output is not None:
        check_output(output)  # before the slow part, not after it
    # soft_wrap: a problem report stays one line however long the path; no emoji codes in paths.
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    pipeline = Pipeline(Options(spacy_model=spacy_model, keep_historical=not no_historical, model=model)).load()
    stats = {"read": 0, "skipped": 0, "warnings": 0}
    events: list[Event] = []
    for article in _articles(inputs, day, stats, err, quiet):
        events.extend(pipeline.extract(article))
    if stats["read"] == 0:
        err.print(f"sitrep: nothing could be read ({stats['skipped']} skipped)")
        raise typer.Exit(1)
    _write(events, fmt, output)
    if not quiet:
        err.print(f"{stats['read']} articles read, {stats['skipped']} skipped, "
                  f"{stats['warnings']} warnings, {len(events)} events "
                  f"({sum(1 for e in events if e.historical)} background)")


def _articles(inputs: list[Path], day: date | None, stats: dict[str, int], err: Console,
              quiet: bool) -> Iterator[Article]:
    items = read_articles(inputs, published=day)
    show = not quiet and err.is_terminal
    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show)
    with progress:
        task = progress.add_task("extract", total=None)
        for item in items:
            if isinstance(item, Problem):
                stats["skipped" if item.fatal else "warnings"] += 1
                level = "skipped" if item.fatal else "warning"
                err.print(f"sitrep: {level}: {item.source}: {item.message}", markup=False)
                continue
            stats["read"] += 1
            progress.advance(task)
            yield item


def _write_table(events: Iterable[Event], fp: TextIO) -> int:
    rows = list(events)
    out = Console(file=fp)
    if not out.is_terminal:
        out = Console(file=fp, width=160)  # piped or written to a file: do not wrap at 80
    print_table(rows, out)
    return len(rows)


def _write(events: list[Event], fmt: str, output: Path | None) -> None:
    writer = _write_table if fmt == "table" else default_registry().get(fmt)
    if output is None:
        writer(events, sys.stdout)
    else:
        write_atomically(output, lambda fp: writer(events, fp))
