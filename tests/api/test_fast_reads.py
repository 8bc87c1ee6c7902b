"""The read paths built for large tables: cached aggregates and tiles (and their invalidation),
estimated list counts, clustered vector tiles, GeoJSON built by PostgreSQL."""

from __future__ import annotations

import json
import struct
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from events import cache, selectors, services
from tests.api.helpers import D, make_incident
from tests.factories import ArticleFactory, IncidentSourceFactory

pytestmark = pytest.mark.django_db

IS_POSTGIS = connection.vendor == "postgresql"
AGG = "/api/v1/aggregates/"
needs_cache = pytest.mark.skipif(
    caches["api"].__class__.__name__ == "DummyCache", reason="needs the Redis API cache (REDIS_URL)"
)
needs_postgis = pytest.mark.skipif(not IS_POSTGIS, reason="PostgreSQL only")


def _weeks(client: Any, **params: Any) -> list[tuple[str, str, int]]:
    body = client.get(AGG, {"interval": "week", **params}).json()
    return [(b["period"], b["type"], b["count"]) for b in body["buckets"]]


# --- cache and invalidation ------------------------------------------------------------------


@needs_cache
def test_aggregates_are_served_from_the_cache_until_a_write(as_analyst, django_assert_max_num_queries):
    make_incident(type="raid", date_start=D(2025, 3, 10))
    first = as_analyst.get(AGG, {"interval": "week"}).json()
    with django_assert_max_num_queries(1):  # the role check only: no GROUP BY, no count
        again = as_analyst.get(AGG, {"interval": "week"}).json()
    assert again == first
    # the same request spelt differently shares the entry (the key is the filter's SQL)
    with django_assert_max_num_queries(1):
        assert as_analyst.get(AGG, {"unknown": "x"}).json() == first
    make_incident(type="clash", date_start=D(2025, 3, 11))
    assert _weeks(as_analyst) == [("2025-03-10", "clash", 1), ("2025-03-10", "raid", 1)]


@needs_cache
def test_cache_invalidated_by_every_editor_write(as_editor, as_analyst):
    a = make_incident(type="raid", date_start=D(2025, 3, 10), sources=2)
    b = make_incident(type="raid", date_start=D(2025, 3, 11), sources=1)
    assert _weeks(as_analyst) == [("2025-03-10", "raid", 2)]

    # correction (PATCH)
    patch = as_editor.patch(f"/api/v1/incidents/{a.pk}/", {"version": 1, "type": "clash"}, format="json")
    assert patch.status_code == 200, patch.content
    assert _weeks(as_analyst) == [("2025-03-10", "clash", 1), ("2025-03-10", "raid", 1)]

    # merge: the duplicate leaves the visible set
    merge = as_editor.post("/api/v1/incidents/merge/", {"target": a.pk, "duplicates": [b.pk]}, format="json")
    assert merge.status_code == 200, merge.content
    assert _weeks(as_analyst) == [("2025-03-10", "clash", 1)]

    # split: a new incident from one of the target's sources
    source = a.sources.order_by("id").last()
    source.extracted = {"type": "airstrike", "date": "2025-03-12"}
    source.save()
    assert as_editor.post(f"/api/v1/sources/{source.pk}/split/", {}, format="json").status_code == 201
    assert _weeks(as_analyst) == [("2025-03-10", "airstrike", 1), ("2025-03-10", "clash", 1)]

    # status change
    body = {"status": "rejected", "reason": "not an incident"}
    assert as_editor.post(f"/api/v1/incidents/{a.pk}/status/", body, format="json").status_code == 200
    assert _weeks(as_analyst) == [("2025-03-10", "airstrike", 1)]


@needs_cache
def test_cache_invalidated_by_extraction_and_search_text(as_analyst):
    from tests.platform.test_services import extracted, result

    assert _weeks(as_analyst) == []
    [incident] = services.record_extraction(ArticleFactory(), result(extracted(date="2025-03-12")), "v1")
    assert _weeks(as_analyst) == [("2025-03-10", "raid", 1)]
    # `q` depends on search_text, written with QuerySet.update (no post_save)
    assert _weeks(as_analyst, q="الشحيل") == []
    IncidentSourceFactory(incident=incident, evidence="اشتباك في الشحيل", claimed_place_name="")
    from events.search import refresh_search_text

    refresh_search_text(incident)
    assert _weeks(as_analyst, q="الشحيل") == [("2025-03-10", "raid", 1)]


