"""Bad input and atomicity: real oversize bodies to the API and the upload
form store nothing; a failure injected half-way through
events.services.record_extraction leaves no partial incident and the article
failed and retryable; HTML in Arabic titles is stored as text and escaped."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events import services as event_services
from events.models import Incident, IncidentSource, Statistic
from ingest import services
from ingest.forms import UPLOAD_MAX_BYTES
from ingest.models import Article

from .conftest import OTHER, STORY, fake_result

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
EVIL_TITLE = '<script>alert("x")</script> مداهمة في <img src=x onerror=alert(1)> ذيبان & "قسد"'


def nothing_stored() -> bool:
    return Article.objects.count() == 0 and Incident.objects.count() == 0


# --- Oversize bodies -------------------------------------------------------------------


def test_50mb_json_body_is_413_and_stores_nothing(editor_api: APIClient) -> None:
    body = json.dumps({"title": "كبير", "text": "ن" * (25 * MB)}).encode()  # 50 MB of UTF-8
    assert len(body) > 50 * MB
    response = editor_api.post("/api/v1/articles/", data=body, content_type="application/json")
    assert response.status_code == 413 and "larger than" in response.json()["detail"]
    assert nothing_stored()


def test_list_just_over_the_body_limit_is_413(editor_api: APIClient) -> None:
    from ingest.api import MAX_BODY_BYTES

    items = [{"text": f"{i} " + "خبر " * (MAX_BODY_BYTES // 100 // 6)} for i in range(100)]
    body = json.dumps(items, ensure_ascii=False).encode()
    assert MAX_BODY_BYTES < len(body) < MAX_BODY_BYTES * 1.2
    response = editor_api.post("/api/v1/articles/", data=body, content_type="application/json")
    assert response.status_code == 413 and nothing_stored()


def test_text_over_article_max_chars_is_400(editor_api: APIClient, settings: Any) -> None:
    text = "عملية " * (settings.ARTICLE_MAX_CHARS // 6 + 10)  # under the body limit, over the text limit
    response = editor_api.post("/api/v1/articles/", {"text": text}, format="json")
    assert response.status_code == 400 and "text" in response.json()
    assert nothing_stored()


def test_50mb_upload_is_413_and_just_over_the_limit_is_400(editor: Any) -> None:
    client = Client()
    client.force_login(editor)
    big = SimpleUploadedFile("big.jsonl", b'{"text": "' + b"x" * (50 * MB) + b'"}\n')
    response = client.post("/ingest/submit/", {"kind": "upload", "upload-file": big})
    assert response.status_code == 413 and nothing_stored()
    # Just over the file limit but within the request slack: parsed, then refused by the form.
    over = SimpleUploadedFile(
        "over.txt", STORY.encode() + b" " * (UPLOAD_MAX_BYTES - len(STORY.encode()) + 1)
    )
    response = client.post(
        "/ingest/submit/", {"kind": "upload", "upload-file": over}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert nothing_stored()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_50mb_body_over_a_real_socket(live_server: Any, editor: Any) -> None:
    """Through a real HTTP server: the 413 comes back (the server does not
    buffer the body into the app first) and nothing is stored."""
    token = Token.objects.create(user=editor)
    parts = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    size = 50 * MB
    conn.putrequest("POST", "/api/v1/articles/")
    conn.putheader("Authorization", f"Token {token.key}")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    chunk = b" " * MB
    try:
        conn.send(b'{"text": "')
        for _ in range(size // MB - 1):
            conn.send(chunk)
        conn.send(b" " * (MB - 12) + b'"}')
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed early: fine, the answer is read below
    response = conn.getresponse()
    assert response.status == 413, response.read()[:300]
    assert json.loads(response.read())["detail"].startswith("Body larger than")
    conn.close()
    assert Article.objects.count() == 0


# --- Atomicity of record_extraction ----------------------------------------------------


def _snapshot() -> dict[str, Any]:
    return {
        "incidents": sorted(Incident.objects.values_list("pk", "arrested", "killed", "version", "status")),
        "sources": sorted(
            IncidentSource.objects.values_list("pk", "incident_id", "article_id", "claimed_arrested")
        ),
        "history": Incident.history.count(),
        "statistics": sorted(Statistic.objects.values_list("pk", "operations")),
    }


def _fail_after_first_write(monkeypatch: pytest.MonkeyPatch, target: str, exc: Exception) -> list[int]:
    """Make ``events.services.<target>`` raise the second time it is called
    (after record_extraction has written an incident, its source and history)."""
    calls: list[int] = []
    real = getattr(event_services, target)

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) >= 2:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(event_services, target, flaky)
    return calls


@pytest.mark.parametrize(
    "target,exc",
    [
        ("find_matching_incident", RuntimeError("injected after the first incident")),
        ("_create_statistic", ValueError("injected after every incident was written")),
        ("refresh_search_text", KeyError("search index")),
    ],
)
def test_failure_midway_leaves_no_partial_incident(
    stub_extractor: dict[str, Any], monkeypatch: pytest.MonkeyPatch, target: str, exc: Exception
) -> None:
    stub_extractor["result"] = fake_result(stats=2)
    article = services.submit_article(text=STORY, process=False).article
    calls = _fail_after_first_write(monkeypatch, target, exc)
    assert services.process_article(article.pk) == Article.Status.FAILED
    assert len(calls) >= 2  # the fault really fired after a first write
    assert Incident.objects.count() == IncidentSource.objects.count() == Statistic.objects.count() == 0
    assert Incident.history.count() == 0  # not even a history record survives
    article.refresh_from_db()
    assert article.status == "failed" and type(exc).__name__ in article.error
    assert list(services.articles_needing_reprocess(failed=True)) == [article]
    # Retry once the fault is gone: everything is stored, once.
    monkeypatch.undo()
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result(stats=2)))
    assert services.process_article(article.pk) == Article.Status.DONE
    assert (
        Incident.objects.count() == 2
        and IncidentSource.objects.count() == 2
        and Statistic.objects.count() == 2
    )


def test_failed_reextraction_keeps_the_previous_record(
    stub_extractor: dict[str, Any], monkeypatch: pytest.MonkeyPatch, editor: Any
) -> None:
    """Re-extracting a done article (merged with another) fails half-way: the
    incidents, sources, statistics and history are exactly as before."""
    first = services.submit_article(text=STORY, process=False).article
    second = services.submit_article(text=OTHER, process=False).article
    assert services.process_article(first.pk) == services.process_article(second.pk) == "done"
    raid = Incident.objects.get(type="raid")
    event_services.correct_incident(
        raid.pk, user=editor, changes={"killed": 1}, expected_version=raid.version
    )
    before = _snapshot()
    stub_extractor["result"] = fake_result(arrested=9, stats=3)
    _fail_after_first_write(monkeypatch, "_create_statistic", RuntimeError("disk full"))
    assert services.process_article(first.pk, force=True) == Article.Status.FAILED
    assert _snapshot() == before
    first.refresh_from_db()
    assert first.status == "failed" and "disk full" in first.error


def test_database_error_midway_rolls_back(
    stub_extractor: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real constraint violation from the database half-way (a negative
    count) rolls the whole extraction back."""
    article = services.submit_article(text=STORY, process=False).article
    real = event_services._create_statistic

    def bad_statistic(article: Any, raw: Any) -> Any:
        stat = real(article, raw)
        Statistic.objects.filter(pk=stat.pk).update(operations=-1)  # violates the CHECK constraint
        return stat

    monkeypatch.setattr(event_services, "_create_statistic", bad_statistic)
    assert services.process_article(article.pk) == Article.Status.FAILED
    assert Incident.objects.count() == IncidentSource.objects.count() == Statistic.objects.count() == 0
    article.refresh_from_db()
    assert article.status == "failed" and "IntegrityError" in article.error


