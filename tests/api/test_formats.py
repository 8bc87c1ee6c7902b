"""GeoJSON, CSV (default and ACLED), aggregates, vector tiles, places, statistics, actors."""

import csv
import io
import math
from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from events import selectors
from events.models import Incident, Place, Statistic
from tests.api.helpers import D, ids, make_incident
from tests.factories import ArticleFactory, IncidentSourceFactory, OutletFactory

pytestmark = pytest.mark.django_db

IS_POSTGIS = connection.vendor == "postgresql"


def _csv(response):  # noqa: ANN001, ANN202
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


# --- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_shape_and_filters(as_analyst):
    inc = make_incident(actors=["sdf", "coalition"], killed=2, summary_en="raid", sources=2)
    make_incident(type="airstrike")
    unlocated = make_incident(point=None)
    response = as_analyst.get("/api/v1/incidents.geojson", {"type": "raid"})
    assert response.status_code == 200
    assert response["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert set(features) == {inc.pk, unlocated.pk}
    feature = features[inc.pk]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.52, 35.02]}
    assert features[unlocated.pk]["geometry"] is None
    props = feature["properties"]
    assert set(props) == {
        "id", "type", "subtype", "date_start", "date_precision", "place_name", "governorate", "geo_precision",
        "killed", "arrested", "injured", "actors", "sources_count", "confidence", "status", "summary_en",
    }  # fmt: skip
    assert props["actors"] == ["coalition", "sdf"]
    assert props["sources_count"] == 2 and props["killed"] == 2 and props["date_start"] == "2025-03-12"
    assert body["metadata"] == {"count": 2, "limit": 10_000, "truncated": False}


def test_geojson_via_format_param_and_accept_header(as_analyst):
    inc = make_incident()
    via_format = as_analyst.get("/api/v1/incidents/", {"format": "geojson"})
    assert via_format["content-type"] == "application/geo+json"
    assert ids(via_format) == {inc.pk}
    # a client asking for plain JSON still gets the GeoJSON document
    accept = as_analyst.get("/api/v1/incidents.geojson", HTTP_ACCEPT="application/json")
    assert accept.status_code == 200 and ids(accept) == {inc.pk}


def test_geojson_limit(as_analyst):
    for _ in range(5):
        make_incident(search=False)
    body = as_analyst.get("/api/v1/incidents.geojson", {"limit": 3}).json()
    assert len(body["features"]) == 3 and body["metadata"]["truncated"] is True
    assert as_analyst.get("/api/v1/incidents.geojson", {"limit": 0}).status_code == 400
    assert as_analyst.get("/api/v1/incidents.geojson", {"limit": "many"}).status_code == 400
    assert selectors.clamp_limit(10**9) == selectors.GEOJSON_MAX_LIMIT


# --- CSV -----------------------------------------------------------------------------------


def test_csv_default_columns(as_analyst):
    outlet = OutletFactory(name="عنب بلدي")
    inc = make_incident(actors=["sdf"], targets=["isis"], killed=3, summary_en="=HYPERLINK(evil)")
    IncidentSourceFactory(incident=inc, article=ArticleFactory(outlet=outlet))
    make_incident(status="rejected")
    response = as_analyst.get("/api/v1/incidents.csv")
    assert response.status_code == 200
    assert response["content-type"].startswith("text/csv")
    assert "attachment" in response["content-disposition"]
    rows = _csv(response)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(selectors.CSV_DEFAULT_COLUMNS)
    assert row["id"] == str(inc.pk) and row["actors"] == "sdf" and row["targets"] == "isis"
    assert row["killed"] == "3" and row["injured"] == "" and row["sources"] == "عنب بلدي"
    assert row["latitude"] == "35.02" and row["longitude"] == "40.52"
    assert row["summary_en"] == "'=HYPERLINK(evil)"  # formula injection neutralised
    assert row["place_name"] == "ذيبان"


def test_csv_via_format_param_and_filters(as_analyst):
    raid = make_incident(type="raid")
    make_incident(type="clash")
    response = as_analyst.get("/api/v1/incidents/", {"format": "csv", "type": "raid"})
    assert [r["id"] for r in _csv(response)] == [str(raid.pk)]


