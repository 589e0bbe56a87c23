"""A real ``sitrep serve`` app on 127.0.0.1 (uvicorn in a thread, a free port) and headless Chromium.

Used by the browser tests and by ``docs/make_screenshot.py``. Chromium is Debian's
(``/usr/bin/chromium``, installed by ``.ci/run``), driven by Playwright without ``playwright install``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from sitrep.web import ServeOptions, create_app

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    """The Chromium binary, if there is one."""
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")


@contextlib.contextmanager
def serving(db_url: str, options: ServeOptions | None = None, pipeline: Any = None) -> Iterator[str]:
    """Serve the app over ``db_url`` on a free loopback port; yield its base URL."""
    app = create_app(db_url, options or ServeOptions(loopback=True), pipeline=pipeline)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="sitrep-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium through Playwright; yields the browser."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def save_page(page: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path
