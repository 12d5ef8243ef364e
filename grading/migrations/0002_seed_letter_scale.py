"""GR-6: the letter scale of the Academic Policy АС 029-V-2025 (approved 27.08.2025)."""

from decimal import Decimal

from django.db import migrations

POLICY_DATE = "2025-08-27"
BANDS = [
    ("A", "4.00", 95, 100, "excellent"), ("A-", "3.67", 90, 94, "excellent"),
    ("B+", "3.33", 85, 89, "good"), ("B", "3.00", 80, 84, "good"), ("B-", "2.67", 75, 79, "good"),
    ("C+", "2.33", 70, 74, "good"), ("C", "2.00", 65, 69, "satisfactory"),
    ("C-", "1.67", 60, 64, "satisfactory"), ("D+", "1.33", 55, 59, "satisfactory"),
    ("D", "1.00", 50, 54, "satisfactory"), ("FX", "0.50", 25, 49, "unsatisfactory"),
    ("F", "0.00", 0, 24, "unsatisfactory"),
]


def seed(apps, schema_editor):
    LetterBand = apps.get_model("grading", "LetterBand")
    for letter, points, low, high, traditional in BANDS:
        LetterBand.objects.get_or_create(effective_from=POLICY_DATE, letter=letter, defaults={
            "points": Decimal(points), "min_score": low, "max_score": high, "traditional": traditional})


def unseed(apps, schema_editor):
    apps.get_model("grading", "LetterBand").objects.filter(effective_from=POLICY_DATE).delete()


class Migration(migrations.Migration):
    dependencies = [("grading", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
