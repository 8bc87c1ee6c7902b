"""Incidents, their sources, and the vocabulary they are described with."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.contrib.gis.geos import Polygon
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Valid WGS84 range; used by a check constraint so no row can hold an
# impossible point whichever code path wrote it. No SRID on purpose: the field's
# (4326) applies, and migrations serialise the polygon without one.
WORLD = Polygon.from_bbox((-180.0, -90.0, 180.0, 90.0))


# Kept at module level so services can write one record for a batch of field and
# m2m changes (events.services.one_history_record).
# History rows are read by incident (``id``) and record (``history_id``) only, and one is
# written for every stored or merged report: the model's own filter indexes (and the point's
# spatial index, dropped after the class below) would be maintained on every insert for nothing.
INCIDENT_HISTORY = HistoricalRecords(
    m2m_fields=["actors", "targets"],
    excluded_fields=["updated_at", "search_text"],
    no_db_index=["type", "date_start", "governorate", "status", "place", "merged_into"],
)


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("exact")
    DISTRICT = "district", _("district")
    GOVERNORATE = "governorate", _("governorate")
    REGION = "region", _("region")
    COUNTRY = "country", _("country")


class Place(models.Model):
    """A gazetteer entry (GeoNames, OCHA/Open-Syria, OpenStreetMap or curated)."""

    class Source(models.TextChoices):
        GEONAMES = "geonames", "GeoNames"
        ADMIN = "admin", "OCHA / Open-Syria admin units"
        OSM = "osm", "OpenStreetMap"
        CURATED = "curated", "OpsTracker curated"

    name_ar = models.CharField(max_length=200, blank=True, db_index=True)
    name_en = models.CharField(max_length=200, blank=True, db_index=True)
    alt_names = models.TextField(blank=True, help_text=_("Alternate names separated by |"))
    search_text = models.TextField(blank=True, help_text=_("Normalised names for search"))
    point = models.PointField(srid=4326)
    feature_kind = models.CharField(max_length=40)
    precision = models.CharField(max_length=12, choices=GeoPrecision.choices, default=GeoPrecision.EXACT)
    governorate = models.CharField(max_length=60, blank=True, db_index=True)
    governorate_ar = models.CharField(max_length=60, blank=True)
    district = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2)
    population = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_id = models.CharField(max_length=120, unique=True)
    licence = models.CharField(max_length=60)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return f"{self.name_ar} ({self.name_en})" if self.name_en else self.name_ar


class Actor(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=120)
    name_ar = models.CharField(max_length=120)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_en


class Incident(models.Model):
    class Type(models.TextChoices):
        RAID = "raid", _("raid")
        AIRSTRIKE = "airstrike", _("airstrike")
        SWEEP = "sweep", _("sweep")
        CLASH = "clash", _("clash")
        ATTACK = "attack", _("attack")
        OTHER = "other", _("other")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        WEEK = "week", _("week")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("unknown")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REVIEWED = "reviewed", _("reviewed")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")
        MERGED = "merged", _("merged")

    type = models.CharField(max_length=10, choices=Type.choices, db_index=True)
    subtype = models.CharField(max_length=40, blank=True)
    date_start = models.DateField(null=True, blank=True, db_index=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    point = models.PointField(srid=4326, null=True, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    place_name = models.CharField(
        max_length=300, blank=True, help_text=_("The place as written in the source")
    )
    governorate = models.CharField(max_length=60, blank=True, db_index=True)
    district = models.CharField(max_length=100, blank=True)
    geo_precision = models.CharField(max_length=12, choices=GeoPrecision.choices, blank=True)
    actors = models.ManyToManyField(Actor, related_name="incidents_as_actor", blank=True)
    targets = models.ManyToManyField(Actor, related_name="incidents_as_target", blank=True)
    arrested = models.PositiveIntegerField(null=True, blank=True)
    killed = models.PositiveIntegerField(null=True, blank=True)
    injured = models.PositiveIntegerField(null=True, blank=True)
    persons = models.JSONField(default=list, blank=True)
    seized = models.JSONField(default=list, blank=True)
    summary_ar = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    confidence = models.FloatField(default=0.5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    status_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    needs_review = models.BooleanField(
        default=False, help_text=_("Sources disagree or re-extraction conflicts")
    )
    locked_fields = models.JSONField(default=list, blank=True, help_text=_("Fields corrected by an editor"))
    version = models.PositiveIntegerField(
        default=1, help_text=_("Bumped on every save; guards concurrent edits")
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text=_("Normalised text for search (events.search.refresh_search_text)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = INCIDENT_HISTORY

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            models.Index(fields=["status", "date_start"], name="incident_status_date"),
            models.Index(fields=["type", "date_start"], name="incident_type_date"),
            models.Index(fields=["governorate", "date_start"], name="incident_gov_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["raid", "airstrike", "sweep", "clash", "attack", "other"]),
                name="incident_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "reviewed", "verified", "rejected", "merged"]),
                name="incident_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0.0) & Q(confidence__lte=1.0), name="incident_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(date_end__isnull=True)
                | Q(date_start__isnull=True)
                | Q(date_end__gte=F("date_start")),
                name="incident_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(point__isnull=True) | Q(point__within=WORLD), name="incident_point_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="incident_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.place_name or '?'} {self.date_start or ''}".strip()

    @property
    def latitude(self) -> float | None:
        return self.point.y if self.point else None

    @property
    def longitude(self) -> float | None:
        return self.point.x if self.point else None


# (see INCIDENT_HISTORY) no spatial index on the history's copy of the point
Incident.history.model._meta.get_field("point").spatial_index = False


class IncidentSource(models.Model):
    """One article's report of an incident, with what that article claimed."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    article = models.ForeignKey("ingest.Article", on_delete=models.CASCADE, related_name="incident_sources")
    evidence = models.TextField()
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    claimed_arrested = models.PositiveIntegerField(null=True, blank=True)
    claimed_killed = models.PositiveIntegerField(null=True, blank=True)
    claimed_injured = models.PositiveIntegerField(null=True, blank=True)
    claimed_date = models.DateField(null=True, blank=True)
    claimed_place_name = models.CharField(max_length=300, blank=True)
    extracted = models.JSONField(default=dict, help_text=_("The extractor's full output for this incident"))
    extractor_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "article"], name="source_once_per_article"),
            models.CheckConstraint(
                condition=Q(evidence_start__isnull=True)
                | Q(evidence_end__isnull=True)
                | Q(evidence_end__gte=F("evidence_start")),
                name="source_evidence_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} <- article {self.article_id}"


class Statistic(models.Model):
    """A period tally ("153 operations, 44 killed in the first half"): not an incident."""

    article = models.ForeignKey("ingest.Article", on_delete=models.CASCADE, related_name="statistics")
    period_start = models.DateField(null=True, blank=True, db_index=True)
    period_end = models.DateField(null=True, blank=True)
    region = models.CharField(max_length=200, blank=True)
    reporter = models.CharField(max_length=120, blank=True)
    operations = models.PositiveIntegerField(null=True, blank=True)
    killed = models.PositiveIntegerField(null=True, blank=True)
    arrested = models.PositiveIntegerField(null=True, blank=True)
    attacks = models.PositiveIntegerField(null=True, blank=True)
    evidence = models.TextField()
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.reporter} {self.period_start}–{self.period_end}"
