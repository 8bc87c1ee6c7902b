#!/usr/bin/env bash
# Runs every benchmark in order and appends the JSON lines to var/bench-results.jsonl
# (each line tagged with "run" = start time of this run). Human-readable progress on stderr.
#
#   bench/run_all.sh                        # full run: 1,000,000 incidents (~20 min on 2 cores)
#   BENCH_COUNT=200000 bench/run_all.sh     # smaller table for the API measures
#
# Uses only the database opstracker_bench and Redis db 12 on 127.0.0.1 (override with
# BENCH_DATABASE_URL / BENCH_REDIS_URL). The database is created if missing; its incident
# and article tables are TRUNCATED (bench_ingest, then generate_incidents --reset).
# Needs PostgreSQL/PostGIS and Redis running (make test's bootstrap starts them).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
COUNT=${BENCH_COUNT:-1000000}
MAP_COUNT=${BENCH_MAP_COUNT:-100000}
INGEST_COUNT=${BENCH_INGEST_COUNT:-1000}
REPS=${BENCH_REPS:-30}
OUT=${BENCH_OUT:-var/bench-results.jsonl}
export DATABASE_URL=${BENCH_DATABASE_URL:-postgis://postgres@127.0.0.1:5432/opstracker_bench}
export BENCH_DATABASE_URL=$DATABASE_URL
export BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/12}
unset REDIS_URL
RUN=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p var

# Tag each JSON line with the run id and append it to $OUT (and echo it to stdout).
record() {
  "$PY" -c '
import json, sys
run, out = sys.argv[1], sys.argv[2]
with open(out, "a", encoding="utf-8") as f:
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith("{"):
            print(line, file=sys.stderr)
            continue
        obj = {"run": run, **json.loads(line)}
        s = json.dumps(obj, ensure_ascii=False)
        f.write(s + "\n"); f.flush(); print(s, flush=True)
' "$RUN" "$OUT"
}
step() { echo "==> $*" >&2; }

step "extractor throughput (one core)"
"$PY" bench/bench_extract.py | "$PY" -c '
import json, sys
for line in sys.stdin:
    if line.strip().startswith("{"):
        print(json.dumps({"measure": "extract", **json.loads(line)}, ensure_ascii=False))
' | record

step "ingest: $INGEST_COUNT articles, Celery worker with 2 processes, Redis + PostGIS (truncates)"
"$PY" bench/bench_ingest.py --count "$INGEST_COUNT" | "$PY" -c '
import json, sys
for line in sys.stdin:
    if line.strip().startswith("{"):
        print(json.dumps({"measure": "ingest", **json.loads(line)}, ensure_ascii=False))
' | record

step "generate $MAP_COUNT incidents; the dashboard's first data"
"$PY" bench/generate_incidents.py --reset --count "$MAP_COUNT" | record
"$PY" bench/bench_api.py --reps "$REPS" --only map_first_data,geojson_10k,list_default 2>/dev/null | record

step "generate $COUNT incidents; API measures (CSV last)"
"$PY" bench/generate_incidents.py --reset --count "$COUNT" | record
"$PY" bench/bench_api.py --reps "$REPS" --skip csv_full 2>/dev/null | record
"$PY" bench/bench_api.py --only map_first_data --reps 10 2>/dev/null | record
"$PY" bench/bench_api.py --only csv_full 2>/dev/null | record

step "done: $OUT (run $RUN)"
