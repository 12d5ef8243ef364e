"""Issue 9: administrators correct academic data in the admin; every change is audited with its reason,
and nothing that decides a grade can be changed there (GR-20, issue 16)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ektu_portal.academics.models import Curriculum, DayOff, Discipline, Result, School, Section, Student
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PASSWORD = "contract-pass-1234"


@pytest.fixture
def admin_client(university: Any, client: Client) -> Client:
    assert client.post("/accounts/login/", {"login": "admin.portal", "password": PASSWORD}).status_code == 302
    return client


def school_form(school: School, **changes: str) -> dict[str, str]:
    return {"code": school.code, "name_kk": school.name_kk, "name_ru": school.name_ru,
            "name_en": school.name_en, **changes}


def test_a_change_is_audited_with_before_after_and_why(admin_client: Client) -> None:
    school = School.objects.get(code="SEM")
    response = admin_client.post(reverse("admin:academics_school_change", args=[school.pk]), school_form(
        school, name_ru="Школа наук о Земле", audit_reason="Russian name missing in the loaded document"))
    assert response.status_code == 302, response.content
    record = AuditRecord.objects.for_object(school).get()
    assert record.action == "admin.change"
    assert record.actor_username == "admin.portal"
    assert record.before == {"name_ru": ""}
    assert record.after == {"name_ru": "Школа наук о Земле"}
    assert record.reason == "Russian name missing in the loaded document"
    assert School.objects.get(code="SEM").name_ru == "Школа наук о Земле"


def test_a_change_without_a_reason_is_refused_and_nothing_changes(admin_client: Client) -> None:
    school = School.objects.get(code="SEM")
    response = admin_client.post(reverse("admin:academics_school_change", args=[school.pk]),
                                 school_form(school, name_ru="Школа наук о Земле"))
    assert response.status_code == 200  # the form again, with the reason marked as required
    assert "audit_reason" in response.context["adminform"].form.errors
    assert School.objects.get(code="SEM").name_ru == ""
    assert not AuditRecord.objects.for_object(school).exists()


def test_an_addition_is_audited(admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:academics_school_add"), {
        "code": "SEN", "name_en": "School of Energy", "name_kk": "", "name_ru": "",
        "audit_reason": "new school by order 12-ө"})
    assert response.status_code == 302, response.content
    record = AuditRecord.objects.for_object(School.objects.get(code="SEN")).get()
    assert (record.action, record.before, record.reason) == ("admin.add", None, "new school by order 12-ө")
    assert record.after == {"code": "SEN", "name_en": "School of Energy", "name_kk": "", "name_ru": ""}


def test_a_deletion_needs_a_reason_and_is_audited(admin_client: Client) -> None:
    admin_client.post(reverse("admin:academics_school_add"), {
        "code": "TMP", "name_en": "Entered by mistake", "audit_reason": "test"})
    school = School.objects.get(code="TMP")
    url = reverse("admin:academics_school_delete", args=[school.pk])
    refused = admin_client.post(url, {"post": "yes"})
    assert refused.status_code == 200 and School.objects.filter(code="TMP").exists()
    assert 'name="audit_reason"' in refused.content.decode()
    assert admin_client.post(url, {"post": "yes", "audit_reason": "entered twice"}).status_code == 302
    assert not School.objects.filter(code="TMP").exists()
    record = AuditRecord.objects.filter(action="admin.delete", object_type="academics.school").get()
    assert (record.object_id, record.reason, record.after) == (str(school.pk), "entered twice", None)
    assert record.before["name_en"] == "Entered by mistake"


def test_a_selection_cannot_be_deleted_without_reasons(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:academics_school_changelist"))
    assert "delete_selected" not in page.content.decode()


def test_a_student_correction_names_people_by_username(admin_client: Client) -> None:
    student = Student.objects.get(user__username="s25002")
    url = reverse("admin:academics_student_change", args=[student.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(user=student.user_id, program=student.program_id, adviser=student.adviser_id,
                course_year=3, audit_reason="course transfer order 45")
    assert admin_client.post(url, data).status_code == 302
    record = AuditRecord.objects.for_object(student).get()
    assert (record.before, record.after) == ({"course_year": 2}, {"course_year": 3})


def test_a_result_cannot_be_changed_in_the_admin(admin_client: Client) -> None:
    result = Result.objects.get(student__user__username="s25001", discipline__code="PRG1101")
    marks = result.marks()
    url = reverse("admin:academics_result_change", args=[result.pk])
    assert admin_client.get(url).status_code == 200  # visible, to be checked against a complaint
    response = admin_client.post(url, {"r1": 100, "r2": 100, "exam": 100, "audit_reason": "nice try"})
    assert response.status_code == 403
    result.refresh_from_db()
    assert result.marks() == marks
    assert admin_client.post(reverse("admin:academics_result_add"), {}).status_code == 403
    assert admin_client.post(reverse("admin:academics_result_delete", args=[result.pk]),
                             {"post": "yes"}).status_code == 403
    assert Result.objects.filter(pk=result.pk).exists()


def test_credits_that_results_rest_on_are_read_only(admin_client: Client) -> None:
    # Credits weigh the GPA: changing them would silently change past GPAs (GR-20).
    graded = Discipline.objects.get(code="PRG1101")
    form = admin_client.get(reverse("admin:academics_discipline_change", args=[graded.pk])).context[
        "adminform"].form
    assert "credits" not in form.fields and "control" not in form.fields
    ungraded = Discipline.objects.get(code="PR2204")
    form = admin_client.get(reverse("admin:academics_discipline_change", args=[ungraded.pk])).context[
        "adminform"].form
    assert "credits" in form.fields


def test_a_prerequisite_cycle_is_refused(admin_client: Client) -> None:
    # DB2201 requires PRG1101 in the contract's example; making PRG1101 require DB2201 closes a cycle.
    first, then = Discipline.objects.get(code="PRG1101"), Discipline.objects.get(code="DB2201")
    assert then.prerequisites.filter(pk=first.pk).exists()
    url = reverse("admin:academics_discipline_change", args=[first.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name != "prerequisites"}
    data.update(prerequisites=[then.pk], audit_reason="test")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "DB2201 → PRG1101 → DB2201" in str(response.context["adminform"].form.errors["prerequisites"])
    assert not first.prerequisites.exists()


def test_seats_taken_are_not_editable(admin_client: Client) -> None:
    section = Section.objects.get(code="PRG1101-2025F-01")
    form = admin_client.get(reverse("admin:academics_section_change", args=[section.pk])).context[
        "adminform"].form
    assert "taken" not in form.fields


@pytest.mark.parametrize("username", ["reg.office", "dean.sem", "s25001"])
def test_only_administrators_reach_the_admin(username: str, university: Any, client: Client) -> None:
    client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    for url in ("/admin/", reverse("admin:academics_student_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_visitors_do_not_reach_the_admin(client: Client) -> None:
    response = client.get(reverse("admin:academics_school_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", ["school", "program", "discipline", "curriculum", "academicperiod",
                                   "dayoff", "section", "student", "roleassignment", "enrollment", "result"])
def test_every_academic_list_opens_and_finds(model: str, admin_client: Client) -> None:
    DayOff.objects.create(date=date(2026, 3, 23), description="Nauryz (moved)")
    listing = admin_client.get(reverse(f"admin:academics_{model}_changelist"), {"q": "s25001"})
    assert listing.status_code == 200
    first = admin_client.get(reverse(f"admin:academics_{model}_changelist")).context["cl"].result_list[0]
    assert admin_client.get(reverse(f"admin:academics_{model}_change", args=[first.pk])).status_code == 200


def test_a_curriculum_item_edited_inline_is_in_the_audit(admin_client: Client) -> None:
    curriculum = Curriculum.objects.get(program__code="6B06102")
    url = reverse("admin:academics_curriculum_change", args=[curriculum.pk])
    page = admin_client.get(url)
    formset = page.context["inline_admin_formsets"][0].formset
    data: dict[str, Any] = {"program": curriculum.program_id, "intake_year": curriculum.intake_year,
                            "audit_reason": "WEB2202 moved to semester 4 by the academic council"}
    data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
    moved = None
    for i, form in enumerate(formset.forms):
        row = {name: value for name, value in form.initial.items() if value is not None}
        row.update(id=form.instance.pk, curriculum=curriculum.pk)
        if row["discipline"] == Discipline.objects.get(code="WEB2202").pk:
            moved, row["semester"] = i, 4
        data.update({f"{formset.prefix}-{i}-{name}": value for name, value in row.items()})
    assert moved is not None
    assert admin_client.post(url, data).status_code == 302
    record = AuditRecord.objects.for_object(curriculum).get()
    before = {item["discipline"]: item["semester"] for item in record.before["items"]}
    after = {item["discipline"]: item["semester"] for item in record.after["items"]}
    assert (before["WEB2202"], after["WEB2202"]) == (3, 4)
    assert {code: s for code, s in before.items() if code != "WEB2202"} == \
        {code: s for code, s in after.items() if code != "WEB2202"}
