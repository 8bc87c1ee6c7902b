"""CORS (django-cors-headers): only /api/, only the origins in CORS_ALLOWED_ORIGINS, no credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ALLOWED = "https://tool.example"
REFUSED = "https://evil.example"


@pytest.fixture(autouse=True)
def _origins(settings):  # noqa: ANN001
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED, "http://localhost:3000"]


def _preflight(api, origin: str, path: str = "/api/v1/incidents/"):  # noqa: ANN001, ANN202
    return api.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )


def test_allowed_origin_gets_cors_headers(as_analyst):
    response = as_analyst.get("/api/v1/incidents/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "origin" in response["Vary"].lower()
    assert "Access-Control-Allow-Credentials" not in response  # tokens, not cookies
    assert "retry-after" in response["Access-Control-Expose-Headers"].lower()


def test_allowed_origin_preflight(api):
    # Preflights carry no credentials: answered by the middleware before authentication.
    response = _preflight(api, ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "authorization" in response["Access-Control-Allow-Headers"].lower()
    assert int(response["Access-Control-Max-Age"]) > 0


def test_refused_origin_gets_no_cors_headers(as_analyst, api):
    response = as_analyst.get("/api/v1/incidents/", HTTP_ORIGIN=REFUSED)
    assert response.status_code == 200  # the server answers; the browser withholds it from the page
    assert "Access-Control-Allow-Origin" not in response
    preflight = _preflight(api, REFUSED)
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight


def test_only_the_api_answers_cors(client, settings):  # noqa: ANN001
    for path in ("/healthz", "/accounts/login/"):
        response = client.get(path, HTTP_ORIGIN=ALLOWED)
        assert "Access-Control-Allow-Origin" not in response, path
    assert "Access-Control-Allow-Origin" not in _preflight(client, ALLOWED, "/accounts/login/")


def test_no_origin_allowed_by_default(as_analyst, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    assert "Access-Control-Allow-Origin" not in as_analyst.get("/api/v1/actors/", HTTP_ORIGIN=ALLOWED)
    assert "Access-Control-Allow-Origin" not in _preflight(as_analyst, ALLOWED)


def _settings_from_env(**env: str) -> dict:
    code = (
        "import json; from ops_tracker import settings as s; "
        "print(json.dumps([s.CORS_ALLOWED_ORIGINS, s.CORS_URLS_REGEX, s.CORS_ALLOW_CREDENTIALS, "
        "'corsheaders' in s.INSTALLED_APPS, s.MIDDLEWARE.index('corsheaders.middleware.CorsMiddleware') "
        "< s.MIDDLEWARE.index('django.middleware.common.CommonMiddleware')]))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CORS_")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**environ, **env}, capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2], timeout=60,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_origins_come_from_the_environment():
    origins, regex, credentials, installed, early = _settings_from_env(
        CORS_ALLOWED_ORIGINS=" https://a.example, http://localhost:3000 ,"
    )
    assert origins == ["https://a.example", "http://localhost:3000"]
    assert regex.startswith("^/api/") and credentials is False and installed and early
    assert _settings_from_env()[0] == []
