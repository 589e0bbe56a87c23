"""``sitrep geoparse``: the place names of each document, resolved to coordinates, as JSON Lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..geo.geoparse import GeoparseOptions, Geoparser
from ..ingest import Problem, load_text
from ..ingest.jsonl import json_objects
from .output import check_output, write_atomically

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Document:
    """One text to geoparse and the id its output line carries."""

    doc_id: str
    text: str


def geoparse(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...",
                                        help="Plain text files, JSON Lines files (.jsonl), or folders of them."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    id_key: str = typer.Option("id", "--id-key", help="JSON Lines: the key holding each document's id."),
    text_key: str = typer.Option("text", "--text-key", help="JSON Lines: the key holding each document's text."),
    unresolved: bool = typer.Option(False, "--unresolved",
                                    help="Also list names the gazetteer has no entry for (null coordinates)."),
    spacy_model: str | None = typer.Option(None, "--spacy-model",
                                           help="An installed trained spaCy pipeline whose entities to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary line."),
) -> None:
    """Find the place names in documents and resolve them to coordinates.

    Writes one JSON object per document: {"doc_id", "toponyms": [{"start", "end", "name",
    "latitude", "longitude", "geonameid", "country", "feature_class", "score", ...}]}.

    Example:

        sitrep geoparse report.txt

        sitrep geoparse articles.jsonl --id-key doc_id -o places.jsonl
    """
    if output is not None:
        check_output(output)
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    parser = Geoparser(options=GeoparseOptions(spacy_model=spacy_model, keep_unresolved=unresolved)).load()
    stats = {"read": 0, "skipped": 0, "toponyms": 0}
    lines: list[str] = []
    show = not quiet and err.is_terminal
    progress = Progress(TextColumn("geoparsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show)
    with progress:
        task = progress.add_task("geoparse", total=None)
        for item in _documents(inputs, id_key, text_key):
            if isinstance(item, Problem):
                stats["skipped"] += 1
                err.print(f"sitrep: skipped: {item.source}: {item.message}", markup=False)
                continue
            toponyms = parser(item.text)
            stats["read"] += 1
            stats["toponyms"] += len(toponyms)
            lines.append(json.dumps({"doc_id": item.doc_id, "toponyms": [t.to_dict() for t in toponyms]},
                                    ensure_ascii=False))
            progress.advance(task)
    if stats["read"] == 0:
        err.print(f"sitrep: nothing could be read ({stats['skipped']} skipped)")
        raise typer.Exit(1)
    _write(lines, output)
    if not quiet:
        err.print(f"{stats['read']} documents read, {stats['skipped']} skipped, {stats['toponyms']} toponyms")


def _documents(inputs: list[Path], id_key: str, text_key: str) -> Iterator[Document | Problem]:
    for path in _files(inputs):
        if isinstance(path, Problem):
            yield path
            continue
        text, problems = load_text(path)
        fatal = [p for p in problems if p.fatal]
        if text is None:
            yield from fatal
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _records(path, text, id_key, text_key)
        else:
            yield Document(path.name, text)


def _files(inputs: list[Path]) -> Iterator[Path | Problem]:
    for path in inputs:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or directory")


def _records(path: Path, text: str, id_key: str, text_key: str) -> Iterator[Document | Problem]:
    for item in json_objects(path, text):
        if isinstance(item, Problem):
            yield item
            continue
        source, record = item
        number = source.rsplit(":", 1)[1]
        body = record.get(text_key)
        if not isinstance(body, str) or not body.strip():
            what = "missing" if body is None else "empty" if isinstance(body, str) else "not a string"
            yield Problem(source, f"{text_key!r} is {what}")
            continue
        raw_id = record.get(id_key)
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
            yield Problem(source, f"{id_key!r} must be a string or integer")
            continue
        yield Document(str(raw_id) if raw_id is not None else f"{path.name}:{number}", body)


def _write(lines: list[str], output: Path | None) -> None:
    if output is None:
        _dump(lines, sys.stdout)
    else:
        write_atomically(output, lambda fp: _dump(lines, fp))


def _dump(lines: list[str], fp: TextIO) -> None:
    for line in lines:
        fp.write(line + "\n")