@needs_cache
def test_actor_links_invalidate(as_analyst):
    inc = make_incident(date_start=D(2025, 3, 10))
    assert _weeks(as_analyst, actor="sdf") == []
    inc.actors.add(*services._actor_objects(["sdf"]))
    assert _weeks(as_analyst, actor="sdf") == [("2025-03-10", "raid", 1)]


@needs_cache
def test_bump_once_per_transaction_and_again_on_commit(django_capture_on_commit_callbacks):
    start = cache.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        make_incident()
        make_incident()
        during = cache.data_version()
    assert during > start  # bumped at once: reads inside the transaction see the writes
    assert len([c for c in callbacks if c is cache._bump_now]) == 1
    assert cache.data_version() > during  # and again on commit


@needs_cache
def test_a_cache_outage_serves_uncached_and_writes_still_work(as_analyst, monkeypatch):
    def down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis is down")

    make_incident(date_start=D(2025, 3, 10))
    api_cache = caches["api"]
    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(api_cache, name, down)
    assert _weeks(as_analyst) == [("2025-03-10", "raid", 1)]
    make_incident(type="clash", date_start=D(2025, 3, 10))  # the bump fails quietly
    assert _weeks(as_analyst) == [("2025-03-10", "clash", 1), ("2025-03-10", "raid", 1)]


def test_aggregates_without_a_cache(as_analyst, settings):
    # (changing CACHES makes Django's test signal handler rebuild the cache handlers)
    settings.CACHES = {**settings.CACHES, "api": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_incident(date_start=D(2025, 3, 10))
    assert cache.data_version() is None
    assert _weeks(as_analyst) == [("2025-03-10", "raid", 1)]
    make_incident(type="clash", date_start=D(2025, 3, 10))
    assert _weeks(as_analyst) == [("2025-03-10", "clash", 1), ("2025-03-10", "raid", 1)]


# --- estimated counts ------------------------------------------------------------------------


@needs_postgis
def test_large_counts_are_estimated_and_flagged(as_analyst, monkeypatch):
    created = {make_incident(search=False).pk for _ in range(7)}
    exact = as_analyst.get("/api/v1/incidents/", {"page_size": 3}).json()
    assert exact["count"] == 7 and exact["count_is_estimate"] is False

    monkeypatch.setattr(selectors, "EXACT_COUNT_LIMIT", 4)
    body = as_analyst.get("/api/v1/incidents/", {"page_size": 3}).json()
    assert body["count_is_estimate"] is True and body["count"] >= 5
    # pages do not depend on the estimate: `next` is exact, the last page has no `next`
    seen: list[int] = []
    url: str | None = "/api/v1/incidents/?page_size=3"
    while url:
        page = as_analyst.get(url).json()
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert len(seen) == 7 and set(seen) == created
    assert as_analyst.get("/api/v1/incidents/", {"page_size": 3, "page": 4}).status_code == 404
    # a small filtered set is still counted exactly
    none = as_analyst.get("/api/v1/incidents/", {"type": "airstrike"}).json()
    assert none["count"] == 0 and none["count_is_estimate"] is False


def test_small_counts_are_exact(as_analyst):
    make_incident(search=False)
    body = as_analyst.get("/api/v1/incidents/").json()
    assert body["count"] == 1 and body["count_is_estimate"] is False and body["next"] is None
    assert as_analyst.get("/api/v1/incidents/", {"page": 2}).status_code == 404


def test_schema_documents_count_is_estimate(as_analyst):
    schema = as_analyst.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    page = schema["components"]["schemas"]["PaginatedIncidentListList"]
    assert page["properties"]["count_is_estimate"]["type"] == "boolean"
    assert "count_is_estimate" in page["required"]


# --- vector tiles ----------------------------------------------------------------------------


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    out = shift = 0
    while True:
        byte = buf[i]
        i += 1
        out |= (byte & 0x7F) << shift
        if byte < 0x80:
            return out, i
        shift += 7


def _fields(buf: bytes) -> list[tuple[int, Any]]:
    out, i = [], 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i : i + 8], i + 8
        elif wire == 2:
            size, i = _varint(buf, i)
            value, i = buf[i : i + size], i + size
        elif wire == 5:
            value, i = buf[i : i + 4], i + 4
        else:
            raise AssertionError(f"wire type {wire}")
        out.append((number, value))
    return out


