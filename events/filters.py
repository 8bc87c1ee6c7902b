"""The incident filters shared by the API and the web UI (django-filter).

Every parameter is validated by the filter form: a malformed value (bad date,
unknown type, non-numeric bbox, SQL-looking text in a typed parameter) makes
the form invalid, which the API turns into a 400 with the field errors.
"""

from __future__ import annotations

import math
from datetime import UTC
from typing import Any

import django_filters
from django import forms
from django.contrib.gis.geos import Point, Polygon
from django.contrib.gis.measure import D
from django.db.models import F, QuerySet
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Incident
from .search import incident_search_q

MAX_LIST_VALUES = 50
MAX_NEAR_KM = 2000.0

ORDERING_FIELDS = (
    "date_start",
    "confidence",
    "updated_at",
    "created_at",
    "killed",
    "arrested",
    "injured",
    "id",
    "type",
    "governorate",
)


class CommaListWidget(forms.TextInput):
    """Reads ``a,b`` and/or repeated ``?x=a&x=b`` into one list."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        if hasattr(data, "getlist"):
            raw = data.getlist(name)
        else:
            value = data.get(name)
            raw = value if isinstance(value, list | tuple) else ([value] if value not in (None, "") else [])
        values: list[str] = []
        for item in raw:
            values.extend(part.strip() for part in str(item).split(",") if part.strip())
        return values


class CommaListField(forms.Field):
    widget = CommaListWidget

    def __init__(self, *args: Any, allowed: list[str] | None = None, max_length: int = 120, **kwargs: Any):
        self.allowed = allowed
        self.item_max_length = max_length
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[str]:
        values = list(dict.fromkeys(value or []))
        if not values:
            return []
        if len(values) > MAX_LIST_VALUES:
            raise forms.ValidationError(f"At most {MAX_LIST_VALUES} values.")
        for item in values:
            if "\x00" in item:
                raise forms.ValidationError("Null characters are not allowed.")
            if len(item) > self.item_max_length:
                raise forms.ValidationError("Value too long.")
            if self.allowed is not None and item not in self.allowed:
                raise forms.ValidationError(
                    f"Unknown value {item[:40]!r}; expected one of: {', '.join(self.allowed)}."
                )
        return values


@extend_schema_field(OpenApiTypes.STR)
class CommaListFilter(django_filters.Filter):
    """``field__in`` over a comma-separated / repeated parameter."""

    field_class = CommaListField

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class FloatsField(forms.CharField):
    """A comma-separated list of exactly ``count`` finite numbers."""

    def __init__(self, *args: Any, count: int, **kwargs: Any):
        self.count = count
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> tuple[float, ...] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != self.count:
            raise forms.ValidationError(f"Expected {self.count} comma-separated numbers.")
        try:
            numbers = tuple(float(p) for p in parts)
        except ValueError as exc:
            raise forms.ValidationError(f"Expected {self.count} comma-separated numbers.") from exc
        if not all(math.isfinite(n) for n in numbers):
            raise forms.ValidationError("Numbers must be finite.")
        return numbers


@extend_schema_field(OpenApiTypes.STR)
class FloatsFilter(django_filters.Filter):
    field_class = FloatsField


class UTCIsoDateTimeField(IsoDateTimeField):
    """ISO 8601 datetimes normalised to UTC: PostgreSQL refuses offsets beyond ±15:59
    ("0311-08-18T08:35-23:24" was a 500); a value that cannot be expressed in UTC is invalid."""

    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


def _check_lon_lat(lon: float, lat: float) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise forms.ValidationError(f"Coordinates out of range: lon={lon}, lat={lat}.")


class IncidentFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(
        field_name="date_start", lookup_expr="gte", help_text="date_start >= (ISO)"
    )
    date_before = django_filters.DateFilter(
        field_name="date_start", lookup_expr="lte", help_text="date_start <= (ISO)"
    )
    type = CommaListFilter(
        field_name="type",
        allowed=list(Incident.Type.values),
        help_text="Incident types, comma-separated or repeated: " + ", ".join(Incident.Type.values),
    )
    actor = CommaListFilter(
        method="filter_actor", help_text="Actor slugs (any of), comma-separated or repeated"
    )
    target = CommaListFilter(method="filter_target", help_text="Target actor slugs (any of)")
    governorate = CommaListFilter(field_name="governorate", help_text="Governorates (exact names, any of)")
    status = CommaListFilter(
        field_name="status",
        allowed=list(Incident.Status.values),
        help_text="Statuses (any of). Default: all but rejected and merged.",
    )
    min_confidence = django_filters.NumberFilter(
        field_name="confidence", lookup_expr="gte", help_text="confidence >= (0..1)"
    )
    bbox = FloatsFilter(count=4, method="filter_bbox", help_text="minLon,minLat,maxLon,maxLat (WGS84)")
    near = FloatsFilter(count=3, method="filter_near", help_text="lon,lat,km: within km of the point")
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        help_text="Text search in place name, persons, summaries, evidence; ignores Arabic spelling variants",
    )
    updated_since = UTCIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="updated_at >= (ISO 8601 datetime)"
    )
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS, help_text="Sort keys, comma-separated, '-' for descending"
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status__in=[Incident.Status.REJECTED, Incident.Status.MERGED])
        queryset = super().filter_queryset(queryset)
        # empty keys (",," or "-") are ignored
        ordering = [k for k in self.form.cleaned_data.get("ordering") or [] if k.lstrip("-")]
        if ordering:
            # NULLs last in both directions (PostgreSQL puts them first when descending)
            keys = [
                F(k[1:]).desc(nulls_last=True) if k.startswith("-") else F(k).asc(nulls_last=True)
                for k in ordering
            ]
            if not any(k.lstrip("-") == "id" for k in ordering):
                keys.append(F("id").desc())  # stable pagination
            queryset = queryset.order_by(*keys)
        return queryset

    def filter_actor(self, qs: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return qs
        through = Incident.actors.through.objects.filter(actor__slug__in=value).values("incident_id")
        return qs.filter(pk__in=through)

    def filter_target(self, qs: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return qs
        through = Incident.targets.through.objects.filter(actor__slug__in=value).values("incident_id")
        return qs.filter(pk__in=through)

    def filter_bbox(self, qs: QuerySet, name: str, value: tuple[float, ...] | None) -> QuerySet:
        if not value:
            return qs
        min_lon, min_lat, max_lon, max_lat = value
        poly = Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))
        poly.srid = 4326
        return qs.filter(point__isnull=False, point__intersects=poly)

    def filter_near(self, qs: QuerySet, name: str, value: tuple[float, ...] | None) -> QuerySet:
        if not value:
            return qs
        lon, lat, km = value
        # A bounding box first (uses the spatial index), then the exact geodetic distance.
        # point IS NOT NULL: SpatiaLite's geodetic distance of a NULL geometry is not NULL.
        dlat = km / 110.574
        cos_lat = math.cos(math.radians(min(abs(lat) + dlat, 89.9)))
        dlon = min(180.0, km / (111.320 * cos_lat))
        box = Polygon.from_bbox(
            (max(-180, lon - dlon), max(-90, lat - dlat), min(180, lon + dlon), min(90, lat + dlat))
        )
        box.srid = 4326
        return qs.filter(
            point__isnull=False,
            point__intersects=box,
            point__distance_lte=(Point(lon, lat, srid=4326), D(km=km)),
        )

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        condition = incident_search_q(value)
        # A query with nothing searchable in it ("_", "!!") matches nothing rather than everything.
        return qs.filter(condition) if condition is not None else qs.none()

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid:
            return False
        data = self.form.cleaned_data
        errors: dict[str, str] = {}
        bbox = data.get("bbox")
        if bbox:
            min_lon, min_lat, max_lon, max_lat = bbox
            try:
                _check_lon_lat(min_lon, min_lat)
                _check_lon_lat(max_lon, max_lat)
                if min_lon > max_lon or min_lat > max_lat:
                    raise forms.ValidationError("bbox must be minLon,minLat,maxLon,maxLat.")
            except forms.ValidationError as exc:
                errors["bbox"] = exc.messages[0]
        near = data.get("near")
        if near:
            try:
                _check_lon_lat(near[0], near[1])
                if not 0 < near[2] <= MAX_NEAR_KM:
                    raise forms.ValidationError(f"Distance must be in (0, {MAX_NEAR_KM:g}] km.")
            except forms.ValidationError as exc:
                errors["near"] = exc.messages[0]
        conf = data.get("min_confidence")
        if conf is not None and not (0 <= conf <= 1):
            errors["min_confidence"] = "min_confidence must be between 0 and 1."
        for field, message in errors.items():
            self.form.add_error(field, message)
        return not errors
