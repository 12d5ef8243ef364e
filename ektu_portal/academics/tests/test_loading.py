"""Contract §1: the loader is all-or-nothing, idempotent, and names every problem by path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import example_document, two_school_document
from ektu_portal.academics.loading import UniversityRejected, load_university
from ektu_portal.academics.models import AcademicPeriod, Result, Section, Student
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in ("academics", "accounts", "audit")}


def test_example_loads_with_every_object() -> None:
    report = load_university(example_document(), source="example")
    counts = report.as_dict()["counts"]
    assert counts["people"]["created"] == 4
    assert counts["results"]["created"] == 1
    student = Student.objects.select_related("program", "adviser").get(user__username="s25001")
    assert ((student.program.code, student.adviser.username, student.iin)
            == ("6B06102", "adv.sarsen", "070501300123"))
    period = AcademicPeriod.objects.get(code="2026-F")
    # Times without an offset are in the document's time zone (Asia/Almaty, UTC+5).
    assert period.registration_opens.isoformat() == "2026-04-01T04:00:00+00:00"
    assert Section.objects.get(code="PRG1101-2025F-01").taken == 1
    result = Result.objects.get(student=student)
    assert (result.r1, result.r2, result.exam, result.section.code) == (80, 90, 71, "PRG1101-2025F-01")


def test_loading_twice_changes_nothing() -> None:
    load_university(two_school_document(), allow_passwords=True)
    before = row_counts()
    stamps = list(Result.objects.values_list("updated_at", flat=True))
    report = load_university(two_school_document(), allow_passwords=True)
    assert not report.changed
    assert all(c.created == c.updated == c.removed == 0 for c in report.counts.values())
    assert row_counts() == before  # not even an audit record of a load that changed nothing
    assert list(Result.objects.values_list("updated_at", flat=True)) == stamps


def test_an_edited_document_updates_what_changed_and_audits_grades() -> None:
    load_university(example_document())
    edited = example_document()
    edited["results"][0]["exam"] = 75
    edited["sections"][1]["capacity"] = 40
    edited["curricula"][0]["items"] = edited["curricula"][0]["items"][:-1]  # PR2204 leaves the curriculum
    report = load_university(edited, source="edited.json").as_dict()["counts"]
    assert report["results"]["updated"] == 1
    assert report["sections"]["updated"] == 1
    assert report["curriculum_items"]["removed"] == 1
    assert Section.objects.get(code="DB2201-2026F-01").capacity == 40
    change = AuditRecord.objects.filter(action="result.load", before__isnull=False).get()
    assert (change.before["exam"], change.after["exam"], change.reason) == (71, 75, "loaded from edited.json")


def broken_document() -> dict[str, Any]:
    doc = example_document()
    doc["people"][3]["student"]["program"] = "6B0610"                   # unknown program
    doc["disciplines"][0]["prerequisites"] = ["ML2203"]                # PRG1101 → ML2203 → DB2201 → PRG1101
    doc["calendar"]["periods"][1]["registration"]["opens"] = "2026-04-31T09:00"  # no 31 April
    return doc


def test_a_broken_document_writes_nothing_and_names_every_problem() -> None:
    load_university(two_school_document(), allow_passwords=True)
    before = row_counts()
    with pytest.raises(UniversityRejected) as rejected:
        load_university(broken_document())
    found = {p.path: p.message for p in rejected.value.problems}
    assert found["people[3].student.program"] == 'unknown program "6B0610"'
    assert "prerequisite cycle" in found["disciplines[2].prerequisites"]
    assert "PRG1101" in found["disciplines[2].prerequisites"]
    assert "bad date" in found["calendar.periods[1].registration.opens"]
    assert len(found) == 3
    assert row_counts() == before


def test_schema_problems_and_database_problems_are_reported_together() -> None:
    doc = broken_document()
    doc["calendar"]["periods"][0]["ends"] = "2025-02-30"
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc)
    paths = {p.path for p in rejected.value.problems}
    assert {"calendar.periods[0].ends", "people[3].student.program", "disciplines[2].prerequisites"} <= paths
    assert row_counts()["academics.School"] == 0


@pytest.mark.parametrize(("edit", "path", "fragment"), [
    (lambda d: d["programs"][0].update(school="NOPE"), "programs[0].school", 'unknown school "NOPE"'),
    (lambda d: d["sections"][0].update(instructor="s25001"), "sections[0].instructor",
     "is not an instructor"),
    (lambda d: d["sections"][0].update(capacity=1, enrolled=["s25001", "s25001"]), "sections[0].enrolled",
     "capacity is 1"),
    (lambda d: d["people"][2].pop("school"), "people[2].school", "needs the school"),
    (lambda d: d["people"][3].update(roles=["adviser"]), "people[3].roles", "needs the student role"),
    (lambda d: d["people"][3]["student"].update(adviser="reg.office"), "people[3].student.adviser",
     "is not an adviser"),
    (lambda d: d["results"].append(dict(d["results"][0])), "results[1]", "duplicate result"),
    (lambda d: d["calendar"]["periods"][0].update(ends="2025-08-01"), "calendar.periods[0].ends",
     "before it starts"),
    (lambda d: d["people"][0].update(password="demo-password-1"), "people[0].password", "--allow-passwords"),
    (lambda d: d.update(timezone="Mars/Olympus"), "timezone", "unknown time zone"),
    (lambda d: d["people"][0].update(roles=["wizard"]), "people[0].roles[0]", "is not one of"),
])
def test_each_rule_is_named_at_its_path(edit: Any, path: str, fragment: str) -> None:
    doc = example_document()
    edit(doc)
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc)
    messages = [p.message for p in rejected.value.problems if p.path == path]
    assert any(fragment in m for m in messages), rejected.value.problems
    assert row_counts()["academics.School"] == 0


def test_a_cycle_through_the_database_is_found() -> None:
    load_university(example_document())
    doc = {"format": "ektu-university/1",
           "disciplines": [{"code": "PRG1101", "name": {"en": "Programming Basics"}, "credits": 5,
                            "prerequisites": ["ML2203"]}]}
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc)
    assert "DB2201 → PRG1101 → ML2203 → DB2201" in rejected.value.problems[0].message


def test_dry_run_counts_but_writes_nothing() -> None:
    report = load_university(two_school_document(), allow_passwords=True, dry_run=True)
    assert report.counts["people"].created == len(two_school_document()["people"])
    assert sum(row_counts().values()) == 0


def test_command_exit_codes_and_output(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken_document()))
    with pytest.raises(CommandError, match="3 problem"):
        call_command("load_university", str(bad))
    assert 'people[3].student.program: unknown program "6B0610"' in capsys.readouterr().err
    good = tmp_path / "good.json"
    good.write_text(json.dumps(two_school_document()))
    with pytest.raises(CommandError):  # passwords without --allow-passwords
        call_command("load_university", str(good))
    call_command("load_university", str(good), "--allow-passwords")
    call_command("load_university", str(good), "--allow-passwords")
    assert "nothing changed" in capsys.readouterr().out
    not_json = tmp_path / "x.json"
    not_json.write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_university", str(not_json))


def test_people_keep_their_password_and_lose_dropped_roles() -> None:
    from django.contrib.auth import authenticate

    load_university(two_school_document(), allow_passwords=True)
    doc = copy.deepcopy(two_school_document())
    for person in doc["people"]:
        del person["password"]
        if person["username"] == "dean.sem":
            person["roles"] = ["deputy_dean"]
    load_university(doc)
    assert authenticate(username="adv.sarsen", password="contract-pass-1234") is not None
    from ektu_portal.academics.models import RoleAssignment

    assert list(RoleAssignment.objects.filter(user__username="dean.sem").values_list("role", flat=True)) == [
        "deputy_dean"]


def test_api_load_is_for_administrators(api: Any) -> None:
    doc = example_document()
    doc["schools"][0]["name"]["ru"] = "Школа цифровых технологий и ИИ"
    assert api("reg.office").post("/api/v1/university/load", doc, format="json").status_code == 403
    assert api("s25001").post("/api/v1/university/load", doc, format="json").status_code == 403
    assert api().post("/api/v1/university/load", doc, format="json").status_code == 401
    response = api("admin.portal").post("/api/v1/university/load?dry_run=true", doc, format="json")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    from ektu_portal.academics.models import School

    assert School.objects.get(code="SDT").name_ru == "Школа цифровых технологий"
    response = api("admin.portal").post("/api/v1/university/load", doc, format="json")
    assert response.json()["counts"]["schools"]["updated"] == 1
    assert School.objects.get(code="SDT").name_ru == "Школа цифровых технологий и ИИ"


def test_api_refuses_passwords_and_broken_documents_as_problems(api: Any) -> None:
    doc = broken_document()
    doc["people"][0]["password"] = "demo-password-1"
    response = api("admin.portal").post("/api/v1/university/load", doc, format="json")
    body = response.json()
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "invalid_university"
    paths = {p["path"] for p in body["problems"]}
    assert {"people[0].password", "people[3].student.program", "disciplines[2].prerequisites"} <= paths
    assert not Student.objects.filter(program__code="6B0610").exists()


def test_shipped_schema_is_the_contracts() -> None:
    shared = Path(__file__).resolve().parents[3].parent / "shared" / "contract" / "university.schema.json"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    from ektu_portal.academics.loading import SCHEMA_PATH

    assert json.loads(SCHEMA_PATH.read_text()) == json.loads(shared.read_text())


def test_administrators_reach_django_admin_and_others_do_not(client: Any) -> None:
    load_university(two_school_document(), allow_passwords=True)
    client.post("/accounts/login/", {"login": "admin.portal", "password": "contract-pass-1234"})
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "reg.office", "password": "contract-pass-1234"})
    assert client.get("/admin/").status_code == 302  # sent to the admin's own sign-in


# --- contract §1 (2026-11-30): diploma numbers, recognized past results, names in Kazakh order ------

def graduate_document(number: str = "ЖБ-Б 1234567", on: str = "2026-06-30") -> dict[str, Any]:
    doc = two_school_document()
    doc["people"][3]["student"].update(status="graduated", diploma_number=number, graduated_on=on)  # s25001
    return doc


def test_a_graduate_is_loaded_with_the_diploma_number_and_date() -> None:
    load_university(graduate_document(), allow_passwords=True)
    student = Student.objects.get(user__username="s25001")
    assert (student.diploma_number, student.graduated_on.isoformat()) == ("ЖБ-Б 1234567", "2026-06-30")
    assert Student.objects.get(user__username="s25002").diploma_number is None  # none, not ""


def test_loading_a_graduate_twice_changes_nothing_and_an_edit_updates_the_number() -> None:
    load_university(graduate_document(), allow_passwords=True)
    before = row_counts()
    assert not load_university(graduate_document(), allow_passwords=True).changed
    assert row_counts() == before
    report = load_university(graduate_document(number="ЖБ-Б 7654321"), allow_passwords=True)
    assert report.counts["students"].updated == 1
    assert Student.objects.get(user__username="s25001").diploma_number == "ЖБ-Б 7654321"


def test_a_duplicate_diploma_number_is_refused_naming_both_holders() -> None:
    doc = graduate_document()
    doc["people"][6]["student"].update(status="graduated", diploma_number="ЖБ-Б 1234567",  # s25002
                                       graduated_on="2026-06-30")
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc, allow_passwords=True)
    [problem] = [p for p in rejected.value.problems if "diploma" in p.path]
    assert problem.path == "people[6].student.diploma_number"
    assert "people[3].student.diploma_number" in problem.message
    assert row_counts()["academics.Student"] == 0


def test_a_number_already_held_in_the_portal_is_refused_naming_its_holder() -> None:
    load_university(graduate_document(), allow_passwords=True)
    doc = two_school_document()
    doc["people"] = [doc["people"][6]]  # s25002 alone; s25001 keeps the number the portal holds
    doc["people"][0]["student"].update(status="graduated", diploma_number="ЖБ-Б 1234567",
                                       graduated_on="2026-06-30")
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc, allow_passwords=True)
    assert [(p.path, "s25001" in p.message) for p in rejected.value.problems] == [
        ("people[0].student.diploma_number", True)]
    assert Student.objects.get(user__username="s25002").diploma_number is None


def test_two_graduates_swapping_numbers_in_one_load() -> None:
    doc = graduate_document(number="ЖБ-Б 0000001")
    doc["people"][6]["student"].update(status="graduated", diploma_number="ЖБ-Б 0000002",
                                       graduated_on="2026-06-30")
    load_university(doc, allow_passwords=True)
    doc["people"][3]["student"]["diploma_number"], doc["people"][6]["student"]["diploma_number"] = (
        "ЖБ-Б 0000002", "ЖБ-Б 0000001")  # they were given the wrong way round
    assert load_university(doc, allow_passwords=True).counts["students"].updated == 2
    numbers = Student.objects.exclude(diploma_number=None).values_list("user__username", "diploma_number")
    assert dict(numbers) == {"s25001": "ЖБ-Б 0000002", "s25002": "ЖБ-Б 0000001"}


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("diploma_number", "ЖБ-Б 1234567", "only a graduate"),
    ("graduated_on", "2026-06-30", "only a graduate"),
])
def test_only_a_graduate_has_a_diploma_number_or_award_date(field: str, value: str, fragment: str) -> None:
    doc = example_document()
    doc["people"][3]["student"][field] = value  # s25001 is active
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc)
    assert [p.path for p in rejected.value.problems] == [f"people[3].student.{field}"]
    assert fragment in rejected.value.problems[0].message


def test_an_award_date_still_to_come_is_refused() -> None:
    with pytest.raises(UniversityRejected) as rejected:
        load_university(graduate_document(on="2999-06-30"), allow_passwords=True)
    assert [p.path for p in rejected.value.problems] == ["people[3].student.graduated_on"]


RECOGNIZED = {"student": "s25001", "discipline": "HKZ1102", "period": "2025-F", "recognized_from": "transfer",
              "letter": "B+"}


def test_a_recognized_result_is_loaded_with_its_letter_and_no_marks() -> None:
    doc = example_document()
    doc["results"].append(dict(RECOGNIZED))
    load_university(doc)
    result = Result.objects.get(discipline__code="HKZ1102")
    assert (result.recognized_from, result.recognized_letter) == ("transfer", "B+")
    assert (result.r1, result.r2, result.exam, result.outcome) == (None, None, None, None)
    assert not load_university(doc).changed
    audit = AuditRecord.objects.get(action="result.load", object_repr__contains="HKZ1102")
    assert (audit.after["recognized_from"], audit.after["letter"]) == ("transfer", "B+")  # GR-20


@pytest.mark.parametrize(("edit", "path", "fragment"), [
    (lambda r: r.update(r1=80), "results[1].r1", "instead of r1"),
    (lambda r: r.update(exam=70, outcome="no_show"), "results[1].exam", "instead of exam"),
    (lambda r: r.pop("letter"), "results[1].letter", "needs the letter"),
    (lambda r: r.pop("recognized_from"), "results[1].recognized_from", "only with recognized_from"),
    (lambda r: r.update(letter="FX"), "results[1].letter", "is not one of"),
    (lambda r: r.update(recognized_from="exchange"), "results[1].recognized_from", "is not one of"),
])
def test_a_recognized_result_with_marks_or_without_its_letter_is_refused(edit: Any, path: str,
                                                                          fragment: str) -> None:
    doc = example_document()
    recognized = dict(RECOGNIZED)
    edit(recognized)
    doc["results"].append(recognized)
    with pytest.raises(UniversityRejected) as rejected:
        load_university(doc)
    problems = rejected.value.problems
    assert any(p.path == path and fragment in p.message for p in problems), problems
    assert row_counts()["academics.Result"] == 0


def test_names_sort_in_kazakh_alphabetical_order() -> None:
    # The order a Kazakh reader expects, written by hand from the alphabet: А Ә Б В Г Ғ Д Е Ё Ж З
    # И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я.
    expected = [
        "Ахметов Серік", "Әбенов Дәурен", "Бекова Айгүл", "Гусев Иван", "Ғалымов Ербол", "Дәулетов Арман",
        "Ерланов Бауыржан", "Ёлкин Пётр", "Иманов Қайрат", "Кенжебаев Асқар", "Қасымов Марат", "Лебедев Олег",
        "Омаров Ерлан", "Өтегенов Нұрбол", "Петров Сергей", "Таңатаров Болат", "Таоев Руслан", "Уалиев Бақыт",
        "Ұлжанов Ақан", "Үсенов Мақсат", "Фёдоров Антон", "Хасенов Дана", "Шаһмаров Әли", "Шацкий Илья",
        "Ысқақов Ерік", "Іскаков Тимур", "Эльдаров Руслан",
    ]
    doc = {"format": "ektu-university/1", "people": [
        {"username": f"kk{n:02d}", "full_name": name, "roles": ["instructor"]}
        for n, name in enumerate(reversed(expected))]}
    load_university(doc)
    from ektu_portal.accounts.models import User

    people = User.objects.filter(username__startswith="kk").order_by("full_name_sort", "full_name")
    assert list(people.values_list("full_name", flat=True)) == expected
