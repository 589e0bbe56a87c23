"""The safe fetcher: the only code in sitrep that talks to the network.

Every request, and every hop of a redirect, goes through the same checks before a byte is sent:
only ``http``/``https``; the host name is resolved here and each of its addresses checked, so a
feed cannot point sitrep at a loopback, private, link-local, multicast or reserved address (an
internal service) unless the user allows it; and the connection goes to the address that was
checked, not to a second DNS answer. Bodies are streamed and cut off at a size cap, each request
has a deadline covering all its hops, redirects are followed by our own loop up to a limit, and
the content type must be what was asked for.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

import httpx

from ..errors import FetchError

Kind = Literal["page", "feed"]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[IPAddress]]

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_ACCEPT = {
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
}
_REDIRECTS = (301, 302, 303, 307, 308)
_TRANSIENT = (408, 425, 429)  # besides 5xx: answers that invite a later retry
_CHUNK = 65536
_TRIES_PER_HOST = 3  # addresses of one host tried in turn when connecting fails


def user_agent() -> str:
    """The User-Agent sitrep sends: it names sitrep and its version, and says what it does."""
    from .. import __version__

    return f"sitrep/{__version__} (conflict news event extraction; feed reader)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits for every request.

    Attributes:
        timeout: seconds for a whole request, redirects included; each connect or read wait is
            also limited to what is left of it.
        max_bytes: the largest body accepted (after decompression); a larger one is abandoned
            as soon as it passes the cap.
        max_redirects: redirects followed before giving up.
        allow_private: also fetch from loopback, private, link-local and other non-public
            addresses (a feed on the local network, tests).
        user_agent: the User-Agent header; ``None`` uses :func:`user_agent`.
    """

    timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str | None = None

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, got {self.timeout}")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must be 0 or more, got {self.max_redirects}")


