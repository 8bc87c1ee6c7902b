# Bands are looked up by key (= / IN) and deleted with their article: the unique (article,
# key) constraint serves the latter, so the separate article index and the pattern-ops copy of
# the key index go (16 band rows are written per article).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0002_claim_token_minhash'),
    ]

    operations = [
        migrations.AlterField(
            model_name='articleband',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='bands', to='ingest.article'),
        ),
        migrations.AlterField(
            model_name='articleband',
            name='key',
            field=models.CharField(max_length=24),
        ),
        migrations.AddIndex(
            model_name='articleband',
            index=models.Index(fields=['key'], name='article_band_key'),
        ),
    ]
