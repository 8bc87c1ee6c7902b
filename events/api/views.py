"""REST API views: thin wrappers around events.selectors (reads) and events.services (writes)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events import selectors, services
from events.filters import IncidentFilter
from events.models import Incident, IncidentSource

from .renderers import CSVRenderer, FirstRendererNegotiation, GeoJSONRenderer, MVTRenderer
from .serializers import (
    ActorListSerializer,
    AggregatesSerializer,
    ErrorSerializer,
    HistoryRecordSerializer,
    IncidentDetailSerializer,
    IncidentListSerializer,
    IncidentPatchSerializer,
    MergeSerializer,
    PlaceSerializer,
    ReasonSerializer,
    StatisticSerializer,
    StatusSerializer,
    TombstoneSerializer,
)
from .throttling import API_THROTTLES

# --- schema helpers ----------------------------------------------------------------------

GEOJSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "type": "object",
                        "nullable": True,
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "type": {"type": "string"},
                            "subtype": {"type": "string"},
                            "date_start": {"type": "string", "format": "date", "nullable": True},
                            "date_precision": {"type": "string"},
                            "place_name": {"type": "string"},
                            "governorate": {"type": "string"},
                            "geo_precision": {"type": "string"},
                            "killed": {"type": "integer", "nullable": True},
                            "arrested": {"type": "integer", "nullable": True},
                            "injured": {"type": "integer", "nullable": True},
                            "actors": {"type": "array", "items": {"type": "string"}},
                            "sources_count": {"type": "integer"},
                            "confidence": {"type": "number"},
                            "status": {"type": "string"},
                            "summary_en": {"type": "string"},
                        },
                    },
                },
            },
        },
        "metadata": {
            "type": "object",
            "properties": {
                "count": {"type": "integer"},
                "limit": {"type": "integer"},
                "truncated": {"type": "boolean", "description": "More incidents match than `limit`"},
            },
        },
    },
}

FORMAT_PARAM = OpenApiParameter(
    "format", str, enum=["json", "geojson", "csv"], description="Response format (same filters for all)"
)
LIMIT_PARAM = OpenApiParameter(
    "limit",
    int,
    description=(
        f"Maximum features (default {selectors.GEOJSON_DEFAULT_LIMIT}, max {selectors.GEOJSON_MAX_LIMIT})"
    ),
)
COLUMNS_PARAM = OpenApiParameter(
    "columns", str, enum=["default", "acled"], description="CSV column set; `acled` maps to ACLED's columns"
)
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid parameters: {parameter: [messages]}"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
}


class IncidentListSchema(AutoSchema):
    """Only the JSON response of the list is paginated; GeoJSON and CSV are whole documents."""

    _unlisted = False

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):  # noqa: ANN001, ANN202
        if media_types and "application/json" not in media_types:
            self._unlisted = True
            try:
                return super()._get_response_for_code(serializer, status_code, media_types, direction)
            finally:
                self._unlisted = False
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _is_list_view(self, serializer=None) -> bool:  # noqa: ANN001
        return False if self._unlisted else super()._is_list_view(serializer)


# --- shared plumbing ----------------------------------------------------------------------


class IncidentFilterBackend(DjangoFilterBackend):
    """Applies events.selectors.filter_incidents (400 on invalid parameters)."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> type[IncidentFilter]:
        return IncidentFilter

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        try:
            return selectors.filter_incidents(request.query_params, queryset)
        except selectors.FilterError as exc:
            raise ValidationError(exc.errors) from exc


class APIMixin:
    """Live-rate throttles; errors always rendered as JSON, even on CSV/GeoJSON/MVT endpoints."""

    throttle_classes = API_THROTTLES

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and getattr(response.accepted_renderer, "format", "json") in ("csv", "mvt", "geojson")
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        return response


def _filter_error(exc: selectors.FilterError) -> ValidationError:
    return ValidationError(exc.errors)


def geojson_response(request: Request, qs: Any) -> HttpResponse | StreamingHttpResponse:
    try:
        limit = selectors.clamp_limit(request.query_params.get("limit"))
    except selectors.FilterError as exc:
        raise _filter_error(exc) from exc
    # Built by the database, no serializer pass. A document of one chunk of rows is sent whole
    # (with a Content-Length); larger ones (up to 50,000 features, ~25 MB) are streamed.
    parts = selectors.iter_geojson(qs, limit)
    head = list(itertools.islice(parts, 3))
    if len(head) < 3:
        return HttpResponse("".join(head), content_type="application/geo+json")
    return StreamingHttpResponse(itertools.chain(head, parts), content_type="application/geo+json")


