"""Synthetic, realistic incident load for the API benchmarks, written with COPY.

N incidents (default 1,000,000) over 10 years, placed at gazetteer places of
Syria and Iraq (the Place table; loaded from data/gazetteer/ with
``load_gazetteer`` when empty), weighted towards the governorates where the
campaign against ISIS was fought; types, subtypes, actors and targets (M2M),
counts, statuses (rejected and merged included), persons, summaries in Arabic
and English, 1-3 IncidentSource rows per incident pointing at synthetic
Articles of ~30 outlets. ``search_text`` is built with
``events.search.build_search_text`` (the function the write paths use), so
``?q=`` behaves as with real data; place, governorate, district and
geo_precision come from the gazetteer place, as the extractor fills them.

Rows are streamed to PostgreSQL with psycopg 3 ``cursor.copy`` (no ORM
saves). With ``--reset`` the tables are truncated first and the secondary
indexes of the loaded tables are dropped during the load and rebuilt after it
(much faster than maintaining them row by row); without it, rows are appended
after the current maximum ids. Ends with VACUUM ANALYZE.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/opstracker_bench \
        .venv/bin/python bench/generate_incidents.py --reset [--count 1000000] [--seed 1]

Not generated: history records (simple-history), near-duplicate bands/MinHash,
statistics. Prints one JSON line with the counts and timings.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import math
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/opstracker_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ops_tracker.settings")

# Share of incidents per governorate (English names as stored in the gazetteer).
GOVERNORATE_WEIGHTS = {
    "Deir ez-Zor": 14, "Al-Hasakah": 10, "Ar-Raqqah": 9, "Aleppo": 7, "Homs": 6, "Idlib": 4,
    "Hama": 3, "Daraa": 3, "Rif Dimashq": 2, "As-Suwayda": 1, "Damascus": 1, "Quneitra": 0.3,
    "Latakia": 0.4, "Tartus": 0.2,
    "Anbar": 9, "Nineveh": 9, "Salah al-Din": 6, "Kirkuk": 5, "Diyala": 5, "Baghdad": 3, "Babil": 1,
    "Erbil": 0.6, "Sulaymaniyah": 0.4, "Duhok": 0.3, "Wasit": 0.2, "Karbala": 0.1, "Najaf": 0.1,
    "Basra": 0.2, "Maysan": 0.1, "Dhi Qar": 0.1, "Qadisiyah": 0.1, "Muthanna": 0.2,
}  # fmt: skip
TYPES = [("raid", 30), ("airstrike", 18), ("sweep", 14), ("clash", 14), ("attack", 19), ("other", 5)]
SUBTYPES = {
    "raid": ["", "airdrop", "house raid", "checkpoint arrest"],
    "airstrike": ["", "drone strike", "air strike"],
    "sweep": ["", "security sweep", "combing operation"],
    "clash": ["", "armed clash", "ambush"],
    "attack": ["", "IED", "suicide bombing", "assassination", "ambush", "landmine"],
    "other": ["", "surrender", "weapons cache"],
}
# (actor slugs, weight) per type; targets default to isis except for attacks.
ACTORS = {
    "raid": [(["sdf"], 30), (["sdf", "coalition"], 20), (["us_forces"], 8), (["iraqi_forces"], 25),
             (["asayish"], 10), (["iraqi_forces", "coalition"], 7)],
    "airstrike": [(["coalition"], 45), (["us_forces"], 20), (["russia"], 15), (["iraqi_forces"], 15),
                  (["turkey"], 5)],
    "sweep": [(["sdf"], 30), (["iraqi_forces"], 40), (["asayish"], 15), (["syrian_gov"], 15)],
    "clash": [(["sdf"], 30), (["iraqi_forces"], 25), (["syrian_gov"], 20), (["peshmerga"], 10),
              (["sna"], 15)],
    "attack": [(["isis"], 80), (["unknown"], 20)],
    "other": [(["sdf"], 40), (["iraqi_forces"], 40), (["syrian_gov"], 20)],
}  # fmt: skip
ATTACK_TARGETS = [(["sdf"], 30), (["iraqi_forces"], 25), (["civilians"], 25), (["syrian_gov"], 15),
                  (["peshmerga"], 5)]  # fmt: skip
ACTOR_AR = {
    "sdf": "قوات سوريا الديمقراطية", "coalition": "التحالف الدولي", "us_forces": "القوات الأمريكية",
    "iraqi_forces": "القوات العراقية", "asayish": "قوات الأسايش", "syrian_gov": "القوات الحكومية السورية",
    "russia": "الطيران الروسي", "turkey": "الطيران التركي", "peshmerga": "قوات البيشمركة",
    "sna": "الجيش الوطني السوري", "isis": "تنظيم داعش", "unknown": "مسلحون مجهولون", "civilians": "مدنيون",
}  # fmt: skip
ACTOR_EN = {
    "sdf": "The SDF", "coalition": "The Coalition", "us_forces": "US forces", "iraqi_forces": "Iraqi forces",
    "asayish": "The Asayish", "syrian_gov": "Syrian government forces", "russia": "Russian aircraft",
    "turkey": "Turkish aircraft", "peshmerga": "The Peshmerga", "sna": "The SNA", "isis": "ISIS",
    "unknown": "Unknown gunmen", "civilians": "civilians",
}  # fmt: skip
VERB_AR = {
    "raid": ("نفذت {a} عملية إنزال في {p} بريف {g} أسفرت عن اعتقال {n} من عناصر تنظيم داعش",
             "{a} ينفذ عملية أمنية في {p}"),
    "airstrike": ("شنت {a} غارة جوية على موقع لتنظيم داعش قرب {p} في {g} ما أدى إلى مقتل {n} عناصر",
                  "غارة جوية قرب {p}"),
    "sweep": ("أطلقت {a} حملة تمشيط واسعة في محيط {p} بمحافظة {g} واعتقلت {n} مطلوبين",
              "حملة تمشيط في {p}"),
    "clash": ("اندلعت اشتباكات بين {a} وخلايا تنظيم داعش في {p} بريف {g} قتل فيها {n} مسلحين",
              "اشتباكات في {p}"),
    "attack": ("هاجم {a} حاجزا أمنيا في {p} بريف {g} ما أسفر عن مقتل {n} عناصر",
               "هجوم على حاجز في {p}"),
    "other": ("سلم {n} من عناصر تنظيم داعش أنفسهم إلى {a} في {p} بمحافظة {g}", "تسليم عناصر في {p}"),
}  # fmt: skip
VERB_EN = {
    "raid": "{a} raided {p} ({g}), arresting {n} ISIS members.",
    "airstrike": "{a} struck an ISIS position near {p} ({g}), killing {n}.",
    "sweep": "{a} swept the area around {p} ({g}); {n} wanted men detained.",
    "clash": "{a} clashed with ISIS cells in {p} ({g}); {n} militants killed.",
    "attack": "{a} attacked a checkpoint in {p} ({g}), killing {n}.",
    "other": "{n} ISIS members surrendered to {a} in {p} ({g}).",
}
EXTRA_AR = [
    "وصادرت القوات أسلحة خفيفة وذخائر وأجهزة اتصال.",
    "وجاءت العملية بناء على معلومات استخبارية دقيقة.",
    "ولم تسجل إصابات في صفوف المدنيين بحسب المصدر.",
    "وتشهد المنطقة تصاعدا في نشاط خلايا التنظيم.",
    "ونقل المعتقلون إلى مراكز التحقيق.",
    "وأكد شهود عيان سماع أصوات انفجارات في المنطقة.",
]
PERSONS = ["أبو محمد العراقي", "أبو عمر الشامي", "أبو بكر الأنصاري", "أحمد الخلف", "إبراهيم العلي",
           "أبو حمزة المهاجر", "عبد الله الحسين", "أبو خطاب التونسي", "مصطفى الجاسم",
           "أبو يوسف الديري"]  # fmt: skip
STATUSES = [("new", 55), ("reviewed", 20), ("verified", 17), ("rejected", 5), ("merged", 3)]
YEARS = 10
EXTRACTOR_VERSION = "0.2.0"

INCIDENT_COLS = (
    "id", "type", "subtype", "date_start", "date_end", "date_precision", "point", "place_name", "governorate",
    "district", "geo_precision", "arrested", "killed", "injured", "persons", "seized", "summary_ar",
    "summary_en", "confidence", "status", "status_reason", "needs_review", "locked_fields", "version",
    "created_at", "updated_at", "merged_into_id", "place_id", "search_text",
)  # fmt: skip
SOURCE_COLS = (
    "id", "evidence", "evidence_start", "evidence_end", "claimed_arrested", "claimed_killed",
    "claimed_injured", "claimed_date", "claimed_place_name", "extracted", "extractor_version", "created_at",
    "article_id", "incident_id",
)  # fmt: skip
ARTICLE_COLS = (
    "id", "url", "external_id", "title", "published_at", "language", "text", "content_hash", "channel",
    "received_at", "status", "error", "attempts", "extractor_version", "processing_started_at",
    "processed_at", "outlet_id", "claim_token",
)  # fmt: skip
PENDING_INDEXES = ROOT / "var" / "bench-dropped-indexes.json"
LOADED_TABLES = (
    "ingest_article", "events_incident", "events_incidentsource", "events_incident_actors",
    "events_incident_targets",
)  # fmt: skip


def weighted(rng: random.Random, items: list[tuple[Any, float]]) -> Any:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


class Picker:
    """Fast weighted choice over a fixed list (cumulative weights + bisect)."""

    def __init__(self, items: list[Any], weights: list[float]):
        self.items = items
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def load_places() -> tuple[Picker, dict[str, tuple[float, float]]]:
    from django.core.management import call_command

    from events.models import Place

    if not Place.objects.exists():
        call_command("load_gazetteer")
    rows = list(
        Place.objects.exclude(governorate="").values_list(
            "id", "name_ar", "name_en", "governorate", "district", "precision", "population", "point",
            "feature_kind", "governorate_ar",
        )
    )  # fmt: skip
    by_gov: dict[str, list[tuple]] = {}
    centroids: dict[str, tuple[float, float]] = {}
    for pk, name_ar, name_en, gov, district, precision, population, point, kind, gov_ar in rows:
        by_gov.setdefault(gov, []).append(
            (pk, name_ar or name_en, name_en, gov, district, precision, point.x, point.y, gov_ar or gov)
        )
        by_gov[gov][-1] += (math.sqrt(population or 0) + 20 + (300 if kind == "governorate" else 0),)
    items, weights = [], []
    for gov, places in by_gov.items():
        gw = GOVERNORATE_WEIGHTS.get(gov, 0.1)
        total = sum(p[-1] for p in places)
        for p in places:
            items.append(p[:-1])
            weights.append(gw * p[-1] / total)
        centroids[gov] = (
            sum(p[6] for p in places) / len(places),
            sum(p[7] for p in places) / len(places),
        )
    return Picker(items, weights), centroids


def db_conninfo() -> dict[str, Any]:
    import dj_database_url

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    return {
        "host": cfg["HOST"] or "127.0.0.1",
        "port": cfg["PORT"] or 5432,
        "user": cfg["USER"] or "postgres",
        "password": cfg["PASSWORD"] or None,
        "dbname": cfg["NAME"],
    }


def secondary_indexes(conn: Any) -> list[tuple[str, str]]:
    """(name, definition) of the loaded tables' indexes that back no constraint."""
    return conn.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [list(LOADED_TABLES)],
    ).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--reset", action="store_true", help="truncate incidents and articles first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--outlets", type=int, default=30)
    parser.add_argument("--end-date", default=None, help="last incident date (default: today)")
    args = parser.parse_args()

    import django

    django.setup()
    import psycopg
    from django.core.management import call_command

    from events.models import Actor
    from events.search import build_search_text
    from ingest.models import Outlet

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    places, centroids = load_places()
    actor_ids = dict(Actor.objects.values_list("slug", "id"))
    outlets = []
    for i in range(args.outlets):
        outlet, _ = Outlet.objects.get_or_create(
            domain=f"bench-outlet-{i}.example", defaults={"name": f"وكالة أنباء {i + 1}", "language": "ar"}
        )
        outlets.append(outlet.pk)

    rng = random.Random(args.seed)
    end = date.fromisoformat(args.end_date) if args.end_date else date.today()
    start = end - timedelta(days=365 * YEARS + YEARS // 4)
    span_days = (end - start).days
    n = args.count
    n_articles = max(1, int(n * 0.6))
    type_pick = Picker([t for t, _ in TYPES], [w for _, w in TYPES])
    status_pick = Picker([s for s, _ in STATUSES], [w for _, w in STATUSES])
    actor_picks = {t: Picker([a for a, _ in v], [w for _, w in v]) for t, v in ACTORS.items()}
    target_pick = Picker([a for a, _ in ATTACK_TARGETS], [w for _, w in ATTACK_TARGETS])

    conn = psycopg.connect(**db_conninfo())
    conn.execute("SET maintenance_work_mem = '1GB'")
    conn.execute("SET synchronous_commit = off")
    dropped: list[tuple[str, str]] = []
    if PENDING_INDEXES.exists():  # an earlier load died before rebuilding them
        for _, definition in json.loads(PENDING_INDEXES.read_text()):
            conn.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        conn.commit()
        PENDING_INDEXES.unlink()
    if args.reset:
        conn.execute(
            "TRUNCATE ingest_article, events_incident, events_historicalincident, "
            "events_historicalincident_actors, events_historicalincident_targets RESTART IDENTITY CASCADE"
        )
        dropped = secondary_indexes(conn)
        PENDING_INDEXES.parent.mkdir(exist_ok=True)
        PENDING_INDEXES.write_text(json.dumps(dropped))
        for name, _ in dropped:
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')
        conn.commit()

    def next_id(table: str) -> int:
        return conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]  # noqa: S608

    inc0, art0, src0 = next_id("events_incident"), next_id("ingest_article"), next_id("events_incidentsource")
    m2m0 = {t: next_id(t) for t in ("events_incident_actors", "events_incident_targets")}
    now = datetime.now(UTC)

    # --- articles: published evenly over the period, ordered by date ---------------------
    t_art = time.monotonic()
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY ingest_article ({', '.join(ARTICLE_COLS)}) FROM STDIN") as copy,
    ):
        for k in range(n_articles):
            aid = art0 + k
            day = start + timedelta(days=span_days * k / n_articles)
            published = datetime(
                day.year, day.month, day.day, rng.randint(5, 22), rng.randint(0, 59), tzinfo=UTC
            )
            place = places(rng)
            kind = type_pick(rng)
            actor = ACTOR_AR[actor_picks[kind](rng)[0]]
            lead = VERB_AR[kind][0].format(a=actor, p=place[1], g=place[8], n=rng.randint(1, 9))
            text = "\n\n".join([lead + ".", *rng.sample(EXTRA_AR, 3), f"تقرير رقم {aid}."])
            outlet = outlets[aid % len(outlets)]
            received = published + timedelta(minutes=rng.randint(5, 240))
            copy.write_row((
                aid, f"https://bench-outlet-{aid % len(outlets)}.example/news/{aid}", "",
                VERB_AR[kind][1].format(a=actor, p=place[1]), published, "ar", text,
                hashlib.sha256(text.encode()).hexdigest(), "feed", received, "done", "", 1, EXTRACTOR_VERSION,
                received, received + timedelta(seconds=2), outlet, "",
            ))  # fmt: skip
    conn.commit()
    t_art = time.monotonic() - t_art

    # --- incidents, sources, actors/targets ----------------------------------------------
    t_inc = time.monotonic()
    sources: list[tuple] = []
    actor_rows: list[tuple[int, int]] = []
    target_rows: list[tuple[int, int]] = []
    counts = {"undated": 0, "unlocated": 0}
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY events_incident ({', '.join(INCIDENT_COLS)}) FROM STDIN") as copy,
    ):
        for k in range(n):
            iid = inc0 + k
            kind = type_pick(rng)
            subtype = rng.choice(SUBTYPES[kind])
            pk, name_ar, name_en, gov, district, precision, lon, lat, gov_ar = places(rng)
            # ~2 % undated; the others spread over 10 years with a slow decline after the first years.
            if rng.random() < 0.02:
                d0 = d1 = None
                dprec = "unknown"
                counts["undated"] += 1
            else:
                frac = rng.random() ** 1.15  # more incidents in the early years
                d0 = start + timedelta(days=int(span_days * (1 - frac)))
                dprec = rng.choices(["day", "week", "month"], weights=[88, 5, 7])[0]
                d1 = (
                    d0 + timedelta(days={"day": 0, "week": 6, "month": 27}[dprec]) if dprec != "day" else None
                )
                if d1 and d1 > end:
                    d1 = None
            r = rng.random()
            if r < 0.04:  # unlocated: the governorate only
                point = None
                pk_place, place_name, geo_prec = None, "", "governorate"
                counts["unlocated"] += 1
            else:
                if precision == "exact":
                    lon += rng.uniform(-0.004, 0.004)
                    lat += rng.uniform(-0.004, 0.004)
                point = f"SRID=4326;POINT({lon:.6f} {lat:.6f})"
                pk_place, place_name, geo_prec = pk, name_ar, precision
            actors = actor_picks[kind](rng)
            targets = target_pick(rng) if kind == "attack" else (["isis"] if rng.random() < 0.92 else [])
            num = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 20])
            arrested = killed = injured = None
            if kind in ("raid", "sweep"):
                arrested = num if rng.random() < 0.85 else None
                killed = rng.choice([0, 1, 2]) if rng.random() < 0.15 else None
            elif kind in ("airstrike", "clash", "attack"):
                killed = num if rng.random() < 0.8 else None
                injured = rng.randint(1, 15) if rng.random() < 0.3 else None
            else:
                arrested = num if rng.random() < 0.5 else None
            persons = rng.sample(PERSONS, rng.choice([1, 1, 2])) if rng.random() < 0.1 else []
            seized = ["weapons"] if rng.random() < 0.1 else []
            a_ar = " و".join(ACTOR_AR[a] for a in actors)
            a_en = " and ".join(ACTOR_EN[a] for a in actors)
            shown = name_ar if place_name else gov_ar
            summary_ar = VERB_AR[kind][0].format(a=a_ar, p=shown, g=gov_ar, n=num) + "."
            summary_en = VERB_EN[kind].format(a=a_en, p=(name_en or gov) if place_name else gov, g=gov, n=num)
            status = status_pick(rng)
            merged_into = None
            if status == "merged":
                if iid > inc0:
                    merged_into = rng.randint(max(inc0, iid - 5000), iid - 1)
                else:
                    status = "rejected"
            reason = (
                "duplicate report"
                if status == "merged"
                else ("not an incident" if status == "rejected" else "")
            )
            dt0 = d0 or (start + timedelta(days=rng.randint(0, span_days)))
            created = datetime(dt0.year, dt0.month, dt0.day, tzinfo=UTC) + timedelta(hours=rng.randint(6, 60))
            updated = created + timedelta(days=rng.randint(0, 30)) if status != "new" else created
            created, updated = min(created, now), min(updated, now)
            # 1-3 sources from articles published around the incident date
            n_src = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
            pos = int(n_articles * ((dt0 - start).days / span_days))
            picked = {min(n_articles - 1, max(0, pos + rng.randint(-300, 300))) for _ in range(n_src)}
            evidence, claimed = [], []
            for j, a_idx in enumerate(sorted(picked)):
                ev = VERB_AR[kind][0].format(a=a_ar, p=shown, g=gov_ar, n=num + (j if j == 2 else 0))
                if j == 1:
                    ev = f"{ev}، {rng.choice(EXTRA_AR)}"
                cp = place_name
                evidence.append(ev)
                claimed.append(cp)
                sources.append((ev, num, kind, d0, cp, art0 + a_idx, iid, created))
            search_text = build_search_text(
                SimpleNamespace(
                    place_name=place_name, governorate=gov, district=district, persons=persons,
                    summary_ar=summary_ar, summary_en=summary_en,
                ),
                evidence,
                claimed,
            )  # fmt: skip
            needs_review = len(picked) > 1 and rng.random() < 0.1
            copy.write_row((
                iid, kind, subtype, d0, d1, dprec, point, place_name, gov, district, geo_prec, arrested,
                killed, injured, json.dumps(persons, ensure_ascii=False), json.dumps(seized), summary_ar,
                summary_en, round(rng.uniform(0.3, 0.98), 2), status, reason, needs_review, "[]",
                1 if status == "new" else rng.randint(2, 4), created, updated, merged_into, pk_place,
                search_text,
            ))  # fmt: skip
            for a in actors:
                actor_rows.append((iid, actor_ids[a]))
            for a in targets:
                target_rows.append((iid, actor_ids[a]))
    conn.commit()
    t_inc = time.monotonic() - t_inc

    t_src = time.monotonic()
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY events_incidentsource ({', '.join(SOURCE_COLS)}) FROM STDIN") as copy,
    ):
        for j, (ev, num, kind, d0, cp, article_id, iid, created) in enumerate(sources):
            claimed_arrested = num if kind in ("raid", "sweep", "other") else None
            claimed_killed = num if kind in ("airstrike", "clash", "attack") else None
            copy.write_row((
                src0 + j, ev, None, None, claimed_arrested, claimed_killed, None, d0, cp,
                '{"synthetic": true}', EXTRACTOR_VERSION, created, article_id, iid,
            ))  # fmt: skip
    for table, rows in (("events_incident_actors", actor_rows), ("events_incident_targets", target_rows)):
        with conn.cursor() as cur, cur.copy(f"COPY {table} (id, incident_id, actor_id) FROM STDIN") as copy:
            for j, (iid, aid) in enumerate(rows):
                copy.write_row((m2m0[table] + j, iid, aid))
    conn.commit()
    t_src = time.monotonic() - t_src

    t_idx = time.monotonic()
    for _, definition in dropped:
        conn.execute(definition)
    conn.commit()
    PENDING_INDEXES.unlink(missing_ok=True)
    for table in (*LOADED_TABLES,):
        seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table]).fetchone()[0]
        if seq:
            conn.execute("SELECT setval(%s, (SELECT COALESCE(MAX(id), 1) FROM " + table + "))", [seq])  # noqa: S608
    conn.commit()
    conn.autocommit = True
    for table in LOADED_TABLES:
        conn.execute(f"VACUUM ANALYZE {table}")
    t_idx = time.monotonic() - t_idx
    total = conn.execute("SELECT COUNT(*) FROM events_incident").fetchone()[0]
    conn.close()
    print(
        json.dumps(
            {
                "measure": "generate_incidents",
                "count": n,
                "incidents_total": total,
                "articles": n_articles,
                "sources": len(sources),
                "actors_rows": len(actor_rows),
                "targets_rows": len(target_rows),
                **counts,
                "articles_s": round(t_art, 1),
                "incidents_s": round(t_inc, 1),
                "sources_m2m_s": round(t_src, 1),
                "indexes_vacuum_s": round(t_idx, 1),
                "total_s": round(time.monotonic() - t0, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
