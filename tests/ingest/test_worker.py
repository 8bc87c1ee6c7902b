"""End to end through a real Celery worker process, Redis and PostGIS:
API submission to incidents, two outlets merged into one incident, URL
fetching and feed polling done by the worker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from events.models import Incident, IncidentSource
from ingest.models import Article, Feed
from tests.waiting import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "articles"

# The same raid reported by two outlets in their own words.
REPORT_A = (
    "دير الزور - نورث برس\n\n"
    "أعلنت قوات سوريا الديمقراطية، اليوم الأربعاء، أنها نفذت فجر الثلاثاء 11 آذار 2025 عملية إنزال جوي "
    "بمشاركة التحالف الدولي في بلدة ذيبان بريف دير الزور الشرقي، أسفرت عن اعتقال ثلاثة عناصر من خلية "
    "تابعة لتنظيم داعش. وقال المركز الإعلامي لقسد في بيان إن الخلية كانت تخطط لهجمات ضد نقاط عسكرية."
)
REPORT_B = (
    "الحسكة - عنب بلدي\n\n"
    "قال المركز الإعلامي لقوات سوريا الديمقراطية إن قوة خاصة مدعومة بطيران التحالف الدولي داهمت في "
    "11 آذار 2025 منزلاً في ذيبان شرقي دير الزور، واعتقلت ثلاثة أشخاص يشتبه بانتمائهم إلى تنظيم داعش، "
    "مشيراً إلى مصادرة أسلحة خفيفة وذخائر خلال المداهمة، دون تسجيل إصابات بين المدنيين."
)


def extraction_available() -> bool:
    try:
        from ingest.extraction import extract_article  # noqa: F401
    except ImportError:
        return False
    return True


needs_extractor = pytest.mark.skipif(not extraction_available(), reason="ingest.extraction not available yet")


def wait_status(
    article_id: int, statuses: tuple[str, ...] = ("done", "failed"), timeout: float = 90
) -> Article:
    return wait_for(
        lambda: Article.objects.filter(pk=article_id, status__in=statuses).first(), timeout=timeout
    )


@needs_extractor
def test_api_article_becomes_incidents(shared_worker: Any, editor_api: APIClient) -> None:
    record = json.loads((DEV / "001.json").read_text(encoding="utf-8"))
    response = editor_api.post("/api/v1/articles/", record, format="json")
    assert response.status_code == 201
    article = wait_status(response.json()["id"])
    assert article.status == "done", article.error
    assert article.extractor_version and article.attempts == 1
    sources = IncidentSource.objects.filter(article=article)
    assert sources.exists()
    assert Incident.objects.filter(sources__article=article).count() == sources.count()
    detail = editor_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["status"] == "done" and detail["incidents"]


@needs_extractor
def test_same_story_from_two_outlets_one_incident(shared_worker: Any, editor_api: APIClient) -> None:
    a = editor_api.post(
        "/api/v1/articles/",
        {"text": REPORT_A, "outlet": "نورث برس", "published": "2025-03-12"},
        format="json",
    ).json()
    article_a = wait_status(a["id"])
    b = editor_api.post(
        "/api/v1/articles/",
        {"text": REPORT_B, "outlet": "عنب بلدي", "published": "2025-03-12"},
        format="json",
    ).json()
    assert b["outcome"] == "stored"  # reworded, not a near-duplicate copy
    article_b = wait_status(b["id"])
    assert article_a.status == article_b.status == "done", (article_a.error, article_b.error)
    incidents = Incident.objects.filter(sources__article__in=[article_a, article_b]).distinct()
    assert incidents.count() == 1, list(incidents.values("type", "place_name", "date_start"))
    incident = incidents.get()
    assert sorted(incident.sources.values_list("article__outlet__name", flat=True)) == [
        "عنب بلدي",
        "نورث برس",
    ]


def test_url_fetched_by_worker(
    shared_worker: Any, editor_api: APIClient, local_server: Any, allow_local: None
) -> None:
    from tests.ingest.test_fetch import ARTICLE_HTML

    local_server.routes["/news/7"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        ARTICLE_HTML.encode(),
    )
    url = local_server.url("/news/7")
    response = editor_api.post("/api/v1/articles/fetch/", {"url": url}, format="json")
    assert response.status_code == 202
    article = wait_for(lambda: Article.objects.filter(url=url).first(), timeout=60)
    assert "ذيبان" in article.text and article.channel == "url"
    assert article.title == "قسد تعتقل خلية لداعش في ريف دير الزور"
    again = editor_api.post("/api/v1/articles/fetch/", {"url": url}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article.pk
    assert local_server.count("/news/7") == 1


def test_feed_polled_by_worker_once(shared_worker: Any, local_server: Any, allow_local: None) -> None:
    from ingest.tasks import poll_feed
    from tests.ingest.test_feeds import LONG_1, LONG_2, rss, serve_feed

    serve_feed(local_server, rss(local_server.base, [("/x/1", "أ", LONG_1), ("/x/2", "ب", LONG_2)]))
    feed = Feed.objects.create(url=local_server.url("/feed.xml"))
    poll_feed.delay(feed.pk)
    wait_for(lambda: Feed.objects.filter(pk=feed.pk, last_success_at__isnull=False).exists(), timeout=60)
    assert Article.objects.filter(feed=feed).count() == 2
    first_success = Feed.objects.get(pk=feed.pk).last_success_at
    poll_feed.delay(feed.pk)
    wait_for(lambda: Feed.objects.get(pk=feed.pk).last_success_at > first_success, timeout=60)
    assert local_server.count("/feed.xml") == 2
    assert local_server.hits[-1][1].get("if-none-match") == '"v1"'  # answered 304
    assert Article.objects.filter(feed=feed).count() == 2
    # let the worker finish extracting both articles, so that the test database is not
    # truncated under its feet
    wait_for(
        lambda: not Article.objects.filter(feed=feed, status__in=["pending", "processing"]).exists(),
        timeout=60,
    )
