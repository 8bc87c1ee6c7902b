"""Write paths for articles: submit (deduplicated) and process (extract, store).

Every channel (feed, URL, upload, API, bulk import, demo) ends in
``submit_article``; processing is queued with ``transaction.on_commit`` so a
worker never sees an uncommitted row, and ``process_article`` claims the row
with a conditional UPDATE so a redelivered task is harmless.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from events.services import record_extraction
from ingest.extraction import EXTRACTOR_VERSION, extract_article
from ingest.extraction.normalise import normalise_word

from .models import Article, Outlet

logger = logging.getLogger(__name__)

# A claim older than this is considered abandoned (worker killed mid-task).
STALE_CLAIM_SECONDS = 15 * 60


def content_hash(text: str) -> str:
    """Hash of the text with spelling variants and whitespace folded, so the
    same article re-sent with other diacritics or line breaks is one article."""
    folded = " ".join(normalise_word(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Submission:
    article: Article
    created: bool
    reason: str = ""  # why nothing new was stored ("duplicate content", "duplicate url")


def _coerce_published(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), tzinfo=timezone.utc)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(text[:10]), time(12, 0), tzinfo=timezone.utc)
        except ValueError as exc:
            raise ValidationError(f"published: not an ISO date: {text[:40]!r}") from exc
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, timezone.utc)


def outlet_for(name: str | None, domain: str | None = None, language: str = "ar") -> Outlet | None:
    name = (name or "").strip()[:200]
    domain = (domain or "").strip().lower()[:253] or None
    if not name and not domain:
        return None
    if domain:
        outlet, _ = Outlet.objects.get_or_create(domain=domain, defaults={"name": name or domain, "language": language})
        return outlet
    outlet = Outlet.objects.filter(name=name).first()
    return outlet or Outlet.objects.create(name=name, language=language)


def submit_article(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    published: Any = None,
    language: str = "",
    outlet: str | None = None,
    outlet_domain: str | None = None,
    channel: str = Article.Channel.API,
    external_id: str = "",
    feed: Any = None,
    process: bool = True,
) -> Submission:
    """Store an article once and queue its processing. Raises ValidationError
    with a clear message on bad input; stores nothing in that case."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError("The article has no text.")
    if len(text) > settings.ARTICLE_MAX_CHARS:
        raise ValidationError(f"The article text is longer than {settings.ARTICLE_MAX_CHARS:,} characters.")
    url = (url or "").strip() or None
    published_at = _coerce_published(published)
    digest = content_hash(text)
    existing = Article.objects.filter(Q(content_hash=digest) | (Q(url=url) if url else Q(pk__in=[]))).first()
    if existing is not None:
        reason = "duplicate content" if existing.content_hash == digest else "duplicate url"
        return Submission(existing, False, reason)
    language = language or _guess_language(text)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                text=text,
                title=(title or "").strip()[:1000],
                url=url,
                published_at=published_at,
                language=language[:8],
                outlet=outlet_for(outlet, outlet_domain, language),
                channel=channel,
                external_id=str(external_id or "")[:200],
                feed=feed,
                content_hash=digest,
            )
    except IntegrityError:
        # Lost a race with a concurrent submission of the same article.
        existing = Article.objects.filter(Q(content_hash=digest) | (Q(url=url) if url else Q(pk__in=[]))).first()
        if existing is None:
            raise
        return Submission(existing, False, "duplicate content")
    if process:
        queue_processing(article.pk)
    return Submission(article, True)


def _guess_language(text: str) -> str:
    sample = text[:2000]
    arabic = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "ar" if arabic >= latin else "en"


def queue_processing(article_id: int) -> None:
    from .tasks import process_article_task

    transaction.on_commit(lambda: process_article_task.delay(article_id))


def claim_article(article_id: int, *, force: bool = False) -> bool:
    """Atomically move an article to 'processing'. False if another worker
    holds a fresh claim or the work is already done (unless ``force``)."""
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=STALE_CLAIM_SECONDS)
    claimable = Q(status__in=[Article.Status.PENDING, Article.Status.FAILED]) | Q(
        status=Article.Status.PROCESSING, processing_started_at__lt=stale
    )
    if force:
        claimable |= Q(status=Article.Status.DONE)
    updated = Article.objects.filter(claimable, pk=article_id).update(
        status=Article.Status.PROCESSING, processing_started_at=now, attempts=F("attempts") + 1, error=""
    )
    return updated == 1


def article_payload(article: Article) -> dict[str, Any]:
    """The extractor's input for a stored article."""
    return {
        "id": str(article.pk),
        "url": article.url,
        "outlet": article.outlet.name if article.outlet_id else None,
        "title": article.title,
        "published": article.published_at.date().isoformat() if article.published_at else None,
        "language": article.language,
        "text": article.text,
    }


def process_article(article_id: int, *, force: bool = False) -> str:
    """Extract incidents from a stored article. Returns the final status.

    Idempotent: a second delivery of the same task finds the article claimed or
    done and does nothing. An extractor error marks the article failed with
    the error (retryable); nothing half-written is kept.
    """
    if not claim_article(article_id, force=force):
        return Article.objects.filter(pk=article_id).values_list("status", flat=True).first() or "missing"
    article = Article.objects.select_related("outlet").get(pk=article_id)
    try:
        result = extract_article(article_payload(article))
        with transaction.atomic():
            record_extraction(article, result, EXTRACTOR_VERSION)
            Article.objects.filter(pk=article_id).update(
                status=Article.Status.DONE,
                extractor_version=EXTRACTOR_VERSION,
                processed_at=timezone.now(),
                error="",
            )
    except Exception as exc:  # noqa: BLE001  (any failure is recorded on the article)
        logger.exception("processing article %s failed", article_id)
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:5000]
        )
        return Article.Status.FAILED
    return Article.Status.DONE


def articles_needing_reprocess(*, failed_only: bool = False, outdated: bool = True) -> Any:
    qs = Article.objects.filter(status=Article.Status.FAILED)
    if not failed_only and outdated:
        qs = Article.objects.filter(
            Q(status=Article.Status.FAILED)
            | (Q(status=Article.Status.DONE) & ~Q(extractor_version=EXTRACTOR_VERSION))
        )
    return qs.order_by("pk")
