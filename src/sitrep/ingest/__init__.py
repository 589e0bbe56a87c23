"""Readers that turn files into ``Article`` records: text, JSON Lines, CSV/TSV and HTML.

Example:
    >>> from sitrep.ingest import Problem, read_articles
    >>> for item in read_articles(["news/"]):  # doctest: +SKIP
    ...     print(item if isinstance(item, Problem) else item.id)
"""

from __future__ import annotations

from sitrep.ingest.csv_reader import CsvReader
from sitrep.ingest.dates import UNDATED, parse_published, sniff_published
from sitrep.ingest.html import HtmlReader
from sitrep.ingest.jsonl import JsonlReader, article_from_record
from sitrep.ingest.registry import Problem, Reader, ReaderRegistry, default_registry, read_articles
from sitrep.ingest.text import TextReader, decode, load_text

__all__ = [
    "UNDATED",
    "CsvReader",
    "HtmlReader",
    "JsonlReader",
    "Problem",
    "Reader",
    "ReaderRegistry",
    "TextReader",
    "article_from_record",
    "decode",
    "default_registry",
    "load_text",
    "parse_published",
    "read_articles",
    "sniff_published",
]
