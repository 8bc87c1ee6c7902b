"""Write paths for articles: submit (deduplicated) and process (extract, store).

Every channel (feed, URL, upload, API, bulk import, demo) ends in
``submit_article``; processing is queued with ``transaction.on_commit`` so a
worker never sees an uncommitted row, and ``process_article`` claims the row
with a conditional UPDATE so a redelivered task is harmless.

Claims carry a fencing token ("<task id>:<nonce>"). Results are written only
while holding the article row lock *and* the token, so two attempts can never
both store incidents. A task redelivered after its worker died (acks_late +
reject_on_worker_lost, or the broker's visibility timeout) has the same task
id as the dead attempt and takes the claim over at once; any other attempt
waits until the claim is older than the hard task time limit (then nobody can
still be running it). ``requeue_stale_articles`` (run every minute from
``poll_due_feeds``) re-queues articles left pending or processing.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from events.models import IncidentSource, Statistic
from events.services import record_extraction
from ingest.extraction.normalise import normalise_word

from . import dedup
from .models import Article, Outlet

logger = logging.getLogger(__name__)

# Errors worth retrying (database restart, lost connection): the task retries
# with backoff instead of marking the article failed.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
# Automatic attempts (redeliveries) before an article is marked failed.
MAX_ATTEMPTS = 5
# Pending articles older than this were never queued (broker down at submit time).
PENDING_REQUEUE_SECONDS = 10 * 60


def stale_claim_seconds() -> int:
    """A claim older than the hard task time limit (plus a margin) cannot
    belong to a live attempt: the worker would have killed it."""
    return int(settings.CELERY_TASK_TIME_LIMIT) + 60


def _extractor() -> tuple[str, Any]:
    # Imported lazily: the extractor is heavy and the rest of the app (admin,
    # forms, API) must work without loading it.
    from ingest.extraction import EXTRACTOR_VERSION, extract_article

    return EXTRACTOR_VERSION, extract_article


def content_hash(text: str) -> str:
    """Hash of the text with spelling variants and whitespace folded, so the
    same article re-sent with other diacritics or line breaks is one article."""
    folded = " ".join(normalise_word(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Submission:
    article: Article
    created: bool
    reason: str = ""  # why nothing new was stored ("duplicate content", "duplicate url", "near duplicate")

    @property
    def outcome(self) -> str:
        """stored | near_duplicate | duplicate"""
        if not self.created:
            return "duplicate"
        return "near_duplicate" if self.article.status == Article.Status.DUPLICATE else "stored"


def _coerce_published(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), tzinfo=UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(text[:10]), time(12, 0), tzinfo=UTC)
        except ValueError as exc:
            raise ValidationError(f"published: not an ISO date: {text[:40]!r}") from exc
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def outlet_for(name: str | None, domain: str | None = None, language: str = "ar") -> Outlet | None:
    name = (name or "").strip()[:200]
    domain = (domain or "").strip().lower()[:253] or None
    if not name and not domain:
        return None
    if domain:
        outlet, _ = Outlet.objects.get_or_create(
            domain=domain, defaults={"name": name or domain, "language": language}
        )
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
    existing = Article.objects.filter(
        (Q(content_hash=digest) | Q(url=url)) if url else Q(content_hash=digest)
    ).first()
    if existing is not None:
        reason = "duplicate content" if existing.content_hash == digest else "duplicate url"
        return Submission(existing, False, reason)
    language = language or _guess_language(text)
    sig = dedup.signature(text)
    original_id = dedup.find_original(None, text, sig)
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
                minhash=sig or [],
                near_duplicate_of_id=original_id,
                status=Article.Status.DUPLICATE if original_id else Article.Status.PENDING,
            )
            dedup.store_signature(article.pk, sig)
    except IntegrityError:
        # Lost a race with a concurrent submission of the same article.
        existing = Article.objects.filter(
            Q(content_hash=digest) | (Q(url=url) if url else Q(pk__in=[]))
        ).first()
        if existing is None:
            raise
        return Submission(
            existing, False, "duplicate content" if existing.content_hash == digest else "duplicate url"
        )
    if original_id:
        # A republished copy: linked to the original, never extracted.
        return Submission(article, True, f"near duplicate of article {original_id}")
    if process:
        queue_processing(article.pk)
    return Submission(article, True)


def _guess_language(text: str) -> str:
    sample = text[:2000]
    arabic = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "ar" if arabic >= latin else "en"


def queue_processing(article_id: int) -> None:
    transaction.on_commit(lambda: _send_processing(article_id))


def _send_processing(article_id: int) -> None:
    """Queue the task; with the broker down the article is already stored, so
    it stays pending (``requeue_stale_articles`` queues it once the broker is
    back) and the caller still gets its answer instead of a 500."""
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import process_article_task

    try:
        process_article_task.delay(article_id)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.error(
            "article %s stored but not queued (%s: %s); it stays pending until requeue_stale_articles",
            article_id,
            type(exc).__name__,
            exc,
        )


def new_claim_token(task_id: str | None = None) -> str:
    return f"{task_id or 'local'}:{uuid.uuid4().hex[:12]}"


def _sql(name: str) -> str:
    """The hot statements of ``process_article``, as fixed SQL text (one statement each,
    no ORM compilation; the same text every time, so the server can keep it prepared)."""
    vendor = connection.vendor
    sql = _SQL.get((vendor, name))
    if sql is None:
        quote = connection.ops.quote_name
        table = quote(Article._meta.db_table)
        col = {f.name: quote(f.column) for f in Article._meta.concrete_fields}
        if name == "claim":
            sql = (
                f"UPDATE {table} SET {col['status']} = %s, {col['processing_started_at']} = %s, "
                f"{col['attempts']} = {col['attempts']} + 1, {col['error']} = '', {col['claim_token']} = %s "
                f"WHERE {col['id']} = %s AND ({col['status']} IN (%s, %s) "
                f"OR ({col['status']} = %s AND ({col['processing_started_at']} < %s "
                f"OR (%s AND SUBSTR({col['claim_token']}, 1, %s) = %s))) "
                f"OR (%s AND {col['status']} = %s))"
            )
        elif name == "fence":
            sql = (
                f"UPDATE {table} SET {col['status']} = %s, {col['extractor_version']} = %s, "
                f"{col['processed_at']} = %s, {col['error']} = '' "
                f"WHERE {col['id']} = %s AND {col['status']} = %s AND {col['claim_token']} = %s"
            )
        else:  # "load": the claimed row, its outlet's name, whether it has sources / statistics
            exists = []
            for model in (IncidentSource, Statistic):
                meta = model._meta
                column = quote(meta.get_field("article").column)
                exists.append(f"EXISTS (SELECT 1 FROM {quote(meta.db_table)} WHERE {column} = %s)")
            outlet = Outlet._meta
            sql = (
                f"SELECT {', '.join(f'{table}.{c}' for c in col.values())}, "
                f"(SELECT {quote(outlet.get_field('name').column)} FROM {quote(outlet.db_table)} "
                f"WHERE {quote(outlet.pk.column)} = {col['outlet']}), {', '.join(exists)} "
                f"FROM {table} WHERE {col['id']} = %s"
            )
        _SQL[(vendor, name)] = sql
    return sql


_SQL: dict[tuple[str, str], Any] = {}


def claim_article(article_id: int, *, token: str = "", force: bool = False) -> bool:
    """Atomically move an article to 'processing' under ``token``. False if
    another live attempt holds the claim or the work is done (unless ``force``).

    A claim is taken over when it is stale, or when it was made by an earlier
    delivery of the same task (same task id: that attempt's worker died)."""
    token = token or new_claim_token()
    now = timezone.now()
    stale = now - timedelta(seconds=stale_claim_seconds())
    task_id = token.split(":", 1)[0]
    prefix = f"{task_id}:"
    adapt = connection.ops.adapt_datetimefield_value
    pending, processing, failed, done = (
        str(s) for s in (Article.Status.PENDING, Article.Status.PROCESSING, Article.Status.FAILED,
                         Article.Status.DONE)
    )  # fmt: skip
    params = [
        processing, adapt(now), token, article_id,
        pending, failed,  # claimable: pending or failed,
        processing, adapt(stale),  # or processing with a stale claim,
        task_id != "local", len(prefix), prefix,  # or one made by an earlier delivery of this task,
        bool(force), done,  # or done, when forced
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_sql("claim"), params)
        return cursor.rowcount == 1


def claim_wait_seconds(article_id: int) -> float | None:
    """Seconds until another attempt's claim on the article goes stale; None
    when the article is not held by anyone (done, failed, missing...)."""
    row = (
        Article.objects.filter(pk=article_id, status=Article.Status.PROCESSING)
        .values_list("processing_started_at", flat=True)
        .first()
    )
    if row is None:
        return None
    age = (timezone.now() - row).total_seconds()
    return max(1.0, stale_claim_seconds() - age + 1)


def _converters() -> list[tuple[int, list[Any]]]:
    key = (connection.vendor, "converters")
    found = _SQL.get(key)
    if found is None:
        found = []
        for index, model_field in enumerate(Article._meta.concrete_fields):
            col = model_field.get_col(Article._meta.db_table)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if converters:
                found.append((index, converters))
        _SQL[key] = found
    return found


def _load_claimed(article_id: int) -> tuple[Article, bool, bool] | None:
    """The article (with its outlet's name) and whether it already has incident sources /
    statistics, in one query. Run after the claim, so its snapshot is newer than any
    earlier attempt's results."""
    fields = Article._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(_sql("load"), [article_id, article_id, article_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[: len(fields)])
    outlet_name, sources, statistics = row[len(fields) :]
    for index, converters in _converters():  # as the ORM reads these columns
        for convert in converters:
            values[index] = convert(values[index], fields[index], connection)
    article = Article.from_db(connection.alias, [f.attname for f in fields], values)
    if article.outlet_id:
        article.outlet = Outlet(pk=article.outlet_id, name=outlet_name or "")
    return article, bool(sources), bool(statistics)


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


def process_article(article_id: int, *, force: bool = False, token: str = "") -> str:
    """Extract incidents from a stored article. Returns the final status.

    Idempotent: a second delivery of the same task finds the article claimed or
    done and does nothing. An extractor error marks the article failed with
    the error (retryable from the admin or ``reprocess``); nothing half-written
    is kept. Database connection errors propagate (the task retries them).
    """
    token = token or new_claim_token()
    if not claim_article(article_id, token=token, force=force):
        return Article.objects.filter(pk=article_id).values_list("status", flat=True).first() or "missing"
    loaded = _load_claimed(article_id)
    if loaded is None:
        return "missing"
    # has_sources / has_statistics: whether the article already has sources /
    # statistics (a re-extraction): a first extraction then skips looking them
    # up. Only the holder of the claim stores them, and the fence below checks
    # the claim is still ours, so none can appear in between.
    article, has_sources, has_statistics = loaded
    if article.attempts > MAX_ATTEMPTS and not force:
        # A poison article (one that kills its worker every time) would otherwise
        # be redelivered forever; an editor can still retry it by hand.
        Article.objects.filter(pk=article_id, claim_token=token).update(
            status=Article.Status.FAILED, error=f"Gave up after {article.attempts - 1} interrupted attempts."
        )
        return Article.Status.FAILED
    try:
        _test_hook(article)
        version, extract = _extractor()
        result = extract(article_payload(article))
        with transaction.atomic():
            # Fence: only the current claim holder writes, under the row lock, so
            # an attempt that lost its claim (taken over) can never store twice.
            # The conditional UPDATE takes the row lock and marks the article
            # done in one statement; it commits (or rolls back) with the results.
            with connection.cursor() as cursor:
                cursor.execute(
                    _sql("fence"),
                    [
                        str(Article.Status.DONE), version,
                        connection.ops.adapt_datetimefield_value(timezone.now()),
                        article_id, str(Article.Status.PROCESSING), token,
                    ],
                )  # fmt: skip
                held = cursor.rowcount
            if not held:
                logger.warning("article %s: claim %s lost, result discarded", article_id, token)
                return (
                    Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
                    or "missing"
                )
            # No savepoint: any error rolls this whole transaction back.
            record_extraction(
                article,
                result,
                version,
                savepoint=False,
                has_sources=has_sources,
                has_statistics=has_statistics,
            )
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001  (any other failure is recorded on the article)
        logger.exception("processing article %s failed", article_id)
        try:
            Article.objects.filter(pk=article_id, claim_token=token).update(
                status=Article.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:5000]
            )
        except DatabaseError:
            raise exc from None
        return Article.Status.FAILED
    return Article.Status.DONE


def _test_hook(article: Article) -> None:
    """Tests only: sleep while processing an article whose text carries the
    marker, so a test can kill the worker mid-task. Off unless the
    OPSTRACKER_TEST_SLEEP_MARKER environment variable is set."""
    import os
    import time

    marker = os.environ.get("OPSTRACKER_TEST_SLEEP_MARKER")
    if marker and marker in article.text:
        flag = Path(os.environ.get("OPSTRACKER_TEST_SLEEP_FLAG", "/nonexistent"))
        if not flag.exists():  # sleep only in the first attempt; say which process sleeps
            flag.write_text(str(os.getpid()))
            time.sleep(float(os.environ.get("OPSTRACKER_TEST_SLEEP_SECONDS", "60")))


def articles_needing_reprocess(
    *, failed: bool = False, outdated: bool = False, ids: Iterable[int] | None = None
) -> Any:
    """Articles to re-run: failed ones, ones extracted by an older extractor
    version, or the ids named. Near-duplicates are never re-run."""
    qs = Article.objects.exclude(status=Article.Status.DUPLICATE)
    cond = Q(pk__in=[])
    if failed:
        cond |= Q(status=Article.Status.FAILED)
    if outdated:
        version, _ = _extractor()
        cond |= Q(status=Article.Status.DONE) & ~Q(extractor_version=version)
    if ids is not None:
        cond |= Q(pk__in=list(ids))
    return qs.filter(cond).order_by("pk")


def retry_articles(article_ids: Iterable[int]) -> int:
    """Queue processing again (admin "retry processing"). Done articles are
    re-extracted; editor corrections survive (events.services locks)."""
    from .tasks import process_article_task

    ids = list(
        Article.objects.filter(pk__in=list(article_ids))
        .exclude(status=Article.Status.DUPLICATE)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: process_article_task.delay(pk, force=True))
    return len(ids)


def requeue_stale_articles() -> int:
    """Re-queue articles nobody is working on: processing ones whose claim is
    stale (their worker died and the message was lost) and, when the queue is
    empty, pending ones never queued (broker down at submit time). Pending
    articles are not re-queued while the queue still holds messages: a large
    import legitimately waits there."""
    from .tasks import process_article_task

    now = timezone.now()
    stuck = Q(
        status=Article.Status.PROCESSING,
        processing_started_at__lt=now - timedelta(seconds=stale_claim_seconds()),
    )
    if _queue_length() == 0:
        stuck |= Q(
            status=Article.Status.PENDING, received_at__lt=now - timedelta(seconds=PENDING_REQUEUE_SECONDS)
        )
    ids = list(Article.objects.filter(stuck).values_list("pk", flat=True)[:500])
    for pk in ids:
        process_article_task.delay(pk)
    return len(ids)


def _queue_length() -> int | None:
    """Messages waiting in the task queue (Redis), None when unknown."""
    from ops_tracker.celery import app

    if app.conf.task_always_eager:
        return 0
    try:
        with app.connection_for_read() as conn:
            return int(conn.default_channel.client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
    except Exception:  # noqa: BLE001  (no broker, or not Redis: be conservative)
        return None


# --- Batches (upload, API lists, bulk import) -------------------------------------------


@dataclass
class BatchSummary:
    stored: list[int] = field(default_factory=list)
    near_duplicates: list[tuple[int, int]] = field(default_factory=list)  # (article, original)
    duplicates: list[tuple[str, int, str]] = field(default_factory=list)  # (label, existing id, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)

    def add(self, label: str, sub: Submission) -> None:
        outcome = sub.outcome
        if outcome == "stored":
            self.stored.append(sub.article.pk)
        elif outcome == "near_duplicate":
            self.near_duplicates.append((sub.article.pk, sub.article.near_duplicate_of_id or 0))
        else:
            self.duplicates.append((label, sub.article.pk, sub.reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": len(self.stored),
            "near_duplicates": len(self.near_duplicates),
            "duplicates": len(self.duplicates),
            "failed": len(self.failed),
            "failures": [{"item": label, "reason": reason} for label, reason in self.failed],
        }


def _message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def submit_record(
    record: Mapping[str, Any], *, channel: str, process: bool = True, feed: Any = None
) -> Submission:
    """Submit one article record in the file/API format (id, url, outlet,
    title, published, language, text)."""
    return submit_article(
        text=str(record.get("text") or ""),
        title=str(record.get("title") or ""),
        url=(str(record["url"]) if record.get("url") else None),
        published=record.get("published"),
        language=str(record.get("language") or ""),
        outlet=(str(record["outlet"]) if record.get("outlet") else None),
        outlet_domain=(str(record["outlet_domain"]) if record.get("outlet_domain") else None),
        external_id=str(record.get("id") or record.get("external_id") or ""),
        channel=channel,
        feed=feed,
        process=process,
    )


def validate_record(record: Mapping[str, Any]) -> None:
    """The checks submit_article makes, without storing (all-or-nothing uploads)."""
    text = str(record.get("text") or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError("The article has no text.")
    if len(text) > settings.ARTICLE_MAX_CHARS:
        raise ValidationError(f"The article text is longer than {settings.ARTICLE_MAX_CHARS:,} characters.")
    _coerce_published(record.get("published"))
    url = record.get("url")
    if url:
        from django.core.validators import URLValidator

        URLValidator(schemes=["http", "https"])(str(url))


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def parse_upload(data: bytes, name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Article records in an uploaded file and the errors found (any error
    means the upload is refused as a whole)."""
    from .article_files import ARTICLE_SUFFIXES, ArticleFileError, parse_article_bytes
    from .fetch import extract_page

    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        try:
            html = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [f"{name}: not UTF-8 text"]
        page = extract_page(html, "")
        if not page.text:
            return [], [f"{name}: no article text found in the HTML"]
        record = {"id": Path(name).stem, "title": page.title, "published": page.published, "text": page.text,
                  "outlet": page.site_name or None}  # fmt: skip
        return [record], []
    if suffix not in ARTICLE_SUFFIXES:
        allowed = ", ".join(sorted(ARTICLE_SUFFIXES | HTML_SUFFIXES))
        return [], [f"{name}: unsupported file type {suffix or '(none)'} (use {allowed})"]
    if b"\x00" in data[:8192]:
        return [], [f"{name}: a binary file, not text"]
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    for index, item in enumerate(parse_article_bytes(data, name), 1):
        if isinstance(item, ArticleFileError):
            errors.append(str(item))
            continue
        try:
            validate_record(item)
        except ValidationError as exc:
            errors.append(f"{name} #{index}: {_message(exc)}")
            continue
        records.append(item)
    if not records and not errors:
        errors.append(f"{name}: no articles found")
    return records, errors


def submit_records(
    records: Iterable[Mapping[str, Any]],
    *,
    channel: str,
    process: bool = True,
    labels: Iterable[str] | None = None,
) -> BatchSummary:
    summary = BatchSummary()
    label_list = list(labels) if labels is not None else None
    for index, record in enumerate(records):
        label = label_list[index] if label_list else str(record.get("id") or index + 1)
        try:
            summary.add(label, submit_record(record, channel=channel, process=process))
        except ValidationError as exc:
            summary.failed.append((label, _message(exc)))
    return summary


# --- URL submission ----------------------------------------------------------------------


def submit_url(
    url: str,
    user: Any = None,
    *,
    channel: str = Article.Channel.URL,
    feed: Any = None,
    title: str = "",
    published: Any = None,
    outlet: str | None = None,
    external_id: str = "",
) -> Submission:
    """Fetch ``url`` safely, extract its main text and metadata, submit it.
    Raises FetchError (refused / unreachable) or ValidationError (no text)."""
    from urllib.parse import urlsplit

    from .fetch import fetch_page

    url = url.strip()
    existing = Article.objects.filter(url=url).first()
    if existing is not None:
        return Submission(existing, False, "duplicate url")
    page = fetch_page(url)
    if not page.text:
        raise ValidationError(f"No article text found at {url}.")
    if page.url != url and (existing := Article.objects.filter(url=page.url).first()) is not None:
        return Submission(existing, False, "duplicate url")
    outlet_name = (
        outlet or (feed.outlet.name if feed is not None and feed.outlet_id else None) or page.site_name
    )
    domain = (urlsplit(page.url).hostname or "").removeprefix("www.") or None
    if feed is not None and feed.outlet_id:
        domain = feed.outlet.domain
    if user is not None:
        logger.info("user %s submitted %s", getattr(user, "pk", None), url)
    return submit_article(
        text=page.text,
        title=title or page.title,
        url=url,
        published=published or page.published,
        language=page.language,
        outlet=outlet_name,
        outlet_domain=domain,
        channel=channel,
        external_id=external_id,
        feed=feed,
    )
