# PostgreSQL-only partial indexes over the *visible* incidents (the API's default status
# filter, "everything but rejected and merged"), found by bench/bench_api.py at 1,000,000
# incidents (docs/benchmarks.md). The page of results was already fast through the
# indexes of 0005; what dominated list requests was the paginator's COUNT(*) over every
# matching row, and for aggregates the heap scan of the wide incident rows:
# * incident_visible_date: default order, and COUNT(*) of the unfiltered list as an
#   index-only scan;
# * incident_visible_type_date / incident_visible_gov_date: type (governorate) + date range
#   counted from the index alone;
# * incident_visible_agg: date_start with the aggregated columns INCLUDEd, so the timeline
#   (/aggregates/) reads the index instead of the heap;
# (A partial GiST index over located visible incidents was tried and left out: the
# planner did not use it for bbox lists or tiles.)
# The predicate is written as the ORM writes the default filter (status NOT IN (...)), so
# the planner can match it. SQLite/SpatiaLite: nothing to do (the migration is a no-op).

from django.db import migrations

VISIBLE = "status NOT IN ('rejected', 'merged')"
INDEXES = {
    "incident_visible_date": f"(date_start DESC NULLS LAST, id DESC) WHERE {VISIBLE}",
    "incident_visible_type_date": f"(type, date_start) WHERE {VISIBLE}",
    "incident_visible_gov_date": f"(governorate, date_start) WHERE {VISIBLE}",
    "incident_visible_agg": (
        f"(date_start) INCLUDE (type, governorate, killed, arrested) "
        f"WHERE {VISIBLE} AND date_start IS NOT NULL"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events_incident {definition}")
    schema_editor.execute("ANALYZE events_incident")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_incident_date_desc_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
