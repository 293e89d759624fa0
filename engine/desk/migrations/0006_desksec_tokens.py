# API tokens get a label, scopes and an expiry (issue 21). The tokens made before keep
# working for every scope they could use, for 90 days from the migration.

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def existing_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    token = apps.get_model("desk", "ApiToken")
    token.objects.update(scope="read,submit,decide", expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0008_forms_opd_aliases"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="label",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(default="read", max_length=40),
        ),
        migrations.RunPython(existing_tokens, migrations.RunPython.noop),
    ]
