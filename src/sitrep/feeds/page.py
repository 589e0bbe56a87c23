"""A fetched HTML page → an ``Article``: main text, title, author and date, extracted by trafilatura."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import FetchError
from ..ingest.html import page_date
from ..model import Article
from .feed import FeedItem
from .net import Fetched, Fetcher


def article_from_page(page: Fetched, item: FeedItem | None = None) -> Article:
    """Extract the article of a fetched page.

    The feed entry, when there is one, fills what the page lacks; its date wins over the date
    trafilatura finds in the page, because a feed's date is structured data and the page's a guess.

    Args:
        page: a page the fetcher returned (status 200).
        item: the feed entry that linked to it.

    Raises:
        FetchError: no main text could be found in the page.
    """
    # Imported here: trafilatura takes about a second to import.
    import trafilatura

    markup: str | bytes = page.body
    if page.charset:
        try:
            markup = page.body.decode(page.charset, errors="replace")
        except LookupError:  # an unknown charset name: let trafilatura detect it
            markup = page.body
    try:
        found = trafilatura.bare_extraction(markup, url=page.url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure on one page is a bad page, not a crash
        raise FetchError(f"HTML could not be parsed ({type(exc).__name__})") from None
    text = getattr(found, "text", None) if found is not None else None
    if not isinstance(text, str) or not text.strip():
        raise FetchError("no main text found in the page")
    title = _string(getattr(found, "title", None)) or (item.title if item else None)
    published = (item.published if item else None) or page_date(getattr(found, "date", None))
    return Article(
        text=text,
        url=page.url,
        title=title,
        outlet=_string(getattr(found, "sitename", None)) or host_of(page.url),
        published=published,
        source=page.url,
        author=_string(getattr(found, "author", None)),
    )


def fetch_article(fetcher: Fetcher, url: str, item: FeedItem | None = None) -> Article:
    """Fetch one page and extract its article.

    Raises:
        FetchError: the page could not be fetched or has no main text.
    """
    return article_from_page(fetcher.fetch(url, "page"), item)


def host_of(url: str) -> str | None:
    """The site a URL belongs to, as an outlet name of last resort (``www.`` dropped)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _string(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
