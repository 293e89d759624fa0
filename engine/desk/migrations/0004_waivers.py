"""Waivers decided in the desk and the answers a version held before it was checked again
(engine/desk/waiving.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0003_thread"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Waiver",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField()),
                ("rule", models.CharField(max_length=20)),
                ("path", models.CharField(blank=True, max_length=300)),
                ("justification", models.TextField()),
                ("expires", models.DateField()),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("requested", "diminta"),
                            ("approved", "disetujui"),
                            ("refused", "ditolak"),
                        ],
                        default="requested",
                        max_length=20,
                    ),
                ),
                ("decided_by_name", models.CharField(blank=True, max_length=300)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("reference", models.CharField(blank=True, max_length=200)),
                ("note", models.TextField(blank=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="waivers",
                        to="desk.submission",
                    ),
                ),
            ],
            options={
                "ordering": ["-requested_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Recheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("cause", models.CharField(max_length=40)),
                ("before_verdict", models.CharField(max_length=20)),
                ("after_verdict", models.CharField(max_length=20)),
                ("before_report", models.JSONField()),
                ("before_report_en", models.JSONField()),
                ("before_policy_digest", models.CharField(blank=True, max_length=80)),
                ("waivers_digest", models.CharField(blank=True, max_length=80)),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rechecks",
                        to="desk.version",
                    ),
                ),
                (
                    "waiver",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="desk.waiver",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="waiver",
            index=models.Index(fields=["status", "expires"], name="desk_waiver_status_40e390_idx"),
        ),
    ]
