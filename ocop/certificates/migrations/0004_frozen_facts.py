from django.db import migrations, models


def freeze(apps, schema_editor):
    """Freeze the facts of existing certificates as they stand, and sign them anew where the
    older, narrower signature still verified (a broken one stays broken)."""
    from ocop.certificates import signing
    from ocop.certificates.facts import facts_for

    Certificate = apps.get_model("certificates", "Certificate")
    related = (
        "product__producer",
        "product__origin_unit",
        "product__province",
        "producer",
        "decision__unit",
    )
    for certificate in Certificate.objects.select_related(*related).iterator(chunk_size=500):
        was_genuine = bool(certificate.signature) and signing.verify(certificate)
        certificate.facts = facts_for(certificate)
        fields = ["facts"]
        if was_genuine:
            certificate.signature = signing.sign(certificate)
            fields.append("signature")
        certificate.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_superseded_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="facts",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="What the certificate states, fixed at issue; the signature covers it.",
                verbose_name="frozen facts",
            ),
        ),
        migrations.RunPython(freeze, migrations.RunPython.noop),
    ]
