"""Fetch a web page or feed without letting the fetch reach our own network.

Server-side request forgery is the risk: an editor (or a feed entry) names a
URL and our worker fetches it from inside the deployment. So every hop:

* only http/https, only ports 80/443 (any port for allow-listed hosts);
* the host name is resolved once, every address checked (private, loopback,
  link-local, multicast, reserved, unspecified, shared, IPv4-mapped/6to4/NAT64
  IPv6 that embed such an IPv4), and the connection goes to the checked IP
  (pinned: a second DNS answer cannot rebind us), with Host and TLS SNI /
  certificate check still using the name;
* redirects are followed by hand (max 5), each hop checked like the first;
* the body is streamed and abandoned past ``FETCH_MAX_BYTES`` (after
  decompression), with connect/read timeouts and an overall deadline
  (2 x ``FETCH_TIMEOUT_SECONDS``, redirects included) enforced by a watchdog
  that shuts the socket down, so a server dripping its headers or body a
  byte at a time cannot hold a worker;
* only HTML, XML/RSS/Atom and plain text content types are accepted.

``settings.FETCH_ALLOWED_PRIVATE_HOSTS`` lists host names (e.g. 127.0.0.1 for
tests) that may resolve to private addresses; it is empty in production.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3
from django.conf import settings

MAX_REDIRECTS = 5
USER_AGENT = "OpsTracker/1.0 (+news ingestion; contact the site operator)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
TEXT_TYPES = {"text/plain"}
ALL_TYPES = HTML_TYPES | FEED_TYPES | TEXT_TYPES

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The URL was refused or could not be fetched. ``transient`` marks
    failures worth retrying later (timeouts, connection resets, 5xx)."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _allowed_private_hosts() -> set[str]:
    return {h.strip().lower().strip("[]") for h in settings.FETCH_ALLOWED_PRIVATE_HOSTS}


def address_refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from, or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip.teredo:
            embedded = ip.teredo[1]
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = address_refused(embedded)
            return f"{reason} (embedded in {ip})" if reason else None
    checks = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not globally routable", not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address {ip}"
    return None


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (IDNA-encoded), without brackets
    port: int
    path: str  # path + query, never empty
    ip: str  # the checked address to connect to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def resolve_target(url: str) -> Target:
    """Validate ``url`` and resolve its host to one checked address.
    Raises FetchError naming the reason for a refused URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"Not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchError(f"Only http and https URLs can be fetched (got {scheme or 'no scheme'!r}).")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password are not fetched.")
    raw_host = (parts.hostname or "").rstrip(".")
    if not raw_host:
        raise FetchError("The URL has no host.")
    try:
        host = raw_host.encode("idna").decode("ascii").lower() if not _is_ip(raw_host) else raw_host.lower()
    except UnicodeError as exc:
        raise FetchError(f"Invalid host name {raw_host!r}.") from exc
    allowed_private = host in _allowed_private_hosts()
    port = port or DEFAULT_PORTS[scheme]
    if port not in DEFAULT_PORTS.values() and not allowed_private:
        raise FetchError(f"Port {port} is not allowed (only 80 and 443).")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve {host}: {exc}", transient=True) from exc
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 scope id
        ip = ipaddress.ip_address(address)
        reason = address_refused(ip)
        if reason and not allowed_private:
            # One bad answer refuses the host: a name mixing public and private
            # answers is a rebinding attempt.
            raise FetchError(f"Refused: {host} resolves to a {reason}.")
        addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"Cannot resolve {host}.", transient=True)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return Target(scheme=scheme, host=host, port=port, path=path, ip=addresses[0])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = (header or "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ") or None
    return media.strip().lower(), charset


