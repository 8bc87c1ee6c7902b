"""Permissions per role, public read, token auth, throttling."""

import pytest
from rest_framework.test import APIClient

from tests.api.helpers import make_incident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/v1/incidents/",
    "/api/v1/incidents.geojson",
    "/api/v1/incidents.csv",
    "/api/v1/aggregates/",
    "/api/v1/incidents/deleted/",
    "/api/v1/statistics/",
    "/api/v1/places/?q=x",
    "/api/v1/actors/",
]


@pytest.fixture
def incident():
    return make_incident(sources=2)


def _client(request, who):  # noqa: ANN001, ANN202
    return request.getfixturevalue({"anon": "api", "norole": "nobody", "analyst": "as_analyst",
                                     "editor": "as_editor", "admin": "as_admin"}[who])  # fmt: skip


@pytest.mark.parametrize(
    ("who", "public", "allowed"),
    [
        ("anon", False, False),
        ("norole", False, False),
        ("analyst", False, True),
        ("editor", False, True),
        ("admin", False, True),
        ("anon", True, True),
        ("norole", True, True),
    ],
)
def test_reads(request, settings, incident, who, public, allowed):
    settings.API_PUBLIC_READ = public
    client = _client(request, who)
    for path in [
        *READ_URLS,
        f"/api/v1/incidents/{incident.pk}/",
        f"/api/v1/incidents/{incident.pk}/history/",
    ]:
        response = client.get(path)
        if allowed:
            assert response.status_code == 200, (path, response.status_code)
        else:
            assert response.status_code in (401, 403), (path, response.status_code)
            assert response["content-type"] == "application/json", path


@pytest.mark.parametrize(
    ("who", "public", "allowed"),
    [
        ("anon", False, False),
        ("anon", True, False),
        ("norole", True, False),
        ("analyst", True, False),
        ("editor", False, True),
        ("admin", False, True),
    ],
)
def test_writes(request, settings, incident, who, public, allowed):
    settings.API_PUBLIC_READ = public
    client = _client(request, who)
    source = incident.sources.first()
    other = make_incident()
    calls = [
        ("patch", f"/api/v1/incidents/{incident.pk}/", {"version": incident.version, "killed": 1}),
        ("post", f"/api/v1/incidents/{incident.pk}/status/", {"status": "reviewed"}),
        ("post", f"/api/v1/sources/{source.pk}/split/", {"reason": "x"}),
        ("post", "/api/v1/incidents/merge/", {"target": incident.pk, "duplicates": [other.pk]}),
    ]
    for method, path, body in calls:
        response = getattr(client, method)(path, body, format="json")
        if allowed:
            assert response.status_code in (200, 201), (path, response.content)
        else:
            assert response.status_code in (401, 403), (path, response.status_code)
    if not allowed:
        incident.refresh_from_db()
        assert incident.version == 1 and incident.status == "new"


def test_session_write_needs_csrf(editor, incident):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="editor1", password="correct horse battery")
    response = client.patch(f"/api/v1/incidents/{incident.pk}/", {"version": 1, "killed": 1}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert client.get("/api/v1/incidents/").status_code == 200


def test_token_auth(api, analyst, incident):
    bad = api.post("/api/v1/auth/token/", {"username": "analyst1", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    response = api.post("/api/v1/auth/token/", {"username": "analyst1", "password": "correct horse battery"})
    assert response.status_code == 200
    token = response.json()["token"]
    again = api.post("/api/v1/auth/token/", {"username": "analyst1", "password": "correct horse battery"})
    assert again.json()["token"] == token  # one token per user
    client = APIClient()
    assert client.get("/api/v1/incidents/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/incidents/").status_code == 200
    # an analyst's token does not allow writes
    assert (
        client.patch(
            f"/api/v1/incidents/{incident.pk}/", {"version": 1, "killed": 1}, format="json"
        ).status_code
        == 403
    )
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/incidents/")
    assert response.status_code in (401, 403) and response.json()["detail"]


def test_editor_token_can_write(api, editor, incident):
    token = api.post(
        "/api/v1/auth/token/", {"username": "editor1", "password": "correct horse battery"}
    ).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.patch(f"/api/v1/incidents/{incident.pk}/", {"version": 1, "killed": 7}, format="json")
    assert response.status_code == 200 and response.json()["killed"] == 7


def _rates(settings, anon, user):  # noqa: ANN001, ANN202
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
    }


def test_anon_throttle(api, settings):
    settings.API_PUBLIC_READ = True
    _rates(settings, "3/min", "100/min")
    codes = [api.get("/api/v1/incidents/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = api.get("/api/v1/incidents.csv")
    assert response.status_code == 429 and response["content-type"] == "application/json"
    assert "Retry-After" in response


def test_user_throttle(as_analyst, settings):
    _rates(settings, "1/min", "2/min")
    codes = [as_analyst.get("/api/v1/incidents.geojson").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    # another user has their own budget
    other = APIClient()
    other.force_authenticate(UserFactory(username="analyst2", role="analyst"))
    assert other.get("/api/v1/incidents/").status_code == 200


def test_default_rates_are_generous(as_analyst):
    assert all(as_analyst.get("/api/v1/actors/").status_code == 200 for _ in range(20))
