"""Backup and restore as docs/backup.md tells it: `pg_dump --format=custom` of
the (test) database, `pg_restore` into a fresh database, and the incidents,
their sources and their change history are all there (PostGIS only)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from events import services as event_services
from events.models import Incident, IncidentSource, Statistic
from ingest import services
from ingest.models import Article

from .conftest import OTHER, STORY, fake_result

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # pg_dump must see committed rows
    pytest.mark.skipif(not settings.IS_POSTGIS, reason="pg_dump/pg_restore back up PostGIS only"),
]


def pg_env() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    return env, args


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(cmd)}: {done.stderr[-2000:]}"
    return done.stdout


def ids(sql: str, dbname: str, env: dict[str, str], args: list[str]) -> list[str]:
    out = run(["psql", *args, "-d", dbname, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], env)
    return [line for line in out.splitlines() if line]


@pytest.fixture
def restore_db() -> Any:
    env, args = pg_env()
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    drop = ["psql", *args, "-d", "postgres", "-X", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    run(drop, env)
    yield name
    run(drop, env)


@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="no pg_dump")
def test_pg_dump_restore_keeps_incidents_sources_and_history(
    stub_extractor: dict[str, Any], editor: Any, tmp_path: Path, restore_db: str
) -> None:
    first = services.submit_article(text=STORY, outlet="نورث برس", process=False).article
    second = services.submit_article(text=OTHER, outlet="عنب بلدي", process=False).article
    assert services.process_article(first.pk) == "done"
    stub_extractor["result"] = fake_result(arrested=4)
    assert services.process_article(second.pk) == "done"
    raid = Incident.objects.get(type="raid")
    event_services.correct_incident(
        raid.pk, user=editor, changes={"arrested": 5}, expected_version=raid.version, reason="تصحيح"
    )

    env, args = pg_env()
    source_db = connection.settings_dict["NAME"]
    dump = tmp_path / "opstracker.dump"
    run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dump), source_db], env)
    assert dump.stat().st_size > 0
    # The archive lists the tables we care about.
    listing = run(["pg_restore", "--list", str(dump)], env)
    for table in ("events_incident", "events_incidentsource", "events_historicalincident", "ingest_article"):
        assert f"TABLE DATA public {table} " in listing, table

    run(["createdb", *args, "--template=template0", restore_db], env)
    run(["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", restore_db, str(dump)], env)

    def both(sql: str) -> tuple[list[str], list[str]]:
        return ids(sql, source_db, env, args), ids(sql, restore_db, env, args)

    checks = {
        "incidents": "SELECT id, type, arrested, ST_AsText(point) FROM events_incident ORDER BY id",
        "sources": "SELECT id, incident_id, article_id, claimed_arrested, evidence "
        "FROM events_incidentsource ORDER BY id",
        "history": "SELECT history_id, id, history_type, history_change_reason, arrested "
        "FROM events_historicalincident ORDER BY history_id",
        "history_actors": "SELECT history_id, actor_id FROM events_historicalincident_actors ORDER BY 1, 2",
        "articles": "SELECT id, content_hash, status, md5(text) FROM ingest_article ORDER BY id",
        "statistics": "SELECT id, operations FROM events_statistic ORDER BY id",
        "migrations": "SELECT app, name FROM django_migrations ORDER BY id",
    }
    for label, sql in checks.items():
        original, restored = both(sql)
        assert original and restored == original, label
    assert len(both(checks["incidents"])[1]) == Incident.objects.count() == 2
    assert len(both(checks["sources"])[1]) == IncidentSource.objects.count() == 4
    assert len(both(checks["history"])[1]) == Incident.history.count() >= 4
    assert len(both(checks["articles"])[1]) == Article.objects.count() == 2
    assert len(both(checks["statistics"])[1]) == Statistic.objects.count()
    reasons = ids("SELECT history_change_reason FROM events_historicalincident", restore_db, env, args)
    assert "تصحيح" in reasons  # the editor's reason (Arabic) survives byte for byte
    # PostGIS works in the restored database (the extension came with the dump).
    assert ids("SELECT count(*) FROM events_incident WHERE ST_Y(point) > 30", restore_db, env, args) == ["2"]
