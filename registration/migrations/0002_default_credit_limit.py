"""The default credit load per period. Not a policy number: the university sets it in the admin.

36 leaves room above the standard 30 credits of a semester (60 ECTS a year, MO-6) for a
Minor or a debt; the registrar changes it per period where needed.
"""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("registration", "CreditLimit").objects.get_or_create(period=None, defaults={"max_credits": 36})


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
