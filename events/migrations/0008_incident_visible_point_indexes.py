# PostgreSQL-only indexes for bounding-box lists and vector tiles over the visible incidents
# (measured with bench/bench_api.py at 1,000,000 incidents, docs/benchmarks.md):
# * incident_visible_point: GiST over the visible incidents' points. Without it the planner
#   ANDed the full-table GiST bitmap with a bitmap of all 920,000 visible rows (~60 ms) for
#   every bbox count and tile;
# * incident_visible_date_point: the default order (date_start DESC NULLS LAST, id DESC) with
#   the point INCLUDEd, so the page of a bbox list is found by an index-only scan that tests the
#   point in the index (the list reads the page's ids first, then those rows). It serves every
#   query incident_visible_date (0006) served, which it replaces.
# The predicate is written as the ORM writes the default filter. SQLite/SpatiaLite: no-op.

from django.db import migrations

VISIBLE = "status NOT IN ('rejected', 'merged')"
INDEXES = {
    "incident_visible_point": f"USING gist (point) WHERE {VISIBLE} AND point IS NOT NULL",
    "incident_visible_date_point": f"(date_start DESC NULLS LAST, id DESC) INCLUDE (point) WHERE {VISIBLE}",
}
REPLACED = {"incident_visible_date": f"(date_start DESC NULLS LAST, id DESC) WHERE {VISIBLE}"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events_incident {definition}")
    for name in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("ANALYZE events_incident")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in REPLACED.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events_incident {definition}")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_history_fewer_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
