"""The certificate a re-evaluation dossier follows up moves from the registry's
``Dossier.previous_certificate`` to ``ReevaluationLink`` on the certificates side.

The copy runs here, before ``registry.0002_remove_dossier_previous_certificate`` drops the
column (that migration depends on this one)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_previous_certificates(apps, schema_editor):
    Dossier = apps.get_model("registry", "Dossier")
    ReevaluationLink = apps.get_model("certificates", "ReevaluationLink")
    ReevaluationLink.objects.bulk_create(
        [
            ReevaluationLink(dossier_id=dossier_id, certificate_id=certificate_id)
            for dossier_id, certificate_id in Dossier.objects.filter(
                previous_certificate__isnull=False
            ).values_list("pk", "previous_certificate_id")
        ],
        batch_size=500,
    )


def copy_back(apps, schema_editor):
    Dossier = apps.get_model("registry", "Dossier")
    ReevaluationLink = apps.get_model("certificates", "ReevaluationLink")
    for link in ReevaluationLink.objects.all().iterator():
        Dossier.objects.filter(pk=link.dossier_id).update(
            previous_certificate_id=link.certificate_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_frozen_facts"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReevaluationLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reevaluations",
                        to="certificates.certificate",
                        verbose_name="certificate re-evaluated",
                    ),
                ),
                (
                    "dossier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reevaluation",
                        to="registry.dossier",
                    ),
                ),
            ],
            options={
                "verbose_name": "re-evaluation link",
                "verbose_name_plural": "re-evaluation links",
            },
        ),
        migrations.RunPython(copy_previous_certificates, copy_back),
    ]
