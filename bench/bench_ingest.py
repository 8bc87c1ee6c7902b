"""End-to-end ingestion throughput: submission -> stored incidents.

Synthetic Arabic articles (written here, varied enough not to be
near-duplicates of each other) are submitted through ``submit_article``;
a real Celery worker with 2 prefork processes, on local Redis and PostGIS,
extracts and stores them. Prints one JSON line:

    {"articles_per_s": ..., "count": ..., "latency_median_s": ..., "latency_p95_s": ..., ...}

Latency is per article, from its row being stored (received_at) to its
processing finishing (processed_at). Uses its own database and Redis db:

    .venv/bin/python bench/bench_ingest.py [--count 200]
    BENCH_DATABASE_URL=postgis://postgres@127.0.0.1:5432/opstracker_bench BENCH_REDIS_URL=redis://127.0.0.1:6379/13
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgis://postgres@127.0.0.1:5432/opstracker_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")

PLACES = [
    ("ذيبان", "دير الزور"), ("الشحيل", "دير الزور"), ("البصيرة", "دير الزور"), ("هجين", "دير الزور"),
    ("الهول", "الحسكة"), ("الشدادي", "الحسكة"), ("الطبقة", "الرقة"), ("معدان", "الرقة"),
    ("وادي حوران", "الأنبار"), ("القائم", "الأنبار"), ("الحويجة", "كركوك"), ("وادي الشاي", "كركوك"),
    ("مطيبيجة", "صلاح الدين"), ("الطارمية", "بغداد"), ("جبال حمرين", "ديالى"), ("تلعفر", "نينوى"),
]  # fmt: skip
ACTORS = ["قوات سوريا الديمقراطية", "التحالف الدولي", "جهاز مكافحة الإرهاب العراقي", "خلية الإعلام الأمني",
          "قوات الأسايش", "الجيش العراقي", "الحشد الشعبي"]  # fmt: skip
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول"]
OPENERS = [
    "أعلن {actor} في بيان رسمي تنفيذ عملية أمنية في {place} بريف {gov} يوم {day} {month} {year}",
    "قال مصدر في {actor} إن قوة خاصة نفذت إنزالاً جوياً في {place} بمحافظة {gov} في {day} {month} {year}",
    "نفذ {actor} فجر {day} {month} {year} حملة تمشيط واسعة في محيط {place} شرقي {gov}",
    "شنت طائرات {actor} غارات جوية على مواقع لتنظيم داعش قرب {place} في {gov} بتاريخ {day} {month} {year}",
]
RESULTS = [
    "أسفرت عن اعتقال {n} من عناصر تنظيم داعش بينهم قيادي ميداني",
    "وأدت إلى مقتل {n} من مسلحي التنظيم وتدمير مضافة كانوا يتحصنون فيها",
    "وتمكنت القوات خلالها من إلقاء القبض على {n} مطلوبين بتهم إرهابية",
    "وقتل فيها {n} عناصر من داعش بعد اشتباك استمر ساعات",
]
EXTRAS = [
    "وصادرت القوات أسلحة خفيفة وذخائر وأجهزة اتصال كانت بحوزة الخلية.",
    "وأشار البيان إلى أن العملية جاءت بناء على معلومات استخبارية دقيقة جمعت خلال أسابيع.",
    "ولم تسجل أي إصابات في صفوف المدنيين بحسب المصدر ذاته.",
    "وتأتي العملية ضمن سلسلة حملات لملاحقة الخلايا النائمة في المنطقة.",
    "وكانت الخلية مسؤولة عن هجمات استهدفت حواجز أمنية خلال الأشهر الماضية.",
    "وأكد شهود عيان سماع أصوات انفجارات وتحليق مكثف للطيران في سماء المنطقة.",
    "ونقل المعتقلون إلى مراكز التحقيق لاستكمال الإجراءات القانونية بحقهم.",
    "وتشهد المنطقة منذ أشهر تصاعداً في نشاط خلايا التنظيم.",
]
FILLER_TEXT = (
    "الأهالي السوق الطريق الجسر المدرسة الشتاء المزارعين النهر القرية المعبر الحدود المياه الكهرباء "
    "الوقود الأسعار الموسم البلدية المستشفى الطلاب الرعاة القمح القطن الخبز الطحين المولدات "
    "الأغنام الحصاد الأمطار الغبار الدواء الأطباء المعلمين الشباب النساء الأطفال المخيم الإغاثة"
)
FILLER = FILLER_TEXT.split()


def synthetic_article(index: int, rng: random.Random) -> dict[str, Any]:
    place, gov = rng.choice(PLACES)
    fill = {
        "actor": rng.choice(ACTORS),
        "place": place,
        "gov": gov,
        "day": rng.randint(1, 28),
        "month": rng.choice(MONTHS),
        "year": rng.choice([2023, 2024, 2025]),
        "n": rng.randint(2, 9),
    }
    body = [rng.choice(OPENERS).format(**fill) + "، " + rng.choice(RESULTS).format(**fill) + "."]
    body.append(rng.choice(EXTRAS))
    # Paragraphs of local context unique to each article keep the texts apart
    # (real articles differ far more than template ones do).
    for _ in range(2):
        body.append("وتحدث السكان عن " + " و".join(rng.sample(FILLER, 14)) + ".")
    body.append(f"تقرير رقم {index}.")
    return {"text": "\n\n".join(body), "title": f"عملية في {place}", "outlet": f"وكالة {index % 7}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    os.environ.update(DATABASE_URL=DB_URL, REDIS_URL=REDIS_URL, DJANGO_SETTINGS_MODULE="ops_tracker.settings")
    _ensure_database(DB_URL)
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import connection

    from events.models import Incident
    from ingest import services
    from ingest.models import Article
    from ops_tracker.celery import app

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # a clean slate for the articles and incidents
        cursor.execute("TRUNCATE ingest_article, events_incident RESTART IDENTITY CASCADE")
    redis.Redis.from_url(REDIS_URL).flushdb()

    env = dict(os.environ, DB_CONN_MAX_AGE="60", LOG_LEVEL="WARNING")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ops_tracker", "worker", "-P", "prefork", "-c", "2",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", "opstracker", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit("the Celery worker did not start")
        rng = random.Random(42)
        articles = [synthetic_article(i, rng) for i in range(args.count)]
        started = time.monotonic()
        ids = [services.submit_article(**a, channel=Article.Channel.API).article.pk for a in articles]
        submitted = time.monotonic()
        final = {Article.Status.DONE, Article.Status.FAILED, Article.Status.DUPLICATE}
        deadline = time.monotonic() + args.timeout
        while Article.objects.filter(pk__in=ids).exclude(status__in=final).exists():
            if time.monotonic() > deadline:
                raise SystemExit("timed out waiting for processing")
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        rows = list(Article.objects.filter(pk__in=ids).values_list("status", "received_at", "processed_at"))
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)

    latencies = sorted((p - r).total_seconds() for s, r, p in rows if s == "done" and p)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None
    print(
        json.dumps(
            {
                "articles_per_s": round(len(rows) / elapsed, 2),
                "count": len(rows),
                "done": sum(1 for s, *_ in rows if s == "done"),
                "failed": sum(1 for s, *_ in rows if s == "failed"),
                "near_duplicates": sum(1 for s, *_ in rows if s == "duplicate"),
                "incidents": Incident.objects.count(),
                "latency_median_s": round(statistics.median(latencies), 3) if latencies else None,
                "latency_p95_s": round(p95, 3) if p95 is not None else None,
                "submit_s": round(submitted - started, 2),
                "total_s": round(elapsed, 2),
                "worker_processes": 2,
            }
        )
    )


def _ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    with psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


if __name__ == "__main__":
    main()
