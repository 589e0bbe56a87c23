"""The watch loop: poll feeds, fetch their new entries, extract and store them, cycle after cycle.

A broken feed or page is reported and counted, never fatal: a feed that fails waits longer
before each retry (exponential back-off), a page that fails for a passing reason is retried at
later polls (then given up), and everything else goes on. Order keeps a kill harmless: an entry
is marked handled only after its article is committed, and a feed's ``ETag``/``Last-Modified``
are saved only once every entry of the document they validate is handled, so an interrupted
cycle is finished by the next one.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..errors import FetchError, InputError, StoreError
from ..model import Article, Event
from ..store import Store
from ..store.feeds import SKIPPED, STORED, FeedLog, FeedState
from .feed import FeedItem, parse_feed
from .net import Fetcher
from .page import fetch_article

Extract = Callable[[Article], list[Event]]
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_SHOWN_ERRORS = 3  # errors spelled out in a cycle line; the rest are counted


def parse_interval(value: str) -> float:
    """Parse ``30s``, ``15m``, ``1h``, ``1d`` (or a plain number of seconds) into seconds.

    Raises:
        InputError: not such a duration, or zero.
    """
    match = _INTERVAL.fullmatch(value.strip().lower())
    if match is None or float(match.group(1)) <= 0:
        raise InputError(f"invalid interval {value!r}; expected a positive duration like 30s, 15m, 1h or 1d")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@dataclass(frozen=True)
class WatchOptions:
    """How the watcher paces itself.

    Attributes:
        every: seconds from the start of one cycle to the start of the next.
        max_items: new entries fetched per feed per cycle; the rest wait for the next cycle.
        give_up_after: attempts at a page that keeps failing for a passing reason (a timeout,
            a 5xx answer) before it is skipped for good.
        max_backoff: the longest a failing feed is left alone, in seconds.
    """

    every: float = 900.0
    max_items: int = 100
    give_up_after: int = 3
    max_backoff: float = 86400.0

    def __post_init__(self) -> None:
        if self.every <= 0 or self.max_items < 1 or self.give_up_after < 1 or self.max_backoff <= 0:
            raise ValueError(f"invalid watch options: {self}")

    def backoff(self, failures: int) -> float:
        """Seconds to leave a feed alone after ``failures`` consecutive failures: one cycle, then doubling."""
        return float(min(self.every * 2 ** min(failures - 1, 32), self.max_backoff))


@dataclass
class CycleReport:
    """What one cycle did: the figures of its log line."""

    number: int
    feeds_polled: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0
    feeds_waiting: int = 0
    new_articles: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        """One log line: ``cycle 3: 12 feeds polled, 5 new articles, 17 events, 1 error (feed X: timed out)``."""
        polled = _count(self.feeds_polled, "feed") + " polled"
        extra = [f"{n} {what}" for n, what in ((self.feeds_unchanged, "unchanged"),
                                               (self.feeds_waiting, "backing off")) if n]
        if extra:
            polled += f" ({', '.join(extra)})"
        text = (f"cycle {self.number}: {polled}, {_count(self.new_articles, 'new article')}, "
                f"{_count(self.events, 'event')}, {_count(len(self.errors), 'error')}")
        if self.errors:
            shown = "; ".join(self.errors[:_SHOWN_ERRORS])
            more = len(self.errors) - _SHOWN_ERRORS
            text += f" ({shown}{f'; {more} more' if more > 0 else ''})"
        return text + (" (stopped early)" if self.stopped else "")


class Watcher:
    """Polls a set of feeds into a store.

    Args:
        feeds: the feed URLs.
        store: an open store (opened for writing).
        extract: turns an article into events (``Pipeline.extract``).
        fetcher: the safe fetcher, with its limits.
        options: pacing.
        warn: called with a one-line message for each problem as it happens.
        clock: Unix time (tests move it forward).

    Example:
        >>> with Fetcher() as fetcher:  # doctest: +SKIP
        ...     Watcher(urls, store, pipeline.extract, fetcher).run(cycles=1, on_cycle=print)
    """

    def __init__(self, feeds: Sequence[str], store: Store, extract: Extract, fetcher: Fetcher,
                 options: WatchOptions | None = None, warn: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.feeds = list(dict.fromkeys(feeds))
        self.store = store
        self.log = FeedLog(store)
        self.extract = extract
        self.fetcher = fetcher
        self.options = options or WatchOptions()
        self.warn = warn or (lambda _message: None)
        self.clock = clock
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the watcher to stop before its next entry (safe to call from a signal handler)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, cycles: int | None = None, on_cycle: Callable[[CycleReport], None] | None = None) -> int:
        """Run cycles every ``options.every`` seconds until stopped (or ``cycles`` are done).

        A store failure ends the cycle; when running forever it is reported and the next cycle
        tries again, when running a set number of cycles it is raised.

        Returns:
            How many cycles ran.
        """
        number = 0
        while not self.stopping and (cycles is None or number < cycles):
            number += 1
            started = time.monotonic()
            try:
                report = self.cycle(number)
            except StoreError as exc:
                if cycles is not None:
                    raise
                report = CycleReport(number, errors=[f"store: {exc}"])
            if on_cycle is not None:
                on_cycle(report)
            if cycles is not None and number >= cycles:
                break
            self._stop.wait(max(0.0, self.options.every - (time.monotonic() - started)))
        return number

    def cycle(self, number: int = 1) -> CycleReport:
        """Poll every due feed once and handle its new entries.

        Raises:
            StoreError: the store cannot be read or written (everything committed stays).
        """
        report = CycleReport(number)
        started = self.clock()
        for url in self.feeds:
            if self.stopping:
                report.stopped = True
                break
            self._poll(url, started, report)
        return report

    def _poll(self, url: str, started: float, report: CycleReport) -> None:
        state = self.log.state(url)
        if not state.due(self.clock()):
            report.feeds_waiting += 1
            return
        report.feeds_polled += 1
        try:
            got = self.fetcher.fetch(url, "feed", state.etag, state.last_modified)
            content_type = f"{got.media_type}; charset={got.charset}" if got.charset else got.media_type
            items = [] if got.not_modified else parse_feed(got.body, got.url, content_type)
        except FetchError as exc:
            self._feed_failed(state, started, str(exc), report)
            return
        except Exception as exc:  # noqa: BLE001 - one broken feed never stops the others
            self._feed_failed(state, started, f"{type(exc).__name__}: {exc}", report)
            return
        if got.not_modified:
            report.feeds_unchanged += 1
        complete = self._items(url, items, report)
        now = self.clock()
        # New validators only once every entry they cover is handled; else keep the old ones,
        # so the next poll gets the whole document again instead of a 304.
        fresh = complete and not got.not_modified
        self.log.save(FeedState(url, got.etag if fresh else state.etag,
                                got.last_modified if fresh else state.last_modified,
                                failures=0, next_poll_at=None, last_polled_at=now, last_error=None))

    def _feed_failed(self, state: FeedState, started: float, error: str, report: CycleReport) -> None:
        failures = state.failures + 1
        delay = self.options.backoff(failures)
        # Due again at the cycle that starts `delay` after this one (a little slack for timing jitter).
        self.log.save(replace(state, failures=failures, next_poll_at=started + delay - min(60.0, delay / 10),
                              last_polled_at=self.clock(), last_error=error))
        report.feeds_failed += 1
        report.errors.append(f"feed {state.url}: {error}")
        self.warn(f"feed {state.url}: {error} (failure {failures}; next try in {_duration(delay)})")

    def _items(self, feed_url: str, items: list[FeedItem], report: CycleReport) -> bool:
        """Handle a feed's unhandled entries; return whether all of them are now handled."""
        done = self.log.handled(feed_url, [i.key for i in items])
        todo = [i for i in items if i.key not in done]
        complete = len(todo) <= self.options.max_items
        for item in todo[: self.options.max_items]:
            if self.stopping:
                report.stopped = True
                return False
            complete = self._item(feed_url, item, report) and complete
        return complete

    def _item(self, feed_url: str, item: FeedItem, report: CycleReport) -> bool:
        """Fetch, extract and store one entry; return whether it is handled for good."""
        known = self.log.stored_article(item.url)
        if known is not None:  # stored earlier, from this feed or another
            self.log.mark(feed_url, item.key, url=item.url, status=STORED, article_id=known, now=self.clock())
            return True
        try:
            article = fetch_article(self.fetcher, item.url, item)
            extracted = self.extract(article)
        except FetchError as exc:
            return self._item_failed(feed_url, item, str(exc), exc.transient, report)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - an extraction bug on one page must not stop the watch
            return self._item_failed(feed_url, item, f"{type(exc).__name__}: {exc}", True, report)
        if self.store.add(article, extracted):
            report.new_articles += 1
            report.events += len(extracted)
        self.log.mark(feed_url, item.key, url=item.url, status=STORED, article_id=article.id, now=self.clock())
        return True

    def _item_failed(self, feed_url: str, item: FeedItem, error: str, transient: bool, report: CycleReport) -> bool:
        report.errors.append(f"page {item.url}: {error}")
        if transient:
            gave_up = self.log.failed(feed_url, item.key, url=item.url, error=error, now=self.clock(),
                                      give_up_after=self.options.give_up_after)
        else:
            self.log.mark(feed_url, item.key, url=item.url, status=SKIPPED, error=error, now=self.clock())
            gave_up = True
        self.warn(f"page {item.url}: {error} ({'skipped' if gave_up else 'will retry'})")
        return gave_up


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
