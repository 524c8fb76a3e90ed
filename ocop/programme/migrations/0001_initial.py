from django.db import migrations


class Migration(migrations.Migration):
    """The programme app starts empty; each part adds its own tables."""

    initial = True

    dependencies: list = []

    operations: list = []
