#!/usr/bin/env bash
# Install what OpsTracker needs on a Debian machine, idempotently.
#   scripts/bootstrap.sh run   system libraries (GDAL, GEOS, PROJ, SpatiaLite), .venv, requirements
#   scripts/bootstrap.sh test  the same plus PostGIS, Redis, Chromium and fonts; starts PostgreSQL/Redis
set -euo pipefail
mode="${1:-run}"
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
need() { for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg"); done; }

need python3 python3-venv python3-dev gcc binutils gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite
if [ "$mode" = "test" ]; then
  pg_version=""
  if [ -d /etc/postgresql ]; then pg_version=$(ls /etc/postgresql | sort -V | tail -n 1); fi
  if [ -z "$pg_version" ]; then need postgresql; pg_version=15; fi
  need "postgresql-${pg_version}-postgis-3" chromium fonts-noto-core
  command -v redis-server >/dev/null 2>&1 || need redis-server
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's python3: its sqlite3 module can load the SpatiaLite extension.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" 2>/dev/null; then
  echo "==> creating .venv with /usr/bin/python3"
  rm -rf .venv
  /usr/bin/python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
req_hash=$(cat requirements.txt requirements-nodeps.txt | sha256sum | cut -c1-16)
if [ "$(cat .venv/.requirements 2>/dev/null)" != "$req_hash" ]; then
  echo "==> pip install -r requirements.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  # camel-tools' declared dependencies pull torch/transformers (GBs); only its
  # data-free normalisation is used, so it is installed without them.
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements-nodeps.txt
  echo "$req_hash" > .venv/.requirements
fi

if [ -f package-lock.json ]; then
  lock_hash=$(sha256sum package-lock.json | cut -c1-16)
  if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
    echo "==> npm ci (front-end libraries)"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
    echo "$lock_hash" > node_modules/.lock-hash
  fi
fi

if [ "$mode" = "test" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "==> starting PostgreSQL"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    echo "==> starting Redis"
    $SUDO mkdir -p /var/lib/redis /var/log/redis
    $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/opstracker.log
    for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 1; done
  fi
fi