def test_csv_acled_columns(as_analyst):
    strike = make_incident(
        type="airstrike",
        actors=["coalition", "us_forces"],
        targets=["isis"],
        killed=4,
        summary_en="Drone strike",
        date_precision="week",
        geo_precision="district",
    )
    arrest = make_incident(type="raid", governorate="Nineveh", arrested=3, date_start=date(2024, 12, 1))
    rows = {
        r["event_id_cnty"]: r for r in _csv(as_analyst.get("/api/v1/incidents.csv", {"columns": "acled"}))
    }
    assert list(next(iter(rows.values()))) == list(selectors.ACLED_COLUMNS)
    row = rows[f"SYR{strike.pk}"]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["disorder_type"] == "Political violence"
    assert (
        row["actor1"] == "International Coalition (CJTF-OIR)"
        and row["assoc_actor_1"] == "US forces (CENTCOM)"
    )
    assert row["actor2"] == "Islamic State (ISIS)"
    assert row["fatalities"] == "4" and row["time_precision"] == "2" and row["geo_precision"] == "2"
    assert (row["country"], row["iso"], row["admin1"]) == ("Syria", "760", "Deir ez-Zor")
    assert row["notes"] == "Drone strike" and row["year"] == "2025" and row["event_date"] == "2025-03-12"
    assert int(row["timestamp"]) > 0
    iraq = rows[f"IRQ{arrest.pk}"]
    assert (iraq["country"], iraq["event_type"], iraq["sub_event_type"]) == (
        "Iraq",
        "Strategic developments",
        "Arrests",
    )
    assert iraq["fatalities"] == "0" and "arrested=3" in iraq["tags"]
    assert as_analyst.get("/api/v1/incidents.csv", {"columns": "everything"}).status_code == 400


