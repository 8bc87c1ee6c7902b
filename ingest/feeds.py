"""RSS/Atom feed polling.

``queue_due_feeds`` (beat, every minute) leases each due feed with a
conditional UPDATE (so a slow poll is never queued twice) and queues
``poll_feed``. ``poll_feed`` fetches the feed with our SSRF-safe fetcher
(conditional request with the stored ETag / Last-Modified), parses the bytes
with feedparser (which is never given a URL, so it never fetches anything
itself) and submits each entry not already stored. An entry whose text is
only a teaser is fetched from its link (queued, one task per link).

Feed health: last_success_at, last_error, consecutive_failures. After a
failure the next poll is delayed exponentially (interval * 2^failures,
capped at ``MAX_BACKOFF``).
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from .fetch import FEED_TYPES, HTML_TYPES, FetchError, fetch, html_to_text
from .models import Article, Feed

logger = logging.getLogger(__name__)

# Entry text shorter than this is a teaser: the article is fetched from the link.
TEASER_MAX_CHARS = 600
MAX_BACKOFF = timedelta(hours=24)
LEASE = timedelta(minutes=10)  # a queued poll holds the feed this long
MAX_ENTRIES = 200


@dataclass
class PollResult:
    feed_id: int
    not_modified: bool = False
    stored: list[int] = field(default_factory=list)
    duplicates: int = 0
    queued_fetches: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "not_modified": self.not_modified,
            "stored": len(self.stored),
            "duplicates": self.duplicates,
            "queued_fetches": self.queued_fetches,
            "failed": self.failed,
            "error": self.error,
        }


def backoff(feed: Feed, failures: int) -> timedelta:
    interval = timedelta(minutes=feed.poll_interval_minutes)
    return min(interval * (2 ** min(failures, 16)), MAX_BACKOFF)


def queue_due_feeds(now: datetime | None = None) -> int:
    """Lease and queue every active feed whose next poll is due."""
    from .tasks import poll_feed as poll_feed_task

    now = now or timezone.now()
    due = Feed.objects.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), active=True)
    queued = 0
    for feed_id, next_poll_at in due.values_list("pk", "next_poll_at")[:1000]:
        # Conditional lease: only one beat tick / scheduler queues this poll.
        leased = Feed.objects.filter(pk=feed_id, next_poll_at=next_poll_at).update(next_poll_at=now + LEASE)
        if leased:
            poll_feed_task.delay(feed_id)
            queued += 1
    return queued


def poll_now(feed_ids: list[int]) -> int:
    """Admin "poll now": queue polls regardless of schedule."""
    from .tasks import poll_feed as poll_feed_task

    ids = list(Feed.objects.filter(pk__in=feed_ids).values_list("pk", flat=True))
    Feed.objects.filter(pk__in=ids).update(next_poll_at=timezone.now() + LEASE)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: poll_feed_task.delay(pk))
    return len(ids)


def _entry_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content blocks and summary, as plain text."""
    blocks = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    blocks.append(entry.get("summary", "") or "")
    best = ""
    for block in blocks:
        text = html_to_text(block) if block else ""
        if len(text) > len(best):
            best = text
    return best


def _safe_link(entry: Any) -> str:
    link = (entry.get("link") or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else ""


def poll_feed(feed_id: int) -> PollResult:
    """Poll one feed now and ingest its new entries; update its health."""
    feed = Feed.objects.select_related("outlet").filter(pk=feed_id).first()
    result = PollResult(feed_id=feed_id)
    if feed is None:  # deleted since the poll was queued
        result.error = "feed not found"
        return result
    now = timezone.now()
    try:
        return _poll(feed, result, now)
    except (DatabaseError, ConnectionError):
        raise  # transient: the task retries
    except Exception as exc:  # noqa: BLE001  (a parser bug must still show on the feed's health)
        logger.exception("polling feed %s failed", feed.pk)
        _record_failure(feed, f"{type(exc).__name__}: {exc}", now)
        result.error = str(exc)
        return result


def _poll(feed: Feed, result: PollResult, now: datetime) -> PollResult:
    from . import services
    from .tasks import fetch_url_task

    try:
        response = fetch(
            feed.url,
            accept=FEED_TYPES | HTML_TYPES | {"text/plain"},
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
    except FetchError as exc:
        _record_failure(feed, str(exc), now)
        result.error = str(exc)
        return result
    if response.not_modified:
        result.not_modified = True
        _record_success(
            feed,
            now,
            etag=response.etag or feed.etag,
            last_modified=response.last_modified or feed.last_modified,
        )
        return result
    parsed = feedparser.parse(
        response.body,
        response_headers={
            "content-type": response.headers.get("content-type", ""),
            "content-location": response.url,
        },
    )
    if parsed.bozo and not parsed.entries:
        message = f"Not a readable feed: {getattr(parsed, 'bozo_exception', 'parse error')}"
        _record_failure(feed, message, now)
        result.error = message
        return result
    outlet_name = feed.outlet.name if feed.outlet_id else (parsed.feed.get("title") or None)
    outlet_domain = feed.outlet.domain if feed.outlet_id else None
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = _safe_link(entry)
        if link and Article.objects.filter(url=link).exists():
            result.duplicates += 1
            continue
        title = html_to_text(entry.get("title", "") or "")[:1000]
        published = _entry_published(entry)
        guid = str(entry.get("id") or link)[:200]
        text = _entry_text(entry)
        if len(text) < TEASER_MAX_CHARS and link:
            # Only a teaser: fetch the article page (a task of its own, so one
            # slow site cannot hold the feed's poll).
            fetch_url_task.delay(
                link,
                feed_id=feed.pk,
                title=title,
                published=published.isoformat() if published else None,
                external_id=guid,
            )
            result.queued_fetches += 1
            continue
        try:
            sub = services.submit_article(
                text=text,
                title=title,
                url=link or None,
                published=published,
                outlet=outlet_name,
                outlet_domain=outlet_domain,
                channel=Article.Channel.FEED,
                external_id=guid,
                feed=feed,
            )
        except ValidationError as exc:
            result.failed.append(f"{link or title}: {'; '.join(exc.messages)}")
            continue
        if sub.created:
            result.stored.append(sub.article.pk)
        else:
            result.duplicates += 1
    title = feed.title or (parsed.feed.get("title") or "")[:300]
    _record_success(feed, now, etag=response.etag, last_modified=response.last_modified, title=title)
    return result


def _record_success(feed: Feed, now: datetime, *, etag: str, last_modified: str, title: str = "") -> None:
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        consecutive_failures=0,
        etag=(etag or "")[:500],
        last_modified=(last_modified or "")[:100],
        title=title or feed.title,
        next_poll_at=now + timedelta(minutes=feed.poll_interval_minutes),
    )


def _record_failure(feed: Feed, message: str, now: datetime) -> None:
    failures = feed.consecutive_failures + 1
    logger.warning("feed %s failed (%d in a row): %s", feed.pk, failures, message)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        last_error=message[:2000],
        consecutive_failures=failures,
        next_poll_at=now + backoff(feed, failures),
    )
