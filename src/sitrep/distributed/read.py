"""Reading one partition on a worker: the articles it holds, and a ``Report`` for each bad record.

Whole files go through the readers ``sitrep ingest`` uses. Ranges of big files are read here with
the same record checks (``article_from_record``), so a record gives the same article either way.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..ingest import Problem, article_from_record, decode, read_articles
from ..ingest.jsonl import json_objects
from ..ingest.registry import os_message
from ..model import Article
from .partition import Partition

#: The Parquet columns an article is built from; other columns are not read.
PARQUET_COLUMNS = ("text", "id", "published", "url", "title", "outlet")


@dataclass(frozen=True)
class Report:
    """A bad record or a warning, as a worker sends it to the client.

    A worker reading a byte range of a JSON Lines file does not know the line number its range
    starts at; it gives the range's first byte and the line within the range, and the client,
    which can count lines at its leisure, turns them into ``file:line``.

    Attributes:
        source: ``"path"`` or ``"path:line"``; the file alone when ``offset`` is set.
        message: what is wrong, on one line.
        fatal: no article came of it (as ``Problem.fatal``).
        offset: byte offset of the line counted from, for the client to resolve.
        line: lines after the one at ``offset`` (0 for that line itself).
    """

    source: str
    message: str
    fatal: bool = True
    offset: int | None = None
    line: int = 0


def read_partition(part: Partition, published: date | None) -> Iterator[Article | Report]:
    """Yield the partition's articles in file order, and a Report for each problem.

    Args:
        part: what to read.
        published: the date for articles that give none (as ``read_articles``).
    """
    if part.kind == "files":
        for item in read_articles(list(part.paths), published=published):
            yield _report(item) if isinstance(item, Problem) else item
        return
    reader = {"jsonl": _jsonl_range, "csv": _csv_range, "parquet": _parquet_range}[part.kind]
    try:
        yield from reader(part, published)
    except OSError as exc:
        yield Report(part.path, os_message(exc))


def _report(problem: Problem) -> Report:
    return Report(problem.source, problem.message, problem.fatal)


def _jsonl_range(part: Partition, published: date | None) -> Iterator[Article | Report]:
    path = Path(part.path)
    with path.open("rb") as fp:
        if part.start > 0:
            fp.seek(part.start - 1)
            fp.readline()  # the line holding byte start - 1 belongs to the range before
        begin = fp.tell()
        if begin >= part.end:
            return
        data = fp.read(part.end - begin)
        if not data.endswith(b"\n"):
            data += fp.readline()  # the last line started in range: read it to its end
    if not data.strip():
        return
    text, problems = decode(data, str(path))
    for problem in problems:
        yield Report(str(path), problem.message, problem.fatal, begin)
    if text is None:
        return
    prefix = len(str(path)) + 1
    for item in json_objects(path, text):
        if isinstance(item, Problem):
            yield Report(str(path), item.message, item.fatal, begin, int(item.source[prefix:]) - 1)
            continue
        source, record = item
        article, found = article_from_record(record, source, published)
        for problem in found:
            yield Report(str(path), problem.message, problem.fatal, begin, int(source[prefix:]) - 1)
        if article is not None:
            yield replace(article, source=str(path))


def _csv_range(part: Partition, published: date | None) -> Iterator[Article | Report]:
    path = Path(part.path)
    with path.open("rb") as fp:
        fp.seek(part.header[0])
        head = fp.read(part.header[1] - part.header[0])
        fp.seek(part.start)
        data = fp.read(part.end - part.start)
    header_text, _ = decode(head, str(path))
    text, problems = decode(data, str(path))
    for problem in problems:
        yield Report(f"{path}:{part.first_line}", problem.message, problem.fatal)
    if text is None or header_text is None:
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header = next(row for row in csv.reader(io.StringIO(header_text, newline=""), delimiter=delimiter)
                  if any(cell.strip() for cell in row))
    header = [cell.strip().lower() for cell in header]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = part.first_line
    try:
        for row in rows:
            source = f"{path}:{start}"
            start = part.first_line + rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield Report(source, f"row has {len(row)} fields but the header has {len(header)}")
                continue
            article, found = article_from_record(dict(zip(header, row, strict=False)), source, published)
            yield from (_report(problem) for problem in found)
            if article is not None:
                yield article
    except csv.Error as exc:
        yield Report(f"{path}:{start}", f"bad CSV ({exc}); rest of partition skipped")


def _parquet_range(part: Partition, published: date | None) -> Iterator[Article | Report]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(part.path)
    except (pa.ArrowException, ValueError) as exc:
        yield Report(part.path, f"not a readable Parquet file ({' '.join(str(exc).split())})")
        return
    columns = [name for name in PARQUET_COLUMNS if name in pf.schema_arrow.names]
    first = 0
    for group in range(pf.metadata.num_row_groups):
        count = pf.metadata.row_group(group).num_rows
        lo, hi = max(part.start, first), min(part.end, first + count)
        if lo < hi:
            table = pf.read_row_group(group, columns=columns).slice(lo - first, hi - lo)
            for offset, record in enumerate(table.to_pylist()):
                source = f"{part.path}:{lo + offset + 1}"  # the row number, from 1
                article, found = article_from_record(_plain(record), source, published)
                yield from (_report(problem) for problem in found)
                if article is not None:
                    yield article
        first += count
        if first >= part.end:
            break


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet dates and timestamps as the ``YYYY-MM-DD`` strings the record checks expect."""
    return {key: value.date().isoformat() if isinstance(value, datetime)
            else value.isoformat() if isinstance(value, date) else value
            for key, value in record.items()}
