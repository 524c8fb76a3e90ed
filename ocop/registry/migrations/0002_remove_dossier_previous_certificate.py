"""The link from a dossier to the certificate it re-evaluates now lives on the certificates
side (``certificates.ReevaluationLink``); its values were copied there first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("certificates", "0005_reevaluationlink"),
    ]

    operations = [
        migrations.RemoveField(model_name="dossier", name="previous_certificate"),
    ]