def _mvt_value(buf: bytes) -> Any:
    ((number, raw),) = _fields(buf)
    if number == 1:
        return raw.decode()
    if number == 2:
        return struct.unpack("<f", raw)[0]
    if number == 3:
        return struct.unpack("<d", raw)[0]
    if number == 6:
        return (raw >> 1) ^ -(raw & 1)
    if number == 7:
        return bool(raw)
    return raw  # int64 / uint64


def decode_features(tile: bytes) -> list[dict[str, Any]]:
    """The attributes of every feature of the tile's "incidents" layer (a minimal MVT reader)."""
    features = []
    for number, layer in _fields(tile):
        if number != 3:
            continue
        parts = _fields(layer)
        keys = [v.decode() for n, v in parts if n == 3]
        values = [_mvt_value(v) for n, v in parts if n == 4]
        for n, feature in parts:
            if n != 2:
                continue
            tags: list[int] = []
            for fn, fv in _fields(feature):
                if fn == 2:
                    i = 0
                    while i < len(fv):
                        tag, i = _varint(fv, i)
                        tags.append(tag)
            features.append({keys[k]: values[v] for k, v in zip(tags[::2], tags[1::2], strict=True)})
    assert {n for n, _ in _fields(tile)} <= {3}
    return features


def _tile(client: Any, z: int, lon: float, lat: float, **params: Any) -> list[dict[str, Any]]:
    import math

    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    response = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", params)
    assert response.status_code == 200
    return decode_features(response.content)


@needs_postgis
def test_low_zoom_tiles_are_clusters_with_counts(as_analyst, monkeypatch):
    for killed in (1, 2, None):
        make_incident(lonlat=(40.52, 35.02), killed=killed, type="raid", search=False)
    make_incident(lonlat=(40.5201, 35.0201), type="airstrike", killed=4, search=False)
    make_incident(lonlat=(40.14, 35.33), type="clash", search=False)  # ~50 km away
    make_incident(lonlat=(40.52, 35.02), status="rejected", search=False)  # not visible
    clusters = sorted(_tile(as_analyst, 6, 40.52, 35.02), key=lambda f: -f["count"])
    summary = [(c["count"], c.get("killed"), c["type"]) for c in clusters]
    assert summary == [(4, 7, "raid"), (1, None, "clash")]
    assert "id" not in clusters[0]
    # filters apply to the clusters
    assert [c["count"] for c in _tile(as_analyst, 6, 40.52, 35.02, type="airstrike")] == [1]
    # feature cap: the largest clusters are kept
    monkeypatch.setattr(selectors, "TILE_MAX_FEATURES", 1)
    assert [c["count"] for c in _tile(as_analyst, 6, 40.52, 35.02, type="raid,airstrike,clash")] == [4]


@needs_postgis
def test_high_zoom_tiles_are_incidents(as_analyst):
    a = make_incident(lonlat=(40.52, 35.02), killed=2, date_start=D(2025, 3, 12), search=False)
    b = make_incident(lonlat=(40.5201, 35.0201), date_start=D(2025, 3, 13), search=False)
    features = _tile(as_analyst, 14, 40.52, 35.02)
    by_id = {f["id"]: f for f in features}
    assert set(by_id) == {a.pk, b.pk}
    assert by_id[a.pk]["count"] == 1 and by_id[a.pk]["killed"] == 2
    assert by_id[a.pk]["date_start"] == "2025-03-12" and by_id[a.pk]["status"] == "new"
    assert {"type", "confidence", "place_name", "governorate"} <= set(by_id[a.pk])


