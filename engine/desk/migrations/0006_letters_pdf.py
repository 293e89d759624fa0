# The letter as a stored, maybe signed PDF, a signer's NIP, the letterhead as a setting (issue 25).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_letter_revocation"),
    ]

    operations = [
        migrations.AddField(
            model_name="desksettings",
            name="letterhead_address",
            field=models.CharField(
                default="Jalan Kapten Maulana Lubis No. 2, Medan 20112", max_length=300
            ),
        ),
        migrations.AddField(
            model_name="desksettings",
            name="letterhead_authority",
            field=models.CharField(default="PEMERINTAH KOTA MEDAN", max_length=200),
        ),
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
