"""``sitrep fetch``: download article pages, extract their events and store them."""

from __future__ import annotations

import typer

from ..errors import FetchError
from ..feeds import Fetcher, FetchOptions, fetch_article
from ..pipeline import Options, Pipeline
from ..store import Store
from ..store.feeds import FeedLog
from .ingest import DB_HELP

ALLOW_PRIVATE_HELP = ("Also fetch from loopback, private and link-local addresses (refused by default, so a "
                      "link cannot reach internal services).")
TIMEOUT_HELP = "Seconds allowed for each request, redirects included."
MAX_BYTES_HELP = "Largest page or feed accepted, in bytes; a bigger one is abandoned."
MODEL_HELP = "Join the learned coder to the rules (needs the ml extra)."


def fetch_options(allow_private: bool, timeout: float, max_bytes: int) -> FetchOptions:
    """The fetcher limits the command-line options give (shared with ``sitrep watch``)."""
    return FetchOptions(timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)


def fetch(
    urls: list[str] = typer.Argument(..., metavar="URL...", help="Article pages to fetch (http or https)."),
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    timeout: float = typer.Option(30.0, "--timeout", metavar="S", min=0.1, help=TIMEOUT_HELP),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", metavar="N", min=1, help=MAX_BYTES_HELP),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR", envvar="SITREP_MODEL", help=MODEL_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line."),
) -> None:
    """Download article pages, extract their main text and events, and store them.

    Pages already stored (by URL) are not downloaded again. A page that cannot be fetched is
    reported and skipped; the exit code is 1 when none could be.

    Example:

        sitrep fetch https://example.org/news/shelling-report --db events.db
    """
    store = Store(db).open()  # before the slow part: a bad --db fails before anything is fetched
    try:
        log = FeedLog(store)
        pipeline = Pipeline(Options(model=model))
        stats = {"fetched": 0, "new": 0, "stored": 0, "failed": 0, "events": 0}
        with Fetcher(fetch_options(allow_private, timeout, max_bytes)) as fetcher:
            for url in urls:
                if log.stored_article(url) is not None:
                    stats["stored"] += 1
                    continue
                try:
                    article = fetch_article(fetcher, url)
                except FetchError as exc:
                    stats["failed"] += 1
                    typer.echo(f"sitrep: skipped: {url}: {exc}", err=True)
                    continue
                stats["fetched"] += 1
                extracted = pipeline.load().extract(article)
                if store.add(article, extracted):
                    stats["new"] += 1
                    stats["events"] += len(extracted)
                else:
                    stats["stored"] += 1
        if not quiet:
            total = store.counts()
            typer.echo(f"{len(urls)} pages: {stats['new']} new, {stats['stored']} already stored, "
                       f"{stats['failed']} failed; {stats['events']} reports stored; the database holds "
                       f"{total['events']} events from {total['articles']} articles", err=True)
        if stats["failed"] == len(urls):
            raise typer.Exit(1)
    finally:
        store.close()
