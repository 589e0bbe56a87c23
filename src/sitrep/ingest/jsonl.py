"""JSON Lines files, one article per line, and the record checks shared with CSV.

A record has ``text`` (required) and optionally ``id``, ``published``, ``url``, ``title`` and
``outlet``; other keys are ignored. A bad line or record becomes a ``Problem`` naming the file and
line, and reading goes on with the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.dates import parse_published, undated_warning
from sitrep.ingest.registry import Problem
from sitrep.ingest.text import load_text
from sitrep.model import Article

_OPTIONAL = ("url", "title", "outlet")


def article_from_record(
    record: Mapping[str, object], source: str, published: date | None
) -> tuple[Article | None, list[Problem]]:
    """Check one record and build its article.

    Empty strings (as CSV gives for empty cells) count as missing, except in ``text``, which is
    kept exactly as given.

    Args:
        record: the record's fields by column name.
        source: ``"path:line"``, for messages and ``Article.source``.
        published: the date to use when the record has none.

    Returns:
        The article, or ``None`` with one fatal problem; a warning goes with an undated article.
    """
    text = record.get("text")
    if text is None:
        return None, [Problem(source, "record has no 'text'")]
    if not isinstance(text, str):
        return None, [Problem(source, f"'text' must be a string, not {_kind(text)}")]
    if not text.strip():
        return None, [Problem(source, "'text' is empty")]

    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        return None, [Problem(source, f"'id' must be a string or integer, not {_kind(raw_id)}")]
    fields: dict[str, str | None] = {}
    for key in _OPTIONAL:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return None, [Problem(source, f"'{key}' must be a string, not {_kind(value)}")]
        fields[key] = value or None

    raw_date = record.get("published")
    when = published
    if isinstance(raw_date, str) and raw_date.strip():
        try:
            when = parse_published(raw_date)
        except InputError as exc:
            return None, [Problem(source, str(exc))]
    elif raw_date is not None and not isinstance(raw_date, str):
        return None, [Problem(source, f"'published' must be a YYYY-MM-DD string, not {_kind(raw_date)}")]
    article = Article(
        text=text,
        id="" if raw_id is None else str(raw_id).strip(),
        url=fields["url"],
        title=fields["title"],
        outlet=fields["outlet"],
        published=when,
        source=source,
    )
    return article, [] if when is not None else [undated_warning(source)]


class JsonlReader:
    """One article per line of a JSON Lines file; blank lines are skipped."""

    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson")

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        """Yield an article or a problem for each non-blank line, in file order.

        Args:
            path: the JSON Lines file.
            published: the date for records without their own ``published``.
        """
        text, problems = load_text(path)
        yield from problems
        if text is None:
            return
        for item in json_objects(path, text):
            if isinstance(item, Problem):
                yield item
                continue
            source, record = item
            article, found = article_from_record(record, source, published)
            yield from found
            if article is not None:
                yield article


def json_objects(path: Path, text: str) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """Yield ``("path:line", object)`` for each JSON object line, or a Problem for a bad line.

    Blank lines are skipped. Lines are split on "\n" only: ``str.splitlines()`` would also split
    at U+2028, which JSON allows raw inside strings.
    """
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(source, f"line is not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield Problem(source, f"line is not a JSON object but {_kind(record)}")
            continue
        yield source, record


def _kind(value: object) -> str:
    """Name a JSON value's type in JSON's words, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
