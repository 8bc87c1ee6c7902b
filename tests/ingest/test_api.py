"""The ingestion API: article submission (single, list, duplicates, errors,
body limit), reads, URL submission and feeds by role; the OpenAPI schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from ingest.models import Article, Feed
from tests.ingest.test_services import OTHER, STORY

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def as_user(api: APIClient, user: Any) -> APIClient:
    api.force_authenticate(user)
    return api


def test_post_one_then_duplicate(api: APIClient, editor: Any) -> None:
    as_user(api, editor)
    payload = {"id": "npa-1", "text": STORY, "title": "عنوان", "outlet": "نورث برس", "published": "2025-03-12",  # noqa: E501
               "url": "https://npasyria.com/?p=1"}  # fmt: skip
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True and body["outcome"] == "stored" and body["status"] == "pending"
    article = Article.objects.get(pk=body["id"])
    assert article.external_id == "npa-1" and article.channel == "api" and article.outlet.name == "نورث برس"
    again = api.post("/api/v1/articles/", payload, format="json")
    assert again.status_code == 200 and again.json()["id"] == article.pk and again.json()["created"] is False


def test_post_list(api: APIClient, editor: Any) -> None:
    as_user(api, editor)
    response = api.post(
        "/api/v1/articles/", [{"text": STORY}, {"text": OTHER}, {"text": STORY}], format="json"
    )
    assert response.status_code == 201
    results = response.json()
    assert [r["outcome"] for r in results] == ["stored", "stored", "duplicate"]
    assert results[2]["id"] == results[0]["id"] and Article.objects.count() == 2


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"title": "no text"}, "text"),
        ({"text": "   "}, "text"),
        ({"text": STORY, "url": "not a url"}, "url"),
        ({"text": STORY, "url": "ftp://example.com/x"}, "url"),
        ({"text": STORY, "published": "tomorrow-ish"}, "non_field_errors"),
        ([{"text": STORY}, {"text": ""}], None),
        ("just a string", "detail"),
        ([], "detail"),
    ],
)
def test_bad_input_400_and_nothing_stored(
    api: APIClient, editor: Any, payload: Any, field: str | None
) -> None:
    as_user(api, editor)
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    if field:
        assert field in body
    else:
        assert set(body) == {"1"} and "text" in body["1"]  # errors keyed by item index
    assert Article.objects.count() == 0


def test_malformed_json_and_oversize_body(
    api: APIClient, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest import api as ingest_api

    as_user(api, editor)
    response = api.post("/api/v1/articles/", data=b'{"text": ', content_type="application/json")
    assert response.status_code == 400
    monkeypatch.setattr(ingest_api, "MAX_BODY_BYTES", 1000)
    response = api.post("/api/v1/articles/", {"text": STORY * 3}, format="json")
    assert response.status_code == 413 and Article.objects.count() == 0


def test_roles(api: APIClient, analyst: Any, editor: Any, admin_user: Any) -> None:
    assert api.get("/api/v1/articles/").status_code in (401, 403)
    as_user(api, analyst)
    assert api.post("/api/v1/articles/", {"text": STORY}, format="json").status_code == 403
    assert api.get("/api/v1/articles/").status_code == 200
    assert api.get("/api/v1/feeds/").status_code == 403
    as_user(api, editor)
    assert api.get("/api/v1/feeds/").status_code == 403
    assert api.post("/api/v1/feeds/", {"url": "https://a.example/rss"}, format="json").status_code == 403
    as_user(api, admin_user)
    created = api.post(
        "/api/v1/feeds/", {"url": "https://a.example/rss", "poll_interval_minutes": 15}, format="json"
    )
    assert created.status_code == 201 and Feed.objects.get().poll_interval_minutes == 15
    bad = api.post("/api/v1/feeds/", {"url": "file:///etc/passwd"}, format="json")
    assert bad.status_code == 400
    listing = api.get("/api/v1/feeds/").json()
    assert listing["results"][0]["consecutive_failures"] == 0


def test_read_list_and_detail(api: APIClient, editor: Any, analyst: Any) -> None:
    as_user(api, editor)
    article_id = api.post("/api/v1/articles/", {"text": STORY, "outlet": "A"}, format="json").json()["id"]
    as_user(api, analyst)
    listing = api.get("/api/v1/articles/?status=pending").json()
    assert listing["count"] == 1 and "text" not in listing["results"][0]
    detail = api.get(f"/api/v1/articles/{article_id}/").json()
    assert detail["text"] == STORY and detail["outlet"] == "A" and detail["incidents"] == []
    assert api.get("/api/v1/articles/999999/").status_code == 404


def test_fetch_endpoint(api: APIClient, editor: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import tasks

    as_user(api, editor)
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    refused = api.post("/api/v1/articles/fetch/", {"url": "http://127.0.0.1:8000/admin/"}, format="json")
    assert refused.status_code == 400 and "url" in refused.json()
    queued: list[str] = []
    monkeypatch.setattr(tasks.fetch_url_task, "delay", lambda url, **kw: queued.append(url))
    monkeypatch.setattr(
        "socket.getaddrinfo", lambda host, port, *a, **k: [(2, 1, 6, "", ("93.184.216.34", port))]
    )
    ok = api.post("/api/v1/articles/fetch/", {"url": "https://news.example/a"}, format="json")
    assert ok.status_code == 202 and queued == ["https://news.example/a"]
    Article.objects.create(text="x", content_hash="h", url="https://news.example/b")
    dup = api.post("/api/v1/articles/fetch/", {"url": "https://news.example/b"}, format="json")
    assert dup.status_code == 200 and dup.json()["created"] is False


def test_openapi_schema_describes_ingest(api: APIClient, admin_user: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/articles/fetch/",
        "/api/v1/feeds/",
    } <= set(paths)
    post = paths["/api/v1/articles/"]["post"]
    assert {"201", "200", "400", "413"} <= set(post["responses"])
    assert "ArticleInput" in json.dumps(post["requestBody"])
