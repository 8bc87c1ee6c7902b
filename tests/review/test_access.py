"""Roles against every review page and action: allowed, refused, CSRF enforced."""

import re

import pytest
from django.test import Client

from events.models import Incident
from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import IncidentFactory, IncidentSourceFactory, UserFactory

from .conftest import ROLES, client_for
from .helpers import edit_payload

pytestmark = pytest.mark.django_db


def pages(incident):
    return [
        "/review/",
        f"/review/incidents/{incident.pk}/edit/",
        f"/review/incidents/{incident.pk}/history/",
        "/review/places/?q=dhiban",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_review_pages_by_role(role, actors):
    incident = IncidentSourceFactory().incident
    client = client_for(role)
    for url in pages(incident):
        response = client.get(url)
        if role is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next=/review/"), url
        elif role == ANALYST:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url


def actions(incident, other, source, history_id):
    """(url, data, check that it took effect) for every POST action."""
    return [
        ("/review/bulk/", {"action": "verify", "ids": [incident.pk]},
         lambda: Incident.objects.get(pk=incident.pk).status == "verified"),
        (f"/review/incidents/{incident.pk}/status/", {"status": "reviewed"},
         lambda: Incident.objects.get(pk=incident.pk).status == "reviewed"),
        (f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, killed=9),
         lambda: Incident.objects.get(pk=incident.pk).killed == 9),
        (f"/review/incidents/{incident.pk}/revert/{history_id}/",
         {"reason": "undo", "version": incident.version},
         lambda: Incident.objects.get(pk=incident.pk).subtype == ""),
        (f"/review/sources/{source.pk}/split/", {"reason": "two events"},
         lambda: Incident.objects.get(pk=incident.pk).sources.count() == 1),
        (f"/review/incidents/{other.pk}/merge/", {"target": incident.pk, "reason": "same raid"},
         lambda: Incident.objects.get(pk=other.pk).status == "merged"),
    ]  # fmt: skip


def _fixture():
    incident = IncidentSourceFactory(claimed_killed=1).incident
    IncidentSourceFactory(incident=incident, claimed_killed=2)
    history_id = incident.history.latest("history_id").history_id
    Incident.objects.filter(pk=incident.pk).update(subtype="wrong")  # the revert restores ""
    incident.refresh_from_db()
    other = IncidentSourceFactory().incident
    return incident, other, incident.sources.last(), history_id


@pytest.mark.parametrize("role", ROLES)
def test_review_actions_by_role(role, actors):
    client = client_for(role)
    for index in range(6):
        incident, other, source, history_id = _fixture()
        url, data, took_effect = actions(incident, other, source, history_id)[index]
        response = client.post(url, data)
        if role is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            assert not took_effect(), url
        elif role == ANALYST:
            assert response.status_code == 403, url
            assert not took_effect(), url
        else:
            assert response.status_code == 302, (url, response.content[:2000])
            assert took_effect(), url


def test_get_is_not_allowed_on_actions(editor_client):
    incident = IncidentFactory()
    for url in (
        "/review/bulk/",
        f"/review/incidents/{incident.pk}/status/",
        f"/review/incidents/{incident.pk}/merge/",
    ):
        assert editor_client.get(url).status_code == 405


def _csrf_client(role):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=role))
    return client


@pytest.mark.parametrize("role", [EDITOR, ADMIN])
def test_csrf_is_enforced_on_every_action(role, actors):
    client = _csrf_client(role)
    for index in range(6):
        incident, other, source, history_id = _fixture()
        url, data, took_effect = actions(incident, other, source, history_id)[index]
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert not took_effect(), url


def test_post_with_the_page_csrf_token_succeeds(actors):
    client = _csrf_client(EDITOR)
    incident = IncidentSourceFactory().incident
    page = client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/review/incidents/{incident.pk}/edit/",
        {**edit_payload(incident, killed=4), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.killed == 4


def test_login_then_back_to_the_queue(editor):
    client = Client()
    response = client.post(
        "/accounts/login/?next=/review/",
        {"username": editor.username, "password": "correct horse battery", "next": "/review/"},
    )
    assert response.status_code == 302 and response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
