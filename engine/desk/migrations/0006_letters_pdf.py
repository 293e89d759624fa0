# The letter as a stored, possibly signed PDF, and a signer's NIP (issue 25).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_letter_revocation"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="pdf",
            field=models.BinaryField(default=b""),
        ),
        migrations.AddField(
            model_name="letter",
            name="pdf_sha256",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.AddField(
            model_name="letter",
            name="signed",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="letter",
            name="signer_certificate",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="letter",
            name="signer_nip",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="letter",
            name="yaml_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="profile",
            name="nip",
            field=models.CharField(blank=True, max_length=40),
        ),
    ]
