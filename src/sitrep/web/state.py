"""What the web app holds while it runs: its settings, the store, the lazy pipeline."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import InputError
from ..store import Store
from .extractor import LazyExtractor

#: Host names that mean this machine; a server on one of them is on loopback.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServeOptions:
    """Settings of the web app, passed down whole.

    Attributes:
        token: the bearer token that writes (``POST /api/extract`` with ``store``) need; None
            for none, in which case only a server on loopback accepts writes.
        loopback: the server listens on loopback only (``127.0.0.1``, ``::1``).
        allowed_hosts: the names the ``Host`` header may carry; None accepts any. A loopback server
            should accept only loopback names (against DNS rebinding).
        max_body: the largest request body, in bytes; larger ones get a 413.
        tile_url: an online tile layer (``https://{s}.example.org/{z}/{x}/{y}.png``) drawn under the
            events instead of the offline country outlines; None stays offline.
        tile_attribution: the credit line the tile provider asks for.
    """

    token: str | None = None
    loopback: bool = False
    allowed_hosts: tuple[str, ...] | None = None
    max_body: int = 1024 * 1024
    tile_url: str | None = None
    tile_attribution: str | None = None

    @property
    def writes(self) -> bool:
        """Whether a client can store anything at all (with the token, where one is set)."""
        return bool(self.token) or self.loopback


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` listens on this machine only."""
    return host.strip("[]").lower() in LOOPBACK_HOSTS or host.startswith("127.")


def tile_origin(tile_url: str) -> str:
    """The origin a tile URL template loads from, for the Content-Security-Policy (``{s}`` → ``*``).

    Raises:
        InputError: not an http(s) URL with ``{z}``, ``{x}`` and ``{y}`` in it.
    """
    parts = urlsplit(tile_url)
    placeholders = all(k in tile_url for k in ("{z}", "{x}", "{y}"))
    if parts.scheme not in ("http", "https") or not parts.netloc or not placeholders:
        raise InputError(f"invalid tile URL {tile_url!r}; expected https://HOST/{{z}}/{{x}}/{{y}}.png")
    host = parts.netloc.replace("{s}", "*")
    if any(c in host for c in " ;'\"{}"):
        raise InputError(f"invalid tile URL host {parts.netloc!r}")
    return f"{parts.scheme}://{host}"


@dataclass
class WebState:
    """The app's shared state (``app.state.sitrep``).

    Attributes:
        store: the store, open for reading.
        options: the settings.
        extractor: the pipeline for pasted articles, loaded on first use.
    """

    store: Store
    options: ServeOptions
    extractor: LazyExtractor
    _writer: Store | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def writer(self) -> Store:
        """The store opened for writing (schema checked and migrated), on first use."""
        with self._lock:
            if self._writer is None:
                self._writer = Store(self.store.url.render_as_string(hide_password=False)).open(write=True)
            return self._writer

    def close(self) -> None:
        self.store.close()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