@needs_postgis
@needs_cache
def test_tiles_are_cached_and_invalidated(as_analyst, as_editor, django_assert_max_num_queries):
    inc = make_incident(lonlat=(40.52, 35.02), search=False)
    assert [f["count"] for f in _tile(as_analyst, 6, 40.52, 35.02)] == [1]
    with django_assert_max_num_queries(1):  # the role check only
        _tile(as_analyst, 6, 40.52, 35.02)
    # an editor moves it out of the tile
    body = {"version": inc.version, "lat": 33.5, "lon": 36.3}  # Damascus, another z6 tile
    assert as_editor.patch(f"/api/v1/incidents/{inc.pk}/", body, format="json").status_code == 200
    assert _tile(as_analyst, 6, 40.52, 35.02) == []
    assert [f["count"] for f in _tile(as_analyst, 6, 36.3, 33.5)] == [1]


# --- GeoJSON built by PostgreSQL ---------------------------------------------------------------


@needs_postgis
@pytest.mark.parametrize("limit", [3, 10_000])
def test_geojson_from_sql_equals_the_python_builder(limit):
    make_incident(
        actors=["sdf", "coalition", "us_forces"], targets=["isis"], sources=2, killed=3,
        summary_en='He said "raid" \\ done', summary_ar="نفذت قسد إنزالا", lonlat=(40.1234567, 35.7654321),
    )  # fmt: skip
    make_incident(point=None, type="airstrike", date_start=None, date_end=None, confidence=0.35)
    make_incident(lonlat=(-0.5, -10.000001), arrested=0, injured=12, status="verified", subtype="IED")
    for _ in range(3):
        make_incident(search=False)
    make_incident(status="rejected")
    make_incident(lonlat=(36.0, 33.5), confidence=1.0)  # integral floats print as 36.0, 1.0
    qs = selectors.filter_incidents({})
    expected = selectors.geojson_feature_collection(qs, limit)
    streamed = "".join(selectors.iter_geojson(qs, limit))
    assert json.loads(streamed) == expected
    # byte for byte what DRF's renderer made of the Python builder's document
    assert streamed.encode() == JSONRenderer().render(expected)
    assert expected["metadata"]["truncated"] is (limit == 3)


def test_geojson_endpoint_streams_large_documents(as_analyst, monkeypatch):
    make_incident(actors=["sdf"], sources=1)
    make_incident(point=None)
    make_incident(type="clash")
    expected = selectors.geojson_feature_collection(selectors.filter_incidents({}))
    small = as_analyst.get("/api/v1/incidents.geojson")
    assert not small.streaming and small["content-type"] == "application/geo+json"
    assert small.json() == expected
    if IS_POSTGIS:  # more than one chunk of rows: streamed
        monkeypatch.setattr(selectors, "GEOJSON_CHUNK_ROWS", 1)
        large = as_analyst.get("/api/v1/incidents.geojson")
        assert large.streaming and large["content-type"] == "application/geo+json"
        assert json.loads(b"".join(large.streaming_content)) == expected


@needs_postgis
def test_geojson_is_one_query():
    for _ in range(5):
        make_incident(actors=["sdf"], sources=2, search=False)
    qs = selectors.filter_incidents({"type": "raid"})
    with CaptureQueriesContext(connection) as queries:
        body = json.loads("".join(selectors.iter_geojson(qs, 10)))
    assert len(body["features"]) == 5 and len(queries) == 1


@needs_cache
def test_cache_key_is_stable_for_geometry_filters():
    params = {"bbox": "40,35,41,36", "near": "40.5,35.5,10"}
    assert cache.queryset_key(selectors.filter_incidents(params)) == cache.queryset_key(
        selectors.filter_incidents(dict(params))
    )
    other = selectors.filter_incidents({"bbox": "40,35,41,36.5", "near": "40.5,35.5,10"})
    assert cache.queryset_key(other) != cache.queryset_key(selectors.filter_incidents(params))
