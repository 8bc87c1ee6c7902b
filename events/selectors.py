"""Read paths for incidents: filtered querysets and fast bulk output.

Used by the REST API (events.api) and the web UI. Everything here is
read-only; writes go through events.services.

* ``filter_incidents(params)``: the filtered, ordered incident queryset for a
  mapping of query parameters (see events.filters.IncidentFilter), raising
  ``FilterError`` with per-parameter messages on invalid input.
* ``incident_list_queryset`` / ``incident_detail_queryset``: querysets with the
  related rows prefetched (no N+1).
* ``geojson_feature_collection``, ``iter_csv``, ``aggregate_buckets``,
  ``deleted_incidents``, ``search_places``, ``incident_history``, ``mvt_tile``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from .filters import IncidentFilter
from .models import Actor, Incident, IncidentSource, Place, Statistic
from .search import _place_rank_key, place_search_terms

GEOJSON_DEFAULT_LIMIT = 10_000
GEOJSON_MAX_LIMIT = 50_000
CSV_CHUNK_SIZE = 2_000
HIDDEN_STATUSES = (Incident.Status.REJECTED, Incident.Status.MERGED)


class FilterError(ValueError):
    """Invalid filter parameters; ``errors`` maps parameter -> messages."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))


def default_ordering(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    return qs.order_by(F("date_start").desc(nulls_last=True), "-id")


def filter_incidents(
    params: Mapping[str, Any], queryset: QuerySet[Incident] | None = None
) -> QuerySet[Incident]:
    """Incidents matching the query parameters (all filters of the API).

    Rejected and merged incidents are left out unless ``status`` asks for them.
    Invalid parameters raise ``FilterError``."""
    base = queryset if queryset is not None else Incident.objects.all()
    if not params.get("ordering"):
        base = default_ordering(base)
    fs = IncidentFilter(data=params, queryset=base)
    if not fs.is_valid():
        raise FilterError({k: [str(m) for m in v] for k, v in fs.errors.items()})
    return fs.qs


def incident_list_queryset(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    """For list pages: actors/targets prefetched. Call ``attach_sources_count`` on the page."""
    return qs.prefetch_related(
        Prefetch("actors", queryset=Actor.objects.only("id", "slug", "name_en", "name_ar")),
        Prefetch("targets", queryset=Actor.objects.only("id", "slug", "name_en", "name_ar")),
    )


def attach_sources_count(incidents: Iterable[Incident]) -> list[Incident]:
    """Set ``sources_count`` on a page of incidents with one query (counting in SQL with a
    JOIN/GROUP BY or a correlated subquery would touch every filtered row before LIMIT)."""
    items = list(incidents)
    counts = sources_count_by_incident([i.pk for i in items])
    for incident in items:
        incident.sources_count = counts.get(incident.pk, 0)
    return items


def lon_lat_expressions() -> dict[str, Func]:
    """Longitude/latitude as plain floats computed by the database (no GEOS objects per row)."""
    return {
        "lon": Func(F("point"), function="ST_X", output_field=FloatField()),
        "lat": Func(F("point"), function="ST_Y", output_field=FloatField()),
    }


def incident_detail_queryset() -> QuerySet[Incident]:
    """For one incident with everything it shows: sources with articles and outlets, actors."""
    sources = IncidentSource.objects.select_related("article__outlet").order_by("created_at", "id")
    return Incident.objects.select_related("place", "merged_into").prefetch_related(
        Prefetch("sources", queryset=sources), "actors", "targets"
    )


def _chunks(seq: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def actor_slugs_by_incident(
    ids: list[int], relation: str = "actors", slugs: Mapping[int, str] | None = None
) -> dict[int, list[str]]:
    """incident id -> sorted actor slugs for ``relation`` ("actors" or "targets").

    ``slugs`` (actor id -> slug, the small Actor table) avoids a join per call."""
    through = getattr(Incident, relation).through
    if slugs is None:
        slugs = dict(Actor.objects.values_list("id", "slug"))
    out: dict[int, list[str]] = {}
    for chunk in _chunks(ids, 5_000):
        for inc_id, actor_id in through.objects.filter(incident_id__in=chunk).values_list(
            "incident_id", "actor_id"
        ):
            out.setdefault(inc_id, []).append(slugs.get(actor_id, str(actor_id)))
    for values in out.values():
        values.sort()
    return out


def sources_count_by_incident(ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(ids, 5_000):
        rows = IncidentSource.objects.filter(incident_id__in=chunk).order_by().values("incident_id")
        out.update(rows.annotate(c=Count("id")).values_list("incident_id", "c"))
    return out


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


GEOJSON_FIELDS = (
    "id",
    "type",
    "subtype",
    "date_start",
    "date_precision",
    "place_name",
    "governorate",
    "geo_precision",
    "killed",
    "arrested",
    "injured",
    "confidence",
    "status",
    "summary_en",
)


def clamp_limit(value: Any, default: int = GEOJSON_DEFAULT_LIMIT, maximum: int = GEOJSON_MAX_LIMIT) -> int:
    """A positive limit no larger than ``maximum``; invalid values raise FilterError."""
    if value in (None, ""):
        return default
    try:
        limit = int(str(value))
    except ValueError as exc:
        raise FilterError({"limit": ["A positive integer is required."]}) from exc
    if limit < 1:
        raise FilterError({"limit": ["A positive integer is required."]})
    return min(limit, maximum)


def geojson_feature_collection(qs: QuerySet[Incident], limit: int = GEOJSON_DEFAULT_LIMIT) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of (at most ``limit``) incidents.

    One query for the rows (values with coordinates as floats, no model
    instances) plus, per 5,000 incidents, one for actor slugs and one for
    source counts (and one for the actor vocabulary)."""
    rows = list(qs.annotate(**lon_lat_expressions()).values_list(*GEOJSON_FIELDS, "lon", "lat")[: limit + 1])
    truncated = len(rows) > limit
    rows = rows[:limit]
    ids = [r[0] for r in rows]
    actors = actor_slugs_by_incident(ids)
    counts = sources_count_by_incident(ids)
    features = []
    n = len(GEOJSON_FIELDS)
    for row in rows:
        props = dict(zip(GEOJSON_FIELDS, row[:n], strict=True))
        props["date_start"] = _iso(props["date_start"])
        props["actors"] = actors.get(row[0], [])
        props["sources_count"] = counts.get(row[0], 0)
        lon, lat = row[n], row[n + 1]
        geometry = (
            {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]} if lon is not None else None
        )
        features.append({"type": "Feature", "id": row[0], "geometry": geometry, "properties": props})
    return {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {"count": len(features), "limit": limit, "truncated": truncated},
    }


# --- CSV --------------------------------------------------------------------------------

CSV_DEFAULT_COLUMNS = (
    "id",
    "type",
    "subtype",
    "date_start",
    "date_end",
    "date_precision",
    "place_name",
    "governorate",
    "district",
    "geo_precision",
    "latitude",
    "longitude",
    "killed",
    "arrested",
    "injured",
    "actors",
    "targets",
    "sources_count",
    "sources",
    "confidence",
    "status",
    "summary_en",
    "summary_ar",
    "updated_at",
)

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

_IRAQ_ADMIN1 = {
    "anbar", "babil", "baghdad", "basrah", "basra", "dahuk", "duhok", "diyala", "erbil", "kerbala", "karbala",
    "kirkuk", "maysan", "muthanna", "najaf", "nineveh", "ninewa", "qadisiyah", "salah al-din", "sulaymaniyah",
    "thi-qar", "dhi qar", "wasit", "halabja",
}  # fmt: skip
_COUNTRIES = {"SY": ("SYR", "760", "Syria"), "IQ": ("IRQ", "368", "Iraq")}
_ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
_ACLED_GEO_PRECISION = {"exact": 1, "district": 2, "governorate": 3, "region": 3, "country": 3}


def _country_code(place_country: str | None, governorate: str) -> str:
    if place_country in _COUNTRIES:
        return place_country
    if governorate and governorate.strip().lower() in _IRAQ_ADMIN1:
        return "IQ"
    return "SY" if governorate else ""


def acled_event_type(kind: str, subtype: str, killed: int | None, targets: list[str]) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for an OpsTracker type/subtype."""
    sub = (subtype or "").lower()
    if kind == "airstrike":
        return "Political violence", "Explosions/Remote violence", "Air/drone strike"
    if kind == "attack":
        if "suicide" in sub:
            return "Political violence", "Explosions/Remote violence", "Suicide bomb"
        if any(w in sub for w in ("ied", "bomb", "mine", "explos")):
            return "Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if "civilians" in targets:
            return "Political violence", "Violence against civilians", "Attack"
        return "Political violence", "Battles", "Armed clash"
    if kind == "clash" or (kind in ("raid", "sweep") and killed):
        return "Political violence", "Battles", "Armed clash"
    if kind in ("raid", "sweep"):
        return "Strategic developments", "Strategic developments", "Arrests"
    return "Strategic developments", "Strategic developments", "Other"


_CSV_VALUE_FIELDS = (
    "id",
    "type",
    "subtype",
    "date_start",
    "date_end",
    "date_precision",
    "place_name",
    "governorate",
    "district",
    "geo_precision",
    "lon",
    "lat",
    "killed",
    "arrested",
    "injured",
    "confidence",
    "status",
    "summary_en",
    "summary_ar",
    "updated_at",
    "place__country",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _sources_by_incident(ids: list[int]) -> tuple[dict[int, int], dict[int, list[str]]]:
    counts: dict[int, int] = {}
    outlets: dict[int, list[str]] = {}
    rows = IncidentSource.objects.filter(incident_id__in=ids).order_by("id")
    for inc_id, outlet in rows.values_list("incident_id", "article__outlet__name"):
        counts[inc_id] = counts.get(inc_id, 0) + 1
        if outlet and outlet not in outlets.setdefault(inc_id, []):
            outlets[inc_id].append(outlet)
    return counts, outlets


def iter_csv(
    qs: QuerySet[Incident], columns: str = "default", chunk_size: int = CSV_CHUNK_SIZE
) -> Iterator[str]:
    """CSV lines (header first) for the incidents, in constant memory.

    Rows are read with a server-side cursor (``iterator``); actors, targets
    and sources are fetched once per chunk of ``chunk_size`` rows."""
    header = ACLED_COLUMNS if columns == "acled" else CSV_DEFAULT_COLUMNS
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # BOM: spreadsheets read UTF-8 Arabic correctly
    vocabulary = list(Actor.objects.values_list("id", "slug", "name_en"))
    slugs = {pk: slug for pk, slug, _ in vocabulary}
    actor_names = {slug: name for _, slug, name in vocabulary}
    batch: list[dict[str, Any]] = []
    rows = qs.annotate(**lon_lat_expressions()).values(*_CSV_VALUE_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        batch.append(row)
        if len(batch) >= chunk_size:
            yield from _csv_batch(batch, columns, writer, actor_names, slugs)
            batch = []
    if batch:
        yield from _csv_batch(batch, columns, writer, actor_names, slugs)


def _csv_batch(
    batch: list[dict[str, Any]], columns: str, writer: Any, actor_names: dict[str, str], slugs: dict[int, str]
) -> Iterator[str]:
    ids = [r["id"] for r in batch]
    actors = actor_slugs_by_incident(ids, "actors", slugs)
    targets = actor_slugs_by_incident(ids, "targets", slugs)
    counts, outlets = _sources_by_incident(ids)
    for r in batch:
        lat = round(r["lat"], 6) if r["lat"] is not None else None
        lon = round(r["lon"], 6) if r["lon"] is not None else None
        a, t = actors.get(r["id"], []), targets.get(r["id"], [])
        if columns == "acled":
            code = _country_code(r["place__country"], r["governorate"])
            iso3, iso_num, country = _COUNTRIES.get(code, ("", "", ""))
            disorder, event_type, sub_event = acled_event_type(r["type"], r["subtype"], r["killed"], t)
            tags = [
                f"opstracker_type={r['type']}",
                f"status={r['status']}",
                f"confidence={r['confidence']:.2f}",
            ]
            if r["arrested"] is not None:
                tags.append(f"arrested={r['arrested']}")
            if r["injured"] is not None:
                tags.append(f"injured={r['injured']}")
            values = [
                f"{iso3 or 'XXX'}{r['id']}",
                _iso(r["date_start"]) or "",
                r["date_start"].year if r["date_start"] else "",
                _ACLED_TIME_PRECISION.get(r["date_precision"], 3),
                disorder,
                event_type,
                sub_event,
                actor_names.get(a[0], a[0]) if a else "",
                "; ".join(actor_names.get(s, s) for s in a[1:]),
                actor_names.get(t[0], t[0]) if t else "",
                "; ".join(actor_names.get(s, s) for s in t[1:]),
                iso_num,
                country,
                r["governorate"],
                r["district"],
                r["place_name"],
                lat if lat is not None else "",
                lon if lon is not None else "",
                _ACLED_GEO_PRECISION.get(r["geo_precision"], 3),
                "; ".join(outlets.get(r["id"], [])),
                "",
                r["summary_en"] or r["summary_ar"],
                r["killed"] or 0,
                "; ".join(tags),
                int(r["updated_at"].timestamp()),
            ]
        else:
            values = [
                r["id"],
                r["type"],
                r["subtype"],
                _iso(r["date_start"]) or "",
                _iso(r["date_end"]) or "",
                r["date_precision"],
                r["place_name"],
                r["governorate"],
                r["district"],
                r["geo_precision"],
                lat if lat is not None else "",
                lon if lon is not None else "",
                "" if r["killed"] is None else r["killed"],
                "" if r["arrested"] is None else r["arrested"],
                "" if r["injured"] is None else r["injured"],
                ";".join(a),
                ";".join(t),
                counts.get(r["id"], 0),
                "; ".join(outlets.get(r["id"], [])),
                r["confidence"],
                r["status"],
                r["summary_en"],
                r["summary_ar"],
                _iso(r["updated_at"]),
            ]
        yield writer.writerow([_csv_safe(v) for v in values])


# --- Aggregates --------------------------------------------------------------------------

INTERVALS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
GROUP_BY_FIELDS = ("type", "governorate")


def aggregate_buckets(
    qs: QuerySet[Incident], interval: str = "week", group_by: Iterable[str] = ("type",)
) -> list[dict[str, Any]]:
    """Counts (and killed/arrested sums) per period x type (x governorate).

    Undated incidents are left out. Works on PostGIS and SpatiaLite."""
    if interval not in INTERVALS:
        raise FilterError({"interval": [f"Expected one of: {', '.join(INTERVALS)}."]})
    groups = [g for g in GROUP_BY_FIELDS if g in set(group_by)]
    unknown = set(group_by) - set(GROUP_BY_FIELDS)
    if unknown:
        raise FilterError({"group_by": [f"Expected any of: {', '.join(GROUP_BY_FIELDS)}."]})
    trunc = INTERVALS[interval]
    rows = (
        qs.filter(date_start__isnull=False)
        .order_by()
        .annotate(period=trunc("date_start"))
        .values("period", *groups)
        .annotate(count=Count("id"), killed=Sum("killed"), arrested=Sum("arrested"))
        .order_by("period", *groups)
    )
    buckets = []
    for row in rows:
        period = row["period"]
        if isinstance(period, datetime):
            period = period.date()
        buckets.append(
            {
                "period": _iso(period),
                "type": row.get("type"),
                "governorate": row.get("governorate"),
                "count": row["count"],
                "killed": row["killed"] or 0,
                "arrested": row["arrested"] or 0,
            }
        )
    return buckets


# --- Tombstones, places, statistics, actors, history ---------------------------------------


def deleted_incidents(since: datetime | None = None) -> QuerySet[Incident]:
    """Rejected and merged incidents (tombstones for incremental sync), oldest change first."""
    qs = Incident.objects.filter(status__in=HIDDEN_STATUSES)
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    return qs.order_by("updated_at", "id").only(
        "id", "status", "status_reason", "merged_into_id", "updated_at"
    )


def search_places(query: str, limit: int = 20) -> list[Place]:
    """Gazetteer entries whose Arabic or English names match ``query`` (normalised),
    exact name matches first, then prefix matches, then the rest (by population)."""
    whole, terms = place_search_terms(query)
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term) | Q(name_en__icontains=term)
    exact = (
        Q(search_text=whole)
        | Q(search_text__startswith=f"{whole} |")
        | Q(search_text__contains=f"| {whole} |")
        | Q(search_text__endswith=f"| {whole}")
    )
    prefix = Q(search_text__startswith=whole) | Q(search_text__contains=f"| {whole}")
    rank = Case(
        When(exact, then=Value(0)), When(prefix, then=Value(1)), default=Value(2), output_field=IntegerField()
    )
    candidates = list(
        Place.objects.filter(condition)
        .annotate(rank=rank)
        .order_by("rank", F("population").desc(nulls_last=True), "name_en")[: max(limit * 5, 100)]
    )
    candidates.sort(key=lambda p: _place_rank_key(p, whole))
    return candidates[:limit]


def statistics_queryset(params: Mapping[str, Any]) -> QuerySet[Statistic]:
    """Period tallies filtered by ``period_after``/``period_before`` (ISO dates) and
    ``reporter``/``region`` (substring)."""
    errors: dict[str, list[str]] = {}
    qs = Statistic.objects.select_related("article__outlet").order_by(
        F("period_end").desc(nulls_last=True), "-id"
    )
    for name, lookup in (("period_after", "period_end__gte"), ("period_before", "period_start__lte")):
        value = params.get(name)
        if value:
            try:
                qs = qs.filter(**{lookup: date.fromisoformat(str(value))})
            except ValueError:
                errors[name] = ["Enter a valid date (YYYY-MM-DD)."]
    for name in ("reporter", "region"):
        value = params.get(name)
        if value and "\x00" in str(value):
            errors[name] = ["Null characters are not allowed."]
        elif value:
            qs = qs.filter(**{f"{name}__icontains": str(value)[:120]})
    if errors:
        raise FilterError(errors)
    return qs


def actors_queryset() -> QuerySet[Actor]:
    return Actor.objects.annotate(
        incidents_count=Count("incidents_as_actor", filter=~Q(incidents_as_actor__status__in=HIDDEN_STATUSES))
    ).order_by("slug")


def incident_history(incident: Incident) -> list[dict[str, Any]]:
    """The incident's audit trail, newest first: who, when, why, and field changes."""
    records = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    # The actors/targets of every record in one query per field (simple-history's diff_against
    # would run two per field and record: N+1).
    m2m = _history_actor_ids(records)
    slugs: dict[int, str] | None = None
    out: list[dict[str, Any]] = []
    previous = None
    for record in records:
        changes: list[dict[str, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=M2M_ACTOR_FIELDS)
            for change in delta.changes:
                old, new = _history_value(change.old), _history_value(change.new)
                changes.append({"field": change.field, "old": old, "new": new})
            for field in M2M_ACTOR_FIELDS:
                old_ids = m2m[field].get(previous.history_id, [])
                new_ids = m2m[field].get(record.history_id, [])
                if old_ids != new_ids:
                    if slugs is None:
                        slugs = dict(Actor.objects.values_list("id", "slug"))
                    old, new = _actor_slugs(old_ids, slugs), _actor_slugs(new_ids, slugs)
                    changes.append({"field": field, "old": old, "new": new})
        user = record.history_user
        out.append(
            {
                "history_id": record.history_id,
                "date": record.history_date,
                "type": {"+": "created", "~": "changed", "-": "deleted"}.get(
                    record.history_type, record.history_type
                ),
                "user": user.get_username() if user else None,
                "reason": record.history_change_reason or "",
                "version": record.version,
                "status": record.status,
                "changes": changes,
            }
        )
        previous = record
    out.reverse()
    return out


M2M_ACTOR_FIELDS = ("actors", "targets")


def _history_actor_ids(records: list[Any]) -> dict[str, dict[int, list[int]]]:
    """{field: {history_id: sorted actor ids}} for the given history records."""
    out: dict[str, dict[int, list[int]]] = {field: {} for field in M2M_ACTOR_FIELDS}
    if not records:
        return out
    ids = [r.history_id for r in records]
    for field in M2M_ACTOR_FIELDS:
        through = getattr(records[0], field).model  # the historical m2m table
        rows = through.objects.filter(history_id__in=ids).order_by("history_id", "actor_id")
        for history_id, actor_id in rows.values_list("history_id", "actor_id"):
            out[field].setdefault(history_id, []).append(actor_id)
    return out


def _actor_slugs(rows: Any, slugs: dict[int, str]) -> list[str]:
    """simple-history lists m2m values as through rows ({"incident": 1, "actor": 3}); show slugs."""
    out = []
    for row in rows or []:
        actor_id = row.get("actor") if isinstance(row, dict) else row
        out.append(slugs.get(actor_id, str(actor_id)))
    return sorted(out)


def _history_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "wkt"):
        return (
            {"type": "Point", "coordinates": [value.x, value.y]} if value.geom_type == "Point" else value.wkt
        )
    if isinstance(value, list | tuple):
        return [_history_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _history_value(v) for k, v in value.items()}
    return str(value)


# --- Vector tiles (PostGIS only) ----------------------------------------------------------


class TilesUnsupported(RuntimeError):
    """Vector tiles need PostGIS (ST_AsMVT)."""


def mvt_tile(qs: QuerySet[Incident], z: int, x: int, y: int) -> bytes:
    """A Mapbox Vector Tile (layer "incidents") of the filtered incidents in tile z/x/y."""
    if not settings.IS_POSTGIS or connection.vendor != "postgresql":
        raise TilesUnsupported(
            "Vector tiles need PostGIS (ST_AsMVT); use the GeoJSON endpoint on SpatiaLite."
        )
    inner_sql, inner_params = qs.order_by().values("pk").query.sql_with_params()
    table = Incident._meta.db_table
    sql = f"""
        WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS geom),
        mvtgeom AS (
            SELECT ST_AsMVTGeom(ST_Transform(i.point, 3857), bounds.geom, 4096, 64, true) AS geom,
                   i.id, i.type, i.date_start::text AS date_start, i.killed, i.arrested, i.injured,
                   i.confidence, i.status, i.place_name, i.governorate
            FROM {table} i, bounds
            WHERE i.point IS NOT NULL
              AND i.point && ST_Transform(bounds.geom, 4326)
              AND i.id IN ({inner_sql})
        )
        SELECT ST_AsMVT(mvtgeom.*, 'incidents', 4096, 'geom') FROM mvtgeom
    """  # noqa: S608 (table name is a constant; all values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [z, x, y, *inner_params])
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


def api_token_of(user: Any) -> Any:
    """The user's API token, or None when none was obtained yet."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).first()
