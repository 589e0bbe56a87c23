"""Turning ``sitrep batch`` inputs into partitions: small units of work a Dask worker reads itself.

The client never holds the articles. A partition names where its articles are:

- ``files``: a few whole files (text, HTML, and JSONL/CSV files small enough for one partition),
  read by the same readers ``sitrep ingest`` uses;
- ``jsonl``: a byte range of a big JSON Lines file; a line belongs to the range that holds its
  first byte, as in ``dask.bag.read_text``, so only the file's size is looked at here;
- ``csv``: a row range of a big CSV/TSV file. A quoted field may span lines, so row starts cannot
  be guessed from byte offsets: the client reads the file once, streaming, to find them (it keeps
  only the offsets);
- ``parquet``: a row range of a Parquet file, from its footer.

Partitions come in input order (paths as given, folders walked in name order, records in file
order, as ``read_articles`` does), so storing them in index order gives a single-process run's result.
"""

from __future__ import annotations

import csv
import glob
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..ingest.registry import Problem, os_message, walk_files
from ..model import stable_hash

Kind = Literal["files", "jsonl", "csv", "parquet"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
_SAMPLE_BYTES = 1 << 20  # read to estimate the size of one record
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Partition:
    """One unit of work.

    Attributes:
        index: position in input order; results are stored in this order.
        kind: how to read it (see the module docstring).
        paths: the files (``files``), or the one file the range is in.
        start: first byte (``jsonl``, ``csv``) or row (``parquet``), inclusive.
        end: last byte or row, exclusive.
        first_line: the line number of ``start`` (``csv``).
        header: the byte range of the CSV header row (``csv``).
    """

    index: int
    kind: Kind
    paths: tuple[str, ...]
    start: int = 0
    end: int = 0
    first_line: int = 1
    header: tuple[int, int] = (0, 0)
    key: str = field(init=False)

    def __post_init__(self) -> None:
        digest = stable_hash(self.kind, *self.paths, str(self.start), str(self.end), length=10)
        object.__setattr__(self, "key", f"part-{self.index:06d}-{digest}")

    @property
    def path(self) -> str:
        """The file of a range partition."""
        return self.paths[0]


def expand_inputs(inputs: Sequence[str | Path]) -> list[Path]:
    """Expand globs (for quoted patterns the shell left alone) and check every input exists.

    Raises:
        InputError: an input does not exist, or a pattern matches nothing; nothing has started.
    """
    out: list[Path] = []
    for raw in inputs:
        text = str(raw)
        if not os.path.lexists(text) and _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise InputError(f"no file matches {text}")
            out.extend(Path(m) for m in matches)
        elif not os.path.exists(text):
            raise InputError(f"no such file or directory: {text}")
        else:
            out.append(Path(text))
    return out


def plan(inputs: Sequence[str | Path], size: int) -> Iterator[Partition | Problem]:
    """Yield the partitions of the inputs in input order, and a Problem for what cannot be read.

    Args:
        inputs: files, folders and glob patterns (checked by ``expand_inputs`` first).
        size: about how many articles a partition holds.
    """
    if size < 1:
        raise InputError(f"--partition-size must be 1 or more (got {size})")
    index = 0
    group: list[str] = []
    for item in _walk(expand_inputs(inputs)):
        if isinstance(item, Problem):
            yield item
            continue
        ranges = _ranges(item, size)
        if ranges is None:  # a whole file, grouped with its neighbours
            group.append(str(item))
            if len(group) >= size:
                yield Partition(index, "files", tuple(group))
                index, group = index + 1, []
            continue
        if group:
            yield Partition(index, "files", tuple(group))
            index, group = index + 1, []
        for part in ranges:
            if isinstance(part, Problem):
                yield part
                continue
            yield Partition(index, part.kind, part.paths, part.start, part.end, part.first_line, part.header)
            index += 1
    if group:
        yield Partition(index, "files", tuple(group))


def _walk(paths: Sequence[Path]) -> Iterator[Path | Problem]:
    """The regular files under the paths, as ``read_articles`` visits them: name order, no hidden entries."""
    for path in paths:
        yield from walk_files(path)


def _ranges(path: Path, size: int) -> list[Partition | Problem] | None:
    """The range partitions of a big JSONL/CSV file or any Parquet file; None to read it whole."""
    suffix = path.suffix.lower()
    try:
        if suffix in PARQUET_SUFFIXES:
            return _parquet_ranges(path, size)
        if suffix in JSONL_SUFFIXES:
            return _jsonl_ranges(path, size)
        if suffix in CSV_SUFFIXES:
            return _csv_ranges(path, size)
    except OSError as exc:
        return [Problem(str(path), os_message(exc))]
    return None


def _record_bytes(path: Path) -> tuple[float, int, bytes]:
    """Estimate the bytes per line from the file's head; also return the size and the head."""
    total = path.stat().st_size
    with path.open("rb") as fp:
        head = fp.read(_SAMPLE_BYTES)
    lines = max(1, head.count(b"\n"))
    return len(head) / lines, total, head


def _splittable(head: bytes) -> bool:
    """UTF-16 text cannot be cut at ``\\n`` bytes; such files are read whole."""
    return not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _jsonl_ranges(path: Path, size: int) -> list[Partition | Problem] | None:
    per_line, total, head = _record_bytes(path)
    chunk = max(1, int(per_line * size))
    if total <= chunk * 1.5 or not _splittable(head):
        return None
    return [Partition(-1, "jsonl", (str(path),), start, min(total, start + chunk))
            for start in range(0, total, chunk)]


def _csv_ranges(path: Path, size: int) -> list[Partition | Problem] | None:
    per_line, total, head = _record_bytes(path)
    if total <= per_line * size * 1.5 or not _splittable(head):
        return None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    # Article texts can exceed the module's 128 KiB default; the limit is a C long.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    consumed = [0]
    with path.open("rb") as fp:

        def lines() -> Iterator[str]:
            for raw in fp:
                consumed[0] += len(raw)
                # latin-1 maps each byte to one character: quotes and newlines stay where they are.
                yield raw.decode("latin-1")

        reader = csv.reader(lines(), delimiter=delimiter)
        header: tuple[int, int] | None = None
        starts: list[tuple[int, int]] = []  # (byte offset, line number) of every size-th row
        rows = 0
        before, line_before = 0, 1
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    if header is None:
                        if "text" not in [cell.strip().lower() for cell in row]:
                            return None  # the reader reports the missing column
                        header = (before, consumed[0])
                    else:
                        if rows % size == 0:
                            starts.append((before, line_before))
                        rows += 1
                before, line_before = consumed[0], reader.line_num + 1
        except csv.Error:
            return None  # the reader reports where the file goes wrong
    if header is None or len(starts) < 2:
        return None
    ends = [offset for offset, _ in starts[1:]] + [consumed[0]]
    return [Partition(-1, "csv", (str(path),), offset, end, line, header)
            for (offset, line), end in zip(starts, ends, strict=True)]


def _parquet_ranges(path: Path, size: int) -> list[Partition | Problem]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except (pa.ArrowException, ValueError) as exc:
        return [Problem(str(path), f"not a readable Parquet file ({_one_line(exc)})")]
    if "text" not in meta.schema.names:
        return [Problem(str(path), "Parquet file has no 'text' column")]
    rows = meta.num_rows
    return [Partition(-1, "parquet", (str(path),), start, min(rows, start + size)) for start in range(0, rows, size)]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__

