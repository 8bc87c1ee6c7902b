"""A user sees and rotates their own API token (GET /auth/token/mine/, POST /auth/token/rotate/)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE, ROTATE = "/api/v1/auth/token/mine/", "/api/v1/auth/token/rotate/"
PASSWORD = "correct horse battery"


def _token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_see_and_rotate_with_a_session(analyst):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="analyst1", password=PASSWORD)
    assert client.get(MINE).json() == {"token": None, "created": None}
    old = Token.objects.create(user=analyst).key
    body = client.get(MINE).json()
    assert body["token"] == old and body["created"]

    # Session writes need the CSRF token.
    refused = client.post(ROTATE)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert Token.objects.get(user=analyst).key == old
    client.get("/accounts/login/")  # sets the csrftoken cookie
    rotated = client.post(ROTATE, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert rotated.status_code == 201
    new = rotated.json()["token"]
    assert new and new != old
    assert client.get(MINE).json()["token"] == new

    # The old token stops working at once; the new one works.
    assert _token_client(old).get("/api/v1/incidents/").status_code in (401, 403)
    assert _token_client(new).get("/api/v1/incidents/").status_code == 200


def test_rotate_with_the_token_itself(api, editor):
    old = api.post("/api/v1/auth/token/", {"username": "editor1", "password": PASSWORD}).json()["token"]
    client = _token_client(old)
    assert client.get(MINE).json()["token"] == old
    new = client.post(ROTATE).json()["token"]
    assert new != old and Token.objects.filter(user=editor).count() == 1
    assert client.get(MINE).status_code in (401, 403)  # still sending the old one
    assert _token_client(new).get(MINE).json()["token"] == new
    # obtaining the token again gives the rotated one
    again = api.post("/api/v1/auth/token/", {"username": "editor1", "password": PASSWORD}).json()["token"]
    assert again == new


def test_only_your_own_token(analyst, editor):
    Token.objects.create(user=editor)
    client = APIClient()
    client.force_authenticate(analyst)
    assert client.get(MINE).json()["token"] is None
    mine = client.post(ROTATE).json()["token"]
    assert Token.objects.get(user=analyst).key == mine
    assert Token.objects.get(user=editor).key != mine


def test_anonymous_is_refused(api):
    assert api.get(MINE).status_code in (401, 403)
    assert api.post(ROTATE).status_code in (401, 403)
    assert Token.objects.count() == 0


def test_a_user_without_a_role_manages_their_token(db):
    # Any signed-in user may hold a token (POST /auth/token/ gives one too); roles govern the data.
    client = APIClient()
    client.force_authenticate(UserFactory(username="norole"))
    assert client.post(ROTATE).status_code == 201
    assert client.get("/api/v1/incidents/").status_code == 403
