"""The diploma's number and award date move onto the student (contract §1: ``student.diploma_number``,
``student.graduated_on``): every Diploma row is copied there, then the Diploma table goes."""

from typing import Any

from django.db import migrations


def diplomas_to_students(apps: Any, schema_editor: Any) -> None:
    Diploma = apps.get_model("diploma_supplement", "Diploma")
    Student = apps.get_model("academics", "Student")
    students = []
    for diploma in Diploma.objects.select_related("student").order_by("pk"):
        student = diploma.student
        student.diploma_number = diploma.number
        student.graduated_on = diploma.awarded_on
        students.append(student)
    Student.objects.bulk_update(students, ["diploma_number", "graduated_on"], batch_size=2000)


def students_to_diplomas(apps: Any, schema_editor: Any) -> None:
    Diploma = apps.get_model("diploma_supplement", "Diploma")
    Student = apps.get_model("academics", "Student")
    Diploma.objects.bulk_create(
        [Diploma(student_id=pk, number=number, awarded_on=day) for pk, number, day in Student.objects.filter(
            diploma_number__isnull=False, graduated_on__isnull=False).values_list("pk", "diploma_number",
                                                                                  "graduated_on")],
        batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("academics", "0003_student_diploma_number_result_recognized_letter"),
        ("diploma_supplement", "0002_issuedsupplement_holder_name_latin"),
    ]

    operations = [
        migrations.RunPython(diplomas_to_students, students_to_diplomas),
        migrations.DeleteModel(name="Diploma"),
    ]
