"""Submission, near-duplicates and the processing claim (no worker needed:
the extractor is replaced by a stub where the test is about the pipeline)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from events.models import Incident, IncidentSource
from ingest import dedup, services
from ingest.models import Article, ArticleBand

pytestmark = pytest.mark.django_db

STORY = (
    "أعلنت قوات سوريا الديمقراطية، يوم الثلاثاء، أنها نفذت بالتعاون مع التحالف الدولي عملية إنزال جوي "
    "في بلدة ذيبان بريف دير الزور الشرقي، أسفرت عن اعتقال قيادي بارز في تنظيم داعش يدعى أبو عمر الشامي "
    "واثنين من مرافقيه. وقال المركز الإعلامي للقوات في بيان إن القيادي كان مسؤولاً عن تنسيق هجمات "
    "استهدفت نقاطاً عسكرية ومدنيين في المنطقة خلال الأشهر الماضية، وإن العملية جرت دون خسائر. "
    "وأضاف البيان أن القوات صادرت أسلحة خفيفة وأجهزة اتصال ومبالغ مالية كانت بحوزة الخلية."
)
OTHER = (
    "قال جهاز مكافحة الإرهاب العراقي إن قواته نفذت إنزالاً جوياً في وادي حوران بمحافظة الأنبار غربي "
    "البلاد، وقتلت خمسة من عناصر داعش ودمرت مضافة كانوا يستخدمونها للاختباء وتخزين الأسلحة، بحسب "
    "بيان رسمي صدر اليوم. وأوضح البيان أن العملية جاءت بناء على معلومات استخبارية دقيقة."
)


def fake_result(place: str = "ذيبان", arrested: int = 3) -> dict[str, Any]:
    return {
        "article_id": "x",
        "incidents": [
            {"type": "raid", "date": "2025-03-11", "date_precision": "day", "place_name": place,
             "lat": 35.02, "lon": 40.52, "arrested": arrested, "evidence": "عملية إنزال جوي في بلدة ذيبان",
             "actors": ["sdf"], "targets": ["isis"], "confidence": 0.8}
        ],
        "statistics": [],
    }  # fmt: skip


@pytest.fixture
def stub_extractor(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def extract(payload: dict[str, Any]) -> dict[str, Any]:
        calls.append(payload)
        return fake_result()

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", extract))
    return calls


def test_exact_duplicates_by_normalised_text_and_url() -> None:
    first = services.submit_article(text=STORY, url="https://a.example/1", outlet="A", process=False)
    assert first.created and first.outcome == "stored"
    # Same text with diacritics and other whitespace: same article.
    again = services.submit_article(text="أَعلنت  " + STORY[6:].replace(" ", "\n", 3), process=False)
    assert not again.created and again.article == first.article and again.reason == "duplicate content"
    same_url = services.submit_article(text=OTHER, url="https://a.example/1", process=False)
    assert not same_url.created and same_url.reason == "duplicate url"
    assert Article.objects.count() == 1


def test_bad_input_stores_nothing() -> None:
    for kwargs in ({"text": "   "}, {"text": STORY, "published": "yesterday"}):
        with pytest.raises(ValidationError):
            services.submit_article(**kwargs)
    assert Article.objects.count() == 0


def test_near_duplicate_is_linked_and_not_extracted(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as queued:
        original = services.submit_article(text=STORY, outlet="نورث برس", url="https://a.example/1").article
    assert len(queued) == 1
    # Republished by another outlet: own byline, a dropped sentence, small edits.
    copy = (
        "دير الزور - وكالات\n"
        + STORY.replace("يوم الثلاثاء", "الثلاثاء").replace(
            " وأضاف البيان أن القوات صادرت أسلحة خفيفة وأجهزة اتصال ومبالغ مالية كانت بحوزة الخلية.", ""
        )
        + "\nتابعونا على قناتنا."
    )
    with django_capture_on_commit_callbacks() as queued:
        sub = services.submit_article(text=copy, outlet="وكالة", url="https://b.example/x")
    assert sub.created and sub.outcome == "near_duplicate"
    assert sub.article.status == Article.Status.DUPLICATE and sub.article.near_duplicate_of == original
    assert queued == []  # not queued for extraction
    different = services.submit_article(text=OTHER, process=False)
    assert different.outcome == "stored" and different.article.near_duplicate_of is None


def test_near_duplicate_window_and_signature_storage() -> None:
    article = services.submit_article(text=STORY, process=False).article
    assert len(article.minhash) == dedup.NUM_PERM
    assert ArticleBand.objects.filter(article=article).count() == dedup.BANDS
    Article.objects.filter(pk=article.pk).update(
        received_at=timezone.now() - timedelta(days=dedup.WINDOW_DAYS + 1)
    )
    sig = dedup.signature(STORY + " خبر")
    assert dedup.find_original(None, STORY, sig) is None  # too old to compare with
    assert dedup.signature("نص قصير") is None


@pytest.mark.django_db(databases=[])
def test_signature_is_the_reference_minhash() -> None:
    """The vectorised MinHash gives exactly the values of the plain formula (signatures
    are stored: a change would make new articles miss their stored originals)."""
    import random

    def reference(hashes: list[int]) -> list[int]:
        return [min((a * h + b) % dedup._P for h in hashes) for a, b in dedup._COEFFS]

    prime = dedup._P
    edges = [0, 1, prime - 1, prime, prime + 1, 2 * prime, 2**32 - 1, 2**32, 2**61 + 7, 2**63, 2**64 - 1]
    rng = random.Random(5)
    for _ in range(200):
        hashes = [rng.getrandbits(64) for _ in range(rng.randint(1, 300))]
        hashes += rng.sample(edges, rng.randint(0, len(edges)))
        assert dedup._minhash(hashes) == reference(hashes)
    tokens = dedup.words(STORY)
    assert dedup.signature(STORY) == reference(list(dedup.shingles(tokens)))


def test_process_stores_incidents_once(stub_extractor: list[dict[str, Any]]) -> None:
    article = services.submit_article(text=STORY, outlet="A", process=False).article
    assert services.process_article(article.pk) == Article.Status.DONE
    article.refresh_from_db()
    assert article.status == "done" and article.extractor_version == "stub-1" and article.attempts == 1
    assert Incident.objects.count() == 1 and IncidentSource.objects.get().article == article
    # A redelivered task finds the work done and does nothing.
    assert services.process_article(article.pk) == Article.Status.DONE
    assert len(stub_extractor) == 1 and IncidentSource.objects.count() == 1


def test_claims_fence_concurrent_attempts(stub_extractor: list[dict[str, Any]]) -> None:
    article = services.submit_article(text=STORY, process=False).article
    assert services.claim_article(article.pk, token="task-a:1")
    # Another task cannot take a fresh claim...
    assert not services.claim_article(article.pk, token="task-b:1")
    assert services.claim_wait_seconds(article.pk) > 60
    # ...but a redelivery of the same task (its worker died) takes it over at once,
    assert services.claim_article(article.pk, token="task-a:2")
    # and the older attempt, if it were still alive, can no longer write.
    assert services.process_article(article.pk, token="task-b:2") == "processing"
    Article.objects.filter(pk=article.pk).update(claim_token="task-a:1")  # simulate attempt 1 resuming
    assert not services.claim_article(article.pk, token="local:x")


def test_lost_claim_discards_result(monkeypatch: pytest.MonkeyPatch) -> None:
    article = services.submit_article(text=STORY, process=False).article

    def extract(payload: dict[str, Any]) -> dict[str, Any]:
        # While we extract, a redelivery of our task takes the claim over.
        Article.objects.filter(pk=article.pk).update(claim_token="task-a:other")
        return fake_result()

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", extract))
    assert services.process_article(article.pk, token="task-a:mine") == "processing"
    assert Incident.objects.count() == 0


def test_stale_claim_is_taken_over_and_requeued(monkeypatch: pytest.MonkeyPatch, stub_extractor: Any) -> None:
    from ingest import tasks

    article = services.submit_article(text=STORY, process=False).article
    assert services.claim_article(article.pk, token="dead:1")
    old = timezone.now() - timedelta(seconds=services.stale_claim_seconds() + 5)
    Article.objects.filter(pk=article.pk).update(processing_started_at=old)
    queued: list[int] = []
    monkeypatch.setattr(tasks.process_article_task, "delay", lambda pk, **kw: queued.append(pk))
    assert services.requeue_stale_articles() == 1 and queued == [article.pk]
    assert services.process_article(article.pk, token="other:1") == Article.Status.DONE


def test_extractor_error_marks_failed_and_retry_works(monkeypatch: pytest.MonkeyPatch) -> None:
    article = services.submit_article(text=STORY, process=False).article

    def broken(payload: dict[str, Any]) -> dict[str, Any]:
        raise ValueError("gazetteer not loaded")

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", broken))
    assert services.process_article(article.pk) == Article.Status.FAILED
    article.refresh_from_db()
    assert article.status == "failed" and "gazetteer not loaded" in article.error
    assert list(services.articles_needing_reprocess(failed=True)) == [article]
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result()))
    assert services.process_article(article.pk) == Article.Status.DONE
    article.refresh_from_db()
    assert article.error == "" and article.attempts == 2


def test_transient_errors_propagate_for_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    article = services.submit_article(text=STORY, process=False).article

    def db_down(payload: dict[str, Any]) -> dict[str, Any]:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", db_down))
    with pytest.raises(OperationalError):
        services.process_article(article.pk, token="task-t:1")
    # The retry (same task id) takes its own claim back.
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result()))
    assert services.process_article(article.pk, token="task-t:2") == Article.Status.DONE


def test_reprocess_keeps_editor_corrections(monkeypatch: pytest.MonkeyPatch, editor: Any) -> None:
    from events.services import correct_incident

    monkeypatch.setattr(services, "_extractor", lambda: ("stub-1", lambda p: fake_result(arrested=3)))
    article = services.submit_article(text=STORY, process=False).article
    services.process_article(article.pk)
    incident = Incident.objects.get()
    correct_incident(incident.pk, user=editor, changes={"arrested": 4}, expected_version=incident.version)
    monkeypatch.setattr(services, "_extractor", lambda: ("stub-2", lambda p: fake_result(arrested=2)))
    assert list(services.articles_needing_reprocess(outdated=True)) == [article]
    assert services.process_article(article.pk, force=True) == Article.Status.DONE
    incident.refresh_from_db()
    assert incident.arrested == 4 and Incident.objects.count() == 1
    article.refresh_from_db()
    assert article.extractor_version == "stub-2"


def test_poison_article_gives_up(stub_extractor: list[dict[str, Any]]) -> None:
    article = services.submit_article(text=STORY, process=False).article
    Article.objects.filter(pk=article.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.process_article(article.pk, token="t:1") == Article.Status.FAILED
    article.refresh_from_db()
    assert "Gave up after 5" in article.error and stub_extractor == []
    assert services.process_article(article.pk, force=True) == Article.Status.DONE  # an editor's retry


def test_near_duplicate_creates_no_incidents_with_real_extractor() -> None:
    pytest.importorskip("ingest.extraction.assemble")
    original = services.submit_article(
        text=STORY, outlet="نورث برس", published="2025-03-12", process=False
    ).article
    assert services.process_article(original.pk) == Article.Status.DONE
    incidents = Incident.objects.count()
    assert incidents >= 1
    copy = "خاص - " + STORY.replace("يوم الثلاثاء", "الثلاثاء") + " المصدر: وكالات."
    sub = services.submit_article(text=copy, outlet="وكالة", published="2025-03-12")
    assert sub.outcome == "near_duplicate" and sub.article.near_duplicate_of == original
    # Even a stray task for it does nothing: a near-duplicate is never claimed.
    assert services.process_article(sub.article.pk) == Article.Status.DUPLICATE
    assert Incident.objects.count() == incidents
    assert not IncidentSource.objects.filter(article=sub.article).exists()
