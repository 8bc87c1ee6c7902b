"""Read paths for incidents: filtered querysets and fast bulk output.

Used by the REST API (events.api) and the web UI. Everything here is
read-only; writes go through events.services.

* ``filter_incidents(params)``: the filtered, ordered incident queryset for a
  mapping of query parameters (see events.filters.IncidentFilter), raising
  ``FilterError`` with per-parameter messages on invalid input.
* ``incident_list_queryset`` / ``incident_detail_queryset``: querysets with the
  related rows prefetched (no N+1).
* ``list_count``: a list's count, exact up to EXACT_COUNT_LIMIT and estimated above.
* ``geojson_feature_collection`` / ``iter_geojson`` (the same document built by PostgreSQL),
  ``iter_csv``, ``aggregates`` / ``aggregate_buckets``, ``deleted_incidents``,
  ``search_places``, ``incident_history``, ``mvt_tile`` (clustered at low zooms).
  ``aggregates`` and ``mvt_tile`` are cached until the next incident write (events.cache).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import (
    Case,
    CharField,
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
from django.db.models.functions import Cast, TruncDay, TruncMonth, TruncWeek

from . import cache
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


# Lists count at most this many rows exactly; beyond it the count is the planner's estimate.
# (Counting 10,000 matches of a common search word still took ~190 ms at 1M incidents.)
EXACT_COUNT_LIMIT = 1_000


def list_count(qs: QuerySet[Any], limit: int | None = None) -> tuple[int, bool]:
    """(number of rows of ``qs``, whether it is an estimate).

    Counting every match is what made large lists slow (COUNT(*) over 920,000 visible rows:
    110-180 ms; over a common search word's 150,000 matches: ~1 s). Up to ``limit`` rows are
    counted exactly (a capped COUNT stops at limit + 1); above that PostgreSQL's row estimate
    for the query is returned (never less than the rows already seen). SQLite: always exact."""
    qs = qs.order_by()
    if connection.vendor != "postgresql":
        return qs.count(), False
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    seen = qs[: limit + 1].count()
    if seen <= limit:
        return seen, False
    return max(seen, _planner_rows(qs)), True


def _planner_rows(qs: QuerySet[Any]) -> int:
    sql, params = qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


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


def _json(expression: str) -> str:
    """SQL for the compact JSON text of ``expression`` (``null`` for NULL)."""
    return f"COALESCE(to_json({expression})::text, 'null')"


def _json_float(expression: str) -> str:
    """SQL for a float8 as Python's json writes it: PostgreSQL prints 36.0 as ``36``."""
    return (
        f"COALESCE({expression}::text || CASE WHEN {expression} = trunc({expression}) "
        f"THEN '.0' ELSE '' END, 'null')"
    )


def _geojson_feature_sql(qs: QuerySet[Incident], limit: int) -> tuple[str, list[Any]]:
    """SQL returning one GeoJSON Feature (as JSON text) per row of ``qs``, in its order, at most
    ``limit`` rows: the document ``geojson_feature_collection`` builds, built by PostgreSQL.

    The text is concatenated rather than made with json_build_object, whose output has spaces
    around every colon (13 % more bytes than the compact JSON the API has always sent)."""
    rows = qs.annotate(**lon_lat_expressions()).values(*GEOJSON_FIELDS, "lon", "lat")[:limit]
    inner_sql, params = rows.query.sql_with_params()
    through = Incident.actors.through._meta.db_table
    actor = Actor._meta.db_table
    source = IncidentSource._meta.db_table
    # Property order as in the Python builder; slugs sorted by code point (COLLATE "C") as
    # Python's sort does; coordinates rounded to 6 decimals and printed as shortest floats.
    props = " || ',' || ".join(
        f"""'"{f}":' || {(_json_float if f == "confidence" else _json)(f'r."{f}"')}""" for f in GEOJSON_FIELDS
    )
    actors = (
        f"(SELECT '[' || string_agg(to_json(a.slug)::text, ',' ORDER BY a.slug COLLATE \"C\") || ']' "
        f"FROM {through} t JOIN {actor} a ON a.id = t.actor_id WHERE t.incident_id = r.id)"
    )
    sources = f"(SELECT count(*) FROM {source} s WHERE s.incident_id = r.id)"
    sql = f"""
        SELECT '{{"type":"Feature","id":' || r.id || ',"geometry":' || CASE WHEN r.lon IS NULL THEN 'null'
                 ELSE '{{"type":"Point","coordinates":[' || {_json_float("round(r.lon::numeric, 6)::float8")}
                      || ',' || {_json_float("round(r.lat::numeric, 6)::float8")} || ']}}' END
            || ',"properties":{{' || {props}
            || ',"actors":' || COALESCE({actors}, '[]')
            || ',"sources_count":' || {sources} || '}}}}'
        FROM ({inner_sql}) r
    """  # noqa: S608 (table and column names are constants; values are parameters)
    return sql, list(params)


GEOJSON_CHUNK_ROWS = 1_000


def iter_geojson(qs: QuerySet[Incident], limit: int = GEOJSON_DEFAULT_LIMIT) -> Iterator[str]:
    """The GeoJSON FeatureCollection of ``geojson_feature_collection`` as text, in parts.

    On PostgreSQL each Feature is built as JSON text by the database (one query, read with a
    server-side cursor GEOJSON_CHUNK_ROWS rows at a time): no model instances, dicts or
    serialisation in Python. The first part holds the opening and the first rows, then one part
    per chunk, then ``metadata`` (last: it needs the row count). Elsewhere (SpatiaLite) the
    Python builder's document is serialised, in one part."""
    if connection.vendor != "postgresql":
        yield json.dumps(geojson_feature_collection(qs, limit), ensure_ascii=False, separators=(",", ":"))
        return
    sql, params = _geojson_feature_sql(qs, limit + 1)  # one more row tells whether it was truncated
    head = '{"type":"FeatureCollection","features":['
    count = 0
    truncated = False
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(GEOJSON_CHUNK_ROWS):
            if count + len(rows) > limit:
                rows = rows[: limit - count]
                truncated = True
            if rows:
                yield head + ("," if count else "") + ",".join(r[0] for r in rows)
                head = ""
                count += len(rows)
            if truncated:
                break
    metadata = {"count": count, "limit": limit, "truncated": truncated}
    yield head + '],"metadata":' + json.dumps(metadata, separators=(",", ":")) + "}"


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


def _aggregate_groups(interval: str, group_by: Iterable[str]) -> list[str]:
    """The GROUP BY fields in canonical order; invalid parameters raise FilterError."""
    if interval not in INTERVALS:
        raise FilterError({"interval": [f"Expected one of: {', '.join(INTERVALS)}."]})
    unknown = set(group_by) - set(GROUP_BY_FIELDS)
    if unknown:
        raise FilterError({"group_by": [f"Expected any of: {', '.join(GROUP_BY_FIELDS)}."]})
    return [g for g in GROUP_BY_FIELDS if g in set(group_by)]


def aggregates(
    qs: QuerySet[Incident], interval: str = "week", group_by: Iterable[str] = ("type",)
) -> dict[str, Any]:
    """{"buckets": aggregate_buckets(...), "undated": n} for the filtered incidents.

    Cached (events.cache) by the filtered SQL, interval and groups until the next incident write:
    the whole-table timeline is a GROUP BY over every visible row (0.4-1 s at 1M incidents)."""
    groups = _aggregate_groups(interval, group_by)

    def compute() -> dict[str, Any]:
        return {
            "buckets": aggregate_buckets(qs, interval, groups),
            "undated": qs.filter(date_start__isnull=True).order_by().count(),
        }

    return cache.cached("aggregates", f"{interval}:{','.join(groups)}:{cache.queryset_key(qs)}", compute)


def aggregate_buckets(
    qs: QuerySet[Incident], interval: str = "week", group_by: Iterable[str] = ("type",)
) -> list[dict[str, Any]]:
    """Counts (and killed/arrested sums) per period x type (x governorate).

    Undated incidents are left out. Works on PostGIS and SpatiaLite."""
    groups = _aggregate_groups(interval, group_by)
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


# Up to this zoom a tile holds clusters: incidents snapped to a grid of TILE_CLUSTER_GRID x
# TILE_CLUSTER_GRID cells, one point per non-empty cell (at the mean position of its incidents)
# with their count. A z6 tile over Deir ez-Zor holds ~465,000 incidents at 1M: 22 MB as points.
TILE_CLUSTER_MAX_ZOOM = 11
TILE_CLUSTER_GRID = 256  # cells per tile side: 16 units of the 4096 extent, 1 px of a 256 px tile
TILE_MAX_FEATURES = 20_000  # clusters (largest first) or points (newest first) per tile
TILE_EXTENT = 4096
_MERCATOR_HALF = 20037508.342789244  # half the world's width in EPSG:3857 metres


def tile_bounds_3857(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) of tile z/x/y in EPSG:3857, as ST_TileEnvelope computes it."""
    size = 2 * _MERCATOR_HALF / 2**z
    xmin = -_MERCATOR_HALF + x * size
    ymax = _MERCATOR_HALF - y * size
    return xmin, ymax - size, xmin + size, ymax


def _tile_bbox_4326(z: int, x: int, y: int) -> Polygon:
    import math

    xmin, ymin, xmax, ymax = tile_bounds_3857(z, x, y)

    def lon(mx: float) -> float:
        return mx / _MERCATOR_HALF * 180

    def lat(my: float) -> float:
        return math.degrees(2 * math.atan(math.exp(my / _MERCATOR_HALF * math.pi)) - math.pi / 2)

    poly = Polygon.from_bbox((lon(xmin), lat(ymin), lon(xmax), lat(ymax)))
    poly.srid = 4326
    return poly


def mvt_tile(qs: QuerySet[Incident], z: int, x: int, y: int) -> bytes:
    """A Mapbox Vector Tile (layer "incidents") of the filtered incidents in tile z/x/y.

    z <= TILE_CLUSTER_MAX_ZOOM: one feature per grid cell with incidents, attributes ``count``,
    ``killed``, ``arrested``, ``injured`` (sums) and ``type`` (the most frequent). Higher zooms:
    one feature per incident (``count`` = 1) with its attributes. At most TILE_MAX_FEATURES
    features. Cached (events.cache) until the next incident write."""
    if not settings.IS_POSTGIS or connection.vendor != "postgresql":
        raise TilesUnsupported(
            "Vector tiles need PostGIS (ST_AsMVT); use the GeoJSON endpoint on SpatiaLite."
        )
    # The tile's bbox is a filter of the queryset itself (GiST index, and no `id IN (filtered
    # set)` semi-join over the whole visible table).
    rows = qs.order_by().filter(point__isnull=False, point__bboverlaps=_tile_bbox_4326(z, x, y))
    key = f"{z}/{x}/{y}:{cache.queryset_key(rows)}"
    return cache.cached("mvt", key, lambda: _mvt_tile(rows, z, x, y))


def _mvt_tile(rows: QuerySet[Incident], z: int, x: int, y: int) -> bytes:
    from django.contrib.gis.db.models.functions import Transform

    if z <= TILE_CLUSTER_MAX_ZOOM:
        inner_sql, params = (
            rows.annotate(merc=Transform("point", 3857))
            .values("merc", "type", "killed", "arrested", "injured")
            .query.sql_with_params()
        )
        xmin, _, xmax, _ = tile_bounds_3857(z, x, y)
        cell = (xmax - xmin) / TILE_CLUSTER_GRID
        features = f"""
            SELECT ST_SetSRID(ST_MakePoint(avg(ST_X(p.merc)), avg(ST_Y(p.merc))), 3857) AS merc,
                   count(*) AS count, sum(p.killed) AS killed, sum(p.arrested) AS arrested,
                   sum(p.injured) AS injured, mode() WITHIN GROUP (ORDER BY p.type) AS type
            FROM ({inner_sql}) p
            GROUP BY floor(ST_X(p.merc) / %s), floor(ST_Y(p.merc) / %s)
            ORDER BY count(*) DESC
            LIMIT %s
        """  # noqa: S608 (the inner SQL is Django's; values are parameters)
        params = [*params, cell, cell, TILE_MAX_FEATURES]
        columns = "count, killed, arrested, injured, type"
    else:
        inner_sql, params = (
            rows.annotate(merc=Transform("point", 3857), date=Cast("date_start", CharField()))
            .order_by(F("date_start").desc(nulls_last=True), "-id")
            .values("merc", "id", "type", "date", "killed", "arrested", "injured", "confidence", "status",
                    "place_name", "governorate")[:TILE_MAX_FEATURES]
            .query.sql_with_params()
        )  # fmt: skip
        features = inner_sql
        params = list(params)
        columns = (
            "1 AS count, id, type, date AS date_start, killed, arrested, injured, confidence, status, "
            "place_name, governorate"
        )
    sql = f"""
        WITH bounds AS (SELECT ST_TileEnvelope(%s, %s, %s) AS geom),
        features AS ({features}),
        mvtgeom AS (
            SELECT ST_AsMVTGeom(f.merc, bounds.geom, {TILE_EXTENT}, 64, true) AS geom, {columns}
            FROM features f, bounds
        )
        SELECT ST_AsMVT(mvtgeom.*, 'incidents', {TILE_EXTENT}, 'geom') FROM mvtgeom
    """  # noqa: S608 (constants and Django's SQL; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [z, x, y, *params])
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else b""


def api_token_of(user: Any) -> Any:
    """The user's API token, or None when none was obtained yet."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).first()
