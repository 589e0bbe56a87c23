"""CSV and TSV files: a header row, then one article per row, with the JSON Lines columns.

Header names are matched without regard to case or surrounding spaces. Quoted fields may span
lines and may be large; problems name the line where the row starts.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sitrep.ingest.jsonl import article_from_record
from sitrep.ingest.registry import Problem
from sitrep.ingest.text import load_text
from sitrep.model import Article


class CsvReader:
    """One article per row of a comma- (``.csv``) or tab-separated (``.tsv``) file."""

    name = "csv"
    suffixes: tuple[str, ...] = (".csv", ".tsv")

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        """Yield an article or a problem for each non-empty row, in file order.

        Args:
            path: the CSV or TSV file.
            published: the date for rows without their own ``published``.
        """
        text, problems = load_text(path)
        yield from problems
        if text is None:
            return
        # Article texts can exceed the module's 128 KiB default; the limit is a C long.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header: list[str] | None = None
        start = 1
        try:
            for row in rows:
                source = f"{path}:{start}"
                start = rows.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header = [cell.strip().lower() for cell in row]
                    if "text" not in header:
                        yield Problem(source, "header has no 'text' column")
                        return
                    continue
                if len(row) > len(header):
                    yield Problem(source, f"row has {len(row)} fields but the header has {len(header)}")
                    continue
                # A short row leaves its last columns missing, as spreadsheets write it.
                record = dict(zip(header, row, strict=False))
                article, found = article_from_record(record, source, published)
                yield from found
                if article is not None:
                    yield article
        except csv.Error as exc:
            yield Problem(f"{path}:{start}", f"bad CSV ({exc}); rest of file skipped")
