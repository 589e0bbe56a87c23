"""Saved HTML pages: the main text, title, date and site name, extracted by trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sitrep.errors import InputError
from sitrep.ingest.dates import parse_published, undated_warning
from sitrep.ingest.registry import Problem
from sitrep.ingest.text import load_text
from sitrep.model import Article


class HtmlReader:
    """One article per HTML page, its boilerplate (menus, footers, comments) removed.

    The publication date given by the user wins over the date found in the page.
    """

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        """Yield the page's article, preceded by any warnings, or a single fatal problem.

        Args:
            path: the HTML file.
            published: the publication date the user gave, if any.
        """
        markup, problems = load_text(path)
        yield from problems
        if markup is None:
            return
        source = str(path)
        # Imported here: trafilatura takes about a second to import, and most runs read no HTML.
        import trafilatura

        try:
            page = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False)
        except Exception as exc:  # noqa: BLE001 - any parser failure on one page is bad input, not a crash
            yield Problem(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
            return
        text = getattr(page, "text", None) if page is not None else None
        if not isinstance(text, str) or not text.strip():
            yield Problem(source, "no main text found in the HTML page")
            return
        when = published if published is not None else page_date(getattr(page, "date", None))
        if when is None:
            yield undated_warning(source)
        yield Article(
            text=text,
            url=_string(getattr(page, "url", None)),
            title=_string(getattr(page, "title", None)),
            outlet=_string(getattr(page, "sitename", None)),
            published=when,
            source=source,
        )


def page_date(value: object) -> date | None:
    """Return the page's date as trafilatura found it (``YYYY-MM-DD``), or ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return parse_published(value)
    except InputError:
        return None


def _string(value: object) -> str | None:
    """Return a non-empty metadata string, or ``None``."""
    return value.strip() or None if isinstance(value, str) else None
