# PostgreSQL-only indexes for the API's read paths (created here rather than in
# Incident.Meta.indexes because SQLite/SpatiaLite supports neither):
# * incident_date_desc: the default order (date_start DESC NULLS LAST, id DESC), so
#   lists, GeoJSON and CSV stop after LIMIT rows instead of sorting the whole table;
# * incident_search_trgm: trigram GIN index on search_text for `?q=` (LIKE '%term%'),
#   only when the pg_trgm extension exists or can be created by the migrating user;
# * incident_search_pending: partial index of the rows whose search_text is not filled
#   yet (the search's fallback branch), so that OR-branch stays an index scan.

from django.db import migrations, transaction

DATE_INDEX = "incident_date_desc"
SEARCH_INDEX = "incident_search_trgm"
PENDING_INDEX = "incident_search_pending"


def _has_trgm(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    except Exception:  # noqa: BLE001 (no privilege / not available: search works unindexed)
        return False


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {DATE_INDEX} ON events_incident (date_start DESC NULLS LAST, id DESC)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PENDING_INDEX} ON events_incident (id) WHERE search_text = ''"
    )
    if _has_trgm(schema_editor):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON events_incident USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {DATE_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {PENDING_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_history_reason_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
