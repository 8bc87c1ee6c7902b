"""Admin: outlets, feeds with their health and "poll now", articles with
their processing status/error and "retry processing"."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import feeds, services
from .models import Article, Feed, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "language")
    search_fields = ("name", "domain")


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "url",
        "outlet",
        "active",
        "health",
        "consecutive_failures",
        "last_success_at",
        "next_poll_at",
        "short_error",
    )
    list_filter = ("active", "outlet")
    search_fields = ("url", "title")
    readonly_fields = (
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "next_poll_at",
        "created_at",
    )
    actions = ["poll_now"]

    @admin.display(description=_("health"))
    def health(self, obj: Feed) -> str:
        if not obj.active:
            return str(_("inactive"))
        if obj.consecutive_failures:
            return str(_("failing")) + f" ×{obj.consecutive_failures}"
        if obj.last_success_at is None:
            return str(_("never polled"))
        overdue = timezone.now() - obj.last_success_at > timedelta(minutes=3 * obj.poll_interval_minutes)
        return str(_("stale")) if overdue else str(_("ok"))

    @admin.display(description=_("last error"))
    def short_error(self, obj: Feed) -> str:
        return (obj.last_error or "")[:120]

    @admin.action(description=_("Poll the selected feeds now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        count = feeds.poll_now(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, ngettext("%d feed queued for polling.", "%d feeds queued for polling.", count) % count
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "outlet", "channel", "status", "attempts", "received_at", "short_error")
    list_filter = ("status", "channel", "outlet")
    search_fields = ("title", "url", "external_id")
    date_hierarchy = "received_at"
    raw_id_fields = ("near_duplicate_of", "feed", "outlet")
    readonly_fields = (
        "content_hash",
        "received_at",
        "status",
        "error",
        "attempts",
        "extractor_version",
        "processing_started_at",
        "processed_at",
    )
    actions = ["retry_processing"]

    @admin.display(description=_("error"))
    def short_error(self, obj: Article) -> str:
        return (obj.error or "")[:120]

    @admin.action(description=_("Retry processing of the selected articles"))
    def retry_processing(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = services.retry_articles(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d article queued for processing.", "%d articles queued for processing.", count)
            % count,
            messages.SUCCESS,
        )
