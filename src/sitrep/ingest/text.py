"""Plain text files, and the decoding every reader shares.

The text of an article is kept exactly as decoded (only a UTF-8 byte order mark is dropped),
because later steps point into it by character offsets.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sitrep.ingest.dates import sniff_published, undated_warning
from sitrep.ingest.registry import Problem, os_message
from sitrep.model import Article


def decode(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Decode the bytes of a text file, refusing binary and empty files.

    UTF-8 (with or without a byte order mark) is tried first, then UTF-16 when the data starts
    with a UTF-16 byte order mark. Anything else is decoded as cp1252, or as latin-1 for the few
    bytes cp1252 leaves undefined; both map every byte to a character, so nothing is lost, and a
    warning names the encoding assumed.

    Args:
        data: the file's bytes.
        source: the file, for messages.

    Returns:
        The text (``None`` when the file cannot be used) and the problems found: one fatal
        problem when the text is ``None``, otherwise warnings, if any.
    """
    warnings: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, [Problem(source, "binary file, not text")]
        if "\x00" in text:
            return None, [Problem(source, "binary file, not text")]
    elif b"\x00" in data:
        return None, [Problem(source, "binary file, not text")]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            warnings.append(Problem(source, f"not valid UTF-8; decoded as {encoding}", fatal=False))
    if not text.strip():
        return None, [Problem(source, "empty file")]
    return text, warnings


def load_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read and decode a file, reporting unreadable, binary, empty and non-UTF-8 files.

    Args:
        path: the file to read.

    Returns:
        As ``decode``: the text or ``None``, and the problems found.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(str(path), os_message(exc))]
    return decode(data, str(path))


class TextReader:
    """One article per plain text file.

    The publication date is the one given, else a full date written near the top of the file
    ("Published: 2 Oct 2020", a dateline, a date on a line of its own), else none, with a
    warning. The title is left empty: the first line of a text file is not reliably a title.
    """

    name = "text"
    suffixes: tuple[str, ...] = (".txt", ".text")

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        """Yield the file's article, preceded by any warnings, or a single fatal problem.

        Args:
            path: the text file.
            published: the publication date the user gave, if any.
        """
        text, problems = load_text(path)
        yield from problems
        if text is None:
            return
        source = str(path)
        when = published if published is not None else sniff_published(text)
        if when is None:
            yield undated_warning(source)
        yield Article(text=text, published=when, source=source)
