"""import_articles and reprocess; the admin actions."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from ingest import services
from ingest.models import Article, Feed
from tests.ingest.test_services import OTHER, STORY, fake_result

pytestmark = pytest.mark.django_db
DEV_ARTICLES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "articles"


def run(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return out.getvalue(), err.getvalue(), code


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda payload: fake_result()))


def test_import_mixed_folder_summary(tmp_path: Path, stub: None) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"id": "a", "text": STORY, "outlet": "A"}), encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"text": OTHER}) + "\n{broken\n" + json.dumps({"text": STORY}) + "\n", encoding="utf-8"
    )
    (folder / "c.csv").write_text(
        "id,text\nc1,نص خبر عن عملية أمنية جديدة في ريف الحسكة الجنوبي\n", encoding="utf-8"
    )
    (folder / "d.txt").write_text(
        "خبر نصي عن اشتباك بين الجيش العراقي وعناصر من داعش في صلاح الدين", encoding="utf-8"
    )
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    out, err, code = run("import_articles", str(folder), "--sync")
    assert "Imported 4, near-duplicates 0, duplicates 1, failed 1." in out
    assert "b.jsonl:2: malformed JSON" in out and code == 1
    assert "4/4 files" in err  # progress bar
    assert Article.objects.filter(status="done", channel="bulk").count() == 4
    # Importing again stores nothing.
    out, _, _ = run("import_articles", str(folder / "a.json"), "--json", "--no-progress")
    assert json.loads(out) == {
        "stored": 0,
        "near_duplicates": 0,
        "duplicates": 1,
        "failed": 0,
        "failures": [],
    }


def test_import_queues_without_sync(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    with django_capture_on_commit_callbacks() as queued:
        out, _, code = run("import_articles", str(tmp_path), "--no-progress")
    assert code == 0 and "Imported 1" in out and len(queued) == 1
    assert Article.objects.get().status == "pending"


@pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="no evaluation articles")
def test_import_dev_articles_format(tmp_path: Path) -> None:
    files = sorted(DEV_ARTICLES.glob("*.json"))[:3]
    for path in files:
        shutil.copy(path, tmp_path / path.name)
    out, _, code = run("import_articles", str(tmp_path), "--no-progress")
    assert code == 0 and f"Imported {len(files)}" in out
    first = json.loads(files[0].read_text(encoding="utf-8"))
    article = Article.objects.get(external_id=first["id"])
    assert article.url == first["url"] and article.title == first["title"]


def test_reprocess_failed_and_outdated(monkeypatch: pytest.MonkeyPatch) -> None:
    good = services.submit_article(text=STORY, process=False).article
    bad = services.submit_article(text=OTHER, process=False).article
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result()))
    services.process_article(good.pk)
    Article.objects.filter(pk=bad.pk).update(status="failed", error="boom")
    out, _, _ = run("reprocess", "--failed", "--sync")
    assert "Reprocessed 1 articles: done 1." in out
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-2", lambda p: fake_result()))
    out, _, _ = run("reprocess", "--outdated", "--sync")
    assert "Reprocessed 2 articles" in out
    assert set(Article.objects.values_list("extractor_version", flat=True)) == {"stub-2"}
    out, _, _ = run("reprocess", "--article", str(good.pk), "--sync")
    assert "Reprocessed 1 articles" in out


def test_admin_actions(
    admin_user: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from ingest import tasks

    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    polled: list[int] = []
    retried: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(tasks.poll_feed, "delay", lambda pk: polled.append(pk))
    monkeypatch.setattr(tasks.process_article_task, "delay", lambda pk, **kw: retried.append((pk, kw)))
    feed = Feed.objects.create(url="https://a.example/rss", consecutive_failures=2, last_error="HTTP 500")
    listing = client.get("/admin/ingest/feed/")
    assert listing.status_code == 200 and "HTTP 500" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/ingest/feed/", {"action": "poll_now", "_selected_action": [feed.pk]})
    assert polled == [feed.pk]
    article = services.submit_article(text=STORY, process=False).article
    Article.objects.filter(pk=article.pk).update(status="failed", error="ValueError: boom")
    assert "ValueError: boom" in client.get("/admin/ingest/article/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/ingest/article/", {"action": "retry_processing", "_selected_action": [article.pk]}
        )
    assert retried == [(article.pk, {"force": True})]
