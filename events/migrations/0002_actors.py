from django.db import migrations

from events.actors import ACTORS


def load_actors(apps, schema_editor):
    Actor = apps.get_model("events", "Actor")
    for slug, name_en, name_ar in ACTORS:
        Actor.objects.update_or_create(slug=slug, defaults={"name_en": name_en, "name_ar": name_ar})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load_actors, migrations.RunPython.noop)]
