"""``sitrep extract``: read articles, extract events, write them (stdout by default)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
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
    err = Console(stderr=True, highlight=False)
    pipeline = Pipeline(Options(spacy_model=spacy_model, keep_historical=not no_historical)).load()
    stats = {"read": 0, "skipped": 0, "warnings": 0}
    events: list[Event] = []
    for article in _articles(inputs, day, stats, err, quiet):
        events.extend(pipeline.extract(article))
    if stats["read"] == 0:
        err.print(f"sitrep: nothing could be read ({stats['skipped']} skipped)")
        raise typer.Exit(1)
    if fmt == "table":
        print_table(events, Console(file=_open_text(output) if output else sys.stdout))
    else:
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


def _write(events: list[Event], fmt: str, output: Path | None) -> None:
    writer = default_registry().get(fmt)
    if output is None:
        writer(events, sys.stdout)
        return
    # Write beside the target and rename, so a crash never leaves a half-written file.
    directory = output.resolve().parent
    if not directory.is_dir():
        raise InputError(f"cannot write {output}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            writer(events, fp)
        os.replace(tmp, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _open_text(path: Path) -> TextIO:
    try:
        return io.open(path, "w", encoding="utf-8")  # noqa: UP020 - explicit for the type checker
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
