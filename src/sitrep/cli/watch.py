"""``sitrep watch``: poll RSS/Atom feeds and keep the store current, one cycle every ``--every``."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import typer

from ..errors import InputError
from ..feeds import CycleReport, Fetcher, Watcher, WatchOptions, parse_interval
from ..pipeline import Options, Pipeline
from ..store import Store
from .fetch import ALLOW_PRIVATE_HELP, MAX_BYTES_HELP, MODEL_HELP, TIMEOUT_HELP, fetch_options
from .ingest import DB_HELP


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of a feeds file: one per line; blank lines and ``#`` comments are ignored.

    Raises:
        InputError: the file cannot be read, or a line is not an http(s) URL.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read feeds file {path}: {exc}") from None
    urls: list[str] = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if words:
            urls.append(_checked(words[0], f"{path}:{number}"))
    return urls


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _checked(url: str, where: str | None = None) -> str:
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(f"not an http(s) feed URL: {url!r}", where)
    return url


@contextlib.contextmanager
def _stop_on_signals(watcher: Watcher) -> Iterator[list[int]]:
    """First Ctrl-C or SIGTERM: stop after the current entry. A second one abandons it."""
    received: list[int] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        if received:
            raise KeyboardInterrupt
        received.append(signum)
        watcher.stop()
        typer.echo("sitrep: stopping after the current item (send the signal again to abandon it)", err=True)

    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def watch(
    feed_urls: list[str] | None = typer.Argument(None, metavar="[FEED_URL...]", help="RSS or Atom feed URLs."),
    feeds: Path | None = typer.Option(None, "--feeds", metavar="FILE",
                                      help="A file of feed URLs, one per line (# starts a comment)."),
    every: str = typer.Option("15m", "--every", metavar="INTERVAL",
                              help="Time from the start of one cycle to the next: 30s, 15m, 1h, 1d."),
    once: bool = typer.Option(False, "--once", help="Run one cycle and exit (for cron and tests)."),
    max_items: int = typer.Option(100, "--max-items", metavar="N", min=1,
                                  help="New entries fetched per feed per cycle; the rest wait for the next."),
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    timeout: float = typer.Option(30.0, "--timeout", metavar="S", min=0.1, help=TIMEOUT_HELP),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", metavar="N", min=1, help=MAX_BYTES_HELP),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR", envvar="SITREP_MODEL", help=MODEL_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the per-cycle lines, not each problem."),
) -> None:
    """Poll RSS/Atom feeds, fetch their new entries, extract and store them, every INTERVAL.

    What was seen, and each feed's ETag/Last-Modified, are kept in the database, so a restart
    goes on where it stopped. A failing feed is retried with growing pauses; one broken feed or
    page never stops the others. Ctrl-C (or SIGTERM) stops after the current entry.

    Example:

        sitrep watch --feeds feeds.txt --every 15m --db events.db

        sitrep watch https://example.org/world/rss.xml --once
    """
    urls = [_checked(u) for u in feed_urls or []] + (read_feed_list(feeds) if feeds else [])
    if not urls:
        raise InputError("no feeds to watch: give FEED_URL... or --feeds FILE")
    options = WatchOptions(every=parse_interval(every), max_items=max_items)
    store = Store(db).open()  # before the slow part: a bad --db fails before anything is fetched
    totals = {"cycles": 0, "new": 0, "events": 0, "errors": 0}
    last: list[CycleReport] = []

    def on_cycle(report: CycleReport) -> None:
        totals["cycles"] += 1
        totals["new"] += report.new_articles
        totals["events"] += report.events
        totals["errors"] += len(report.errors)
        typer.echo(report.line(), err=True)
        last.append(report)

    warn = None if quiet else (lambda message: typer.echo(f"sitrep: warning: {message}", err=True))
    try:
        pipeline = Pipeline(Options(model=model)).load()
        with Fetcher(fetch_options(allow_private, timeout, max_bytes)) as fetcher:
            watcher = Watcher(urls, store, pipeline.extract, fetcher, options, warn=warn)
            with _stop_on_signals(watcher) as received:
                try:
                    watcher.run(cycles=1 if once else None, on_cycle=on_cycle)
                except KeyboardInterrupt:
                    received.append(signal.SIGINT)
    finally:
        store.close()
    if received or not once:
        counts = ", ".join(_count(totals[key], noun) for key, noun in (("new", "new article"), ("events", "event"),
                                                                       ("errors", "error")))
        typer.echo(f"sitrep: watch stopped after {_count(totals['cycles'], 'cycle')}: {counts}", err=True)
    if received:
        raise typer.Exit(130 if received[0] == signal.SIGINT else 0)
    report = last[-1] if last else None
    if report is not None and report.feeds_polled and report.feeds_failed == report.feeds_polled:
        raise typer.Exit(1)
