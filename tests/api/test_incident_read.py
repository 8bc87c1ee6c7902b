"""Arabic-variant search, detail, history, tombstones, and query counts (no N+1)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Incident
from events.search import build_search_text, normalise_query, refresh_all_search_text
from tests.api.helpers import ids, make_incident
from tests.factories import ArticleFactory, IncidentSourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


# --- search -----------------------------------------------------------------------------


def test_search_ignores_teh_marbuta_and_hamza(as_analyst):
    raqqa = make_incident(place_name="الرقه")
    ibrahim = make_incident(place_name="ذيبان", persons=["ابراهيم العلي"])
    make_incident(place_name="منبج")
    assert ids(as_analyst.get(URL, {"q": "الرقة"})) == {raqqa.pk}
    assert ids(as_analyst.get(URL, {"q": "إبراهيم"})) == {ibrahim.pk}
    assert ids(as_analyst.get(URL, {"q": "ابراهيم"})) == {ibrahim.pk}


def test_search_alef_maksura_diacritics_and_evidence(as_analyst):
    mustafa = make_incident(summary_ar="اعتقال مصطفى في القرية")
    source_inc = make_incident(sources=0, search=False)
    IncidentSourceFactory(incident=source_inc, evidence="داهمت القوات بلدة الشُّحَيْل فجر اليوم")
    refresh_all_search_text()
    assert ids(as_analyst.get(URL, {"q": "مصطفي"})) == {mustafa.pk}
    assert ids(as_analyst.get(URL, {"q": "القريه"})) == {mustafa.pk}
    assert ids(as_analyst.get(URL, {"q": "الشحيل"})) == {source_inc.pk}
    # every term must match
    assert ids(as_analyst.get(URL, {"q": "مصطفى الشحيل"})) == set()


def test_search_english_case_insensitive(as_analyst):
    inc = make_incident(summary_en="SDF raid on an ISIS cell in Deir ez-Zor countryside")
    assert ids(as_analyst.get(URL, {"q": "isis CELL"})) == {inc.pk}


def test_search_falls_back_to_raw_text_before_search_text_is_filled(as_analyst):
    inc = make_incident(place_name="الرقة", search=False)
    assert Incident.objects.get(pk=inc.pk).search_text == ""
    assert ids(as_analyst.get(URL, {"q": "الرقة"})) == {inc.pk}


def test_normalise_query_and_build_search_text():
    assert normalise_query("  إبراهيم   الرقة ") == ["ابراهيم", "الرقه"]
    inc = Incident(place_name="الرَّقة", persons=["أحمد"], summary_en="Raid")
    text = build_search_text(inc, evidence=["نص"], claimed_places=[])
    assert "الرقه" in text and "احمد" in text and "raid" in text and "نص" in text


# --- detail -----------------------------------------------------------------------------


def test_detail_has_sources_actors_counts_version(as_analyst):
    inc = make_incident(actors=["sdf"], targets=["isis"], killed=5)
    article = ArticleFactory(title="قسد تعتقل خلية", url="https://example.org/a", published_at=timezone.now())
    IncidentSourceFactory(
        incident=inc, article=article, claimed_killed=3, evidence="قتل 3", evidence_start=10, evidence_end=15
    )
    IncidentSourceFactory(incident=inc, claimed_killed=5)
    body = as_analyst.get(f"{URL}{inc.pk}/").json()
    assert body["id"] == inc.pk and body["version"] == 1 and body["locked_fields"] == []
    assert body["actors"] == [
        {"slug": "sdf", "name_en": "Syrian Democratic Forces (SDF)", "name_ar": body["actors"][0]["name_ar"]}
    ]
    assert body["targets"][0]["slug"] == "isis"
    assert body["counts"]["killed"] == {"best": 5, "low": 3, "high": 5}
    assert body["counts"]["injured"] == {"best": None, "low": None, "high": None}
    assert body["sources_count"] == 2
    first = body["sources"][0]
    assert first["article"]["title"] == "قسد تعتقل خلية"
    assert first["article"]["url"] == "https://example.org/a"
    assert first["article"]["outlet"]["name"]
    assert first["article"]["published_at"]
    assert (first["evidence"], first["evidence_start"], first["evidence_end"]) == ("قتل 3", 10, 15)
    assert first["claimed_killed"] == 3


def test_detail_404(as_analyst):
    assert as_analyst.get(f"{URL}999999/").status_code == 404


def test_history_lists_changes_with_user_and_reason(as_analyst, editor):
    inc = make_incident(killed=None)
    services.correct_incident(
        inc.pk, user=editor, changes={"killed": 4}, expected_version=1, reason="checked video"
    )
    services.transition_status(inc.pk, "verified", user=editor, reason="two sources")
    records = as_analyst.get(f"{URL}{inc.pk}/history/").json()
    assert [r["type"] for r in records] == ["changed", "changed", "created"]
    newest, correction = records[0], records[1]
    assert newest["user"] == "editor1" and newest["reason"] == "two sources"
    assert {"field": "status", "old": "new", "new": "verified"} in newest["changes"]
    assert correction["reason"] == "checked video"
    assert {"field": "killed", "old": None, "new": 4} in correction["changes"]
    assert records[2]["changes"] == []
    assert as_analyst.get(f"{URL}999999/history/").status_code == 404


# --- tombstones ---------------------------------------------------------------------------


def test_tombstones(as_analyst, editor):
    keep = make_incident(sources=1)
    dup = make_incident(sources=1)
    gone = make_incident()
    services.merge_incidents(keep.pk, [dup.pk], user=editor)
    services.transition_status(gone.pk, "rejected", user=editor, reason="not ISIS-related")
    body = as_analyst.get(f"{URL}deleted/").json()
    rows = {r["id"]: r for r in body["results"]}
    assert set(rows) == {dup.pk, gone.pk}
    assert rows[dup.pk]["status"] == "merged" and rows[dup.pk]["merged_into"] == keep.pk
    assert rows[gone.pk]["merged_into"] is None and rows[gone.pk]["reason"] == "not ISIS-related"
    assert rows[gone.pk]["when"]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert as_analyst.get(f"{URL}deleted/", {"since": future}).json()["count"] == 0
    past = (timezone.now() - timedelta(hours=1)).date().isoformat()
    assert as_analyst.get(f"{URL}deleted/", {"since": past}).json()["count"] == 2
    assert as_analyst.get(f"{URL}deleted/", {"since": "last week"}).status_code == 400


# --- query counts -----------------------------------------------------------------------


def _many(n):  # noqa: ANN001, ANN202
    for _ in range(n):
        make_incident(actors=["sdf", "coalition"], targets=["isis"], sources=2, search=False)


def test_list_queries_do_not_grow(as_analyst, django_assert_max_num_queries):
    _many(3)
    with django_assert_max_num_queries(6):
        assert as_analyst.get(URL).status_code == 200
    _many(12)
    with django_assert_max_num_queries(6):
        response = as_analyst.get(URL)
    assert response.json()["count"] == 15
    assert all(len(r["actors"]) == 2 and r["sources_count"] == 2 for r in response.json()["results"])


def test_geojson_queries_do_not_grow(as_analyst, django_assert_max_num_queries):
    _many(15)
    with django_assert_max_num_queries(5):  # role, rows, actor vocabulary, actor links, source counts
        response = as_analyst.get("/api/v1/incidents.geojson")
    assert len(response.json()["features"]) == 15


def test_detail_queries_do_not_grow(as_analyst, django_assert_max_num_queries):
    inc = make_incident(actors=["sdf"], targets=["isis"])
    for _ in range(6):
        IncidentSourceFactory(incident=inc, claimed_killed=2)
    with django_assert_max_num_queries(7):
        response = as_analyst.get(f"{URL}{inc.pk}/")
    assert len(response.json()["sources"]) == 6
