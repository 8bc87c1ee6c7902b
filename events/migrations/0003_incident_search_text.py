# Normalised search text for Arabic-variant-insensitive search (events.search).
# (makemigrations also proposes dropping/re-adding incident_point_valid because
# GEOS polygons never compare equal in the autodetector; that no-op is left out.)

from django.db import migrations, models


def backfill(apps, schema_editor):
    from events.search import build_search_text

    Incident = apps.get_model("events", "Incident")
    IncidentSource = apps.get_model("events", "IncidentSource")
    for incident in Incident.objects.all().iterator(chunk_size=500):
        rows = list(IncidentSource.objects.filter(incident_id=incident.pk).values_list("evidence", "claimed_place_name"))
        text = build_search_text(incident, [r[0] for r in rows], [r[1] for r in rows])
        Incident.objects.filter(pk=incident.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_actors"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, help_text="Normalised text for search (events.search.refresh_search_text)"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
