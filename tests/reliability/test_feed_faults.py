"""Hostile feed servers on 127.0.0.1: one that accepts and never answers, one
that drips its answer a byte at a time, one that speaks garbage, one that
streams a body of more than 100 MB. Each poll is bounded by
FETCH_TIMEOUT_SECONDS / FETCH_MAX_BYTES, each bad feed is marked unhealthy
(consecutive_failures, last_error, backoff), and the healthy feed polled in
the same round is still ingested."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from email.utils import format_datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ingest import fetch, tasks
from ingest.fetch import FetchError
from ingest.models import Article, Feed

from .conftest import OTHER, STORY, FaultServer

pytestmark = pytest.mark.django_db
TIMEOUT = 0.5  # FETCH_TIMEOUT_SECONDS in these tests: deadline 2 x 0.5 s per fetch
MAX_BYTES = 200_000
HUGE = 120 * 1024 * 1024


def good_rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>خبر {i}</title><link>{base}/a/{i}</link><guid>{base}/a/{i}</guid>"
        f"<pubDate>{format_datetime(timezone.now())}</pubDate>"
        f"<description><![CDATA[<p>{text}</p>]]></description></item>"
        for i, text in enumerate([STORY * 4, OTHER * 4])
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>جيد</title>'
        f"{items}</channel></rss>"
    ).encode()


def install_faults(server: FaultServer) -> None:
    def hang(conn: socket.socket) -> None:
        time.sleep(30)  # accepted, request read, never a byte back

    def drip(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
        for _ in range(300):  # one byte every 0.1 s: no single read ever times out
            conn.sendall(b" ")
            time.sleep(0.1)

    def drip_headers(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(300):
            conn.sendall(b"a")
            time.sleep(0.1)

    def garbage(conn: socket.socket) -> None:
        conn.sendall(os.urandom(4096) + b"\r\n\r\n")

    def binary_feed(conn: socket.socket) -> None:
        body = b"\x00\xff\xfe<rss" + os.urandom(8192)
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}\r\n\r\n"
        conn.sendall(head.encode() + body)

    def huge(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n<rss>"
        )
        chunk = b"<item>" + b"x" * 65530
        sent = 0
        with contextlib.suppress(OSError):
            while sent < HUGE:
                conn.sendall(chunk)
                sent += len(chunk)
        server.sent["/huge.xml"] = sent

    def huge_declared(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {HUGE}\r\n\r\n".encode()
        )
        time.sleep(5)

    body = good_rss(server.base)

    def good(conn: socket.socket) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        conn.sendall(head.encode() + body)

    server.routes.update(
        {
            "/hang.xml": hang,
            "/drip.xml": drip,
            "/drip-headers.xml": drip_headers,
            "/garbage.xml": garbage,
            "/binary.xml": binary_feed,
            "/huge.xml": huge,
            "/huge-declared.xml": huge_declared,
            "/good.xml": good,
        }
    )


EXPECTED_ERRORS = {
    "/hang.xml": ("ReadTimeout", "took too long"),
    "/drip.xml": ("took too long",),
    "/drip-headers.xml": ("took too long",),
    "/garbage.xml": ("Cannot fetch",),
    "/binary.xml": ("Not a readable feed",),
    "/huge.xml": ("too large",),
    "/huge-declared.xml": ("too large",),
}


@pytest.fixture
def limits(settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_SECONDS = TIMEOUT
    settings.FETCH_MAX_BYTES = MAX_BYTES


@pytest.mark.slow
def test_bad_feeds_are_bounded_marked_unhealthy_and_others_still_polled(
    fault_server: FaultServer, limits: None, eager: None, admin_user: Any
) -> None:
    install_faults(fault_server)
    feeds = {path: Feed.objects.create(url=fault_server.url(path), poll_interval_minutes=10) for path in
             [*EXPECTED_ERRORS, "/good.xml"]}  # fmt: skip
    started = time.monotonic()
    queued = tasks.poll_due_feeds.delay().get()  # the beat task: every due feed, in-process
    elapsed = time.monotonic() - started
    assert queued == len(feeds)
    # Each poll is bounded by its own deadline (2 x timeout), not by the server.
    assert elapsed < len(feeds) * 2 * TIMEOUT + 5, elapsed

    for path, needles in EXPECTED_ERRORS.items():
        feed = Feed.objects.get(pk=feeds[path].pk)
        assert feed.consecutive_failures == 1, path
        assert any(n in feed.last_error for n in needles), (path, feed.last_error)
        assert feed.last_success_at is None and feed.last_polled_at is not None
        # Backed off: the next poll is 2 x the interval away, not in a minute.
        assert (feed.next_poll_at - timezone.now()).total_seconds() > 19 * 60, path
    # The >100 MB stream was abandoned early: the server could not push it all.
    assert fault_server.sent.get("/huge.xml", 0) < HUGE / 4

    good = Feed.objects.get(pk=feeds["/good.xml"].pk)
    assert good.consecutive_failures == 0 and good.last_error == "" and good.last_success_at
    stored = Article.objects.filter(feed=good)
    assert stored.count() == 2 and set(stored.values_list("status", flat=True)) <= {
        "pending",
        "done",
        "failed",
    }
    assert Article.objects.exclude(feed=good).count() == 0  # nothing from a bad feed

    # Health is visible to admins through the API.
    api = APIClient()
    api.force_authenticate(admin_user)
    listing = {f["url"]: f for f in api.get("/api/v1/feeds/").json()["results"]}
    assert listing[fault_server.url("/hang.xml")]["consecutive_failures"] == 1
    assert listing[fault_server.url("/good.xml")]["last_error"] == ""

    # A second round soon after polls none of them (backoff / interval).
    assert tasks.poll_due_feeds.delay().get() == 0


@pytest.mark.parametrize("path", ["/hang.xml", "/drip.xml", "/drip-headers.xml"])
def test_single_fetch_deadline(fault_server: FaultServer, limits: None, path: str) -> None:
    """URL submissions use the same fetcher: a stalling server costs at most
    2 x FETCH_TIMEOUT_SECONDS, and the failure is transient (retried later)."""
    install_faults(fault_server)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch.fetch(fault_server.url(path))
    assert time.monotonic() - started < 2 * TIMEOUT + 1.5
    assert info.value.transient