def csv_response(request: Request, qs: Any) -> StreamingHttpResponse:
    columns = request.query_params.get("columns") or "default"
    if columns not in ("default", "acled"):
        raise ValidationError({"columns": ["Expected 'default' or 'acled'."]})
    response = StreamingHttpResponse(selectors.iter_csv(qs, columns), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    name = f"opstracker-incidents-{'acled-' if columns == 'acled' else ''}{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- incidents ----------------------------------------------------------------------------


@extend_schema(
    summary="List incidents",
    description=(
        "Filtered, paginated incidents. Rejected and merged incidents are left out unless `status` asks "
        "for them. `?format=geojson` and `?format=csv` return the same filtered set as "
        "`/incidents.geojson` and `/incidents.csv`."
    ),
    parameters=[FORMAT_PARAM, LIMIT_PARAM, COLUMNS_PARAM],
    responses={
        (200, "application/json"): IncidentListSerializer(many=True),
        (200, "application/geo+json"): GEOJSON_SCHEMA,
        (200, "text/csv"): OpenApiTypes.STR,
        **ERRORS,
    },
)
class IncidentListView(APIMixin, generics.ListAPIView):
    schema = IncidentListSchema()
    queryset = Incident.objects.all()
    serializer_class = IncidentListSerializer
    filter_backends = [IncidentFilterBackend]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, GeoJSONRenderer, CSVRenderer]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        qs = self.filter_queryset(self.get_queryset())
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt == "geojson":
            return geojson_response(request, qs)
        if fmt == "csv":
            return csv_response(request, qs)
        page = selectors.attach_sources_count(self.paginate_queryset(selectors.incident_list_queryset(qs)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class _FixedFormatView(APIMixin, generics.GenericAPIView):
    queryset = Incident.objects.all()
    filter_backends = [IncidentFilterBackend]
    pagination_class = None
    content_negotiation_class = FirstRendererNegotiation


@extend_schema(
    summary="Incidents as GeoJSON",
    description="A FeatureCollection of the filtered incidents, unpaginated up to `limit`.",
    parameters=[LIMIT_PARAM],
    responses={(200, "application/geo+json"): GEOJSON_SCHEMA, **ERRORS},
)
class IncidentGeoJSONView(_FixedFormatView):
    renderer_classes = [GeoJSONRenderer]

    def get(self, request: Request) -> Response:
        return geojson_response(request, self.filter_queryset(self.get_queryset()))


@extend_schema(
    summary="Incidents as CSV (streamed)",
    description="All filtered incidents as CSV, streamed. `columns=acled` gives ACLED-compatible columns "
    "(see docs/api.md).",
    parameters=[COLUMNS_PARAM],
    responses={(200, "text/csv"): OpenApiTypes.STR, **ERRORS},
)
class IncidentCSVView(_FixedFormatView):
    renderer_classes = [CSVRenderer]

    def get(self, request: Request) -> StreamingHttpResponse:
        return csv_response(request, self.filter_queryset(self.get_queryset()))


class IncidentDetailView(APIMixin, generics.RetrieveAPIView):
    serializer_class = IncidentDetailSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.incident_detail_queryset()

    @extend_schema(summary="One incident with its sources, actors, count ranges and version")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Correct an incident (editors)",
        description=(
            "Send only the fields to change plus the `version` you loaded. Corrected fields are locked "
            "against re-extraction. `lat`/`lon` set the point. 409 when someone saved the incident since."
        ),
        request=IncidentPatchSerializer,
        responses={
            200: IncidentDetailSerializer,
            409: OpenApiResponse(
                inline_serializer(
                    "VersionConflict",
                    {"detail": serializers.CharField(), "current_version": serializers.IntegerField()},
                ),
                description="Version conflict: reload and re-apply",
            ),
            **ERRORS,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        incident = get_object_or_404(Incident.objects.only("id", "version"), pk=pk)
        data = IncidentPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        reason = changes.pop("reason", "")
        if "lat" in changes:
            try:
                changes["point"] = services.make_point(changes.pop("lat"), changes.pop("lon"))
            except DjangoValidationError as exc:
                raise ValidationError({"lat": exc.messages}) from exc
        try:
            with transaction.atomic():
                services.correct_incident(
                    incident.pk, user=request.user, changes=changes, expected_version=version, reason=reason
                )
        except services.ConcurrentEditError as exc:
            current = Incident.objects.filter(pk=pk).values_list("version", flat=True).first()
            return Response({"detail": str(exc), "current_version": current}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from exc
        return Response(IncidentDetailSerializer(self.get_queryset().get(pk=pk)).data)


def _django_errors(exc: DjangoValidationError) -> Any:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


@extend_schema(
    summary="Change an incident's review status (editors)",
    request=StatusSerializer,
    responses={200: IncidentDetailSerializer, **ERRORS, 404: ErrorSerializer},
)
class IncidentStatusView(APIMixin, APIView):
    def post(self, request: Request, pk: int) -> Response:
        get_object_or_404(Incident.objects.only("id"), pk=pk)
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.transition_status(
                pk, data.validated_data["status"], user=request.user, reason=data.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from exc
        return Response(IncidentDetailSerializer(selectors.incident_detail_queryset().get(pk=pk)).data)


@extend_schema(
    summary="Merge duplicate incidents into one (editors)",
    request=MergeSerializer,
    responses={200: IncidentDetailSerializer, **ERRORS},
)
class IncidentMergeView(APIMixin, APIView):
    def post(self, request: Request) -> Response:
        data = MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            with transaction.atomic():
                target = services.merge_incidents(
                    v["target"], v["duplicates"], user=request.user, reason=v["reason"]
                )
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from exc
        return Response(IncidentDetailSerializer(selectors.incident_detail_queryset().get(pk=target.pk)).data)


@extend_schema(
    summary="Split one source off into a new incident (editors)",
    request=ReasonSerializer,
    responses={201: IncidentDetailSerializer, **ERRORS, 404: ErrorSerializer},
)
class SourceSplitView(APIMixin, APIView):
    def post(self, request: Request, pk: int) -> Response:
        get_object_or_404(IncidentSource.objects.only("id", "incident_id"), pk=pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                new = services.split_source(pk, user=request.user, reason=data.validated_data["reason"])
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from exc
        detail = IncidentDetailSerializer(selectors.incident_detail_queryset().get(pk=new.pk)).data
        return Response(detail, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="An incident's audit trail (newest first)",
    responses={200: HistoryRecordSerializer(many=True), 404: ErrorSerializer},
)
class IncidentHistoryView(APIMixin, APIView):
    def get(self, request: Request, pk: int) -> Response:
        incident = get_object_or_404(Incident, pk=pk)
        return Response(HistoryRecordSerializer(selectors.incident_history(incident), many=True).data)


def _parse_since(value: str | None) -> Any:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValidationError({"since": ["Enter an ISO 8601 date or datetime."]})
        moment = datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    try:
        # PostgreSQL refuses offsets beyond ±15:59 ("0311-08-18T08:35-23:24" was a 500)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValidationError({"since": ["Date out of range."]}) from exc


@extend_schema(
    summary="Tombstones for incremental sync",
    description=(
        "Incidents that left the public record (rejected or merged) since `since`, oldest first. "
        "Clients syncing with `updated_since` drop these ids."
    ),
    parameters=[OpenApiParameter("since", OpenApiTypes.DATETIME, description="ISO 8601 date or datetime")],
    responses={200: TombstoneSerializer(many=True), **ERRORS},
)
class DeletedIncidentsView(APIMixin, generics.ListAPIView):
    serializer_class = TombstoneSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        try:
            return selectors.deleted_incidents(_parse_since(self.request.query_params.get("since")))
        except ValueError as exc:
            raise ValidationError({"since": [str(exc)]}) from exc


@extend_schema(
    summary="Counts per period x type (x governorate) for the timeline",
    parameters=[
        OpenApiParameter("interval", str, enum=["day", "week", "month"], description="Default week"),
        OpenApiParameter(
            "group_by",
            str,
            description="Comma-separated: type, governorate (default type); use 'none' for period totals",
        ),
    ],
    responses={200: AggregatesSerializer, **ERRORS},
)
class AggregatesView(APIMixin, generics.GenericAPIView):
    queryset = Incident.objects.all()
    filter_backends = [IncidentFilterBackend]
    pagination_class = None
    serializer_class = AggregatesSerializer

    def get(self, request: Request) -> Response:
        interval = request.query_params.get("interval") or "week"
        raw = request.query_params.get("group_by")
        group_by = (
            ["type"] if raw is None else [g.strip() for g in raw.split(",") if g.strip() and g != "none"]
        )
        qs = self.filter_queryset(self.get_queryset())
        try:
            data = selectors.aggregates(qs, interval, group_by)
        except selectors.FilterError as exc:
            raise _filter_error(exc) from exc
        return Response({"interval": interval, "group_by": group_by, **data})


@extend_schema(
    summary="Period tallies (statistics reported by forces or monitors)",
    parameters=[
        OpenApiParameter("period_after", OpenApiTypes.DATE, description="period_end >= this date"),
        OpenApiParameter("period_before", OpenApiTypes.DATE, description="period_start <= this date"),
        OpenApiParameter("reporter", str, description="Reporter contains"),
        OpenApiParameter("region", str, description="Region contains"),
    ],
)
class StatisticListView(APIMixin, generics.ListAPIView):
    serializer_class = StatisticSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        try:
            return selectors.statistics_queryset(self.request.query_params)
        except selectors.FilterError as exc:
            raise _filter_error(exc) from exc


@extend_schema(
    summary="Gazetteer search (Arabic or English; spelling variants ignored; exact matches first)",
    parameters=[
        OpenApiParameter("q", str, required=True, description="Place name"),
        OpenApiParameter("limit", int, description="Max results (default and max 20)"),
    ],
    responses={200: PlaceSerializer(many=True)},
)
class PlaceSearchView(APIMixin, APIView):
    def get(self, request: Request) -> Response:
        try:
            limit = selectors.clamp_limit(request.query_params.get("limit"), default=20, maximum=20)
        except selectors.FilterError as exc:
            raise _filter_error(exc) from exc
        places = selectors.search_places(request.query_params.get("q", ""), limit=limit)
        return Response(PlaceSerializer(places, many=True).data)


@extend_schema(summary="The actor vocabulary with incident counts")
class ActorListView(APIMixin, generics.ListAPIView):
    serializer_class = ActorListSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.actors_queryset()


@extend_schema(
    summary="Mapbox vector tile of the filtered incidents (PostGIS only)",
    description=(
        "Layer `incidents`, extent 4096; the same filters as the list. Up to zoom 11 each feature is a "
        "cluster: the incidents of one grid cell (1/256 of the tile's width), at their mean position, "
        "with `count`, the sums `killed`, `arrested`, `injured` and the most frequent `type`. From zoom 12 "
        "each feature is one incident (`count` 1, `id`, `type`, `date_start`, `killed`, `arrested`, "
        "`injured`, `confidence`, `status`, `place_name`, `governorate`). At most 20,000 features per "
        "tile (the largest clusters / newest incidents). 501 on SpatiaLite (use the GeoJSON endpoint)."
    ),
    responses={
        (200, "application/vnd.mapbox-vector-tile"): OpenApiTypes.BINARY,
        400: OpenApiResponse(OpenApiTypes.OBJECT),
        404: ErrorSerializer,
        501: ErrorSerializer,
    },
)
class TileView(_FixedFormatView):
    renderer_classes = [MVTRenderer]

    def get(self, request: Request, z: int, x: int, y: int) -> Any:
        if z > 22 or x >= 2**z or y >= 2**z:
            return Response({"detail": f"No tile {z}/{x}/{y} (z <= 22, x and y < 2^z)."}, status=404)
        qs = self.filter_queryset(self.get_queryset())
        try:
            tile = selectors.mvt_tile(qs, z, x, y)
        except selectors.TilesUnsupported as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_501_NOT_IMPLEMENTED)
        response = HttpResponse(tile, content_type="application/vnd.mapbox-vector-tile")
        response["Cache-Control"] = "private, max-age=60"
        return response


# --- auth and docs ------------------------------------------------------------------------


class TokenView(APIMixin, ObtainAuthToken):
    """POST username + password -> {"token": ...} (per-user token; send `Authorization: Token <key>`)."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Obtain your API token",
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)


MyTokenResponse = inline_serializer(
    "MyToken",
    {
        "token": serializers.CharField(allow_null=True, help_text="null until you obtain or rotate one"),
        "created": serializers.DateTimeField(allow_null=True),
    },
)


def _token_body(token: Token | None) -> dict[str, Any]:
    return {"token": token.key if token else None, "created": token.created if token else None}


@extend_schema(
    summary="Your own API token",
    description="The signed-in user's token (session or token auth), or null if none was obtained yet.",
    responses={200: MyTokenResponse, 403: ErrorSerializer},
)
class MyTokenView(APIMixin, APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def get(self, request: Request) -> Response:
        return Response(_token_body(selectors.api_token_of(request.user)))


@extend_schema(
    summary="Rotate your API token",
    description=(
        "Replaces the signed-in user's token with a new one: the old token stops working at once. "
        "Session clients must send the CSRF token."
    ),
    request=None,
    responses={201: MyTokenResponse, 403: ErrorSerializer},
)
class RotateTokenView(APIMixin, APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def post(self, request: Request) -> Response:
        token = services.rotate_api_token(request.user)
        return Response(_token_body(token), status=status.HTTP_201_CREATED)


class SchemaView(APIMixin, SpectacularAPIView):
    custom_settings = {
        "ENUM_NAME_OVERRIDES": {"GeoPrecisionEnum": "events.models.GeoPrecision"},
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "events.api.schema.document_common_errors",
        ],
    }


@extend_schema(exclude=True)
class SwaggerView(APIMixin, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's local copy (no CDN; CSP-friendly split script)."""

    url_name = "api-schema"
    title = "OpsTracker API"

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if not django_apps.is_installed("drf_spectacular_sidecar"):
            detail = "Swagger UI needs 'drf_spectacular_sidecar' in INSTALLED_APPS (schema: /api/v1/schema/)."
            return JsonResponse({"detail": detail}, status=status.HTTP_501_NOT_IMPLEMENTED)
        return super().get(request, *args, **kwargs)

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")
