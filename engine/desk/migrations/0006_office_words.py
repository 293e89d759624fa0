# The desk's models named in Bahasa Indonesia for the admin (issue 24).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_letter_revocation"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"verbose_name": "token API", "verbose_name_plural": "token API"},
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["at", "id"],
                "verbose_name": "catatan audit",
                "verbose_name_plural": "catatan audit",
            },
        ),
        migrations.AlterModelOptions(
            name="desksettings",
            options={
                "verbose_name": "pengaturan meja telaah",
                "verbose_name_plural": "pengaturan meja telaah",
            },
        ),
        migrations.AlterModelOptions(
            name="letter",
            options={
                "verbose_name": "surat rekomendasi",
                "verbose_name_plural": "surat rekomendasi",
            },
        ),
        migrations.AlterModelOptions(
            name="lettersequence",
            options={
                "verbose_name": "urutan nomor surat",
                "verbose_name_plural": "urutan nomor surat",
            },
        ),
        migrations.AlterModelOptions(
            name="profile",
            options={"verbose_name": "profil pengguna", "verbose_name_plural": "profil pengguna"},
        ),
        migrations.AlterModelOptions(
            name="recheck",
            options={
                "ordering": ["at", "id"],
                "verbose_name": "pemeriksaan ulang",
                "verbose_name_plural": "pemeriksaan ulang",
            },
        ),
        migrations.AlterModelOptions(
            name="submission",
            options={
                "ordering": ["updated_at"],
                "verbose_name": "pengajuan",
                "verbose_name_plural": "pengajuan",
            },
        ),
        migrations.AlterModelOptions(
            name="version",
            options={
                "ordering": ["submission", "number"],
                "verbose_name": "versi dokumen",
                "verbose_name_plural": "versi dokumen",
            },
        ),
        migrations.AlterModelOptions(
            name="waiver",
            options={
                "ordering": ["-requested_at", "-id"],
                "verbose_name": "pengecualian",
                "verbose_name_plural": "pengecualian",
            },
        ),
    ]
