from django.db import migrations, models


def note_signing_key(apps, schema_editor):
    """Certificates signed before the keyring existed were signed with the one key there was,
    which the keyring adopts as its first key."""
    Certificate = apps.get_model("certificates", "Certificate")
    signed = Certificate.objects.exclude(signature="")
    if signed.exists():
        from ocop.certificates import keyring

        signed.update(key_id=keyring.active().id)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_reevaluationlink"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="key_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The id of the key that signed the certificate (see /.well-known/ocop-keys.json).",
                max_length=16,
                verbose_name="signing key",
            ),
        ),
        migrations.RunPython(note_signing_key, migrations.RunPython.noop),
    ]
