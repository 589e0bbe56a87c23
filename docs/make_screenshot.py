"""Make ``docs/screenshot.png``: the map page with the sample article's events, one event open.

Ingests the sample article (``../shared/samples/karabakh-2020-10-02.txt``, published 2020-10-02,
or the file given as the first argument) into a temporary store, serves it on 127.0.0.1 with a free
port, and photographs the page in headless Chromium (Debian's ``/usr/bin/chromium``, driven by
Playwright) at 1280×800.

Example:
    python docs/make_screenshot.py
    python docs/make_screenshot.py path/to/article.txt
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test helpers: a served app and Chromium

from browser_support import chromium, serving  # noqa: E402
from sitrep.model import Article  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.store import Store  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "karabakh-2020-10-02.txt"
OUTPUT = ROOT / "docs" / "screenshot.png"
SHOWN = "Madagiz"  # the event whose panel is open in the picture


def main() -> None:
    sample = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    article = Article(text=sample.read_text(encoding="utf-8"), published=date(2020, 10, 2),
                      title=f"Sample article ({sample.name})")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "events.db")
        pipeline = Pipeline().load()
        with Store(db) as store:
            store.add(article, pipeline.extract(article))
        with serving(db, pipeline=lambda: pipeline) as url, chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=20_000)
            page.wait_for_timeout(500)
            dot = page.locator(f'.ev-marker[title*="{SHOWN}"]')
            for _ in range(4):  # open clusters until the dot shows
                if dot.count():
                    break
                page.locator(".ev-cluster").first.click()
                page.wait_for_timeout(800)
            dot.click()
            page.locator("#panel .article-text mark").wait_for()
            page.wait_for_timeout(900)  # the map settles after the panel opens
            page.screenshot(path=str(OUTPUT))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
