# OParl fields the importer used to drop (issue 6): kept, and served back.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0005_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='body',
            name='contact_name',
            field=models.CharField(blank=True, default='', max_length=300),
        ),
        migrations.AddField(
            model_name='body',
            name='equivalent',
            field=models.JSONField(blank=True, default=list, help_text='URLs of the same body elsewhere'),
        ),
        migrations.AddField(
            model_name='body',
            name='license',
            field=models.URLField(blank=True, default='', max_length=500),
        ),
        migrations.AddField(
            model_name='body',
            name='license_valid_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='body',
            name='location',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='bodies', to='store.location'),
        ),
        migrations.AddField(
            model_name='body',
            name='oparl_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='file',
            name='download_url',
            field=models.URLField(blank=True, default='', max_length=1000),
        ),
        migrations.AddField(
            model_name='file',
            name='external_service_url',
            field=models.URLField(blank=True, default='', max_length=1000),
        ),
        migrations.AddField(
            model_name='file',
            name='file_license',
            field=models.URLField(blank=True, default='', max_length=500),
        ),
        migrations.AddField(
            model_name='file',
            name='sha1_checksum',
            field=models.CharField(blank=True, default='', max_length=40),
        ),
        migrations.AddField(
            model_name='file',
            name='sha512_checksum',
            field=models.CharField(blank=True, default='', max_length=128),
        ),
        migrations.AddField(
            model_name='organization',
            name='post',
            field=models.JSONField(blank=True, default=list, help_text='positions, e.g. Vorsitzender'),
        ),
        migrations.AddField(
            model_name='paper',
            name='subordinated_papers',
            field=models.ManyToManyField(blank=True, related_name='subordinated_of+', to='store.paper'),
        ),
        migrations.AddField(
            model_name='paper',
            name='superordinated_papers',
            field=models.ManyToManyField(blank=True, related_name='superordinated_of+', to='store.paper'),
        ),
        migrations.AddField(
            model_name='person',
            name='email',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='person',
            name='life',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='person',
            name='life_source',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='person',
            name='phone',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='person',
            name='status',
            field=models.JSONField(blank=True, default=list, help_text='roles, e.g. Bürgermeister'),
        ),
    ]
