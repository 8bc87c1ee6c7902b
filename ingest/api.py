"""Ingestion API (/api/v1/): articles (read by any role, submitted by
editors), URL submission (editors) and feeds (admins).

POST /articles/ takes one article object or a list (at most
``MAX_BATCH``). A list is all-or-nothing on validation: any invalid item
gives 400 with per-item errors and nothing is stored. Responses: 201 when
something new was stored, 200 when everything was already stored (with the
existing ids), 413 when the body is larger than ``MAX_BODY_BYTES``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.permissions import IsAdminRole, IsEditor
from events.roles import ANALYST, EDITOR, has_role

from . import services
from .fetch import FetchError, resolve_target
from .models import Article, Feed

MAX_BATCH = 100
MAX_BODY_BYTES = min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 10 * 1024 * 1024)


class ReadAnalystWriteEditor(BasePermission):
    """Article texts are source material: reads need a role even when the
    incident API is public; writes need an editor."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return has_role(request.user, ANALYST)
        return has_role(request.user, EDITOR)


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True)
    incidents = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "published_at",
            "language",
            "channel",
            "status",
            "error",
            "near_duplicate_of",
            "extractor_version",
            "received_at",
            "processed_at",
            "incidents",
        ]
        read_only_fields = fields

    def get_incidents(self, obj: Article) -> list[int]:
        return sorted({s.incident_id for s in obj.incident_sources.all()})


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "external_id", "attempts"]
        read_only_fields = fields


class ArticleInputSerializer(serializers.Serializer):
    id = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="The source's identifier"
    )
    text = serializers.CharField(max_length=settings.ARTICLE_MAX_CHARS, trim_whitespace=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    url = serializers.URLField(required=False, allow_null=True, allow_blank=True, max_length=2000)
    published = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="ISO date or date-time"
    )
    language = serializers.CharField(required=False, allow_blank=True, max_length=8)
    outlet = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200)
    outlet_domain = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=253)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("url") and not str(attrs["url"]).lower().startswith(("http://", "https://")):
            raise serializers.ValidationError({"url": "Only http and https URLs."})
        try:
            services.validate_record(attrs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc
        return attrs


SubmitResult = inline_serializer(
    "ArticleSubmitResult",
    {
        "id": serializers.IntegerField(),
        "status": serializers.CharField(),
        "created": serializers.BooleanField(),
        "outcome": serializers.ChoiceField(choices=["stored", "near_duplicate", "duplicate"]),
        "reason": serializers.CharField(),
    },
)


def _check_body_size(request: Request) -> None:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise _TooLarge()


class _TooLarge(Exception):
    pass


@extend_schema_view(
    get=extend_schema(summary="List articles", responses=ArticleSerializer(many=True)),
    post=extend_schema(
        summary="Submit one article or a list",
        request=ArticleInputSerializer,
        responses={
            201: OpenApiResponse(SubmitResult, description="Stored (a list gives a list)"),
            200: OpenApiResponse(SubmitResult, description="Already stored: the existing article"),
            400: OpenApiResponse(description="Field errors (per item for a list); nothing stored"),
            413: OpenApiResponse(description="Body too large"),
        },
    ),
)
class ArticleListView(generics.ListCreateAPIView):
    permission_classes = [ReadAnalystWriteEditor]
    serializer_class = ArticleSerializer
    filterset_fields = ["status", "channel", "outlet"]

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.select_related("outlet").prefetch_related("incident_sources").order_by("-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            _check_body_size(request)
            data = request.data
        except _TooLarge:
            return Response({"detail": f"Body larger than {MAX_BODY_BYTES} bytes."}, status=413)
        except ParseError as exc:
            return Response({"detail": str(exc.detail)}, status=400)
        many = isinstance(data, list)
        if many and not (1 <= len(data) <= MAX_BATCH):
            return Response({"detail": f"Send between 1 and {MAX_BATCH} articles."}, status=400)
        if not many and not isinstance(data, dict):
            return Response({"detail": "Send an article object or a list of them."}, status=400)
        serializer = ArticleInputSerializer(data=data, many=many)
        if not serializer.is_valid():
            return Response(serializer.errors, status=400)
        items = serializer.validated_data if many else [serializer.validated_data]
        results: list[dict[str, Any]] = []
        for item in items:
            try:
                sub = services.submit_record(item, channel=Article.Channel.API)
            except DjangoValidationError as exc:  # pragma: no cover - validated above
                return Response({"non_field_errors": exc.messages}, status=400)
            results.append(
                {
                    "id": sub.article.pk,
                    "status": sub.article.status,
                    "created": sub.created,
                    "outcome": sub.outcome,
                    "reason": sub.reason,
                }
            )
        code = status.HTTP_201_CREATED if any(r["created"] for r in results) else status.HTTP_200_OK
        return Response(results if many else results[0], status=code)


@extend_schema(summary="One article with its text")
class ArticleDetailView(generics.RetrieveAPIView):
    permission_classes = [ReadAnalystWriteEditor]
    serializer_class = ArticleDetailSerializer

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.select_related("outlet").prefetch_related("incident_sources")


class FetchInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)


class ArticleFetchView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        summary="Submit a URL to fetch",
        request=FetchInputSerializer,
        responses={
            202: inline_serializer(
                "FetchQueued", {"url": serializers.URLField(), "queued": serializers.BooleanField()}
            ),
            200: OpenApiResponse(SubmitResult, description="Already stored"),
            400: OpenApiResponse(description="Invalid or refused URL"),
        },
    )
    def post(self, request: Request) -> Response:
        from .tasks import fetch_url_task

        serializer = FetchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        url = serializer.validated_data["url"]
        existing = Article.objects.filter(url=url).first()
        if existing is not None:
            return Response(
                {"id": existing.pk, "status": existing.status, "created": False, "outcome": "duplicate",
                 "reason": "duplicate url"},
            )  # fmt: skip
        try:
            resolve_target(url)  # refuse unsafe URLs now; the task checks again
        except FetchError as exc:
            return Response({"url": [str(exc)]}, status=400)
        fetch_url_task.delay(url, user_id=request.user.pk)
        return Response({"url": url, "queued": True}, status=202)


class FeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "outlet",
            "title",
            "poll_interval_minutes",
            "active",
            "last_polled_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
        ]
        read_only_fields = [
            "last_polled_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "next_poll_at",
        ]

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http and https feeds.")
        return value


@extend_schema_view(
    get=extend_schema(summary="List feeds with their health"),
    post=extend_schema(summary="Add a feed"),
)
class FeedListView(generics.ListCreateAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = FeedSerializer
    queryset = Feed.objects.select_related("outlet").order_by("pk")
