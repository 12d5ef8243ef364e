"""FA-9: the national criteria of a diploma with honours (Order No. 595 of 30.10.2018, para. 52)."""

from decimal import Decimal

from django.db import migrations

ORDER_DATE = "2018-10-30"


def seed(apps, schema_editor):
    HonoursRule = apps.get_model("attestation", "HonoursRule")
    HonoursRule.objects.get_or_create(effective_from=ORDER_DATE, defaults={
        "letters": ["A", "A-", "B+", "B", "B-", "C+"], "min_gpa": Decimal("3.50"),
        "final_work_letters": ["A", "A-"], "basis": "Order No. 595 of 30.10.2018, para. 52"})


def unseed(apps, schema_editor):
    apps.get_model("attestation", "HonoursRule").objects.filter(effective_from=ORDER_DATE).delete()


class Migration(migrations.Migration):
    dependencies = [("attestation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
