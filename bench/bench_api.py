"""API latency against a real gunicorn server on 127.0.0.1 (DEBUG=0).

Starts ``gunicorn ops_tracker.wsgi`` (gthread, 2 workers x 2 threads, like a
small production box) on a free local port against ``DATABASE_URL``, creates
an analyst user with a token (the API's normal read path: token auth, role
check, throttling with a high limit), and times each request from the first
byte sent to the last byte of the body read, over a kept-alive HTTP
connection. Each measure runs a few warm-up requests, then ``--reps``
timed ones (fewer for the heavy ones, and never more than ``--max-seconds``
per measure); requests rotate over several governorates / types / places /
tiles so one cached plan or page is not measured over and over.

Prints one JSON line per measure:
    {"measure", "median_ms", "p95_ms", "count", "incidents", "bytes", ...}

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/opstracker_bench \
        .venv/bin/python bench/bench_api.py [--only list_gov_30d,mvt_z9] [--skip csv_full] [--reps 30]
    .venv/bin/python bench/bench_api.py --only map_first_data      # the dashboard's first requests

``csv_full`` streams the whole default selection once and samples the RSS of
the gunicorn worker serving it (from /proc) while the body arrives.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/opstracker_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ops_tracker.settings")

HOST = "127.0.0.1"
GOVERNORATES = ["Deir ez-Zor", "Al-Hasakah", "Ar-Raqqah", "Anbar", "Nineveh", "Kirkuk"]
TYPES = ["raid", "airstrike", "sweep", "clash", "attack"]
# (lon, lat) of city centres; a city-zoom view (zoom ~12 on a laptop screen) is ~0.3 x 0.2 degrees.
CITIES = [(40.141, 35.336), (39.009, 35.952), (43.130, 36.340), (40.748, 36.503), (44.392, 35.468),
          (41.931, 34.379)]  # fmt: skip
Q_PLACES = ["الشحيل", "ذيبان", "البوكمال", "الهول", "تلعفر", "الحويجة"]
Q_WORDS = ["تمشيط", "انزال", "ابو محمد", "استخباريه", "غارة جوية", "حاجز"]


def percentile(values: list[float], pct: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(pct / 100 * len(s)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except FileNotFoundError:
        pass
    return rss, hwm


def children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(proc.name))
            except (FileNotFoundError, IndexError, ValueError):
                continue
    return out


class Server:
    def __init__(self, workers: int = 2, threads: int = 2):
        self.port = free_port()
        env = dict(
            os.environ,
            DEBUG="0",
            SECRET_KEY="bench-only-not-secret-" + "x" * 40,
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            API_THROTTLE_USER="10000000/min",
            API_THROTTLE_ANON="10000000/min",
            LOG_LEVEL="WARNING",
            DB_CONN_MAX_AGE="600",
        )
        env.pop("REDIS_URL", None)  # reads only: no Celery broker needed
        # The API response cache (aggregates, tiles) on the benchmark's Redis db; --no-cache
        # (API_CACHE_SECONDS=0) measures every request computed from the database.
        env["CACHE_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "ops_tracker.wsgi:application",
             "-b", f"{HOST}:{self.port}", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
             "--timeout", "600", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)

    def workers(self) -> list[int]:
        return children(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class Client:
    def __init__(self, port: int, token: str):
        self.port = port
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json", "Host": HOST}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=600)

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[float, int, int]:
        """(elapsed ms, status, body bytes)."""
        url = path + ("?" + urlencode(params, doseq=True) if params else "")
        for attempt in (0, 1):
            try:
                t = time.perf_counter()
                self.conn.request("GET", url, headers=self.headers)
                resp = self.conn.getresponse()
                body = resp.read()
                return (time.perf_counter() - t) * 1000, resp.status, len(body)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=600)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def setup_user() -> tuple[str, dict[str, Any]]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from events.models import Incident
    from events.roles import ANALYST, ensure_roles

    ensure_roles()
    # The generator writes with COPY (no write path): start from an empty response cache.
    from events.cache import bump_data_version

    bump_data_version()
    user, _ = get_user_model().objects.get_or_create(username="bench-analyst")
    user.groups.add(Group.objects.get(name=ANALYST))
    token, _ = Token.objects.get_or_create(user=user)
    visible = Incident.objects.exclude(status__in=["rejected", "merged"])
    latest = visible.exclude(date_start=None).order_by("-date_start").values_list("date_start", flat=True)[:1]
    ids = list(visible.order_by("?").values_list("id", flat=True)[:200]) if visible.count() < 200_000 else []
    if not ids:  # ORDER BY random() on 1M rows is slow: sample by id range instead
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(
                "SELECT id FROM events_incident TABLESAMPLE SYSTEM (1) "
                "WHERE status NOT IN ('rejected', 'merged') LIMIT 200"
            )
            ids = [r[0] for r in cur.fetchall()]
    info = {
        "incidents": Incident.objects.count(),
        "latest": latest[0] if latest else date.today(),
        "ids": ids,
    }
    return token.key, info


def run_measure(
    name: str, client: Client, requests: list[tuple[str, dict[str, Any]]], reps: int, warmup: int,
    max_seconds: float, extra: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    for i in range(warmup):
        client.get(*requests[i % len(requests)])
    times: list[float] = []
    sizes: list[int] = []
    statuses: set[int] = set()
    started = time.monotonic()
    for i in range(reps):
        ms, status, size = client.get(*requests[i % len(requests)])
        times.append(ms)
        sizes.append(size)
        statuses.add(status)
        if time.monotonic() - started > max_seconds and len(times) >= 5:
            break
    return {
        "measure": name,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "count": len(times),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "bytes_median": int(statistics.median(sizes)),
        "status": sorted(statuses),
        **extra,
    }


def measure_map_first_data(port: int, token: str, reps: int, extra: dict[str, Any]) -> list[dict[str, Any]]:
    """What static/js/dashboard.js fetches first at / with no filter, in parallel as the browser does:
    GeoJSON (default limit 10,000), list page 1 (page_size 25, ordering -date_start) and the
    timeline (aggregates interval=week; the dashboard asks for a second, daily, one only when the
    selection spans <= 150 days, which it does not here)."""
    requests = [
        ("/api/v1/incidents.geojson", {}),
        ("/api/v1/incidents/", {"page": 1, "page_size": 25, "ordering": "-date_start"}),
        ("/api/v1/aggregates/", {"interval": "week"}),
        ("/map/governorates.geojson", {}),
    ]
    clients = [Client(port, token) for _ in requests]
    for c, r in zip(clients, requests, strict=True):  # warm-up
        c.get(*r)
    walls: list[float] = []
    parts: dict[str, list[float]] = {r[0]: [] for r in requests}
    for _ in range(reps):
        results: dict[str, float] = {}

        def go(c: Client, r: tuple[str, dict[str, Any]], out: dict[str, float] = results) -> None:
            out[r[0]] = c.get(*r)[0]

        t = time.perf_counter()
        threads = [threading.Thread(target=go, args=(c, r)) for c, r in zip(clients, requests, strict=True)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        walls.append((time.perf_counter() - t) * 1000)
        for k, v in results.items():
            parts[k].append(v)
    return [
        {
            "measure": "map_first_data",
            "median_ms": round(statistics.median(walls), 1),
            "p95_ms": round(percentile(walls, 95), 1),
            "count": len(walls),
            "parts_median_ms": {k: round(statistics.median(v), 1) for k, v in parts.items()},
            "note": "geojson + list + aggregates(week) + boundaries in parallel; gunicorn 2x2 threads",
            **extra,
        }
    ]


def measure_csv(server: Server, token: str, extra: dict[str, Any]) -> dict[str, Any]:
    conn = http.client.HTTPConnection(HOST, server.port, timeout=3600)
    before = {pid: rss_kb(pid)[0] for pid in server.workers()}
    t = time.perf_counter()
    conn.request("GET", "/api/v1/incidents.csv", headers={"Authorization": f"Token {token}", "Host": HOST})
    resp = conn.getresponse()
    rows = nbytes = 0
    samples: list[tuple[int, int]] = []  # (rows so far, max worker RSS kB)
    next_sample = 10_000
    first_byte_ms = None
    while True:
        chunk = resp.read1(1 << 16) if hasattr(resp, "read1") else resp.read(1 << 16)
        if not chunk:
            break
        if first_byte_ms is None:
            first_byte_ms = (time.perf_counter() - t) * 1000
        nbytes += len(chunk)
        rows += chunk.count(b"\n")
        if rows >= next_sample:
            samples.append((rows, max(rss_kb(pid)[0] for pid in server.workers())))
            next_sample = rows + 50_000
    elapsed = time.perf_counter() - t
    conn.close()
    rss = [kb for _, kb in samples]
    worker_hwm = max(rss_kb(pid)[1] for pid in server.workers())
    return {
        "measure": "csv_full",
        "median_ms": round(elapsed * 1000, 1),
        "p95_ms": round(elapsed * 1000, 1),
        "count": 1,
        "status": resp.status,
        "rows": rows - 1,
        "bytes": nbytes,
        "rows_per_s": round((rows - 1) / elapsed),
        "first_byte_ms": round(first_byte_ms or 0, 1),
        "worker_rss_mb_before": round(max(before.values()) / 1024, 1) if before else None,
        "worker_rss_mb_at_10k_rows": round(rss[0] / 1024, 1) if rss else None,
        "worker_rss_mb_max_during": round(max(rss) / 1024, 1) if rss else None,
        "worker_rss_mb_at_end": round(rss[-1] / 1024, 1) if rss else None,
        "worker_peak_rss_mb_lifetime": round(worker_hwm / 1024, 1),
        "rss_samples_mb": [[r, round(kb / 1024, 1)] for r, kb in samples[:: max(1, len(samples) // 10)]],
        **extra,
    }


def build_measures(info: dict[str, Any]) -> dict[str, tuple[list[tuple[str, dict[str, Any]]], int]]:
    """measure -> (requests to rotate over, default repetitions factor)."""
    latest: date = info["latest"]
    month_ago = (latest - timedelta(days=30)).isoformat()
    year = latest.year - 1
    L = "/api/v1/incidents/"
    boxes = [f"{lon - 0.15:.3f},{lat - 0.1:.3f},{lon + 0.15:.3f},{lat + 0.1:.3f}" for lon, lat in CITIES]
    tiles = {
        z: [f"/api/v1/tiles/{z}/{x}/{y}.mvt" for x, y in (tile_xy(lon, lat, z) for lon, lat in CITIES)]
        for z in (6, 9, 12)
    }
    return {
        "list_default": ([(L, {})], 1),
        "list_gov_30d": (
            [(L, {"governorate": g, "date_after": month_ago, "date_before": latest.isoformat()})
             for g in GOVERNORATES], 1,
        ),
        "list_type_year": (
            [(L, {"type": t, "date_after": f"{year}-01-01", "date_before": f"{year}-12-31"})
             for t in TYPES], 1,
        ),
        "list_bbox_city": ([(L, {"bbox": b}) for b in boxes], 1),
        "list_q_place": ([(L, {"q": q}) for q in Q_PLACES], 1),
        "list_q_word": ([(L, {"q": q}) for q in Q_WORDS], 1),
        "detail": ([(f"{L}{i}/", {}) for i in info["ids"]], 1),
        "geojson_10k": ([("/api/v1/incidents.geojson", {"limit": 10_000})], 3),
        "aggregates_week_type": ([("/api/v1/aggregates/", {"interval": "week"})], 3),
        "aggregates_month_gov_year": (
            [("/api/v1/aggregates/", {"interval": "month", "group_by": "type,governorate",
                                      "date_after": f"{year}-01-01", "date_before": f"{year}-12-31"})], 3,
        ),
        "aggregates_week_gov": (
            [("/api/v1/aggregates/", {"interval": "week", "governorate": g}) for g in GOVERNORATES], 3,
        ),
        "mvt_z6": ([(t, {}) for t in tiles[6]], 3),
        "mvt_z9": ([(t, {}) for t in tiles[9]], 1),
        "mvt_z12": ([(t, {}) for t in tiles[12]], 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument(
        "--only", default="", help="comma-separated measures (default: all but map_first_data)"
    )
    parser.add_argument("--skip", default="", help="comma-separated measures to leave out")
    parser.add_argument("--label", default="", help="free text added to every line (e.g. 'after-0006')")
    parser.add_argument(
        "--no-cache", action="store_true", help="serve without the API response cache (cold figures)"
    )
    args = parser.parse_args()
    if args.no_cache:
        os.environ["API_CACHE_SECONDS"] = "0"
    os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))

    token, info = setup_user()
    extra: dict[str, Any] = {"incidents": info["incidents"]}
    if args.label:
        extra["label"] = args.label
    if args.no_cache:
        extra["cache"] = False
    measures = build_measures(info)
    only = [m for m in args.only.split(",") if m]
    skip = {m for m in args.skip.split(",") if m}
    names = only or [*measures, "csv_full"]
    names = [n for n in names if n not in skip]
    server = Server()
    try:
        client = Client(server.port, token)
        for name in names:
            if name == "map_first_data":
                lines: list[dict[str, Any]] = measure_map_first_data(server.port, token, args.reps, extra)
            elif name == "csv_full":
                lines = [measure_csv(server, token, extra)]
            elif name in measures:
                requests, factor = measures[name]
                reps = max(5, args.reps // factor)
                lines = [run_measure(name, client, requests, reps, args.warmup, args.max_seconds, extra)]
            else:
                raise SystemExit(f"unknown measure {name!r}; known: {', '.join([*measures, 'csv_full'])}")
            for line in lines:
                print(json.dumps(line, ensure_ascii=False), flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