@dataclass(frozen=True)
class Fetched:
    """One response that passed every check.

    Attributes:
        url: the URL finally answered, after redirects.
        status: 200, or 304 for a conditional request whose resource has not changed.
        body: the body (empty for 304).
        media_type: the content type without parameters, lower case (``text/html``).
        charset: the charset the server declared, if any.
        etag: the ``ETag`` validator, for the next conditional request.
        last_modified: the ``Last-Modified`` validator, likewise.
    """

    url: str
    status: int
    body: bytes = b""
    media_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def blocked_reason(address: IPAddress) -> str | None:
    """Why sitrep refuses to connect to an address by default; ``None`` for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
              ("private", address.is_private), ("multicast", address.is_multicast),
              ("unspecified", address.is_unspecified), ("reserved", address.is_reserved))
    for name, hit in checks:
        if hit:
            return name
    return None if address.is_global else "not public"


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Resolve a host name with the system resolver, keeping its order of preference."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # socket.gaierror, and IDNA failures on odd names
        raise FetchError(f"cannot resolve {host} ({exc})", transient=True) from None
    found: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone index
        address = ipaddress.ip_address(raw)
        if address not in found:
            found.append(address)
    return found


@dataclass(frozen=True)
class Hop:
    """A checked request target: the URL, its host (for the Host header and TLS), the addresses to connect to."""

    url: httpx.URL
    host: str
    addresses: tuple[IPAddress, ...]


class Fetcher:
    """Fetches pages and feeds safely; use it as a context manager (it holds a connection pool).

    Args:
        options: the limits.
        resolver: turns a host name into addresses (tests inject one); the system's by default.

    Example:
        >>> with Fetcher(FetchOptions(timeout=10)) as fetcher:  # doctest: +SKIP
        ...     page = fetcher.fetch("https://example.org/news/1", "page")
    """

    def __init__(self, options: FetchOptions | None = None, resolver: Resolver | None = None) -> None:
        self.options = options or FetchOptions()
        self._resolve = resolver or system_resolver
        self._client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            # No keep-alive: connections go to checked addresses, and a TLS connection verified
            # for one host must never carry a request for another host on the same address.
            # trust_env=False: no proxy from the environment between us and the checked address.
            self._client = httpx.Client(follow_redirects=False, trust_env=False,
                                        limits=httpx.Limits(max_keepalive_connections=0))
        return self._client

    def check(self, url: str) -> Hop:
        """Check one URL: scheme, host, and every address the host resolves to.

        Raises:
            FetchError: the URL is not http(s), has no host, or leads to a refused address.
        """
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(f"invalid URL ({exc})") from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'no scheme'}:")
        host = parsed.raw_host.decode("ascii")
        if not host:
            raise FetchError("URL has no host")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses: Sequence[IPAddress] = [ipaddress.ip_address(host)]
        except ValueError:
            addresses = self._resolve(host, port)
        if not addresses:
            raise FetchError(f"cannot resolve {host}", transient=True)
        if not self.options.allow_private:
            for address in addresses:
                reason = blocked_reason(address)
                if reason is not None:
                    named = host if host == str(address) else f"{host} ({address})"
                    raise FetchError(f"refused: {named} is a {reason} address; use --allow-private to fetch from it")
        return Hop(parsed.copy_with(fragment=None), host, tuple(addresses))

    def fetch(self, url: str, kind: Kind, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET a page or a feed, following redirects, with every check of this module.

        Args:
            url: an http(s) URL.
            kind: ``"page"`` (HTML/XHTML accepted) or ``"feed"`` (RSS, Atom, XML accepted).
            etag: a validator from an earlier fetch, sent as ``If-None-Match``.
            last_modified: likewise, sent as ``If-Modified-Since``.

        Returns:
            The response; ``status`` is 304 when a conditional request found nothing new.

        Raises:
            FetchError: one line saying what went wrong; ``transient`` says whether to retry.
        """
        deadline = time.monotonic() + self.options.timeout
        headers = {"User-Agent": self.options.user_agent or user_agent(), "Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited: set[str] = set()
        current = url
        for _hop in range(self.options.max_redirects + 1):
            target = self.check(current)
            visited.add(str(target.url))
            response = self._send(target, headers, deadline)
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location")
                    current = urljoin(str(target.url), location.strip())
                    if current in visited:
                        raise FetchError(f"redirect loop at {current}")
                    continue
                return self._answer(target, response, kind, deadline)
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.options.timeout:g} s", transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(f"connection failed while reading ({_describe(exc)})", transient=True) from None
            finally:
                response.close()
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})")

    def _send(self, target: Hop, headers: dict[str, str], deadline: float) -> httpx.Response:
        """Open the response stream, connecting to the checked addresses in turn."""
        client = self._http()
        problem: FetchError | None = None
        for address in target.addresses[:_TRIES_PER_HOST]:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            pinned = target.url.copy_with(host=str(address))
            extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
            request = client.build_request("GET", pinned, headers={**headers, "Host": _host_header(target.url)},
                                           timeout=httpx.Timeout(left), extensions=extensions)
            try:
                return client.send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                problem = FetchError(f"cannot connect to {target.host} ({_describe(exc)})", transient=True)
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.options.timeout:g} s", transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(f"connection failed ({_describe(exc)})", transient=True) from None
        raise problem or FetchError(f"timed out after {self.options.timeout:g} s", transient=True)

    def _answer(self, target: Hop, response: httpx.Response, kind: Kind, deadline: float) -> Fetched:
        """Check a final (non-redirect) response and read its body under the cap and the deadline."""
        status = response.status_code
        final = str(target.url)
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if status == 304:
            return Fetched(final, 304, etag=etag, last_modified=modified)
        if status != 200:
            transient = status >= 500 or status in _TRANSIENT
            raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip(), transient=transient)
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not _acceptable(media_type, kind):
            what = "an HTML page" if kind == "page" else "a feed"
            raise FetchError(f"not {what} (content type {media_type or 'missing'})")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.options.max_bytes:
            raise FetchError(f"too large ({int(declared)} bytes; the limit is {self.options.max_bytes})")
        body = bytearray()
        for chunk in response.iter_bytes(_CHUNK):
            body += chunk
            if len(body) > self.options.max_bytes:
                raise FetchError(f"too large (over {self.options.max_bytes} bytes; abandoned)")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.options.timeout:g} s", transient=True)
        return Fetched(final, 200, bytes(body), media_type, response.charset_encoding, etag, modified)


def _acceptable(media_type: str, kind: Kind) -> bool:
    if kind == "page":
        return media_type in PAGE_TYPES
    return media_type in FEED_TYPES or media_type.endswith("+xml")


def _host_header(url: httpx.URL) -> str:
    """The Host header for a URL: its host (IDNA-encoded, IPv6 bracketed), with any explicit port."""
    host = url.raw_host.decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{url.port}" if url.port else host


def _describe(exc: Exception) -> str:
    """A short reason for a transport error."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
