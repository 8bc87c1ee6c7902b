"""OpenAPI post-processing: the error responses every /api/v1/ operation can give.

drf-spectacular documents what each view declares; the errors below come from shared
plumbing (permissions, throttling, pagination, filters, path converters), so they are added
here once for every operation, the ingestion endpoints included:

* 403 (no role, bad token) and 429 (throttled) on every operation;
* 400 on every operation that takes query parameters or a body;
* 404 on every operation with a path parameter or a ``page`` parameter;
* error bodies are always JSON (``APIMixin``), also on the GeoJSON, CSV and tile endpoints;
* integer path parameters are ids, counters or tile coordinates: ``minimum: 0``.

Used by ``SchemaView`` (``POSTPROCESSING_HOOKS``); the fuzz test
(tests/api/test_schemathesis.py) holds responses to this schema.
"""

from __future__ import annotations

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_COMPONENT = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "{parameter or field: [messages]} (or {detail: message})",
}
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}, "description": description}


def document_common_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool  # noqa: ANN401
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("Error", ERROR_COMPONENT)
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            params = operation.get("parameters", [])
            for param in params:
                schema = param.get("schema", {})
                if param.get("in") == "path" and schema.get("type") == "integer":
                    schema.setdefault("minimum", 0)
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                content = response.get("content")
                if code.isdigit() and int(code) >= 400 and content and "application/json" not in content:
                    first = next(iter(content.values()))
                    response["content"] = {"application/json": first}
            responses.setdefault("403", _json(ERROR_REF, "Not allowed (no role or a bad token)"))
            responses.setdefault("429", _json(ERROR_REF, "Throttled: retry after `Retry-After` seconds"))
            has_query = any(p.get("in") == "query" for p in params)
            if has_query or "requestBody" in operation:
                responses.setdefault("400", _json(FIELD_ERRORS, "Invalid parameters or body"))
            if "{" in path or any(p.get("name") == "page" for p in params):
                responses.setdefault("404", _json(ERROR_REF, "No such object (or page)"))
    return result
