"""The thread between documents (engine/desk/thread.py): what each submission's latest
version cites, kept on the submission; filled for the submissions already there."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def cite_latest(apps: Any, schema_editor: Any) -> None:
    from engine.desk.letters.thread import citations

    submission_model = apps.get_model("desk", "Submission")
    version_model = apps.get_model("desk", "Version")
    for submission in submission_model.objects.filter(kind="Procurement").iterator():
        latest = version_model.objects.filter(submission=submission).order_by("-number").first()
        if latest is None:
            continue
        submission.proposal_ref, submission.coordination_ref = citations(latest.yaml_text)
        submission.save(update_fields=["proposal_ref", "coordination_ref"])


class Migration(migrations.Migration):
    dependencies = [("desk", "0002_audit_append_only")]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="proposal_ref",
            field=models.CharField(blank=True, db_index=True, default="", max_length=200),
        ),
        migrations.AddField(
            model_name="submission",
            name="coordination_ref",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.RunPython(cite_latest, migrations.RunPython.noop),
    ]
