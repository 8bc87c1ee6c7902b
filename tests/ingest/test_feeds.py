"""Feed polling against a local HTTP server: new items once, conditional
requests, teaser entries fetched from their link, health and backoff."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from django.utils import timezone

from ingest import feeds
from ingest.models import Article, Feed
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

LONG_1 = (
    "أعلنت قوات سوريا الديمقراطية تنفيذ عملية أمنية بمشاركة التحالف الدولي في بلدة الشحيل بريف دير الزور "
    "الشرقي، أسفرت عن اعتقال قيادي في تنظيم داعش كان مسؤولاً عن تمويل خلايا التنظيم في المنطقة. "
) * 4
LONG_2 = (
    "قال جهاز مكافحة الإرهاب العراقي إن قواته نفذت إنزالاً جوياً في وادي حوران بمحافظة الأنبار، "
    "وقتلت خمسة من عناصر داعش ودمرت مضافة كانوا يستخدمونها للاختباء، بحسب بيان رسمي صدر اليوم. "
) * 4
TEASER_PAGE = """<html><head><title>مقتل عنصرين من داعش في كركوك</title></head><body><article>
<h1>مقتل عنصرين من داعش في كركوك</h1>
<p>أعلنت خلية الإعلام الأمني العراقية مقتل عنصرين من تنظيم داعش بضربة جوية نفذها طيران الجيش العراقي
في وادي الشاي جنوبي محافظة كركوك، وذلك بناء على معلومات استخبارية دقيقة.</p>
<p>وأضاف البيان أن الضربة استهدفت وكراً كان يستخدمه عناصر التنظيم لتخزين الأسلحة والمواد الغذائية،
وأن قوة برية وصلت إلى المكان بعد الضربة وعثرت على الجثتين وعدد من الأسلحة الخفيفة.</p>
</article></body></html>"""


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{format_datetime(timezone.now() - timedelta(hours=1))}</pubDate>"
        f"<description><![CDATA[<p>{text}</p>]]></description></item>"
        for path, title, text in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>شبكة الاختبار</title>'
    return (head + body + "</channel></rss>").encode()


def serve_feed(server: Any, body: bytes, etag: str = '"v1"') -> None:
    def route(handler: Any) -> tuple[int, dict[str, str], bytes]:
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, body

    server.routes["/feed.xml"] = route


def test_feed_items_ingested_once(local_server: Any, allow_local: None, eager: None) -> None:
    outlet = OutletFactory(name="شبكة الاختبار", domain="test.example")
    feed = Feed.objects.create(url=local_server.url("/feed.xml"), outlet=outlet)
    items = [("/a/1", "عملية في الشحيل", LONG_1), ("/a/2", "إنزال في وادي حوران", LONG_2)]
    serve_feed(local_server, rss(local_server.base, items))

    first = feeds.poll_feed(feed.pk)
    assert first.error == "" and len(first.stored) == 2
    stored = Article.objects.order_by("pk")
    assert [a.url for a in stored] == [local_server.url("/a/1"), local_server.url("/a/2")]
    assert all(a.channel == Article.Channel.FEED and a.outlet == outlet and a.feed == feed for a in stored)
    assert stored[0].title == "عملية في الشحيل" and stored[0].published_at is not None
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_success_at and feed.consecutive_failures == 0
    assert feed.title == "شبكة الاختبار" and feed.next_poll_at > timezone.now()

    # Second poll: conditional request answered 304, nothing stored.
    second = feeds.poll_feed(feed.pk)
    assert second.not_modified and second.stored == []
    assert local_server.hits[-1][1].get("if-none-match") == '"v1"'

    # Changed feed (new ETag) repeating old items plus one new: only the new one.
    items.append(("/a/3", "خبر ثالث", LONG_1.replace("الشحيل", "البصيرة").replace("قيادي", "عنصرين")))
    serve_feed(local_server, rss(local_server.base, items), etag='"v2"')
    third = feeds.poll_feed(feed.pk)
    assert len(third.stored) == 1 and third.duplicates == 2
    assert Article.objects.count() == 3


def test_teaser_entries_fetch_the_article_page(local_server: Any, allow_local: None, eager: None) -> None:
    feed = Feed.objects.create(url=local_server.url("/feed.xml"))
    local_server.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, TEASER_PAGE.encode())
    serve_feed(local_server, rss(local_server.base, [("/story", "مقتل عنصرين من داعش", "مقتل عنصرين...")]))
    result = feeds.poll_feed(feed.pk)
    assert result.queued_fetches == 1
    article = Article.objects.get()
    assert "وادي الشاي" in article.text and article.url == local_server.url("/story")
    assert article.feed == feed and article.channel == Article.Channel.FEED
    assert local_server.count("/story") == 1
    # Polled again after a change: the stored link is not fetched again.
    serve_feed(
        local_server, rss(local_server.base, [("/story", "مقتل عنصرين من داعش", "مقتل...")]), etag='"v2"'
    )
    again = feeds.poll_feed(feed.pk)
    assert again.duplicates == 1 and local_server.count("/story") == 1


def test_failures_back_off_exponentially_and_recover(
    local_server: Any, allow_local: None, eager: None
) -> None:
    feed = Feed.objects.create(url=local_server.url("/broken.xml"), poll_interval_minutes=10)
    delays = []
    for _ in range(3):
        before = timezone.now()
        result = feeds.poll_feed(feed.pk)
        assert "HTTP 404" in result.error
        feed.refresh_from_db()
        delays.append((feed.next_poll_at - before).total_seconds() / 60)
    assert feed.consecutive_failures == 3 and "404" in feed.last_error
    assert [round(d) for d in delays] == [20, 40, 80]
    many = feeds.backoff(feed, 30)
    assert many == feeds.MAX_BACKOFF
    local_server.routes["/broken.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(local_server.base, []),
    )
    feeds.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0 and feed.last_error == "" and feed.last_success_at


def test_not_a_feed_is_a_failure(local_server: Any, allow_local: None) -> None:
    feed = Feed.objects.create(url=local_server.url("/junk"))
    local_server.routes["/junk"] = (200, {"Content-Type": "text/xml"}, b"<<<not xml at all")
    result = feeds.poll_feed(feed.pk)
    assert result.error.startswith("Not a readable feed")
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1


def test_feed_on_private_address_refused(settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    feed = Feed.objects.create(url="http://127.0.0.1:6379/")
    result = feeds.poll_feed(feed.pk)
    assert "Port 6379" in result.error or "Refused" in result.error


def test_due_feeds_are_leased_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import tasks

    queued: list[int] = []
    monkeypatch.setattr(tasks.poll_feed, "delay", lambda feed_id: queued.append(feed_id))
    due = Feed.objects.create(url="https://a.example/feed")
    Feed.objects.create(url="https://b.example/feed", next_poll_at=timezone.now() + timedelta(hours=1))
    Feed.objects.create(url="https://c.example/feed", active=False)
    assert feeds.queue_due_feeds() == 1
    assert feeds.queue_due_feeds() == 0  # leased: the next beat tick does not queue it again
    assert queued == [due.pk]


def test_last_modified_conditional_request(local_server: Any, allow_local: None, eager: None) -> None:
    stamp = "Wed, 12 Mar 2025 09:00:00 GMT"
    body = rss(local_server.base, [("/m/1", "خبر", LONG_2)])

    def route(handler: Any) -> tuple[int, dict[str, str], bytes]:
        if handler.headers.get("If-Modified-Since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/atom+xml", "Last-Modified": stamp}, body

    local_server.routes["/lm.xml"] = route
    feed = Feed.objects.create(url=local_server.url("/lm.xml"))
    assert len(feeds.poll_feed(feed.pk).stored) == 1
    feed.refresh_from_db()
    assert feed.last_modified == stamp and feed.etag == ""
    assert feeds.poll_feed(feed.pk).not_modified
    feed.refresh_from_db()
    assert feed.last_modified == stamp  # kept across the 304
