"""Readers behind one registry, and the loop that feeds paths through them.

Built-in readers register exactly as a plug-in would: a ``Reader`` is any object with a ``name``,
the file ``suffixes`` it handles and a ``read`` generator. ``read_articles`` walks the paths it is
given, asks the registry which reader handles each file and passes on what the reader yields:
``Article`` records, and ``Problem`` reports for bad input (never exceptions).
"""

from __future__ import annotations

import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sitrep.errors import SitrepError
from sitrep.model import Article


@dataclass(frozen=True)
class Problem:
    """A bad record or a warning: reported and counted, never raised.

    Attributes:
        source: where it comes from, ``"path"`` or ``"path:line"``.
        message: what is wrong, on one line.
        fatal: ``True`` when the file or record yielded no article; ``False`` for a warning
            about an article that was still produced.
    """

    source: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.source}: {'error' if self.fatal else 'warning'}: {self.message}"


class Reader(Protocol):
    """What the registry needs from a reader.

    Attributes:
        name: a short unique name (``"jsonl"``).
        suffixes: the lower-case file suffixes it handles, dot included (``(".jsonl",)``).
    """

    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        """Yield the articles of one file, and a ``Problem`` for each bad record.

        Args:
            path: the file to read.
            published: the publication date the user gave, if any.
        """
        ...


class ReaderRegistry:
    """Maps file suffixes to readers; tests and plug-ins can build a fresh one.

    A suffix handled by several readers goes to the longest matching suffix, then to the reader
    registered last, so a plug-in can replace a built-in.
    """

    def __init__(self) -> None:
        self._readers: dict[str, Reader] = {}
        self._fallback: str | None = None

    def register(self, reader: Reader, *, fallback: bool = False) -> Reader:
        """Add a reader, replacing any reader of the same name.

        Args:
            reader: the reader to add.
            fallback: also use it for files whose suffix no reader claims.

        Returns:
            The reader, for chaining.

        Raises:
            ValueError: a suffix does not start with a dot.
        """
        bad = [s for s in reader.suffixes if not s.startswith(".")]
        if bad:
            raise ValueError(f"reader {reader.name!r}: suffixes must start with '.', got {bad}")
        self._readers.pop(reader.name, None)
        self._readers[reader.name] = reader
        if fallback:
            self._fallback = reader.name
        return reader

    def reader_for(self, path: str | Path) -> Reader | None:
        """Return the reader for a file, by suffix (case-insensitive), or the fallback reader.

        Args:
            path: the file; only its name is looked at.
        """
        name = Path(path).name.lower()
        best: Reader | None = None
        best_len = 0
        for reader in reversed(self._readers.values()):
            for suffix in reader.suffixes:
                suffix = suffix.lower()
                if len(name) > len(suffix) > best_len and name.endswith(suffix):
                    best, best_len = reader, len(suffix)
        if best is None and self._fallback is not None:
            return self._readers.get(self._fallback)
        return best

    def names(self) -> tuple[str, ...]:
        """Return the names of the registered readers, in registration order."""
        return tuple(self._readers)


def default_registry() -> ReaderRegistry:
    """Return a fresh registry with the built-in readers: text (also the fallback), jsonl, csv, html."""
    # Imported here because the built-in readers import Problem from this module.
    from sitrep.ingest.csv_reader import CsvReader
    from sitrep.ingest.html import HtmlReader
    from sitrep.ingest.jsonl import JsonlReader
    from sitrep.ingest.text import TextReader

    registry = ReaderRegistry()
    registry.register(TextReader(), fallback=True)
    registry.register(JsonlReader())
    registry.register(CsvReader())
    registry.register(HtmlReader())
    return registry


def os_message(exc: OSError) -> str:
    """Turn an ``OSError`` into a short lower-case message without the path."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({(exc.strerror or str(exc)).lower()})"


def read_articles(
    paths: Sequence[str | Path] | str | Path,
    published: date | None = None,
    registry: ReaderRegistry | None = None,
) -> Iterator[Article | Problem]:
    """Read files and folders into articles, reporting bad input as ``Problem`` items.

    Folders are walked recursively in sorted order, skipping hidden files and folders. Output
    order is deterministic: paths in the order given, files in name order, records in file order.

    Args:
        paths: files and folders to read (a single path is accepted too).
        published: the publication date the user gave. It wins over a date found in a text
            or HTML page; JSONL and CSV rows keep their own ``published`` and take this one
            only when they have none.
        registry: the readers to use; ``default_registry()`` when omitted.

    Yields:
        ``Article`` for each article read, ``Problem`` for each bad file, bad record or warning.
    """
    registry = registry if registry is not None else default_registry()
    if isinstance(paths, str | Path):  # one path, not a sequence of one-letter paths
        paths = [paths]
    for raw in paths:
        for item in walk_files(Path(raw)):
            if isinstance(item, Problem):
                yield item
            else:
                yield from _read_file(item, published, registry)


def walk_files(path: Path, seen: set[Path] | None = None) -> Iterator[Path | Problem]:
    """Yield the regular files under ``path`` (itself, if a file), sorted by name, hidden entries skipped.

    Args:
        path: a file or folder.
        seen: folders already visited (a symbolic link back up the tree is not followed again).
    """
    seen = set() if seen is None else seen
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        yield Problem(str(path), os_message(exc))
        return
    if stat.S_ISREG(mode):
        yield path
        return
    if not stat.S_ISDIR(mode):
        yield Problem(str(path), "not a regular file or directory")
        return
    real = path.resolve()
    if real in seen:  # a symbolic link back up the tree
        return
    seen.add(real)
    try:
        entries = sorted(path.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield Problem(str(path), os_message(exc))
        return
    for entry in entries:
        if not entry.name.startswith("."):
            yield from walk_files(entry, seen)


def _read_file(path: Path, published: date | None, registry: ReaderRegistry) -> Iterator[Article | Problem]:
    """Run one file through its reader, turning a reader's ``SitrepError`` or ``OSError`` into a Problem."""
    reader = registry.reader_for(path)
    if reader is None:
        what = f"{path.suffix!r} files" if path.suffix else "files without a suffix"
        yield Problem(str(path), f"no reader for {what}")
        return
    try:
        yield from reader.read(path, published)
    except OSError as exc:
        yield Problem(str(path), os_message(exc))
    except SitrepError as exc:
        yield Problem(getattr(exc, "source", None) or str(path), _first_line(exc))


def _first_line(exc: Exception) -> str:
    """Return the message of an exception without its ``source:`` prefix, on one line."""
    source = getattr(exc, "source", None)
    text = str(exc)
    if source and text.startswith(f"{source}: "):
        text = text[len(source) + 2 :]
    return " ".join(text.split())
