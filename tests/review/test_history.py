"""History view and revert."""

import pytest

from events import services
from events.models import Incident
from tests.factories import IncidentFactory, IncidentSourceFactory

from .helpers import edit_payload

pytestmark = pytest.mark.django_db


def _entries(page):
    return page.split('class="history-entry"')[1:]


def test_history_lists_edits_status_changes_and_merges(editor, editor_client, actors):
    incident = IncidentSourceFactory().incident
    other = IncidentSourceFactory().incident
    services.correct_incident(
        incident.pk, user=editor, changes={"killed": 2}, expected_version=1, reason="toll"
    )
    services.transition_status(incident.pk, "rejected", user=editor, reason="not ISIS")
    services.transition_status(incident.pk, "reviewed", user=editor, reason="second look")
    services.merge_incidents(incident.pk, [other.pk], user=editor, reason="same raid")

    entries = _entries(editor_client.get(f"/review/incidents/{incident.pk}/history/").content.decode())
    reasons = [e.split('class="history-reason"')[1].split("</p>")[0] for e in entries]
    assert [r.split("<bdi>")[1].split("</bdi>")[0] for r in reasons[:4]] == [
        "same raid", "second look", "not ISIS", "toll",
    ]  # fmt: skip
    assert 'class="change-status"' in entries[1] and 'class="change-status"' in entries[2]
    assert "rejected" in entries[2] and 'class="change-status_reason"' in entries[2]
    assert 'class="change-killed"' in entries[3]
    assert all("editor1" in e for e in entries[:4])

    dup_entries = _entries(editor_client.get(f"/review/incidents/{other.pk}/history/").content.decode())
    merged = dup_entries[0]
    assert "same raid" in merged and 'class="change-merged_into"' in merged and f"#{incident.pk}" in merged


def test_revert_to_an_earlier_version_is_audited_and_locks(editor, editor_client):
    incident = IncidentFactory(killed=1, place_name="ذيبان")
    url = f"/review/incidents/{incident.pk}/edit/"
    editor_client.post(url, edit_payload(incident, reason="first", killed=5))
    editor_client.post(url, edit_payload(incident, reason="second", killed=8, place_name="الشحيل"))
    incident.refresh_from_db()
    assert (incident.killed, incident.place_name, incident.version) == (8, "الشحيل", 3)

    first_version = incident.history.filter(version=2).latest("history_id")
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{first_version.history_id}/",
        {"reason": "second edit was wrong", "version": incident.version},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.killed, incident.place_name, incident.version) == (5, "ذيبان", 4)
    assert {"killed", "place_name"} <= set(incident.locked_fields)
    latest = incident.history.latest("history_id")
    assert latest.history_user == editor
    assert latest.history_change_reason == "revert to version 2: second edit was wrong"

    page = editor_client.get(f"/review/incidents/{incident.pk}/history/").content.decode()
    newest = _entries(page)[0]
    assert "revert to version 2" in newest and 'class="change-killed"' in newest


def test_revert_to_the_original_extraction(editor_client):
    incident = IncidentFactory(killed=1)
    original = incident.history.earliest("history_id")
    editor_client.post(
        f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, killed=6, arrested="")
    )
    editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{original.history_id}/", {"reason": "undo", "version": 2}
    )
    incident.refresh_from_db()
    assert (incident.killed, incident.arrested) == (1, 2)


def test_revert_refuses_a_stale_page(editor, editor_client):
    incident = IncidentFactory(killed=1)
    original = incident.history.earliest("history_id")
    services.correct_incident(incident.pk, user=editor, changes={"killed": 2}, expected_version=1, reason="a")
    services.correct_incident(incident.pk, user=editor, changes={"killed": 3}, expected_version=2, reason="b")
    response = editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{original.history_id}/",
        {"reason": "undo", "version": 2},
        follow=True,
    )
    assert "Someone changed this incident" in response.content.decode()
    incident.refresh_from_db()
    assert incident.killed == 3


def test_revert_needs_a_reason(editor_client):
    incident = IncidentFactory(killed=1)
    original = incident.history.earliest("history_id")
    editor_client.post(f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, killed=6))
    editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{original.history_id}/", {"reason": "", "version": 2}
    )
    assert Incident.objects.get(pk=incident.pk).killed == 6


def test_revert_of_another_incidents_version_is_refused(editor_client):
    incident, other = IncidentFactory(killed=1), IncidentFactory(killed=9)
    foreign = other.history.earliest("history_id")
    editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{foreign.history_id}/", {"reason": "x", "version": 1}
    )
    assert Incident.objects.get(pk=incident.pk).killed == 1


def test_revert_restores_actors_and_targets(editor_client, actors):
    incident = IncidentFactory()
    incident.actors.set([actors["sdf"]])
    original = incident.history.latest("history_id")
    url = f"/review/incidents/{incident.pk}/edit/"
    editor_client.post(url, edit_payload(incident, actors=["coalition", "us_forces"], targets=["isis"]))
    incident.refresh_from_db()
    assert sorted(incident.actors.values_list("slug", flat=True)) == ["coalition", "us_forces"]
    editor_client.post(
        f"/review/incidents/{incident.pk}/revert/{original.history_id}/",
        {"reason": "undo", "version": incident.version},
    )
    incident.refresh_from_db()
    assert list(incident.actors.values_list("slug", flat=True)) == ["sdf"]
    assert list(incident.targets.values_list("slug", flat=True)) == []
    assert {"actors", "targets"} <= set(incident.locked_fields)
