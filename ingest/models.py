"""Articles and where they come from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, unique=True, blank=True, null=True)
    language = models.CharField(max_length=8, default="ar")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    url = models.URLField(max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="feeds", null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    poll_interval_minutes = models.PositiveIntegerField(default=30)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval_minutes__gte=1), name="feed_poll_interval_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PROCESSING = "processing", _("processing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        DUPLICATE = "duplicate", _("duplicate")

    class Channel(models.TextChoices):
        FEED = "feed", _("feed")
        URL = "url", _("URL")
        UPLOAD = "upload", _("upload")
        API = "api", _("API")
        BULK = "bulk", _("bulk import")
        DEMO = "demo", _("demo")

    url = models.URLField(max_length=2000, null=True, blank=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles", null=True, blank=True
    )
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, related_name="articles", null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True, help_text=_("Identifier given by the source"))
    title = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="ar")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    near_duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="near_duplicates"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.API)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    extractor_version = models.CharField(max_length=40, blank=True)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Fencing token of the processing attempt holding the claim: "<task id>:<nonce>".
    # Only the holder may write results; a redelivery of the same task takes over.
    claim_token = models.CharField(max_length=120, blank=True, editable=False)
    # MinHash signature of the normalised text (ingest.dedup); [] when too short.
    minhash = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="article_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "processing", "done", "failed", "duplicate"]),
                name="article_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class ArticleBand(models.Model):
    """One LSH band key of an article's MinHash signature (ingest.dedup): articles
    sharing a key are near-duplicate candidates, found with one indexed query."""

    # Indexed by the unique (article, key) constraint and a plain index on key (looked up
    # with = / IN only): no separate article index, no pattern-ops copy of the key index;
    # 16 rows are written per article.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands", db_index=False)
    key = models.CharField(max_length=24)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="article_band_once")]
        indexes = [models.Index(fields=["key"], name="article_band_key")]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"
