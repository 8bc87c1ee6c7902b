"""Status changes, bulk actions, merge and split from the review pages."""

import pytest

from events.models import Incident
from tests.factories import IncidentFactory, IncidentSourceFactory

pytestmark = pytest.mark.django_db


def test_bulk_verify_through_transition_status(editor, editor_client):
    a, b = IncidentFactory(), IncidentFactory()
    merged = IncidentFactory(status="merged", merged_into=a)
    response = editor_client.post(
        "/review/bulk/", {"action": "verify", "ids": [a.pk, b.pk, merged.pk]}, follow=True
    )
    assert Incident.objects.get(pk=a.pk).status == "verified"
    assert Incident.objects.get(pk=b.pk).status == "verified"
    assert Incident.objects.get(pk=merged.pk).status == "merged"  # not an allowed transition
    assert f"#{merged.pk}" in response.content.decode()
    assert a.history.latest("history_id").history_user == editor


def test_bulk_reject_requires_a_reason(editor_client):
    a = IncidentFactory()
    editor_client.post("/review/bulk/", {"action": "reject", "ids": [a.pk], "reason": " "})
    assert Incident.objects.get(pk=a.pk).status == "new"
    editor_client.post("/review/bulk/", {"action": "reject", "ids": [a.pk], "reason": "duplicate wire copy"})
    a.refresh_from_db()
    assert a.status == "rejected" and a.status_reason == "duplicate wire copy"


def test_single_reject_from_the_queue_row_needs_a_reason(editor_client):
    a = IncidentFactory()
    editor_client.post(f"/review/incidents/{a.pk}/status/", {"status": "rejected", "reason": ""})
    assert Incident.objects.get(pk=a.pk).status == "new"
    response = editor_client.post(
        f"/review/incidents/{a.pk}/status/", {"status": "rejected", "reason": "not ISIS", "next": "/review/"}
    )
    assert response["Location"] == "/review/"
    assert Incident.objects.get(pk=a.pk).status == "rejected"


def test_status_next_must_be_local(editor_client):
    a = IncidentFactory()
    response = editor_client.post(
        f"/review/incidents/{a.pk}/status/", {"status": "reviewed", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/review/incidents/{a.pk}/edit/"


def test_bulk_merge_into_the_chosen_target(editor, editor_client):
    target = IncidentSourceFactory(claimed_killed=2).incident
    dup1 = IncidentSourceFactory(claimed_killed=3).incident
    dup2 = IncidentSourceFactory().incident
    response = editor_client.post(
        "/review/bulk/",
        {
            "action": "merge",
            "ids": [target.pk, dup1.pk, dup2.pk],
            "target": target.pk,
            "reason": "same ambush",
        },
    )
    assert response.status_code == 302
    for dup in (dup1, dup2):
        dup.refresh_from_db()
        assert dup.status == "merged" and dup.merged_into_id == target.pk
        assert dup.history.latest("history_id").history_change_reason == "same ambush"
    target.refresh_from_db()
    assert target.sources.count() == 3 and target.killed == 3
    assert target.history.latest("history_id").history_user == editor


def test_bulk_merge_needs_a_target_and_a_duplicate(editor_client):
    a, b = IncidentFactory(), IncidentFactory()
    editor_client.post("/review/bulk/", {"action": "merge", "ids": [a.pk, b.pk]})
    editor_client.post("/review/bulk/", {"action": "merge", "ids": [a.pk], "target": a.pk})
    assert set(Incident.objects.values_list("status", flat=True)) == {"new"}
    c = IncidentFactory()
    b.status, b.merged_into = "merged", c
    b.save()
    editor_client.post("/review/bulk/", {"action": "merge", "ids": [a.pk, b.pk], "target": a.pk})
    b.refresh_from_db()
    assert b.merged_into == c and Incident.objects.get(pk=a.pk).status == "new"


def test_merge_from_the_incident_page(editor_client):
    target, dup = IncidentSourceFactory().incident, IncidentSourceFactory().incident
    response = editor_client.post(
        f"/review/incidents/{dup.pk}/merge/", {"target": target.pk, "reason": "same raid"}
    )
    assert response["Location"] == f"/review/incidents/{target.pk}/edit/"
    dup.refresh_from_db()
    assert dup.status == "merged" and dup.merged_into_id == target.pk
    # merging into itself or into a merged incident is refused
    editor_client.post(f"/review/incidents/{target.pk}/merge/", {"target": target.pk, "reason": "x"})
    editor_client.post(f"/review/incidents/{target.pk}/merge/", {"target": dup.pk, "reason": "x"})
    assert Incident.objects.get(pk=target.pk).status == "new"


def test_split_a_source_off(editor, editor_client):
    incident = IncidentSourceFactory(claimed_killed=2).incident
    second = IncidentSourceFactory(incident=incident, claimed_killed=5)
    page = editor_client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    assert f"/review/sources/{second.pk}/split/" in page
    response = editor_client.post(f"/review/sources/{second.pk}/split/", {"reason": "a different day"})
    second.refresh_from_db()
    assert second.incident_id != incident.pk
    assert response["Location"] == f"/review/incidents/{second.incident_id}/edit/"
    assert incident.sources.count() == 1
    new = second.incident
    assert new.history.latest("history_id").history_change_reason == "a different day"
    assert incident.history.latest("history_id").history_user == editor


def test_split_of_a_single_source_is_refused(editor_client):
    source = IncidentSourceFactory()
    response = editor_client.post(f"/review/sources/{source.pk}/split/", {"reason": "x"}, follow=True)
    assert "single source cannot be split" in response.content.decode()
    assert Incident.objects.count() == 1
