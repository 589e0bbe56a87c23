"""The safe fetcher, feed and page parsing, feed state in the store, and the watch cycle.

Everything runs against a real HTTP server on 127.0.0.1 (``localsite``); no other address ever
receives traffic: refusals are checked to happen before any connection is attempted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from localsite import ATOM, RSS, STORIES, Site, atom, page, rss
from sitrep.errors import FetchError, InputError
from sitrep.feeds import (
    FeedItem,
    Fetcher,
    FetchOptions,
    Watcher,
    WatchOptions,
    article_from_page,
    blocked_reason,
    fetch_article,
    parse_feed,
    parse_interval,
)
from sitrep.feeds import net as net_module
from sitrep.model import Article, Event
from sitrep.store import Store, resolve_url
from sitrep.store.feeds import SKIPPED, STORED, FeedLog, FeedState
from sitrep.store.schema import SCHEMA_VERSION

FAST = FetchOptions(timeout=1.0, max_bytes=200_000, allow_private=True)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as f:
        yield f


def no_connection(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a connection was attempted")


# --- the address check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "private"),
        ("100.64.0.1", "not public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.215.14", None),
        ("2a00:1450:4001:80b::200e", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/", "http://10.0.0.8/admin", "http://169.254.169.254/latest/meta-data/",
     "http://[::1]:9/", "http://[fe80::1]/", "https://192.168.0.1/", "http://0.0.0.0:9/", "http://[::ffff:7f00:1]/"],
)
def test_private_literal_addresses_are_refused_before_connecting(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Fetcher, "_send", no_connection)
    with Fetcher(FetchOptions(timeout=1)) as f, pytest.raises(FetchError, match="refused: .* use --allow-private"):
        f.fetch(url, "page")


def test_a_name_that_resolves_to_loopback_is_refused_and_nothing_is_sent(site: Site) -> None:
    url = site.add("/a.html", page("Shelling", STORIES[0]))
    with Fetcher(FetchOptions(timeout=1)) as f:
        for target in (url, site.url("/a.html", host="localhost")):
            with pytest.raises(FetchError, match="loopback address"):
                f.fetch(target, "page")
    assert site.hits == {}


@pytest.mark.parametrize("answers", [["10.0.0.7"], ["93.184.215.14", "192.168.1.20"]], ids=["private", "mixed"])
def test_a_name_with_any_private_address_is_refused(answers: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Fetcher, "_send", no_connection)
    resolver = lambda _host, _port: [ipaddress.ip_address(a) for a in answers]  # noqa: E731
    with Fetcher(FetchOptions(timeout=1), resolver=resolver) as f, pytest.raises(FetchError, match="private address"):
        f.fetch("https://intranet.test/feed.xml", "feed")


def test_every_redirect_hop_is_checked(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the test server's loopback address is public, so only the hop to 10.x is refused.
    real = net_module.blocked_reason
    monkeypatch.setattr(net_module, "blocked_reason", lambda a: None if str(a) == "127.0.0.1" else real(a))
    start = site.add("/go", location="http://10.20.30.40/internal")
    with Fetcher(FetchOptions(timeout=1)) as f, pytest.raises(FetchError, match=r"refused: 10\.20\.30\.40"):
        f.fetch(start, "page")
    assert site.hits == {"/go": 1}


def test_connects_to_the_checked_address_with_the_host_name_in_the_request(site: Site) -> None:
    site.add("/a.html", page("Shelling in Tartar", STORIES[0]))
    resolver = lambda _host, _port: [ipaddress.ip_address("127.0.0.1")]  # noqa: E731
    with Fetcher(FAST, resolver=resolver) as f:
        got = f.fetch(f"http://wire.test:{site.port}/a.html", "page")
    assert got.url == f"http://wire.test:{site.port}/a.html"
    (_, headers), = site.requests
    assert headers["host"] == f"wire.test:{site.port}"
    assert headers["user-agent"].startswith("sitrep/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "/relative", "http://"])
def test_only_http_urls(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Fetcher, "_send", no_connection)
    with Fetcher(FAST) as f, pytest.raises(FetchError):
        f.fetch(url, "page")


def test_a_redirect_to_another_scheme_is_refused(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.fetch(site.add("/go", location="file:///etc/passwd"), "page")


# --- limits -----------------------------------------------------------------------------------


def test_a_redirect_loop_ends(site: Site, fetcher: Fetcher) -> None:
    site.add("/loop-a", location="/loop-b")
    site.add("/loop-b", location="/loop-a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.fetch(site.url("/loop-a"), "page")
    assert sum(site.hits.values()) <= FAST.max_redirects + 1


def test_a_long_redirect_chain_ends_at_the_limit(site: Site, fetcher: Fetcher) -> None:
    for n in range(10):
        site.add(f"/hop{n}", location=f"/hop{n + 1}")
    with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
        fetcher.fetch(site.url("/hop0"), "page")
    assert sum(site.hits.values()) == 6


def test_redirects_within_the_limit_are_followed(site: Site, fetcher: Fetcher) -> None:
    target = site.add("/story.html", page("Shelling", STORIES[0]))
    site.add("/short", location="/story.html", status=301)
    got = fetcher.fetch(site.url("/short"), "page")
    assert (got.status, got.url) == (200, target)


def test_a_streamed_50_mb_body_is_cut_off_at_the_cap(site: Site, fetcher: Fetcher) -> None:
    url = site.add("/huge.html", stream=50_000_000)
    with pytest.raises(FetchError, match="too large .*abandoned"):
        fetcher.fetch(url, "page")


def test_a_declared_50_mb_body_is_refused_before_reading(site: Site, fetcher: Fetcher) -> None:
    url = site.add("/huge.html", b"<p>small</p>", declared=50_000_000)
    with pytest.raises(FetchError, match="too large .*50000000 bytes"):
        fetcher.fetch(url, "page")


def test_a_slow_answer_times_out(site: Site) -> None:
    url = site.add("/slow.html", page("Slow", STORIES[1]), delay=2.0)
    with Fetcher(FetchOptions(timeout=0.3, allow_private=True)) as f, pytest.raises(FetchError) as caught:
        f.fetch(url, "page")
    assert "timed out" in str(caught.value)
    assert caught.value.transient


@pytest.mark.parametrize(
    ("status", "transient"), [(500, True), (503, True), (429, True), (404, False), (403, False), (410, False)]
)
def test_error_statuses(site: Site, fetcher: Fetcher, status: int, transient: bool) -> None:
    url = site.add("/e.html", b"oops", status=status)
    with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        fetcher.fetch(url, "page")
    assert caught.value.transient is transient


@pytest.mark.parametrize(
    ("kind", "content_type", "ok"),
    [
        ("page", "text/html; charset=utf-8", True),
        ("page", "application/xhtml+xml", True),
        ("page", "application/pdf", False),
        ("page", "image/png", False),
        ("page", None, False),
        ("feed", RSS, True),
        ("feed", ATOM, True),
        ("feed", "text/xml", True),
        ("feed", "text/html", False),
        ("feed", "application/octet-stream", False),
    ],
)
def test_content_types(site: Site, fetcher: Fetcher, kind: str, content_type: str | None, ok: bool) -> None:
    url = site.add("/thing", b"<x/>", content_type=content_type)
    if ok:
        assert fetcher.fetch(url, kind).status == 200  # type: ignore[arg-type]
    else:
        with pytest.raises(FetchError, match="not an? "):
            fetcher.fetch(url, kind)  # type: ignore[arg-type]


def test_conditional_request_gets_304(site: Site, fetcher: Fetcher) -> None:
    url = site.add("/feed.xml", rss([]), content_type=RSS, etag='"v1"')
    first = fetcher.fetch(url, "feed")
    again = fetcher.fetch(url, "feed", etag=first.etag)
    assert (first.status, first.etag, again.status, again.body) == (200, '"v1"', 304, b"")
    assert site.requests[1][1]["if-none-match"] == '"v1"'


# --- feeds and pages --------------------------------------------------------------------------


def test_parse_rss() -> None:
    body = rss([("id-1", "http://news.test/1", "Shelling in Tartar"), ("id-2", "/2", "Strike on Barda")]).encode()
    items = parse_feed(body, "http://news.test/feed.xml")
    # A guid is a permalink unless it says otherwise, so feedparser resolves it like a link.
    assert [(i.key, i.url, i.title, i.published) for i in items] == [
        ("http://news.test/id-1", "http://news.test/1", "Shelling in Tartar", date(2020, 10, 2)),
        ("http://news.test/id-2", "http://news.test/2", "Strike on Barda", date(2020, 10, 2)),
    ]


def test_parse_atom() -> None:
    body = atom([("urn:x:1", "http://news.test/a", "Clashes near Goma")]).encode()
    assert parse_feed(body, "http://news.test/atom") == [
        FeedItem("urn:x:1", "http://news.test/a", "Clashes near Goma", date(2020, 10, 3))]


def test_entries_without_a_web_link_are_skipped_and_duplicates_dropped() -> None:
    body = rss([("a", "http://news.test/a", "A"), ("b", "javascript:alert(1)", "B"), ("a", "http://news.test/a", "A")])
    assert [i.url for i in parse_feed(body.encode(), "http://news.test/feed")] == ["http://news.test/a"]


@pytest.mark.parametrize(
    "body", [b"\x00\xff\xfe garbage \x13\x37", b"<html><body>not a feed</body></html>", b"", b"/etc/passwd"],
    ids=["bytes", "html", "empty", "a-file-name"],
)
def test_garbage_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(FetchError, match="not a feed"):
        parse_feed(body, "http://news.test/feed")


def test_article_from_a_fetched_page(site: Site, fetcher: Fetcher) -> None:
    url = site.add("/tartar.html", page("Shelling in Tartar", STORIES[0], author="Ayla Mammadova"))
    article = fetch_article(fetcher, url)
    assert (article.url, article.title, article.outlet, article.author, article.published) == (
        url, "Shelling in Tartar", "Test Wire", "Ayla Mammadova", date(2020, 10, 2))
    assert STORIES[0] in article.text
    assert "Copyright" not in article.text and "Home" not in article.text


def test_the_feed_entry_fills_in_and_its_date_wins(site: Site, fetcher: Fetcher) -> None:
    markup = f"<html><body><article><p>{STORIES[2]}</p><p>{STORIES[3]} {STORIES[4]}</p></article></body></html>"
    url = site.add("/bare.html", markup)
    item = FeedItem("k", url, "Attack near Maiduguri", date(2021, 5, 4))
    article = article_from_page(fetcher.fetch(url, "page"), item)
    assert (article.title, article.published) == ("Attack near Maiduguri", date(2021, 5, 4))
    assert article.outlet is not None and article.outlet.startswith("127.0.0.1")


def test_a_page_without_text_is_an_error(site: Site, fetcher: Fetcher) -> None:
    url = site.add("/empty.html", "<html><head><title>T</title></head><body><script>var x = 1;</script></body></html>")
    with pytest.raises(FetchError, match="no main text"):
        fetch_article(fetcher, url)


@pytest.mark.parametrize(("value", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86400),
                                                ("90", 90), (" 2.5m ", 150), ("1H", 3600)])
def test_parse_interval(value: str, seconds: float) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["", "0s", "15 minutes", "-1m", "m", "1w"])
def test_parse_interval_rejects(value: str) -> None:
    with pytest.raises(InputError, match="invalid interval"):
        parse_interval(value)


# --- state in the store ---------------------------------------------------------------------


def test_feed_log_round_trip(db_url: str) -> None:
    with Store(db_url) as store:
        log = FeedLog(store)
        assert log.state("http://news.test/feed") == FeedState("http://news.test/feed")
        saved = FeedState("http://news.test/feed", '"e1"', "Fri, 02 Oct 2020 09:30:00 GMT", 2, 1000.5, 900.0,
                          "HTTP 500")
        log.save(saved)
        assert log.state(saved.url) == saved
        log.save(FeedState(saved.url, etag='"e2"'))
        assert log.state(saved.url) == FeedState(saved.url, etag='"e2"')
        log.mark(saved.url, "a", url="http://news.test/a", status=STORED, article_id="x1", now=1.0)
        log.mark(saved.url, "b", url="http://news.test/b", status=SKIPPED, error="HTTP 404", now=1.0)
        assert not log.failed(saved.url, "c", url="http://news.test/c", error="timed out", now=1.0, give_up_after=2)
        assert log.handled(saved.url, ["a", "b", "c", "d"]) == {"a", "b"}
        assert log.handled("http://other.test/feed", ["a"]) == set()
        assert log.failed(saved.url, "c", url="http://news.test/c", error="timed out", now=2.0, give_up_after=2)
        assert log.handled(saved.url, ["c"]) == {"c"}
        assert log.counts(saved.url) == {"stored": 1, "skipped": 2, "retry": 0}
        assert [s.url for s in log.states()] == [saved.url]


def test_stored_article_by_url(db_url: str) -> None:
    with Store(db_url) as store:
        store.add(Article(text="A missile strike hit Barda.", url="http://news.test/barda"), [])
        log = FeedLog(store)
        assert log.stored_article("http://news.test/barda") == Article(text="x", url="http://news.test/barda").id
        assert log.stored_article("http://news.test/other") is None


def test_version_2_database_gains_the_feed_tables(tmp_path: Path) -> None:
    url = str(tmp_path / "old.db")
    with Store(url) as store:
        store.add(Article(text="A missile strike hit Barda.", url="http://news.test/barda"), [])
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE feed_items"))
        conn.execute(text("DROP TABLE feeds"))
        conn.execute(text("UPDATE schema_version SET version = 2"))
    with Store(url) as store:
        assert store.counts()["articles"] == 1
        FeedLog(store).save(FeedState("http://news.test/feed"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalar() == SCHEMA_VERSION >= 3
        assert {"feeds", "feed_items"} <= set(inspect(conn).get_table_names())
    engine.dispose()


# --- the watch cycle ------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def no_events(_article: Article) -> list[Event]:
    return []


def wire(site: Site, n: int, feed: str = "/feed.xml", etag: str | None = '"v1"') -> str:
    """A feed of ``n`` entries, each linking to a page of its own."""
    items = [(f"story-{i}", site.add(f"/story-{i}.html", page(f"Story {i}", STORIES[i % len(STORIES)])), f"Story {i}")
             for i in range(n)]
    return site.add(feed, rss(items), content_type=RSS, etag=etag)


def watcher(store: Store, fetcher: Fetcher, feeds: list[str], clock: Clock | None = None, **options: int) -> Watcher:
    return Watcher(feeds, store, no_events, fetcher, WatchOptions(every=60, **options), clock=clock or Clock())


def stored_urls(store: Store) -> list[str]:
    engine = create_engine(store.url)
    with engine.connect() as conn:
        urls = [str(u) for u in conn.execute(text("SELECT url FROM articles ORDER BY url")).scalars()]
    engine.dispose()
    return urls


def test_new_items_are_stored_and_seen_ones_skipped(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = wire(site, 3, etag=None)
    with Store(db_url) as store:
        first = watcher(store, fetcher, [feed]).cycle(1)
        assert (first.feeds_polled, first.new_articles, first.errors) == (1, 3, [])
        assert first.line() == "cycle 1: 1 feed polled, 3 new articles, 0 events, 0 errors"
        second = watcher(store, fetcher, [feed]).cycle(2)
        assert (second.feeds_polled, second.new_articles) == (1, 0)
        assert len(stored_urls(store)) == 3
    assert site.hits["/feed.xml"] == 2
    assert all(site.hits[f"/story-{i}.html"] == 1 for i in range(3))


def test_304_is_honoured(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = wire(site, 2)
    with Store(db_url) as store:
        watcher(store, fetcher, [feed]).cycle(1)
        again = watcher(store, fetcher, [feed]).cycle(2)
        assert (again.feeds_unchanged, again.new_articles) == (1, 0)
        assert "(1 unchanged)" in again.line()
    assert [h.get("if-none-match") for p, h in site.requests if p == "/feed.xml"] == [None, '"v1"']
    assert sum(site.hits.values()) == 4  # two feed requests, two pages


def test_broken_feeds_do_not_stop_the_others(site: Site, db_url: str) -> None:
    good = wire(site, 2)
    broken = [
        site.add("/slow.xml", rss([]), content_type=RSS, delay=2.0),
        site.add("/error.xml", b"internal error", status=500, content_type="text/plain"),
        site.add("/garbage.xml", b"\x00\x01 this is not xml at all <<<", content_type=RSS),
        site.add("/huge.xml", stream=50_000_000, content_type=RSS),
        site.url("/missing.xml"),
    ]
    site.add("/loop.xml", location="/loop.xml")
    broken.append(site.url("/loop.xml"))
    with Store(db_url) as store, Fetcher(FetchOptions(timeout=0.5, max_bytes=100_000, allow_private=True)) as f:
        report = watcher(store, f, [*broken[:3], good, *broken[3:]]).cycle(1)
        assert (report.feeds_polled, report.feeds_failed, report.new_articles) == (7, 6, 2)
        assert len(report.errors) == 6
        line = report.line()
        assert line.startswith("cycle 1: 7 feeds polled, 2 new articles, 0 events, 6 errors (feed ")
        assert "3 more" in line
        text_ = " ".join(report.errors)
        for needle in ("timed out", "HTTP 500", "not a feed", "too large", "HTTP 404", "redirect loop"):
            assert needle in text_
        states = {s.url: s for s in FeedLog(store).states()}
        assert all(states[u].failures == 1 and states[u].last_error for u in broken)
        assert states[good].failures == 0


def test_a_failing_feed_backs_off(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = site.add("/error.xml", b"down", status=503, content_type="text/plain")
    clock = Clock()
    with Store(db_url) as store:
        w = watcher(store, fetcher, [feed], clock)
        assert w.cycle(1).feeds_failed == 1
        clock.now += 60  # the next cycle: polled again (the first back-off is one cycle)
        assert w.cycle(2).feeds_failed == 1
        clock.now += 60  # second failure: left alone for two cycles
        skipped = w.cycle(3)
        assert (skipped.feeds_polled, skipped.feeds_waiting) == (0, 1)
        assert "1 backing off" in skipped.line()
        clock.now += 60
        site.add("/error.xml", rss([]), content_type=RSS)  # the feed recovers
        recovered = w.cycle(4)
        assert (recovered.feeds_polled, recovered.errors) == (1, [])
        assert FeedLog(store).state(feed).failures == 0
    assert site.hits["/error.xml"] == 3


def test_page_failures_are_retried_then_given_up(site: Site, fetcher: Fetcher, db_url: str) -> None:
    flaky = site.add("/flaky.html", b"busy", status=503)
    gone = site.add("/gone.html", b"gone", status=404)
    feed = site.add("/feed.xml", rss([("f", flaky, "Flaky"), ("g", gone, "Gone")]), content_type=RSS, etag='"v"')
    with Store(db_url) as store:
        w = watcher(store, fetcher, [feed], give_up_after=2)
        assert len(w.cycle(1).errors) == 2
        assert FeedLog(store).state(feed).etag is None  # an entry still to retry: no validators kept
        assert [e.split(":")[0] for e in w.cycle(2).errors] == ["page http"]  # only the flaky page again
        assert FeedLog(store).counts(feed) == {"stored": 0, "skipped": 2, "retry": 0}
        assert FeedLog(store).state(feed).etag == '"v"'
        assert w.cycle(3).errors == []
    assert (site.hits["/flaky.html"], site.hits["/gone.html"]) == (2, 1)


def test_max_items_spreads_a_feed_over_cycles(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = wire(site, 3)
    with Store(db_url) as store:
        w = watcher(store, fetcher, [feed], max_items=2)
        assert w.cycle(1).new_articles == 2
        assert FeedLog(store).state(feed).etag is None
        assert w.cycle(2).new_articles == 1
        assert FeedLog(store).state(feed).etag == '"v1"'
        assert w.cycle(3).feeds_unchanged == 1


def test_stop_between_items_and_the_next_cycle_finishes(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = wire(site, 4)
    with Store(db_url) as store:
        w = watcher(store, fetcher, [feed])

        def stop_after_first(_article: Article) -> list[Event]:
            w.stop()
            return []

        w.extract = stop_after_first
        report = w.cycle(1)
        assert (report.new_articles, report.stopped) == (1, True)
        assert report.line().endswith("(stopped early)")
        assert FeedLog(store).state(feed).etag is None
        resumed = watcher(store, fetcher, [feed]).cycle(2)
        assert resumed.new_articles == 3
        assert len(stored_urls(store)) == 4


def test_an_entry_in_two_feeds_is_fetched_once(site: Site, fetcher: Fetcher, db_url: str) -> None:
    story = site.add("/shared.html", page("Strike on Barda", STORIES[1]))
    one = site.add("/one.xml", rss([("1", story, "Strike")]), content_type=RSS)
    two = site.add("/two.xml", atom([("urn:2", story, "Strike")]), content_type=ATOM)
    with Store(db_url) as store:
        report = watcher(store, fetcher, [one, two]).cycle(1)
        assert report.new_articles == 1
        assert FeedLog(store).counts(two) == {"stored": 1, "skipped": 0, "retry": 0}
    assert site.hits["/shared.html"] == 1


def test_an_extraction_crash_is_one_error(site: Site, fetcher: Fetcher, db_url: str) -> None:
    feed = wire(site, 2)
    calls: list[str] = []

    def crash_once(article: Article) -> list[Event]:
        calls.append(article.id)
        if len(calls) == 1:
            raise RuntimeError("bug in a step")
        return []

    with Store(db_url) as store:
        w = watcher(store, fetcher, [feed])
        w.extract = crash_once
        report = w.cycle(1)
        assert report.new_articles == 1
        assert "RuntimeError: bug in a step" in report.errors[0]


def test_killed_between_storing_and_marking_an_entry(site: Site, fetcher: Fetcher, db_url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    feed = wire(site, 3)

    def die(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies after the article's commit, before the entry is marked

    with Store(db_url) as store:
        with monkeypatch.context() as patch:
            patch.setattr(FeedLog, "mark", die)
            with pytest.raises(KeyboardInterrupt):
                watcher(store, fetcher, [feed]).cycle(1)
        assert len(stored_urls(store)) == 1
        assert FeedLog(store).counts(feed) == {"stored": 0, "skipped": 0, "retry": 0}
        report = watcher(store, fetcher, [feed]).cycle(2)
        assert report.new_articles == 2
        assert FeedLog(store).counts(feed) == {"stored": 3, "skipped": 0, "retry": 0}
        assert len(stored_urls(store)) == 3
    assert [site.hits[f"/story-{i}.html"] for i in range(3)] == [1, 1, 1]
