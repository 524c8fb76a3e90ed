from django.db import migrations, models


def backfill(apps, schema_editor):
    """A superseded certificate was replaced on the day its follower was issued."""
    Certificate = apps.get_model("certificates", "Certificate")
    for follower in Certificate.objects.filter(previous__superseded=True).only(
        "previous_id", "issued_on"
    ):
        Certificate.objects.filter(pk=follower.previous_id, superseded_on__isnull=True).update(
            superseded_on=follower.issued_on
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="superseded_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
