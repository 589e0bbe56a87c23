"""``sitrep watch`` end to end against a local HTTP server: cycles, state, broken feeds, kills and signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from localsite import RSS, STORIES, Site, page, rss
from sitrep.cli.main import app
from sitrep.cli.watch import read_feed_list
from sitrep.errors import InputError
from sitrep.store import resolve_url

SITREP = Path(sys.executable).parent / "sitrep"
runner = CliRunner()


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


def wire(site: Site, n: int, delay: float = 0.0, feed: str = "/feed.xml") -> str:
    items = [(f"story-{i}", site.add(f"/story-{i}.html", page(f"Story {i}", STORIES[i % len(STORIES)]), delay=delay),
              f"Story {i}") for i in range(n)]
    return site.add(feed, rss(items), content_type=RSS, etag='"v1"')


def rows(db_url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def article_count(db_url: str) -> int:
    try:
        return int(rows(db_url, "SELECT count(*) FROM articles")[0][0])  # type: ignore[call-overload]
    except Exception:  # noqa: BLE001 - the schema may not exist yet while the watcher starts
        return 0


def watch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(SITREP), "watch", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_articles(db_url: str, n: int, process: subprocess.Popen[str], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while article_count(db_url) < n:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the watcher stored nothing in time"
        time.sleep(0.05)


def test_one_cycle_stores_new_articles_then_skips_them(site: Site, db_url: str) -> None:
    feed = wire(site, 2)
    first = runner.invoke(app, ["watch", feed, "--db", db_url, "--allow-private", "--once"])
    assert first.exit_code == 0, first.output
    assert "cycle 1: 1 feed polled, 2 new articles, " in first.output
    assert " 0 errors" in first.output
    again = runner.invoke(app, ["watch", feed, "--db", db_url, "--allow-private", "--once"])
    assert again.exit_code == 0, again.output
    assert "cycle 1: 1 feed polled (1 unchanged), 0 new articles, 0 events, 0 errors" in again.output
    assert rows(db_url, "SELECT count(*), count(DISTINCT url) FROM articles") == [(2, 2)]
    assert rows(db_url, "SELECT status, count(*) FROM feed_items GROUP BY status") == [("stored", 2)]
    assert (site.hits["/story-0.html"], site.hits["/story-1.html"]) == (1, 1)


def test_events_are_extracted(site: Site, tmp_path: Path) -> None:
    feed = wire(site, 1)
    db = str(tmp_path / "events.db")
    result = runner.invoke(app, ["watch", feed, "--db", db, "--allow-private", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 new article, 1 event, 0 errors" in result.output
    assert rows(db, "SELECT location, fatalities FROM events") == [("Tartar", 4)]


def test_feeds_file_with_broken_feeds(site: Site, tmp_path: Path) -> None:
    good = wire(site, 2)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n\n{site.add('/error.xml', b'down', status=500)}\n"
                     f"{good}   # the good one\n{site.add('/junk.xml', b'<<<', content_type=RSS)}\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", "--feeds", str(feeds), "--db", str(tmp_path / "e.db"), "--allow-private",
                                 "--once", "--timeout", "2"])
    assert result.exit_code == 0, result.output
    assert "cycle 1: 3 feeds polled, 2 new articles, " in result.output
    assert "2 errors (feed " in result.output
    assert "sitrep: warning: feed " in result.output


def test_every_feed_failing_exits_1(site: Site, tmp_path: Path) -> None:
    feed = site.add("/error.xml", b"down", status=500)
    result = runner.invoke(app, ["watch", feed, "--db", str(tmp_path / "e.db"), "--allow-private", "--once", "-q"])
    assert result.exit_code == 1, result.output
    assert "warning" not in result.output
    assert "cycle 1: 1 feed polled, 0 new articles, 0 events, 1 error (feed " in result.output


def test_private_address_is_refused_without_the_flag(site: Site, tmp_path: Path) -> None:
    feed = wire(site, 1)
    result = runner.invoke(app, ["watch", feed, "--db", str(tmp_path / "e.db"), "--once"])
    assert result.exit_code == 1, result.output
    assert "loopback address; use --allow-private" in result.output
    assert site.hits == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no feeds to watch"),
        (["ftp://news.test/feed"], "not an http(s) feed URL"),
        (["http://news.test/feed", "--every", "soon"], "invalid interval"),
        (["--feeds", "/no/such/feeds.txt"], "cannot read feeds file"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = subprocess.run([str(SITREP), "watch", *args, "--db", str(tmp_path / "e.db"), "--once"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_read_feed_list(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# comment\nhttps://a.test/rss  # A\n\n  http://b.test/atom\n", encoding="utf-8")
    assert read_feed_list(path) == ["https://a.test/rss", "http://b.test/atom"]
    path.write_text("https://a.test/rss\nnews.test/feed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds.txt:2: not an http\(s\) feed URL"):
        read_feed_list(path)


def test_a_kill_mid_cycle_loses_nothing(site: Site, db_url: str) -> None:
    feed = wire(site, 8, delay=0.3)
    args = [feed, "--db", db_url, "--allow-private", "--once", "-q"]
    process = watch(*args)
    try:
        wait_for_articles(db_url, 2, process)
    finally:
        process.kill()  # SIGKILL: no chance to tidy up
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    stored = article_count(db_url)
    assert 2 <= stored < 8
    for n in range(8):
        site.routes[f"/story-{n}.html"].delay = 0.0
    rerun = subprocess.run([str(SITREP), "watch", *args], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{8 - stored} new articles" in rerun.stderr
    assert rows(db_url, "SELECT count(*), count(DISTINCT url) FROM articles") == [(8, 8)]
    assert rows(db_url, "SELECT count(*) FROM feed_items WHERE status = 'stored'") == [(8,)]
    assert rows(db_url, "SELECT etag FROM feeds") == [('"v1"',)]
    # Each page fetched once, bar at most the one in flight when the process died.
    assert sum(site.hits[f"/story-{n}.html"] for n in range(8)) <= 9


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_cleanly_between_items(site: Site, tmp_path: Path, sig: int, code: int) -> None:
    db = str(tmp_path / "events.db")
    feed = wire(site, 6, delay=0.3)
    process = watch(feed, "--db", db, "--allow-private", "--every", "1h")
    try:
        wait_for_articles(db, 1, process)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == code, stderr
    assert "stopping after the current item" in stderr
    assert "(stopped early)" in stderr
    assert "sitrep: watch stopped after 1 cycle: " in stderr
    stored = article_count(db)
    assert 1 <= stored < 6
    assert rows(db, "SELECT count(*) FROM feed_items WHERE status = 'stored'") == [(stored,)]
    assert rows(db, "SELECT etag FROM feeds") == [(None,)]  # the feed is read again in full next time