def _pool(target: Target, timeout: float) -> urllib3.HTTPConnectionPool:
    t = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        # Connect to the pinned IP; SNI and the certificate check use the name.
        return urllib3.HTTPSConnectionPool(
            target.ip,
            target.port,
            timeout=t,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(target.ip, target.port, timeout=t, retries=False, maxsize=1)


class _Watchdog:
    """Shuts the fetch's sockets down at the deadline, whatever the fetch is
    doing: per-read timeouts never fire against a server that sends one byte
    just before each one would."""

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            fired = self.fired
        if fired:
            self._shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _watched_pool(target: Target, timeout: float, watchdog: _Watchdog) -> urllib3.HTTPConnectionPool:
    pool = _pool(target, timeout)
    base = pool.ConnectionCls

    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    pool.ConnectionCls = Watched
    return pool


def fetch(
    url: str,
    *,
    accept: set[str] | frozenset[str] = frozenset(ALL_TYPES),
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET ``url`` safely (see the module docstring). A 304 answer to a
    conditional request is returned with an empty body."""
    timeout = settings.FETCH_TIMEOUT_SECONDS if timeout is None else timeout
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    deadline = time.monotonic() + 2 * timeout  # slow-drip servers cannot hold a worker
    watchdog = _Watchdog(deadline)
    try:
        return _fetch_hops(url, accept, etag, last_modified, timeout, max_bytes, deadline, watchdog)
    except FetchError as exc:
        if watchdog.fired:
            raise FetchError(
                f"Fetching {url} took too long (over {2 * timeout:g} s).", transient=True
            ) from exc
        raise
    finally:
        watchdog.cancel()


def _fetch_hops(
    url: str,
    accept: set[str] | frozenset[str],
    etag: str,
    last_modified: str,
    timeout: float,
    max_bytes: int,
    deadline: float,
    watchdog: _Watchdog,
) -> FetchResult:
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = resolve_target(current)
        headers = {
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
            "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        pool = _watched_pool(target, timeout, watchdog)
        try:
            response = pool.urlopen(
                "GET", target.path, headers=headers, redirect=False, retries=False, preload_content=False,
                assert_same_host=False,
            )  # fmt: skip
        except urllib3.exceptions.SSLError as exc:
            pool.close()
            raise FetchError(f"TLS error for {target.host}: {exc}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            pool.close()
            raise FetchError(f"Cannot fetch {current}: {type(exc).__name__}", transient=True) from exc
        try:
            status = response.status
            if status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"Redirect without a Location from {current}.")
                current = urljoin(current, location.strip())
                continue
            result = FetchResult(
                url=current,
                status=status,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
            if status == 304:
                return result
            if status >= 400:
                raise FetchError(f"HTTP {status} from {current}", transient=status >= 500 or status == 429)
            if status != 200:
                raise FetchError(f"Unexpected HTTP {status} from {current}")
            media, charset = _media_type(response.headers.get("Content-Type", ""))
            if media not in accept:
                raise FetchError(f"Refused content type {media or 'none'!r} from {current}.")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"Response too large ({int(length):,} bytes; limit {max_bytes:,}).")
            result.content_type, result.charset = media, charset
            result.body = _read_capped(response, max_bytes, deadline, current)
            return result
        finally:
            response.release_conn()
            response.close()
            pool.close()
    raise FetchError(f"Too many redirects (more than {MAX_REDIRECTS}) from {url}.")


def _read_capped(response: Any, max_bytes: int, deadline: float, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(65536, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"Response too large (over {max_bytes:,} bytes) from {url}.")
            if time.monotonic() > deadline:
                raise FetchError(f"Fetching {url} took too long.", transient=True)
            chunks.append(chunk)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"Cannot read {url}: {type(exc).__name__}", transient=True) from exc
    return b"".join(chunks)


# --- Main text and metadata ---------------------------------------------------------


@dataclass
class Page:
    url: str
    title: str = ""
    text: str = ""
    published: datetime | str | None = None
    site_name: str = ""
    language: str = ""


def decode_body(result: FetchResult) -> str:
    for encoding in (result.charset, "utf-8"):
        if not encoding:
            continue
        try:
            return result.body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return result.body.decode("utf-8", errors="replace")


def extract_page(html: str | bytes, url: str) -> Page:
    """Main text, title, date and site name of an HTML page (trafilatura; it is
    given the document, never a URL to fetch)."""
    import trafilatura

    page = Page(url=url)
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, as_dict=False
    )
    if doc is None:
        return page
    page.text = (getattr(doc, "text", "") or "").strip()
    page.title = (getattr(doc, "title", "") or "").strip()
    page.published = getattr(doc, "date", None) or None
    page.site_name = (getattr(doc, "sitename", "") or "").strip()
    page.language = (getattr(doc, "language", "") or "").strip()
    return page


_BLOCK_END = re.compile(r"(?i)(<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article)>)")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block."""
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in fragment:
        return html.unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(
            _BLOCK_END.sub(lambda m: m.group(0) + "\n", fragment), create_parent="div"
        )
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line).strip()


def fetch_page(url: str) -> Page:
    """Fetch ``url`` and extract its article. Plain text responses are kept as is."""
    result = fetch(url, accept=HTML_TYPES | TEXT_TYPES)
    if result.content_type in TEXT_TYPES:
        return Page(url=result.url, text=decode_body(result).strip())
    page = extract_page(result.body, result.url)
    return page
