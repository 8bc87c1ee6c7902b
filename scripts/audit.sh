#!/usr/bin/env bash
# Dependency audit: known vulnerabilities in the pinned requirements.
#
#   scripts/audit.sh                  canary, then requirements.txt and requirements-nodeps.txt
#   AUDIT_REQUIRED=1 scripts/audit.sh an unreachable vulnerability database fails instead of skipping
#
# pip-audit reports "No known vulnerabilities found" and exits 0 when it cannot
# reach its database (every package is skipped as "not found"), so a plain run
# is a false pass where the network does not allow it. A canary comes first: a
# pin with published vulnerabilities (django==3.2.0). If it comes back clean,
# the database is unreachable and the audit is SKIPPED, loudly. Otherwise the
# real audit runs with --strict and any finding, or any package it could not
# check, fails.
#
# Environment: AUDIT_SERVICE (pypi | osv, default pypi), AUDIT_CANARY_TIMEOUT
# (seconds, default 120), AUDIT_TIMEOUT (seconds per real audit, default 300).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
AUDIT=.venv/bin/pip-audit
SERVICE="${AUDIT_SERVICE:-pypi}"
CANARY="django==3.2.0"

if [ ! -x "$AUDIT" ]; then
  pin=$(grep -iE '^pip-audit==' requirements.txt | cut -d' ' -f1)
  echo "==> pip install ${pin:-pip-audit}"
  .venv/bin/pip install -q --disable-pip-version-check "${pin:-pip-audit}"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Common options: no spinner in CI logs, a socket timeout on every request.
run_audit() {
  local limit="$1"
  shift
  timeout --kill-after=10 "$limit" "$AUDIT" --progress-spinner off --timeout 15 \
    --vulnerability-service "$SERVICE" --desc off "$@"
}

# Vulnerabilities reported for PACKAGE in a pip-audit JSON report (0 when absent or unreadable).
vulns_for() {
  "$PY" - "$1" "$2" <<'EOF'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print(0)
    raise SystemExit
print(sum(len(d.get("vulns", [])) for d in report.get("dependencies", []) if d["name"].lower() == sys.argv[2]))
EOF
}

echo "==> dependency audit ($SERVICE): canary $CANARY"
echo "$CANARY" > "$work/canary.txt"
run_audit "${AUDIT_CANARY_TIMEOUT:-120}" -r "$work/canary.txt" --no-deps -f json -o "$work/canary.json" \
  > "$work/canary.log" 2>&1 || true
if [ "$(vulns_for "$work/canary.json" django)" -eq 0 ]; then
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!! dependency audit SKIPPED: vulnerability database unreachable (canary $CANARY reported clean)" >&2
  echo "!!! no package was checked for known vulnerabilities; last lines of the canary run:" >&2
  tail -n 3 "$work/canary.log" | sed 's/^/!!!   /' >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  if [ "${AUDIT_REQUIRED:-0}" = "1" ]; then
    echo "dependency audit FAILED: AUDIT_REQUIRED=1 and the vulnerability database is unreachable" >&2
    exit 1
  fi
  exit 0
fi
echo "    canary found $(vulns_for "$work/canary.json" django) known vulnerabilities: the database answers"

status=0
echo "==> dependency audit: requirements.txt"
run_audit "${AUDIT_TIMEOUT:-300}" --strict -r requirements.txt || status=1
# camel-tools is installed without its declared dependencies, and audited so.
echo "==> dependency audit: requirements-nodeps.txt"
run_audit "${AUDIT_TIMEOUT:-300}" --strict --no-deps -r requirements-nodeps.txt || status=1
if [ "$status" -ne 0 ]; then
  echo "dependency audit FAILED: known vulnerabilities (or packages that could not be checked) above" >&2
  exit 1
fi
echo "dependency audit passed: no known vulnerabilities"
