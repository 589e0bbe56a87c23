"""The map page in real headless Chromium: markers, the event panel with its evidence, filters, the
timeline, the paste box, a phone-sized screen, and article text that tries to run script.

Outside CI these tests skip when there is no Chromium; under CI (``CI=true``) they fail instead,
because ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import chromium, chromium_path, save_page, serving
from sitrep.pipeline import Pipeline
from web_support import ARTICLES, HOSTILE, extracted, fill

if chromium_path() is None:
    if os.environ.get("CI") == "true":
        pytest.fail("no Chromium at /usr/bin/chromium in CI: .ci/run should have installed it", pytrace=False)
    pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

PASTE = "Gunmen attacked a village near Kidal on Tuesday, killing five civilians, local officials said."


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline().load()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("web") / "events.db")
    fill(db, extracted(pipeline, [*ARTICLES, HOSTILE]))
    with serving(db, pipeline=lambda: pipeline) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """The map page, loaded; collects page errors and dialogs (neither may happen)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def on_dialog(dialog: Any) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    tab.goto(site + "/")
    tab.wait_for_selector("body[data-ready=true]", timeout=20_000)
    yield tab
    context.close()
    assert problems == []


def marker(page: Any, place: str) -> Any:
    """The dot of the event at ``place``; dense dots are clustered, so click clusters open until it shows."""
    found = page.locator(f'.ev-marker[title*="{place}"]')
    for _ in range(4):
        if found.count() or not page.locator(".ev-cluster").count():
            break
        page.locator(".ev-cluster").first.click()
        page.wait_for_timeout(700)  # the zoom animation
    return found


def shown(page: Any) -> int:
    return int(page.locator("body").get_attribute("data-loaded"))


def test_markers_panel_evidence_and_type_filter(page: Any, tmp_path: Path) -> None:
    assert shown(page) == 4
    assert page.locator(".ev-marker, .ev-cluster").count() >= 1
    page.locator("#status").filter(has_text="4 events").wait_for()

    marker(page, "Mopti").click()
    mark = page.locator("#panel .article-text mark")
    mark.wait_for()
    assert mark.inner_text() == ARTICLES[2].text
    assert page.locator("#panel-chip").inner_text() == "Battles"
    assert "Sahel Daily" in page.locator("#panel").inner_text()
    assert "army" in page.locator("#panel .facts").inner_text()  # claimed_by
    assert "selected" in (marker(page, "Mopti").get_attribute("class") or "")

    page.select_option("#f-event-type", "Protests")
    page.wait_for_function("() => document.body.dataset.loaded === '1'")
    assert page.locator(".ev-marker").count() == 1
    assert "Yerevan" in (page.locator(".ev-marker").first.get_attribute("title") or "")
    assert save_page(page, tmp_path / "map.png").stat().st_size > 10_000


def test_a_merged_event_shows_both_sources(page: Any) -> None:
    page.select_option("#f-event-type", "Explosions/Remote violence")
    page.fill("#f-country", "AZE")
    page.click("#filter-form button[type=submit]")
    page.wait_for_function("() => document.body.dataset.loaded === '2'")  # Tartar (merged) and Barda
    marker(page, "Tartar").click()
    page.locator("#panel .article-text mark").wait_for()
    text = page.locator("#panel").inner_text()
    assert "Test Wire" in text and "Other Post" in text and "merged reports" in text.lower()
    assert page.locator("#panel .article-pick option").count() == 2


def test_timeline_click_filters_by_day(page: Any) -> None:
    bars = page.locator("#timeline-svg .tl-bar")
    assert bars.count() == 3  # 1, 2 and 5 October
    bars.first.click()
    page.wait_for_function("() => document.body.dataset.loaded === '1'")
    assert page.input_value("#f-since") == page.input_value("#f-until") == "2020-10-01"
    page.click("#timeline-clear")
    page.wait_for_function("() => document.body.dataset.loaded === '4'")


def test_timeline_drag_picks_a_range(page: Any) -> None:
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 5, y, steps=5)
    page.mouse.up()
    page.wait_for_function("() => document.body.dataset.loaded !== '4'")
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since < until <= "2020-10-05"
    assert 1 <= shown(page) < 4


def test_pasted_article_shows_on_the_map_at_once(page: Any) -> None:
    page.click("#open-paste")
    page.fill("#p-text", PASTE)
    page.fill("#p-published", "2020-10-07")
    page.click("#p-submit")
    page.locator("#pasted-bar").filter(has_text="1 event extracted").wait_for()
    pasted = page.locator(".ev-marker.pasted")
    assert pasted.count() == 1
    pasted.click()
    assert page.locator("#panel .article-text mark").inner_text() == PASTE


def test_article_text_is_shown_as_text_and_never_runs(page: Any) -> None:
    page.fill("#f-country", "AZE")
    page.fill("#f-text", "Barda")
    page.click("#filter-form button[type=submit]")
    page.wait_for_function("() => document.body.dataset.loaded === '1'")
    marker(page, "Barda").click()
    article = page.locator("#panel .article-text")
    article.locator("mark").wait_for()
    assert "<script>window.__xss = 'script';</script>" in article.inner_text()
    assert "<img src=x onerror=" in page.locator("#panel .article-title").inner_text()
    assert page.locator("#panel a[href^='javascript']").count() == 0
    assert page.locator("#panel script, #panel img, #panel iframe, #panel b").count() == 0
    article.hover()
    # The same payload pasted into the paste box.
    page.click("#open-paste")
    page.fill("#p-text", HOSTILE.text)
    page.fill("#p-title", HOSTILE.title or "")
    page.click("#p-submit")
    page.locator(".ev-marker.pasted").first.click()
    page.locator("#panel .article-text mark").wait_for()
    assert "<iframe" in page.locator("#panel .article-text").inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_phone_screen(browser: Any, site: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(site + "/")
    tab.wait_for_selector("body[data-ready=true]", timeout=20_000)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert not tab.locator("#filters").is_visible() or tab.locator("#filters").bounding_box()["x"] < 0
    tab.click("#toggle-filters")
    tab.wait_for_function("() => document.getElementById('filters').getBoundingClientRect().left >= 0")
    tab.click("#toggle-filters")
    marker(tab, "Mopti").tap()
    tab.locator("#panel .article-text mark").wait_for()
    panel = tab.locator("#panel").bounding_box()
    assert panel["width"] == 390 and panel["y"] > 200  # a bottom sheet over the map
    tab.wait_for_timeout(600)  # the map pans the dot into sight above the sheet
    save_page(tab, tmp_path / "phone.png")
    context.close()
