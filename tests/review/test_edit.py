"""Editing: audit trail, field locks, concurrent saves, lock survival across re-extraction."""

import json

import pytest
from django.test import Client

from events import services
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory, PlaceFactory, UserFactory

from .helpers import edit_payload, extracted

pytestmark = pytest.mark.django_db


def test_edit_form_shows_every_editable_field(editor_client, actors):
    incident = IncidentSourceFactory().incident
    page = editor_client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    for name in services.EDITABLE_FIELDS:
        assert f'name="{name}"' in page, name
    for name in ("reason", "version", "latitude", "longitude", "place_search"):
        assert f'name="{name}"' in page, name
    # django-leaflet's widget, started from a static file: no inline script on the page
    assert 'class="point-picker"' in page and "review/js/point_picker.js" in page
    assert "<script>" not in page and "<script nonce" not in page


def test_edit_is_audited_with_who_when_fields_and_why(editor, editor_client, actors):
    incident = IncidentSourceFactory(incident=IncidentFactory(killed=1)).incident
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/",
        edit_payload(incident, reason="CENTCOM statement", killed=3, actors=["coalition", "sdf"]),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.killed == 3
    assert sorted(incident.actors.values_list("slug", flat=True)) == ["coalition", "sdf"]
    assert sorted(incident.locked_fields) == ["actors", "killed"]  # only what changed is locked
    latest = incident.history.latest("history_id")
    assert latest.history_user == editor and latest.history_change_reason == "CENTCOM statement"

    page = editor_client.get(f"/review/incidents/{incident.pk}/history/").content.decode()
    entry = page.split('class="history-entry"')[1]  # newest first
    assert "editor1" in entry and "CENTCOM statement" in entry
    assert '<tr class="change-killed">' in entry
    killed_row = entry.split('<tr class="change-killed">')[1].split("</tr>")[0]
    assert "<bdi>1</bdi>" in killed_row and "<bdi>3</bdi>" in killed_row
    actors_row = entry.split('<tr class="change-actors">')[1].split("</tr>")[0]
    assert "coalition, sdf" in actors_row
    assert "<time datetime=" in entry


def test_reason_is_required_and_nothing_is_saved_without_it(editor_client):
    incident = IncidentFactory(killed=1)
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, reason="", killed=5)
    )
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.killed == 1 and incident.version == 1


def test_locked_fields_are_shown_on_the_edit_form(editor_client):
    incident = IncidentFactory(locked_fields=["killed", "place_name"])
    page = editor_client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    assert page.count('class="badge lock"') == 2
    killed_block = page.split("field-killed")[1].split("</div>")[0]
    assert "is-locked" in page.split("form-field field-killed")[1][:20]
    assert "badge lock" in killed_block
    arrested_block = page.split("form-field field-arrested")[1].split("</div>")[0]
    assert "badge lock" not in arrested_block


def test_point_from_typed_coordinates_without_javascript(editor_client):
    incident = IncidentFactory()
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, latitude="36.1", longitude="40.9")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (round(incident.point.y, 4), round(incident.point.x, 4)) == (36.1, 40.9)
    assert "point" in incident.locked_fields


def test_point_from_the_map_widget(editor_client):
    incident = IncidentFactory()
    moved = json.dumps({"type": "Point", "coordinates": [39.0, 35.95]})
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, point=moved)
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.point.x, incident.point.y) == (39.0, 35.95)


def test_gazetteer_place_is_set(editor_client):
    place = PlaceFactory(name_ar="الشحيل", name_en="Al-Shuhayl")
    incident = IncidentFactory()
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, place=place.pk)
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.place == place and "place" in incident.locked_fields


def test_invalid_values_are_refused(editor_client):
    incident = IncidentFactory()
    for bad in ({"killed": "-1"}, {"latitude": "95", "longitude": "40"}, {"date_end": "2025-01-01"},
                {"confidence": "1.5"}, {"type": "picnic"}):  # fmt: skip
        response = editor_client.post(f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, **bad))
        assert response.status_code == 400, bad
    incident.refresh_from_db()
    assert incident.version == 1


def test_concurrent_save_gets_the_conflict_message_and_first_value_stays(actors):
    incident = IncidentFactory(killed=1, arrested=2)
    first, second = Client(), Client()
    first.force_login(UserFactory(username="amal", role="editor"))
    second.force_login(UserFactory(username="bilal", role="editor"))
    url = f"/review/incidents/{incident.pk}/edit/"
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    form_first = edit_payload(incident, reason="first", killed=5)
    form_second = edit_payload(incident, reason="second", killed=7, injured=4)  # both loaded at version 1
    assert first.post(url, form_first).status_code == 302

    response = second.post(url, form_second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else changed this incident" in page
    assert "amal" in page  # who
    conflict = page.split('class="conflict"')[1].split("</section>")[0]
    assert "<bdi>1</bdi>" in conflict and "<bdi>5</bdi>" in conflict  # what: killed 1 -> 5
    incident.refresh_from_db()
    assert incident.killed == 5 and incident.injured is None and incident.version == 2
    # the second editor's work is offered again on top of the current values, at the new version
    assert 'name="version" value="2"' in page
    assert 'name="killed" value="7"' in page and 'name="injured" value="4"' in page
    assert 'name="arrested" value="2"' in page


def test_lock_survives_reextraction_and_incident_is_flagged_in_the_queue(editor_client, actors):
    article = ArticleFactory()
    [incident] = services.record_extraction(article, extracted(killed=1), "v1")
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, reason="hospital toll", killed=4)
    )
    assert response.status_code == 302
    services.transition_status(incident.pk, "verified", user=None)

    services.record_extraction(article, extracted(killed=2, injured=3), "v2")
    incident.refresh_from_db()
    assert incident.killed == 4  # the editor's value survives
    assert incident.injured == 3  # unlocked fields follow the new extraction
    assert incident.needs_review

    queue = editor_client.get("/review/").content.decode()
    row = queue.split(f'data-id="{incident.pk}"')[0].rsplit("<tr", 1)[1]
    assert "flagged" in row
    flagged_only = editor_client.get("/review/?needs_review=1").content.decode()
    assert f'data-id="{incident.pk}"' in flagged_only
    edit_page = editor_client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    assert "needs review" in edit_page
    assert 'name="killed" value="4"' in edit_page


def test_unchanged_form_saves_nothing(editor_client):
    incident = IncidentFactory()
    response = editor_client.post(f"/review/incidents/{incident.pk}/edit/", edit_payload(incident))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.version == 1 and incident.locked_fields == []


def test_place_search_is_normalised_arabic_and_english(editor_client):
    PlaceFactory(name_ar="الشُحَيل", name_en="Al-Shuhayl", search_text="الشحيل | al-shuhayl")
    for q in ("الشحيل", "الشُحيل", "shuh"):
        data = editor_client.get("/review/places/", {"q": q}).json()["results"]
        assert [p["name_en"] for p in data] == ["Al-Shuhayl"], q
        assert {"lat", "lon", "governorate", "name_ar"} <= set(data[0])
