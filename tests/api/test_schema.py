"""The OpenAPI schema is valid, and the main endpoints' responses match it."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

from events import services
from tests.api.helpers import make_incident
from tests.factories import IncidentSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(as_analyst) -> dict[str, Any]:  # noqa: ANN001
    response = as_analyst.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects -> JSON Schema (nullable -> null allowed)."""
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: _to_json_schema(v)
        for k, v in node.items()
        if k not in ("nullable", "example", "readOnly", "writeOnly")
    }
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _response_schema(
    schema: dict, path: str, method: str, status: str, media: str = "application/json"
) -> dict:
    operation = schema["paths"][path][method]
    content = operation["responses"][status]["content"][media]["schema"]
    root = _to_json_schema(copy.deepcopy(content))
    root["components"] = _to_json_schema(schema["components"])
    return root


def _check(
    schema: dict, path: str, method: str, status: str, data: Any, media: str = "application/json"
) -> None:
    jsonschema.validate(data, _response_schema(schema, path, method, status, media))


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/incidents/", "/api/v1/incidents.geojson", "/api/v1/incidents.csv", "/api/v1/incidents/{id}/",
        "/api/v1/incidents/{id}/history/", "/api/v1/incidents/deleted/", "/api/v1/aggregates/",
        "/api/v1/statistics/", "/api/v1/places/", "/api/v1/actors/", "/api/v1/tiles/{z}/{x}/{y}.mvt",
        "/api/v1/auth/token/", "/api/v1/incidents/merge/", "/api/v1/sources/{id}/split/",
    ):  # fmt: skip
        assert expected in paths, expected
    params = {p["name"] for p in schema["paths"]["/api/v1/incidents/"]["get"]["parameters"]}
    assert {
        "date_after",
        "type",
        "actor",
        "bbox",
        "near",
        "q",
        "updated_since",
        "ordering",
        "page_size",
    } <= params
    list_content = schema["paths"]["/api/v1/incidents/"]["get"]["responses"]["200"]["content"]
    assert set(list_content) == {"application/json", "application/geo+json", "text/csv"}
    assert "features" in list_content["application/geo+json"]["schema"]["properties"]  # not paginated
    assert "409" in schema["paths"]["/api/v1/incidents/{id}/"]["patch"]["responses"]


def test_responses_match_schema(schema, as_analyst, editor):
    inc = make_incident(actors=["sdf"], targets=["isis"], killed=2, persons=["ابراهيم"], sources=0)
    IncidentSourceFactory(incident=inc, claimed_killed=2)
    dup = make_incident(sources=1)
    services.merge_incidents(inc.pk, [dup.pk], user=editor)
    services.correct_incident(inc.pk, user=editor, changes={"injured": 1}, expected_version=inc.version + 1)
    make_incident(point=None, date_start=None, date_end=None, geo_precision="")  # unlocated: "" allowed

    _check(schema, "/api/v1/incidents/", "get", "200", as_analyst.get("/api/v1/incidents/").json())
    _check(
        schema, "/api/v1/incidents/{id}/", "get", "200", as_analyst.get(f"/api/v1/incidents/{inc.pk}/").json()
    )
    geo = as_analyst.get("/api/v1/incidents.geojson").json()
    _check(schema, "/api/v1/incidents.geojson", "get", "200", geo, "application/geo+json")
    history = as_analyst.get(f"/api/v1/incidents/{inc.pk}/history/").json()
    _check(schema, "/api/v1/incidents/{id}/history/", "get", "200", history)
    deleted = as_analyst.get("/api/v1/incidents/deleted/").json()
    assert deleted["count"] == 1
    _check(schema, "/api/v1/incidents/deleted/", "get", "200", deleted)
    aggregates = as_analyst.get("/api/v1/aggregates/", {"group_by": "type,governorate"}).json()
    _check(schema, "/api/v1/aggregates/", "get", "200", aggregates)
    _check(schema, "/api/v1/actors/", "get", "200", as_analyst.get("/api/v1/actors/").json())


def test_patch_responses_match_schema(schema, as_editor):
    inc = make_incident()
    ok = as_editor.patch(f"/api/v1/incidents/{inc.pk}/", {"version": 1, "killed": 1}, format="json")
    _check(schema, "/api/v1/incidents/{id}/", "patch", "200", ok.json())
    conflict = as_editor.patch(f"/api/v1/incidents/{inc.pk}/", {"version": 1, "killed": 2}, format="json")
    _check(schema, "/api/v1/incidents/{id}/", "patch", "409", conflict.json())


def test_swagger_ui_is_served_locally(api, settings):
    if "drf_spectacular_sidecar" not in settings.INSTALLED_APPS:  # until settings.py lists it
        missing = api.get("/api/v1/docs/")
        assert missing.status_code == 501 and "drf_spectacular_sidecar" in missing.json()["detail"]
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "drf_spectacular_sidecar"]
    page = api.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # init script is a separate file (CSP script-src 'self')
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    script = api.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
