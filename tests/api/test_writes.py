"""Editor writes: PATCH with version check, status, merge, split."""

import pytest

from events.models import Incident, IncidentSource
from tests.api.helpers import ids, make_incident
from tests.factories import IncidentSourceFactory

pytestmark = pytest.mark.django_db


def url(inc):  # noqa: ANN001, ANN202
    return f"/api/v1/incidents/{inc.pk}/"


def test_patch_corrects_locks_and_bumps_version(as_editor):
    inc = make_incident(killed=None)
    response = as_editor.patch(
        url(inc),
        {"version": 1, "killed": 5, "lat": 36.0, "lon": 40.0, "actors": ["sdf"], "reason": "video"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2 and body["killed"] == 5
    assert (body["latitude"], body["longitude"]) == (36.0, 40.0)
    assert [a["slug"] for a in body["actors"]] == ["sdf"]
    assert set(body["locked_fields"]) == {"killed", "point", "actors"}
    record = Incident.history.filter(id=inc.pk).order_by("-history_date").first()
    assert record.history_user.username == "editor1" and record.history_change_reason == "video"


def test_patch_stale_version_is_409(as_editor):
    inc = make_incident()
    assert as_editor.patch(url(inc), {"version": 1, "killed": 1}, format="json").status_code == 200
    stale = as_editor.patch(url(inc), {"version": 1, "killed": 2}, format="json")
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]
    assert stale.json()["current_version"] == 2
    assert Incident.objects.get(pk=inc.pk).killed == 1


def test_patch_updates_search_text(as_editor, as_analyst):
    inc = make_incident(place_name="ذيبان")
    as_editor.patch(url(inc), {"version": 1, "place_name": "الشحيل"}, format="json")
    assert ids(as_analyst.get("/api/v1/incidents/", {"q": "الشحيل"})) == {inc.pk}


@pytest.mark.parametrize(
    "body",
    [
        {"killed": 3},  # no version
        {"version": 1},  # nothing to change
        {"version": "one", "killed": 3},
        {"version": 1, "type": "picnic"},
        {"version": 1, "killed": -1},
        {"version": 1, "lat": 35.0},  # lat without lon
        {"version": 1, "lat": 95.0, "lon": 40.0},
        {"version": 1, "confidence": 2},
        {"version": 1, "actors": ["martians"]},
        {"version": 1, "date_start": "2025-03-12", "date_end": "2025-03-01"},
        {"version": 1, "date_start": "yesterday"},
        {"version": 1, "place": 999999},
    ],
)
def test_patch_validation_400(as_editor, body):
    inc = make_incident()
    response = as_editor.patch(url(inc), body, format="json")
    assert response.status_code == 400, response.content
    assert Incident.objects.get(pk=inc.pk).version == 1


def test_patch_missing_incident_404(as_editor):
    assert (
        as_editor.patch("/api/v1/incidents/999999/", {"version": 1, "killed": 1}, format="json").status_code
        == 404
    )


def test_put_and_delete_not_allowed(as_editor):
    inc = make_incident()
    assert as_editor.put(url(inc), {"version": 1}, format="json").status_code == 405
    assert as_editor.delete(url(inc)).status_code == 405


def test_status_transitions(as_editor):
    inc = make_incident()
    ok = as_editor.post(f"{url(inc)}status/", {"status": "verified", "reason": "two sources"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "verified"
    no_reason = as_editor.post(f"{url(inc)}status/", {"status": "rejected"}, format="json")
    assert no_reason.status_code == 400 and "reason" in str(no_reason.json())
    assert as_editor.post(f"{url(inc)}status/", {"status": "merged"}, format="json").status_code == 400
    assert as_editor.post(f"{url(inc)}status/", {"status": "bogus"}, format="json").status_code == 400
    assert (
        as_editor.post("/api/v1/incidents/999999/status/", {"status": "new"}, format="json").status_code
        == 404
    )


def test_merge(as_editor, as_analyst):
    target = make_incident(sources=1, killed=2)
    dup = make_incident(sources=1, actors=["sdf"])
    response = as_editor.post(
        "/api/v1/incidents/merge/",
        {"target": target.pk, "duplicates": [dup.pk], "reason": "same raid"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == target.pk and response.json()["sources_count"] == 2
    assert [a["slug"] for a in response.json()["actors"]] == ["sdf"]
    dup.refresh_from_db()
    assert dup.status == "merged" and dup.merged_into_id == target.pk
    assert ids(as_analyst.get("/api/v1/incidents/")) == {target.pk}
    again = as_editor.post(
        "/api/v1/incidents/merge/", {"target": target.pk, "duplicates": [dup.pk]}, format="json"
    )
    assert again.status_code == 400
    for bad in (
        {"target": target.pk, "duplicates": [999999]},
        {"target": target.pk, "duplicates": [target.pk]},
        {"target": target.pk, "duplicates": []},
        {"duplicates": [dup.pk]},
    ):
        assert as_editor.post("/api/v1/incidents/merge/", bad, format="json").status_code == 400, bad


def test_split(as_editor):
    inc = make_incident(sources=0)
    IncidentSourceFactory(
        incident=inc, extracted={"type": "clash", "date": "2025-03-11", "place_name": "هجين"}
    )
    second = IncidentSourceFactory(incident=inc, extracted={"type": "raid", "date": "2025-03-12"})
    response = as_editor.post(
        f"/api/v1/sources/{second.pk}/split/", {"reason": "different raid"}, format="json"
    )
    assert response.status_code == 201, response.content
    new_id = response.json()["id"]
    assert new_id != inc.pk and response.json()["sources_count"] == 1
    assert IncidentSource.objects.get(pk=second.pk).incident_id == new_id
    lonely = IncidentSource.objects.filter(incident=inc).first()
    assert as_editor.post(f"/api/v1/sources/{lonely.pk}/split/", {}, format="json").status_code == 400
    assert as_editor.post("/api/v1/sources/999999/split/", {}, format="json").status_code == 404


def test_history_shows_actor_and_point_changes(as_editor):
    inc = make_incident(actors=["sdf"])
    body = {"version": 1, "actors": ["sdf", "coalition"], "lat": 36.0, "lon": 40.0, "reason": "second source"}
    assert as_editor.patch(url(inc), body, format="json").status_code == 200
    records = as_editor.get(f"{url(inc)}history/").json()
    assert records[0]["user"] == "editor1" and records[0]["reason"] == "second source"
    # one correction = one history record, actors included
    changes = {c["field"]: c for c in records[0]["changes"]}
    assert changes["point"]["new"] == {"type": "Point", "coordinates": [40.0, 36.0]}
    assert changes["actors"]["old"] == ["sdf"] and changes["actors"]["new"] == ["coalition", "sdf"]
    assert changes["version"] == {"field": "version", "old": 1, "new": 2}


def test_browsable_api_renders(as_analyst):
    make_incident()
    response = as_analyst.get("/api/v1/incidents/?type=raid", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and b"<html" in response.content
