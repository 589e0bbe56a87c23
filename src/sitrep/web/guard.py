"""ASGI middleware that guards every request: body size, Host header, and security headers.

Pure ASGI (no ``BaseHTTPMiddleware``) so the body limit applies while the body streams in: a
``Content-Length`` over the limit is refused before a byte is read, and a body sent without one
(chunked) is counted as it arrives and refused the moment it passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body


class _TooLarge(HTTPException):
    """The request body passed the limit while streaming in.

    An ``HTTPException``, so that FastAPI's body reader passes it on (it turns other exceptions
    into a 400) and the app's handler answers it in the JSON error shape.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit} bytes", {"Connection": "close"})


class Guard:
    """Refuse oversized bodies (413) and unexpected Host headers (400); add security headers.

    Args:
        app: the application to guard.
        max_body: the largest request body accepted, in bytes.
        allowed_hosts: host names the ``Host`` header may carry (any port); None allows any. A
            server on loopback allows only loopback names, so a web page cannot reach it through
            a DNS name that it re-points at 127.0.0.1 (DNS rebinding).
        headers: headers added to every answer (Content-Security-Policy and friends).
    """

    def __init__(self, app: ASGIApp, max_body: int, allowed_hosts: Iterable[str] | None,
                 headers: dict[str, str]) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and _hostname(request_headers.get("host", "")) not in self.allowed_hosts:
            await self._answer(send, 400, "this server answers only to its own host name", "bad_host")
            return
        length = request_headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await self._answer(send, 400, "invalid Content-Length")
                return
            if int(length) > self.max_body:
                await self._answer(send, 413, _TooLarge(self.max_body).detail)
                return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge(self.max_body)
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in names)]
            await send(message)

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except _TooLarge as exc:  # read outside the app's handlers (a route reading the stream itself)
            if not started:
                await self._answer(send, 413, exc.detail)

    async def _answer(self, send: Send, status: int, message: str, code: str | None = None) -> None:
        body = json.dumps(error_body(status, message, code)).encode("utf-8")
        headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                              *self.headers]
        if status == 413:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _hostname(host: str) -> str:
    """``127.0.0.1:8000`` → ``127.0.0.1``; ``[::1]:8000`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def security_headers(tile_origin: str | None) -> dict[str, str]:
    """Headers for every answer: a strict Content-Security-Policy (our own scripts only, no inline
    script, no framing), no MIME sniffing, no referrer. ``tile_origin`` is added to ``img-src``."""
    images = " ".join(x for x in ("'self'", "data:", tile_origin) if x)
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
           f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "frame-ancestors 'none'; form-action 'self'")
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}
