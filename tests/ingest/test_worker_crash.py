"""A worker killed (SIGKILL) mid-task: the task is redelivered and the
article processed exactly once (one set of incidents, no duplicates).

The article text carries a marker that makes the first processing attempt
sleep (services._test_hook, enabled only by OPSTRACKER_TEST_SLEEP_MARKER in
the worker's environment), so the test can kill the worker while it holds
the claim."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from events.models import Incident, IncidentSource
from ingest import services
from ingest.models import Article
from tests.ingest.test_worker import DEV, extraction_available
from tests.waiting import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
MARKER = "OPSTRACKER-TEST-SLEEP"
VISIBILITY = 6  # seconds: the broker's redelivery delay for unacknowledged messages


def sleepy_env(flag: Path) -> dict[str, str]:
    return {
        "OPSTRACKER_TEST_SLEEP_MARKER": MARKER,
        "OPSTRACKER_TEST_SLEEP_FLAG": str(flag),
        "OPSTRACKER_TEST_SLEEP_SECONDS": "120",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    }


def submit_sleepy() -> Article:
    record = json.loads((DEV / "006.json").read_text(encoding="utf-8"))
    return services.submit_article(text=record["text"] + f"\n\n{MARKER}", outlet=record.get("outlet")).article


def assert_processed_once(article_id: int) -> None:
    article = wait_for(
        lambda: Article.objects.filter(pk=article_id, status__in=["done", "failed"]).first(), timeout=120
    )
    assert article.attempts == 2  # the killed attempt and the redelivery
    if not extraction_available():
        return
    assert article.status == "done", article.error
    sources = IncidentSource.objects.filter(article=article)
    incidents = Incident.objects.filter(sources__article=article)
    assert sources.count() == incidents.count() == incidents.distinct().count() >= 1
    # Nothing else was written: every incident has exactly this one source.
    assert Incident.objects.count() == incidents.count()


def test_whole_worker_killed_then_restarted(start_worker: Any, tmp_path: Path) -> None:
    flag = tmp_path / "sleeping"
    env = sleepy_env(flag)
    first = start_worker(**env)
    article = submit_sleepy()
    wait_for(flag.exists, timeout=60)  # the first attempt is mid-task, holding the claim
    slept_at = time.monotonic()
    assert Article.objects.get(pk=article.pk).status == "processing"
    first.kill()  # SIGKILL main process and pool children: nothing is acknowledged
    assert Article.objects.get(pk=article.pk).status == "processing"
    # The message comes back once the visibility timeout has passed.
    time.sleep(max(0.0, VISIBILITY + 1 - (time.monotonic() - slept_at)))
    start_worker(**env)
    assert_processed_once(article.pk)


def test_pool_process_killed(start_worker: Any, tmp_path: Path) -> None:
    """Only the pool process running the task dies: the worker requeues the
    message at once (acks_late + reject_on_worker_lost) for its other process."""
    flag = tmp_path / "sleeping"
    start_worker(**sleepy_env(flag))
    article = submit_sleepy()
    wait_for(lambda: flag.exists() and flag.read_text(), timeout=60)
    os.kill(int(flag.read_text()), signal.SIGKILL)
    assert_processed_once(article.pk)
