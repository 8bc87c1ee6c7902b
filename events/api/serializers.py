"""API representations of incidents, sources, places, statistics and actors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Actor, Incident, IncidentSource, Place, Statistic
from events.services import COUNT_FIELDS, count_range
from ingest.models import Article


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["slug", "name_en", "name_ar"]


class ActorListSerializer(ActorSerializer):
    incidents_count = serializers.IntegerField(
        read_only=True, help_text="Incidents (not rejected/merged) as actor"
    )

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "aliases", "incidents_count"]


class IncidentListSerializer(serializers.ModelSerializer):
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    actors = ActorSerializer(many=True, read_only=True)
    targets = ActorSerializer(many=True, read_only=True)
    sources_count = serializers.IntegerField(read_only=True)
    # "" for incidents with no location: declared so that the schema allows it (a read-only model
    # field would be documented as the bare enum)
    geo_precision = serializers.ChoiceField(
        choices=Incident._meta.get_field("geo_precision").choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "type",
            "subtype",
            "date_start",
            "date_end",
            "date_precision",
            "place_name",
            "governorate",
            "district",
            "latitude",
            "longitude",
            "geo_precision",
            "killed",
            "arrested",
            "injured",
            "actors",
            "targets",
            "sources_count",
            "confidence",
            "status",
            "needs_review",
            "summary_en",
            "summary_ar",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class OutletMiniSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField(allow_null=True)


class ArticleMiniSerializer(serializers.ModelSerializer):
    outlet = OutletMiniSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_at", "language", "outlet"]


class IncidentSourceSerializer(serializers.ModelSerializer):
    article = ArticleMiniSerializer(read_only=True)

    class Meta:
        model = IncidentSource
        fields = [
            "id",
            "article",
            "evidence",
            "evidence_start",
            "evidence_end",
            "claimed_arrested",
            "claimed_killed",
            "claimed_injured",
            "claimed_date",
            "claimed_place_name",
            "extractor_version",
            "created_at",
        ]


class CountRangeSerializer(serializers.Serializer):
    best = serializers.IntegerField(
        allow_null=True, help_text="The incident's count (highest source claim unless edited)"
    )
    low = serializers.IntegerField(allow_null=True, help_text="Lowest count a source claims")
    high = serializers.IntegerField(allow_null=True, help_text="Highest count a source claims")


class CountsSerializer(serializers.Serializer):
    arrested = CountRangeSerializer()
    killed = CountRangeSerializer()
    injured = CountRangeSerializer()


class PlaceMiniSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "name_ar", "name_en", "feature_kind", "governorate", "country", "source"]


class IncidentDetailSerializer(IncidentListSerializer):
    sources = IncidentSourceSerializer(many=True, read_only=True)
    counts = serializers.SerializerMethodField()
    place = PlaceMiniSerializer(read_only=True, allow_null=True)
    sources_count = serializers.SerializerMethodField()

    class Meta(IncidentListSerializer.Meta):
        fields = [
            *IncidentListSerializer.Meta.fields,
            "persons",
            "seized",
            "place",
            "status_reason",
            "merged_into",
            "locked_fields",
            "counts",
            "sources",
        ]
        read_only_fields = fields

    @extend_schema_field(CountsSerializer)
    def get_counts(self, obj: Incident) -> dict[str, dict[str, int | None]]:
        out = {}
        for field in COUNT_FIELDS:
            best, low, high = count_range(obj, field)
            out[field] = {"best": best, "low": low, "high": high}
        return out

    def get_sources_count(self, obj: Incident) -> int:
        return len(obj.sources.all())


# --- writes ----------------------------------------------------------------------------


class IncidentPatchSerializer(serializers.Serializer):
    """An editor's correction. ``version`` is the version the editor loaded."""

    version = serializers.IntegerField(
        min_value=1, help_text="The incident version you edited (409 if stale)"
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    type = serializers.ChoiceField(choices=Incident.Type.choices, required=False)
    subtype = serializers.CharField(required=False, allow_blank=True, max_length=40)
    date_start = serializers.DateField(required=False, allow_null=True)
    date_end = serializers.DateField(required=False, allow_null=True)
    date_precision = serializers.ChoiceField(choices=Incident.DatePrecision.choices, required=False)
    lat = serializers.FloatField(required=False, allow_null=True, help_text="Latitude; with lon")
    lon = serializers.FloatField(required=False, allow_null=True, help_text="Longitude; with lat")
    place = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True)
    place_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    governorate = serializers.CharField(required=False, allow_blank=True, max_length=60)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    geo_precision = serializers.ChoiceField(
        choices=Incident._meta.get_field("geo_precision").choices, required=False, allow_blank=True
    )
    arrested = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    killed = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    injured = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    persons = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=200
    )
    seized = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=200
    )
    summary_en = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    summary_ar = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    actors = serializers.ListField(child=serializers.SlugField(max_length=40), required=False, max_length=50)
    targets = serializers.ListField(child=serializers.SlugField(max_length=40), required=False, max_length=50)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("lat" in attrs) != ("lon" in attrs):
            raise serializers.ValidationError({"lat": "Give both lat and lon (or neither)."})
        for field in ("actors", "targets"):
            if field in attrs:
                slugs = list(dict.fromkeys(attrs[field]))
                known = set(Actor.objects.filter(slug__in=slugs).values_list("slug", flat=True))
                missing = [s for s in slugs if s not in known]
                if missing:
                    raise serializers.ValidationError({field: f"Unknown actor slugs: {', '.join(missing)}."})
                attrs[field] = slugs
        changes = set(attrs) - {"version", "reason"}
        if not changes:
            raise serializers.ValidationError("No field to change.")
        return attrs


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class MergeSerializer(serializers.Serializer):
    target = serializers.IntegerField(min_value=1, help_text="The incident that is kept")
    duplicates = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=100,
        help_text="Incidents merged into it",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        ids = {attrs["target"], *attrs["duplicates"]}
        found = set(Incident.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = sorted(ids - found)
        if missing:
            raise serializers.ValidationError(f"Unknown incidents: {', '.join(map(str, missing))}.")
        if set(attrs["duplicates"]) == {attrs["target"]}:
            raise serializers.ValidationError("An incident cannot be merged into itself.")
        merged = Incident.objects.filter(pk__in=ids, status=Incident.Status.MERGED).values_list(
            "pk", flat=True
        )
        if merged:
            raise serializers.ValidationError(f"Already merged: {', '.join(map(str, merged))}.")
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


# --- other reads ------------------------------------------------------------------------


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    date = serializers.DateTimeField()
    type = serializers.CharField(help_text="created, changed or deleted")
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    status = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class TombstoneSerializer(serializers.ModelSerializer):
    when = serializers.DateTimeField(source="updated_at", read_only=True)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True, read_only=True)
    reason = serializers.CharField(source="status_reason", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "status", "when", "merged_into", "reason"]


class AggregateBucketSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="First day of the period (weeks start on Monday)")
    type = serializers.CharField(allow_null=True)
    governorate = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    killed = serializers.IntegerField()
    arrested = serializers.IntegerField()


class AggregatesSerializer(serializers.Serializer):
    interval = serializers.ChoiceField(choices=["day", "week", "month"])
    group_by = serializers.ListField(child=serializers.CharField())
    buckets = AggregateBucketSerializer(many=True)
    undated = serializers.IntegerField(help_text="Matching incidents without a date (not in any bucket)")


class PlaceSerializer(serializers.ModelSerializer):
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "id",
            "name_ar",
            "name_en",
            "alt_names",
            "feature_kind",
            "precision",
            "governorate",
            "governorate_ar",
            "district",
            "country",
            "population",
            "latitude",
            "longitude",
            "source",
            "licence",
        ]

    def get_latitude(self, obj: Place) -> float:
        return obj.point.y

    def get_longitude(self, obj: Place) -> float:
        return obj.point.x


class StatisticSerializer(serializers.ModelSerializer):
    article = ArticleMiniSerializer(read_only=True)

    class Meta:
        model = Statistic
        fields = [
            "id",
            "period_start",
            "period_end",
            "region",
            "reporter",
            "operations",
            "killed",
            "arrested",
            "attacks",
            "evidence",
            "evidence_start",
            "evidence_end",
            "article",
            "created_at",
        ]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
