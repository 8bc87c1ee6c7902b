# The history of incidents is read by incident id and record id only; one row is written per
# stored or merged report. Drop the copies of the incident's filter indexes (type, date,
# governorate, status, place, merged_into) and the point's spatial index from it.
# On PostGIS only: SpatiaLite remakes the whole table (with its geometry metadata) for each
# change, and fails on this table; there the indexes stay (harmless for the embedded mode).

import django.contrib.gis.db.models.fields
import django.db.models.deletion
from django.db import migrations, models


def _point_index(schema_editor):
    table = "events_historicalincident"
    return table, schema_editor._create_index_name(table, ["point"], "_id")


def drop_point_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table, name = _point_index(schema_editor)
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_point_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table, name = _point_index(schema_editor)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
        f"ON {schema_editor.quote_name(table)} USING GIST ({schema_editor.quote_name('point')})"
    )


class OnPostgreSQL(migrations.SeparateDatabaseAndState):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


ALTERS = [
    migrations.AlterField(
        model_name='historicalincident',
        name='date_start',
        field=models.DateField(blank=True, null=True),
    ),
    migrations.AlterField(
        model_name='historicalincident',
        name='governorate',
        field=models.CharField(blank=True, max_length=60),
    ),
    migrations.AlterField(
        model_name='historicalincident',
        name='merged_into',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.incident'),
    ),
    migrations.AlterField(
        model_name='historicalincident',
        name='place',
        field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.place'),
    ),
    migrations.AlterField(
        model_name='historicalincident',
        name='status',
        field=models.CharField(choices=[('new', 'new'), ('reviewed', 'reviewed'), ('verified', 'verified'), ('rejected', 'rejected'), ('merged', 'merged')], default='new', max_length=10),
    ),
    migrations.AlterField(
        model_name='historicalincident',
        name='type',
        field=models.CharField(choices=[('raid', 'raid'), ('airstrike', 'airstrike'), ('sweep', 'sweep'), ('clash', 'clash'), ('attack', 'attack'), ('other', 'other')], max_length=10),
    ),
]
POINT = migrations.AlterField(
    model_name='historicalincident',
    name='point',
    field=django.contrib.gis.db.models.fields.PointField(blank=True, null=True, spatial_index=False, srid=4326),
)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_incident_visible_partial_indexes'),
    ]

    operations = [
        OnPostgreSQL(
            state_operations=[*ALTERS, POINT],
            database_operations=[*ALTERS, migrations.RunPython(drop_point_index, create_point_index)],
        ),
    ]
