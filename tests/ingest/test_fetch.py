"""SSRF-safe fetching: refused addresses, redirects, size and type limits."""

from __future__ import annotations

import gzip
import ipaddress
import socket
from typing import Any

import pytest

from ingest import fetch
from ingest.fetch import FetchError

ARTICLE_HTML = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>قسد تعتقل خلية لداعش في ريف دير الزور</title>
<meta property="og:site_name" content="شبكة الاختبار">
<meta property="article:published_time" content="2025-03-12T09:00:00+00:00">
</head><body><nav>الرئيسية | أخبار | اتصل بنا</nav>
<article><h1>قسد تعتقل خلية لداعش في ريف دير الزور</h1>
<p>أعلنت قوات سوريا الديمقراطية، الثلاثاء، أنها نفذت بمشاركة التحالف الدولي عملية أمنية في بلدة ذيبان
بريف دير الزور الشرقي، أسفرت عن اعتقال ثلاثة عناصر من خلية تابعة لتنظيم داعش.</p>
<p>وقال المركز الإعلامي للقوات في بيان إن الخلية كانت مسؤولة عن اغتيالات وهجمات استهدفت نقاطاً
عسكرية في المنطقة خلال الأشهر الماضية، وإن العملية جرت دون وقوع إصابات في صفوف المدنيين.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def fake_resolver(mapping: dict[str, list[str]]) -> Any:
    """A getaddrinfo that answers from ``mapping`` (no network)."""

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host not in mapping:
            raise socket.gaierror(socket.EAI_NONAME, "unknown host")
        out = []
        for address in mapping[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    return getaddrinfo


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    ],
)
def test_refuses_non_public_addresses(address: str) -> None:
    assert fetch.address_refused(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"])
def test_accepts_public_addresses(address: str) -> None:
    assert fetch.address_refused(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://0x7f000001/",  # integer-encoded loopback (resolver turns it into 127.0.0.1)
        "http://localhost/",
    ],
)
def test_literal_and_local_urls_refused(url: str, settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(FetchError, match="Refused|resolve"):
        fetch.fetch(url)


@pytest.mark.parametrize(
    "url,message",
    [
        ("file:///etc/passwd", "Only http"),
        ("gopher://example.com/", "Only http"),
        ("ftp://example.com/x", "Only http"),
        ("http://example.com:6379/", "Port 6379"),
        ("http://user:pass@example.com/", "user name"),
        ("http:///nohost", "no host"),
    ],
)
def test_scheme_port_and_form_refused(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch.resolve_target(url)


def test_dns_name_resolving_to_loopback_refused(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    monkeypatch.setattr(socket, "getaddrinfo", fake_resolver({"evil.example": ["127.0.0.1"]}))
    with pytest.raises(FetchError, match="loopback"):
        fetch.fetch("http://evil.example/")


def test_dns_name_with_one_private_answer_refused(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    resolver = fake_resolver({"mixed.example": ["93.184.216.34", "10.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(FetchError, match="private"):
        fetch.resolve_target("https://mixed.example/")


def test_dns_name_resolving_to_mapped_ipv6_refused(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    monkeypatch.setattr(socket, "getaddrinfo", fake_resolver({"v6.example": ["::ffff:127.0.0.1"]}))
    with pytest.raises(FetchError, match="loopback"):
        fetch.fetch("http://v6.example/")


def test_connects_to_checked_ip_with_host_header(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """The name is resolved once and the connection pinned to that address
    (no second lookup that a rebinding DNS could answer differently)."""
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["news.test"]
    port = int(local_server.base.rsplit(":", 1)[1])
    calls: list[str] = []
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a rebinding resolver

    def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(host)
        answer = [host] if host[0].isdigit() else next(answers)  # IP literals resolve to themselves
        return fake_resolver({host: answer})(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    local_server.routes["/a"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, "نص".encode())
    result = fetch.fetch(f"http://news.test:{port}/a")
    assert result.body.decode() == "نص"
    assert calls.count("news.test") == 1 and set(calls) <= {"news.test", "127.0.0.1"}
    assert local_server.hits[-1][1]["host"] == f"news.test:{port}"


def test_redirect_to_loopback_refused(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """Each redirect hop is checked: a public page redirecting inside is refused."""
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["public.test"]  # the first hop only
    port = int(local_server.base.rsplit(":", 1)[1])
    monkeypatch.setattr(
        socket, "getaddrinfo", fake_resolver({"public.test": ["127.0.0.1"], "127.0.0.1": ["127.0.0.1"]})
    )
    local_server.routes["/go"] = (302, {"Location": f"http://127.0.0.1:{port}/secret"}, b"")
    local_server.routes["/secret"] = (200, {"Content-Type": "text/plain"}, b"internal")
    with pytest.raises(FetchError, match="Port|Refused"):
        fetch.fetch(f"http://public.test:{port}/go")
    assert local_server.count("/secret") == 0


def test_redirect_to_metadata_address_refused(local_server: Any, allow_local: None) -> None:
    local_server.routes["/go"] = (301, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
    with pytest.raises(FetchError, match="link-local"):
        fetch.fetch(local_server.url("/go"))


def test_redirects_followed_and_limited(local_server: Any, allow_local: None) -> None:
    local_server.routes["/r1"] = (302, {"Location": "/r2"}, b"")
    local_server.routes["/r2"] = (307, {"Location": local_server.url("/final")}, b"")
    local_server.routes["/final"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    result = fetch.fetch(local_server.url("/r1"))
    assert result.url == local_server.url("/final") and result.status == 200
    for i in range(7):
        local_server.routes[f"/loop{i}"] = (302, {"Location": f"/loop{i + 1}"}, b"")
    with pytest.raises(FetchError, match="Too many redirects"):
        fetch.fetch(local_server.url("/loop0"))


def test_oversize_refused_by_length_and_by_stream(
    local_server: Any, allow_local: None, settings: Any
) -> None:
    settings.FETCH_MAX_BYTES = 1000
    big = b"<html><body>" + b"x" * 5000 + b"</body></html>"
    local_server.routes["/big"] = (200, {"Content-Type": "text/html"}, big)
    with pytest.raises(FetchError, match="too large"):
        fetch.fetch(local_server.url("/big"))

    def chunked(handler: Any) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "text/html", "Content-Length": ""}, big  # no usable length

    local_server.routes["/nolength"] = chunked
    with pytest.raises(FetchError, match="too large"):
        fetch.fetch(local_server.url("/nolength"))


def test_gzip_bomb_capped_after_decompression(local_server: Any, allow_local: None, settings: Any) -> None:
    settings.FETCH_MAX_BYTES = 100_000
    bomb = gzip.compress(b"<html>" + b" " * 5_000_000)
    local_server.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    assert len(bomb) < settings.FETCH_MAX_BYTES
    with pytest.raises(FetchError, match="too large"):
        fetch.fetch(local_server.url("/bomb"))


@pytest.mark.parametrize("ctype", ["application/octet-stream", "image/png", "application/pdf", ""])
def test_wrong_content_type_refused(ctype: str, local_server: Any, allow_local: None) -> None:
    local_server.routes["/file"] = (200, {"Content-Type": ctype} if ctype else {}, b"\x89PNG....")
    with pytest.raises(FetchError, match="content type"):
        fetch.fetch(local_server.url("/file"))


def test_http_errors_are_reported(local_server: Any, allow_local: None) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as info:
        fetch.fetch(local_server.url("/missing"))
    assert not info.value.transient
    local_server.routes["/down"] = (503, {"Content-Type": "text/html"}, b"")
    with pytest.raises(FetchError, match="HTTP 503") as info:
        fetch.fetch(local_server.url("/down"))
    assert info.value.transient


def test_unreachable_port_is_transient(allow_local: None) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch.fetch(f"http://127.0.0.1:{port}/")
    assert info.value.transient


def test_page_text_and_metadata_extracted(local_server: Any, allow_local: None) -> None:
    local_server.routes["/news/1"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        ARTICLE_HTML.encode(),
    )
    page = fetch.fetch_page(local_server.url("/news/1"))
    assert "ذيبان" in page.text and "خلية" in page.text
    assert "جميع الحقوق" not in page.text and "اتصل بنا" not in page.text  # boilerplate dropped
    assert page.title == "قسد تعتقل خلية لداعش في ريف دير الزور"
    assert str(page.published).startswith("2025-03-12")
    assert page.site_name == "شبكة الاختبار"


@pytest.mark.django_db
def test_submit_url_stores_page_with_metadata(local_server: Any, allow_local: None, eager: None) -> None:
    from ingest import services, tasks
    from ingest.models import Article

    local_server.routes["/n/1"] = (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode())
    local_server.routes["/short"] = (301, {"Location": "/n/1"}, b"")
    sub = services.submit_url(local_server.url("/n/1"))
    article = sub.article
    assert sub.created and article.channel == Article.Channel.URL
    assert article.title.startswith("قسد تعتقل") and article.published_at.date().isoformat() == "2025-03-12"
    assert article.outlet.name == "شبكة الاختبار" and article.outlet.domain == "127.0.0.1"
    # Known URL: not fetched again; a redirecting alias of it is recognised after the fetch.
    assert not services.submit_url(local_server.url("/n/1")).created
    assert not services.submit_url(local_server.url("/short")).created
    assert local_server.count("/n/1") == 2 and Article.objects.count() == 1
    # The task reports refusals instead of raising.
    outcome = tasks.fetch_url_task.delay("http://127.0.0.1:1/x").get()
    assert outcome["outcome"] == "failed"
