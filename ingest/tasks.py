"""Celery tasks: thin wrappers that take ids and call services.

All tasks are acks_late (a crashed worker's message is redelivered; settings
add reject_on_worker_lost) and idempotent (services claim rows with
conditional UPDATEs). Only transient errors (database or network connection)
are retried, with exponential backoff; anything else is recorded on the row.
Time limits come from settings (CELERY_TASK_SOFT_TIME_LIMIT / _TIME_LIMIT).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import feeds, services
from .fetch import FetchError

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, ConnectionError)
COMMON: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**COMMON)
def process_article_task(self, article_id: int, force: bool = False) -> str:  # noqa: ANN001
    token = services.new_claim_token(self.request.id)
    status = services.process_article(article_id, force=force, token=token)
    if status == "processing" and not self.request.is_eager:
        # Another attempt holds a fresh claim: come back when it would be stale,
        # so an article is never left behind if that attempt died.
        wait = services.claim_wait_seconds(article_id)
        if wait is not None:
            raise self.retry(countdown=wait, max_retries=3)
    return status


@shared_task(**COMMON)
def poll_due_feeds(self) -> int:  # noqa: ANN001
    """Beat, every minute: queue a poll for each due feed; re-queue stuck articles."""
    services.requeue_stale_articles()
    return feeds.queue_due_feeds()


@shared_task(**COMMON)
def poll_feed(self, feed_id: int) -> dict[str, Any]:  # noqa: ANN001
    return feeds.poll_feed(feed_id).as_dict()


@shared_task(**COMMON)
def fetch_url_task(
    self,  # noqa: ANN001
    url: str,
    user_id: int | None = None,
    feed_id: int | None = None,
    title: str = "",
    published: str | None = None,
    external_id: str = "",
) -> dict[str, Any]:
    """Fetch a URL (editor submission or a feed entry with only a teaser)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from .models import Article, Feed

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    feed = Feed.objects.select_related("outlet").filter(pk=feed_id).first() if feed_id else None
    try:
        sub = services.submit_url(
            url,
            user,
            channel=Article.Channel.FEED if feed else Article.Channel.URL,
            feed=feed,
            title=title,
            published=published,
            external_id=external_id,
        )
    except FetchError as exc:
        if exc.transient and self.request.retries < 3 and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
        logger.warning("fetching %s failed: %s", url, exc)
        return {"url": url, "outcome": "failed", "reason": str(exc)}
    except ValidationError as exc:
        return {"url": url, "outcome": "failed", "reason": "; ".join(exc.messages)}
    return {"url": url, "outcome": sub.outcome, "article_id": sub.article.pk, "reason": sub.reason}
