"""The editors' submission page: paste, upload, URL; roles, CSRF, escaping."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ingest.models import Article
from tests.ingest.test_services import OTHER, STORY

pytestmark = pytest.mark.django_db
URL = "/ingest/submit/"


@pytest.fixture
def editor_client(editor: Any) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def upload(client: Client, name: str, data: bytes) -> Any:
    return client.post(URL, {"kind": "upload", "upload-file": SimpleUploadedFile(name, data)})


def test_roles_required(client: Client, analyst: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
    assert Article.objects.count() == 0


def test_page_renders_bilingual_labels(editor_client: Client) -> None:
    response = editor_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b"Paste an article" in response.content and b"csrfmiddlewaretoken" in response.content


def test_csrf_enforced(editor: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(URL, {"kind": "paste", "paste-text": STORY})
    assert response.status_code == 403 and Article.objects.count() == 0


def test_paste_stores_and_reports(editor_client: Client) -> None:
    data = {
        "kind": "paste",
        "paste-text": STORY,
        "paste-title": "<b>عنوان</b>",
        "paste-published": "2025-03-12",
        "paste-outlet": "نورث برس",
        "paste-url": "https://npasyria.com/1",
    }
    response = editor_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "1 article stored" in response.content.decode()
    article = Article.objects.get()
    assert article.title == "<b>عنوان</b>" and article.outlet.name == "نورث برس"
    assert article.channel == Article.Channel.UPLOAD
    assert article.published_at.date().isoformat() == "2025-03-12"
    again = editor_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert "1 already stored" in again.content.decode() and f"#{article.pk}" in again.content.decode()
    assert Article.objects.count() == 1
    missing = editor_client.post(URL, {"kind": "paste", "paste-text": "  "})
    assert missing.status_code == 400 and Article.objects.count() == 1


def test_upload_jsonl_csv_txt_html(editor_client: Client) -> None:
    lines = "\n".join(
        json.dumps({"id": f"x{i}", "text": t, "outlet": "A"}) for i, t in enumerate([STORY, OTHER])
    )
    assert upload(editor_client, "batch.jsonl", lines.encode()).status_code == 200
    assert Article.objects.count() == 2
    csv_data = "id,title,text\nc1,عنوان,هذا نص خبر جديد عن غارة جوية للتحالف على مواقع داعش في البادية\n"
    assert upload(editor_client, "rows.csv", csv_data.encode()).status_code == 200
    html = "<html><head><title>خبر</title></head><body><article><p>" + OTHER.replace("خمسة", "ستة") * 2
    html += "</p></article></body></html>"
    upload(editor_client, "page.html", html.encode())
    assert Article.objects.count() == 4
    response = upload(editor_client, "batch.jsonl", lines.encode())  # again: duplicates only
    assert response.status_code == 200 and Article.objects.count() == 4
    assert response.context["summary"].as_dict()["duplicates"] == 2


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
        ("bad.jsonl", b'{"text": "ok text here"}\n{oops}\n', "malformed JSON"),
        ("empty.json", b'{"title": "no text"}', "the article has no"),
        ("latin1.txt", "نص".encode("cp1256"), "not UTF-8"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "unsupported file type"),
        ("bin.txt", b"abc\x00\x00def", "binary"),
        ("bad.csv", b"title,body\nx,y\n", "the article has no"),
        ("future.json", json.dumps({"text": STORY, "published": "not a date"}).encode(), "not an ISO date"),
    ],
)
def test_malformed_uploads_store_nothing(editor_client: Client, name: str, data: bytes, message: str) -> None:
    response = upload(editor_client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_oversize_upload_refused(editor_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import forms, views

    monkeypatch.setattr(forms, "UPLOAD_MAX_BYTES", 100)
    response = upload(editor_client, "big.txt", STORY.encode())
    assert response.status_code == 400 and Article.objects.count() == 0
    assert "too large" in response.content.decode() or "كبير" in response.content.decode()
    monkeypatch.setattr(views, "UPLOAD_MAX_BYTES", 100)
    response = upload(editor_client, "huge.txt", STORY.encode() * 100)
    assert response.status_code == 413 and Article.objects.count() == 0


def test_output_is_escaped(editor_client: Client) -> None:
    response = upload(editor_client, "<img src=x onerror=alert(1)>.json", b"{bad")
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt;.json: malformed JSON" in response.content


def test_url_refused_or_queued(editor_client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import tasks

    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    response = editor_client.post(URL, {"kind": "url", "url-url": "http://169.254.169.254/latest/"})
    assert response.status_code == 400 and "link-local" in response.content.decode()
    queued: list[str] = []
    monkeypatch.setattr(tasks.fetch_url_task, "delay", lambda url, **kw: queued.append(url))
    monkeypatch.setattr(
        "socket.getaddrinfo", lambda host, port, *a, **k: [(2, 1, 6, "", ("93.184.216.34", port))]
    )
    response = editor_client.post(URL, {"kind": "url", "url-url": "https://news.example/a"})
    assert response.status_code == 200 and queued == ["https://news.example/a"]
