"""``sitrep fetch`` against a local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from localsite import STORIES, Site, page
from sitrep.cli.main import app
from sitrep.store import resolve_url

runner = CliRunner()


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


def stored(db_url: str) -> list[tuple[object, ...]]:
    engine = create_engine(resolve_url(db_url))
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(text("SELECT title, outlet, published FROM articles ORDER BY title"))]
    engine.dispose()
    return found


def test_fetch_stores_pages_once(site: Site, db_url: str) -> None:
    urls = [site.add("/a.html", page("Shelling in Tartar", STORIES[0])),
            site.add("/b.html", page("Strike on Barda", STORIES[1]))]
    result = runner.invoke(app, ["fetch", *urls, "--db", db_url, "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "2 pages: 2 new, 0 already stored, 0 failed; 2 reports stored" in result.output
    assert stored(db_url) == [("Shelling in Tartar", "Test Wire", "2020-10-02"),
                              ("Strike on Barda", "Test Wire", "2020-10-02")]
    again = runner.invoke(app, ["fetch", *urls, "--db", db_url, "--allow-private"])
    assert again.exit_code == 0, again.output
    assert "2 pages: 0 new, 2 already stored, 0 failed" in again.output
    assert site.hits == {"/a.html": 1, "/b.html": 1}


def test_a_bad_page_is_skipped(site: Site, tmp_path: Path) -> None:
    good = site.add("/a.html", page("Shelling in Tartar", STORIES[0]))
    big = site.add("/big.html", stream=50_000_000)
    pdf = site.add("/report.pdf", b"%PDF-1.4", content_type="application/pdf")
    result = runner.invoke(app, ["fetch", big, good, pdf, "--db", str(tmp_path / "e.db"), "--allow-private",
                                 "--max-bytes", "100000"])
    assert result.exit_code == 0, result.output
    assert f"sitrep: skipped: {big}: too large (over 100000 bytes; abandoned)" in result.output
    assert f"sitrep: skipped: {pdf}: not an HTML page (content type application/pdf)" in result.output
    assert "3 pages: 1 new, 0 already stored, 2 failed" in result.output


def test_a_slow_page_times_out(site: Site, tmp_path: Path) -> None:
    slow = site.add("/slow.html", page("Slow", STORIES[2]), delay=2.0)
    result = runner.invoke(app, ["fetch", slow, "--db", str(tmp_path / "e.db"), "--allow-private", "--timeout", "0.3",
                                 "-q"])
    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"sitrep: skipped: {slow}: timed out after 0.3 s"


def test_private_address_is_refused_without_the_flag(site: Site, tmp_path: Path) -> None:
    url = site.add("/a.html", page("Shelling in Tartar", STORIES[0]))
    result = runner.invoke(app, ["fetch", url, site.url("/a.html", host="localhost"), "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 1, result.output
    assert "refused: 127.0.0.1 is a loopback address; use --allow-private" in result.output
    assert "refused: localhost (127.0.0.1) is a loopback address" in result.output
    assert site.hits == {}