@pytest.mark.parametrize(
    ("kind", "subtype", "killed", "targets", "expected"),
    [
        ("clash", "", None, [], ("Battles", "Armed clash")),
        ("raid", "", 2, [], ("Battles", "Armed clash")),
        ("sweep", "", None, [], ("Strategic developments", "Arrests")),
        ("attack", "IED", None, [], ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("attack", "suicide bombing", None, [], ("Explosions/Remote violence", "Suicide bomb")),
        ("attack", "", None, ["civilians"], ("Violence against civilians", "Attack")),
        ("attack", "", None, ["sdf"], ("Battles", "Armed clash")),
        ("other", "", None, [], ("Strategic developments", "Other")),
    ],
)
def test_acled_event_type_mapping(kind, subtype, killed, targets, expected):
    assert selectors.acled_event_type(kind, subtype, killed, targets)[1:] == expected


def test_csv_streams_in_chunks(django_assert_max_num_queries):
    for _ in range(7):
        make_incident(actors=["sdf"], sources=1, search=False)
    lines = selectors.iter_csv(Incident.objects.order_by("id"), chunk_size=3)
    assert next(lines).startswith("\ufeffid,")  # header before any query on incidents
    with django_assert_max_num_queries(1 + 3 * 4):  # rows + (actors, targets, sources) per chunk
        rest = list(lines)
    assert len(rest) == 7


# --- aggregates ----------------------------------------------------------------------------


def test_aggregates_week_by_type(as_analyst):
    make_incident(type="raid", date_start=D(2025, 3, 10), killed=1, arrested=2)
    make_incident(type="raid", date_start=D(2025, 3, 16), killed=4, arrested=None)
    make_incident(type="airstrike", date_start=D(2025, 3, 12), killed=None, arrested=None)
    make_incident(type="raid", date_start=D(2025, 3, 17))
    make_incident(type="raid", date_start=None, date_end=None)
    make_incident(type="raid", date_start=D(2025, 3, 11), status="rejected")
    body = as_analyst.get("/api/v1/aggregates/", {"interval": "week"}).json()
    assert body["interval"] == "week" and body["group_by"] == ["type"] and body["undated"] == 1
    assert body["buckets"] == [
        {
            "period": "2025-03-10",
            "type": "airstrike",
            "governorate": None,
            "count": 1,
            "killed": 0,
            "arrested": 0,
        },
        {"period": "2025-03-10", "type": "raid", "governorate": None, "count": 2, "killed": 5, "arrested": 2},
        {"period": "2025-03-17", "type": "raid", "governorate": None, "count": 1, "killed": 0, "arrested": 2},
    ]


def test_aggregates_month_by_type_and_governorate_with_filters(as_analyst):
    make_incident(type="raid", date_start=D(2025, 3, 10), governorate="Raqqa")
    make_incident(type="raid", date_start=D(2025, 3, 20), governorate="Raqqa")
    make_incident(type="raid", date_start=D(2025, 4, 2), governorate="Hasakah")
    make_incident(type="clash", date_start=D(2025, 4, 2), governorate="Hasakah")
    body = as_analyst.get(
        "/api/v1/aggregates/", {"interval": "month", "group_by": "type,governorate", "type": "raid"}
    ).json()
    assert [(b["period"], b["type"], b["governorate"], b["count"]) for b in body["buckets"]] == [
        ("2025-03-01", "raid", "Raqqa", 2),
        ("2025-04-01", "raid", "Hasakah", 1),
    ]
    day = as_analyst.get("/api/v1/aggregates/", {"interval": "day", "group_by": "none"}).json()
    assert [(b["period"], b["type"], b["count"]) for b in day["buckets"]] == [
        ("2025-03-10", None, 1),
        ("2025-03-20", None, 1),
        ("2025-04-02", None, 2),
    ]


def test_aggregates_bad_parameters(as_analyst):
    assert as_analyst.get("/api/v1/aggregates/", {"interval": "hour"}).status_code == 400
    assert as_analyst.get("/api/v1/aggregates/", {"group_by": "actor"}).status_code == 400
    assert as_analyst.get("/api/v1/aggregates/", {"date_after": "soon"}).status_code == 400


# --- tiles ----------------------------------------------------------------------------------


def _tile_of(lon, lat, z):  # noqa: ANN001, ANN202
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


@pytest.mark.skipif(not IS_POSTGIS, reason="vector tiles need PostGIS")
def test_tiles_postgis(as_analyst):
    make_incident(type="raid")
    x, y = _tile_of(40.52, 35.02, 8)
    response = as_analyst.get(f"/api/v1/tiles/8/{x}/{y}.mvt")
    assert response.status_code == 200
    assert response["content-type"] == "application/vnd.mapbox-vector-tile"
    assert b"incidents" in response.content and len(response.content) > 20
    assert as_analyst.get(f"/api/v1/tiles/8/{x}/{y}.mvt", {"type": "clash"}).content == b""
    assert as_analyst.get(f"/api/v1/tiles/8/{x + 3}/{y}.mvt").content == b""
    world = as_analyst.get("/api/v1/tiles/0/0/0.mvt")
    assert world.status_code == 200 and b"incidents" in world.content
    missing = as_analyst.get("/api/v1/tiles/2/9/0.mvt")
    assert missing.status_code == 404 and missing["content-type"] == "application/json"
    assert as_analyst.get(f"/api/v1/tiles/8/{x}/{y}.mvt", {"bbox": "nope"}).status_code == 400


@pytest.mark.skipif(IS_POSTGIS, reason="SpatiaLite behaviour")
def test_tiles_spatialite_501(as_analyst):
    response = as_analyst.get("/api/v1/tiles/0/0/0.mvt")
    assert response.status_code == 501
    assert "PostGIS" in response.json()["detail"]


# --- places, statistics, actors -------------------------------------------------------------------


def _place(name_ar, name_en, population=None, alt=""):  # noqa: ANN001, ANN202
    from ingest.extraction.normalise import normalise_word

    names = [name_ar, name_en, *[a for a in alt.split("|") if a]]
    return Place.objects.create(
        name_ar=name_ar, name_en=name_en, alt_names=alt, population=population,
        search_text=" | ".join(dict.fromkeys(normalise_word(n) for n in names if n)),
        point=Point(39.0, 35.9, srid=4326), feature_kind="town", country="SY", source="curated",
        source_id=f"t:{name_en}", licence="CC0", governorate="Raqqa",
    )  # fmt: skip


def test_places_search_exact_first_and_variants(as_analyst):
    _place("حزيمة الرقة", "Hazima al-Raqqa", population=50_000)
    exact = _place("الرقة", "Raqqa", population=200_000)
    _place("ريف الرقة الشرقي", "East Raqqa countryside", population=300_000)
    _place("منبج", "Manbij")
    response = as_analyst.get("/api/v1/places/", {"q": "الرقه"})
    assert response.status_code == 200
    names = [p["name_en"] for p in response.json()]
    assert names[0] == "Raqqa" and len(names) == 3 and "Manbij" not in names
    assert response.json()[0]["id"] == exact.pk and response.json()[0]["latitude"] == 35.9
    assert [p["name_en"] for p in as_analyst.get("/api/v1/places/", {"q": "raqqa"}).json()][0] == "Raqqa"
    assert [p["name_en"] for p in as_analyst.get("/api/v1/places/", {"q": "MANB"}).json()] == ["Manbij"]
    assert as_analyst.get("/api/v1/places/", {"q": ""}).json() == []
    assert len(as_analyst.get("/api/v1/places/", {"q": "الرقة", "limit": 1}).json()) == 1
    assert as_analyst.get("/api/v1/places/", {"q": "x", "limit": "-1"}).status_code == 400


def test_statistics(as_analyst):
    article = ArticleFactory()
    Statistic.objects.create(
        article=article,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
        reporter="SDF",
        operations=153,
        killed=44,
        evidence="153 عملية",
    )
    Statistic.objects.create(
        article=article,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        reporter="CENTCOM",
        evidence="x",
    )
    body = as_analyst.get("/api/v1/statistics/").json()
    assert body["count"] == 2 and body["results"][0]["reporter"] == "SDF"
    assert body["results"][0]["operations"] == 153 and body["results"][0]["article"]["id"] == article.pk
    assert as_analyst.get("/api/v1/statistics/", {"reporter": "centcom"}).json()["count"] == 1
    assert as_analyst.get("/api/v1/statistics/", {"period_after": "2025-01-01"}).json()["count"] == 1
    assert as_analyst.get("/api/v1/statistics/", {"period_before": "2024-06-01"}).json()["count"] == 1
    assert as_analyst.get("/api/v1/statistics/", {"period_after": "2025-13-01"}).status_code == 400


def test_actors(as_analyst):
    make_incident(actors=["sdf"])
    make_incident(actors=["sdf"], status="rejected")
    body = as_analyst.get("/api/v1/actors/").json()
    by_slug = {a["slug"]: a for a in body}
    assert by_slug["sdf"]["incidents_count"] == 1 and by_slug["isis"]["incidents_count"] == 0
    assert by_slug["isis"]["name_ar"]
