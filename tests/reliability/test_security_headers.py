"""Security headers on a page, an API response and an error: the
Content-Security-Policy built by django-csp from settings, nosniff,
Referrer-Policy, X-Frame-Options, Cross-Origin-Opener-Policy; and in the
production configuration (DEBUG off, its own process) HSTS with preload,
the HTTPS redirect and secure cookies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def csp_directives(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_common_headers(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline or eval'd script anywhere
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"] and csp["connect-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:", settings.TILE_ORIGIN]  # map tiles only
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.fixture
def analyst_client(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.mark.parametrize("path", ["/", "/statistics/", "/accounts/login/", "/ingest/submit/"])
def test_pages_carry_the_security_headers(analyst_client: Client, path: str) -> None:
    response = analyst_client.get(path)
    assert response.status_code in (200, 302, 403)
    assert_common_headers(response)


def test_incident_page_and_api_carry_the_security_headers(analyst_client: Client) -> None:
    incident = IncidentFactory()
    page = analyst_client.get(f"/incidents/{incident.pk}/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert_common_headers(page)
    for path in ("/api/v1/incidents/", f"/api/v1/incidents/{incident.pk}/", "/api/v1/incidents.geojson"):
        api = analyst_client.get(path)
        assert api.status_code == 200 and "json" in api["Content-Type"], path
        assert_common_headers(api)
    # Errors too: an anonymous API call (403) and an unknown page (404).
    assert_common_headers(Client().get("/api/v1/incidents/"))
    assert_common_headers(analyst_client.get("/incidents/999999/"))


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
c = Client()
host = {"HTTP_HOST": "opstracker.example.org"}
out = {}
r = c.get("/api/v1/incidents/", secure=True, **host)
out["api"] = {"status": r.status_code, "headers": dict(r.headers)}
r = c.get("/healthz", secure=True, **host)
out["healthz"] = {"status": r.status_code, "headers": dict(r.headers)}
r = c.get("/api/v1/incidents/", **host)
out["plain"] = {"status": r.status_code, "location": r.headers.get("Location", "")}
r = c.get("/healthz", **host)
out["plain_healthz"] = {"status": r.status_code}
from django.conf import settings
s = settings
out["cookies"] = [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY]
print(json.dumps(out))
"""


def test_production_settings_send_hsts_and_redirect_to_https(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ops_tracker.settings", DEBUG="0", SECRET_KEY="p" * 50,
        ALLOWED_HOSTS="opstracker.example.org", OPSTRACKER_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("api", "healthz"):
        headers = out[key]["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", key
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert out["api"]["status"] == 403 and out["healthz"]["status"] == 200
    # Plain HTTP is redirected to HTTPS, except the in-cluster health check.
    assert out["plain"]["status"] == 301
    assert out["plain"]["location"] == "https://opstracker.example.org/api/v1/incidents/"
    assert out["plain_healthz"]["status"] == 200
    assert out["cookies"] == [True, True, True]
