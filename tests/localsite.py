"""A real HTTP server on 127.0.0.1 that serves feeds and pages a test wrote (no other network in tests).

Each route can answer slowly, with an error status, a redirect, an ``ETag`` honoured with 304, or
a long body streamed in chunks without a length (so a client must cut it off itself).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml"


@dataclass
class Route:
    """How one path answers."""

    body: bytes = b""
    content_type: str | None = HTML
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    etag: str | None = None  # answer 304 to a matching If-None-Match
    location: str | None = None  # answer a redirect there
    stream: int = 0  # stream this many filler bytes, with no Content-Length
    declared: int | None = None  # a Content-Length to claim, whatever is sent
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """The server, its routes, and what it was asked for; a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: str | bytes = b"", **how: Any) -> str:
        """Serve ``body`` (or what ``how`` says) at ``path``; return its URL."""
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **how)
        return self.url(path)

    def record(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, headers))

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            path = self.path.split("?", 1)[0]
            site.record(path, {k.lower(): v for k, v in self.headers.items()})
            route = site.routes.get(path)
            if route is None:
                self._answer(404, b"not found", "text/plain")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.location is not None:
                self.send_response(route.status if route.status in (301, 302, 303, 307, 308) else 302)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            if route.stream:
                self._stream(route)
                return
            extra = dict(route.headers)
            if route.etag:
                extra["ETag"] = route.etag
            self._answer(route.status, route.body, route.content_type, extra, route.declared)

        def _answer(self, status: int, body: bytes, content_type: str | None, extra: dict[str, str] | None = None,
                    declared: int | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared if declared is not None else len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the client may hang up first
                self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            self.send_response(200)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            self.end_headers()  # HTTP/1.0, no length: the body ends when the connection does
            chunk = b"<p>" + b"filler " * 9360 + b"</p>\n"  # about 64 KB
            sent = 0
            try:
                while sent < route.stream:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client hung up, as it should

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
            pass

    return Handler


def rss(items: list[tuple[str, str, str]], title: str = "Test wire") -> str:
    """An RSS 2.0 document; items are (guid, link, title), dated 2 October 2020."""
    stamp = format_datetime(datetime(2020, 10, 2, 9, 30, tzinfo=UTC))
    entries = "".join(f"<item><guid>{g}</guid><link>{link}</link><title>{t}</title><pubDate>{stamp}</pubDate></item>"
                      for g, link, t in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str, str]], title: str = "Test atom") -> str:
    """An Atom document; items are (id, link, title), updated 3 October 2020."""
    entries = "".join(f'<entry><id>{i}</id><title>{t}</title><link href="{link}"/>'
                      f"<updated>2020-10-03T08:00:00Z</updated></entry>" for i, link, t in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:test:feed</id><updated>2020-10-03T08:00:00Z</updated>{entries}</feed>")


# Invented incidents in real places, our own wording.
STORIES = [
    "Artillery shelling killed four civilians in Tartar on Thursday, the Azerbaijani defense ministry said.",
    "A missile strike on Barda on Thursday killed three civilians and wounded ten, local officials said.",
    "Armed men attacked a police post near Maiduguri on Wednesday, killing two officers, the police said.",
    "Protesters marched through central Khartoum on Tuesday, demanding the release of detained activists.",
    "An airstrike hit a market in Idlib on Monday, killing five people, rescue workers said.",
    "Clashes between the army and rebels near Goma on Friday left six fighters dead, the army said.",
    "A roadside bomb wounded three soldiers near Kandahar on Sunday, the provincial governor said.",
    "Police fired tear gas at demonstrators in Bamako on Saturday, witnesses said.",
]


def page(headline: str, story: str, author: str = "Staff Reporter") -> str:
    """An article page with a menu, a byline, a date, the story padded with our own filler, and a footer."""
    filler = ("The report could not be independently verified. Residents described a tense night, and "
              "aid groups said they were assessing the needs of families who had fled the area. ")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{headline}</title>"
            f"<meta name='author' content='{author}'><meta property='og:site_name' content='Test Wire'>"
            f"<meta property='article:published_time' content='2020-10-02T09:30:00Z'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{headline}</h1><p>{story}</p><p>{filler}</p><p>{filler}</p></article>"
            f"<footer>Copyright Test Wire</footer></body></html>")