def test_lost_connection_midway_is_retried_not_failed(
    stub_extractor: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transient database error half-way propagates (the task retries with
    backoff); nothing partial is kept and the retry of the same task stores once."""
    article = services.submit_article(text=STORY, process=False).article
    _fail_after_first_write(
        monkeypatch, "find_matching_incident", OperationalError("server closed the connection")
    )
    with pytest.raises(OperationalError):
        services.process_article(article.pk, token="task-9:1")
    assert Incident.objects.count() == IncidentSource.objects.count() == 0
    assert Article.objects.get(pk=article.pk).status == "processing"  # held by task-9, not failed
    monkeypatch.undo()
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result()))
    assert services.process_article(article.pk, token="task-9:2") == Article.Status.DONE
    assert Incident.objects.count() == 2


# --- HTML in Arabic titles -------------------------------------------------------------


def test_html_in_arabic_title_is_text_end_to_end(
    editor_api: APIClient,
    stub_extractor: dict[str, Any],
    analyst: Any,
    eager: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Submitted through the API, the title is stored exactly as sent (not
    stripped, not pre-escaped), returned as JSON data, and escaped on the
    incident page and the submission summary."""
    with django_capture_on_commit_callbacks(execute=True):  # queue, and process in-process
        response = editor_api.post("/api/v1/articles/", {"text": STORY, "title": EVIL_TITLE}, format="json")
    assert response.status_code == 201
    article = Article.objects.get(pk=response.json()["id"])
    assert article.title == EVIL_TITLE and article.status == "done"
    detail = editor_api.get(f"/api/v1/articles/{article.pk}/")
    assert (
        detail["Content-Type"].startswith("application/json")
        and detail["X-Content-Type-Options"] == "nosniff"
    )
    assert detail.json()["title"] == EVIL_TITLE

    client = Client()
    client.force_login(analyst)
    incident = Incident.objects.get(type="raid")
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; مداهمة في &lt;img src=x onerror=alert(1)&gt;"
        in page
    )


def test_html_in_pasted_title_is_escaped_in_the_summary(editor: Any, stub_extractor: dict[str, Any]) -> None:
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/ingest/submit/", {"kind": "paste", "paste-text": OTHER, "paste-title": EVIL_TITLE}
    )
    assert response.status_code == 200
    assert Article.objects.get().title == EVIL_TITLE
    page = response.content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
