"""GR-15: the additional period after the session for three categories, and the dean's extension
of one student's session (≤ 3 weeks) — policy, services, API, pages and who may do it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
from ektu_portal.audit.models import AuditRecord
from grading import services
from grading.models import AcademicDebt, AdditionalExam, SessionExtension, SheetEntry
from grading.policy.retakes import (
    BELOW_ADMISSION,
    DID_NOT_APPEAR,
    PAYMENT_CLEARANCE,
    additional_exam_problem,
    additional_period_ends,
)

ENDS = date(2027, 1, 22)


RATING = ("rating_below_threshold",)


@pytest.mark.parametrize(("category", "status", "has_exam", "reasons", "problem"), [
    (DID_NOT_APPEAR, "no_show", False, (), None),
    (DID_NOT_APPEAR, "graded", True, (), "category_does_not_match"),
    (BELOW_ADMISSION, "not_admitted", False, RATING, None),
    (BELOW_ADMISSION, "no_show", False, (), "category_does_not_match"),
    # GR-15 (3) is the admission rating below 50 — not attendance (GR-3: the summer semester) …
    (BELOW_ADMISSION, "not_admitted", False, ("attendance_over_half_missed",), "category_does_not_match"),
    (BELOW_ADMISSION, "not_admitted", False, (*RATING, "attendance_over_half_missed"),
     "category_does_not_match"),
    # … nor course work not submitted (GR-2)
    (BELOW_ADMISSION, "not_admitted", False, ("coursework_not_submitted",), "category_does_not_match"),
    (PAYMENT_CLEARANCE, "in_progress", False, (), None),
    # a posted sheet records the student who missed the exam as "did not appear" (GR-12: every row complete)
    (PAYMENT_CLEARANCE, "no_show", False, (), None),
    (PAYMENT_CLEARANCE, "in_progress", True, (), "category_does_not_match"),
    (PAYMENT_CLEARANCE, "graded", True, (), "category_does_not_match"),
    ("sick", "no_show", False, (), "unknown_category"),
])
def test_the_three_categories(category: str, status: str, has_exam: bool, reasons: tuple[str, ...],
                              problem: str | None) -> None:
    assert additional_exam_problem(category, status=status, has_exam=has_exam, today=ENDS, ends=ENDS,
                                   admission_reasons=reasons) == problem


@pytest.mark.parametrize(("today", "problem"), [(ENDS - timedelta(days=1), None), (ENDS, None),
                                                (ENDS + timedelta(days=1), "additional_period_over")])
def test_the_period_ends_on_its_last_day(today: date, problem: str | None) -> None:
    assert additional_exam_problem(DID_NOT_APPEAR, status="no_show", has_exam=False, today=today,
                                   ends=ENDS) == problem


@pytest.mark.parametrize(("extended", "ends"), [(None, ENDS),
                                                (ENDS + timedelta(days=5), ENDS + timedelta(days=5)),
                                                (ENDS - timedelta(days=3), ENDS)])
def test_an_extension_only_lengthens(extended: date | None, ends: date) -> None:
    assert additional_period_ends(ENDS, extended) == ends


# --- on the database ---------------------------------------------------------------------------------

@pytest.fixture
def session_just_ended(university: Any) -> dict[str, Result]:
    """2025-F's session ended two days ago; three students of PRG1101 fell in the three categories."""
    today = timezone.localdate()
    AcademicPeriod.objects.filter(code="2025-F").update(exam_session_starts=today - timedelta(days=14),
                                                        exam_session_ends=today - timedelta(days=2),
                                                        ends=today - timedelta(days=2))
    period = AcademicPeriod.objects.get(code="2025-F")
    prg = Discipline.objects.get(code="PRG1101")

    def result(username: str, **marks: Any) -> Result:
        return Result.objects.create(student=Student.objects.get(user__username=username), discipline=prg,
                                     period=period, **marks)

    missed_classes = Result.objects.create(student=Student.objects.get(user__username="s25001"),
                                           discipline=Discipline.objects.get(code="WEB2202"), period=period,
                                           r1=70, r2=75)
    SheetEntry.objects.create(result=missed_classes, classes_held=30, absences=20)  # GR-3: 20 of 30 missed
    return {"no_show": result("s25002", r1=60, r2=64, outcome="no_show"),
            "not_admitted": result("s25101", r1=30, r2=40),
            "unpaid": Result.objects.create(student=Student.objects.get(user__username="s25101"),
                                            discipline=Discipline.objects.get(code="HKZ1102"), period=period,
                                            r1=70, r2=75),
            "missed_classes": missed_classes}


def open_exam(api: Any, who: str, result: Result, category: str) -> Any:
    return api(who).post(f"/api/v1/results/{result.pk}/additional-exam", {"category": category},
                         format="json")


@pytest.mark.django_db
def test_registrar_admits_and_records_a_no_show(api: Any, session_just_ended: dict[str, Result]) -> None:
    no_show = session_just_ended["no_show"]
    # the student, their adviser and dean see the result but may not; another adviser does not see it
    for who, status in (("s25002", 403), ("adv.other", 403), ("dean.sdt", 403), ("adv.sarsen", 404)):
        assert open_exam(api, who, no_show, "did_not_appear").status_code == status, who
    wrong = open_exam(api, "reg.office", no_show, "below_admission")
    assert (wrong.status_code, wrong.json()["code"]) == (409, "category_does_not_match")
    opened = open_exam(api, "reg.office", no_show, "did_not_appear")
    assert opened.status_code == 201
    assert date.fromisoformat(opened.json()["ends"]) == services._fx_deadline(no_show.period)
    again = open_exam(api, "reg.office", no_show, "did_not_appear")
    assert (again.status_code, again.json()["code"]) == (409, "already_open")
    record = f"/api/v1/additional-exams/{opened.json()['id']}/record"
    refused = api("reg.office").post(record, {"exam": 80, "r1": 90}, format="json")
    assert refused.status_code == 422  # ratings change only for category (3)
    assert api("reg.office").post(record, {"exam": 101}, format="json").status_code == 422
    no_show.refresh_from_db()
    assert (no_show.exam, no_show.outcome) == (None, "no_show")  # nothing written
    done = api("reg.office").post(record, {"exam": 80}, format="json").json()
    no_show.refresh_from_db()
    assert (no_show.exam, no_show.outcome, done["recorded"]) == (None, "no_show", True)  # the original stays
    attempt = Result.objects.get(pk=done["attempt"])
    assert (attempt.attempt, attempt.exam, attempt.outcome) == (2, 80, None)
    assert done["letter_after"] == "C"  # GR-4: 0.6 × 62 + 0.4 × 80 = 69.2 → 69 → C (65–69, GR-6)
    audit = AuditRecord.objects.get(action="result.additional_period")
    assert (audit.object_id, audit.before, audit.after["exam"], audit.basis) == (
        str(attempt.pk), None, 80, f"additional-period exam #{done['id']}")


@pytest.mark.django_db
def test_below_admission_brings_new_ratings(api: Any, session_just_ended: dict[str, Result]) -> None:
    low = session_just_ended["not_admitted"]
    opened = open_exam(api, "reg.office", low, "below_admission").json()
    record = f"/api/v1/additional-exams/{opened['id']}/record"
    still_low = api("reg.office").post(record, {"r1": 40, "r2": 50, "exam": 90}, format="json")
    assert still_low.status_code == 422  # (40 + 50) / 2 = 45: still not admitted, so no exam score (GR-2)
    done = api("reg.office").post(record, {"r1": 60, "r2": 70, "exam": 90}, format="json").json()
    low.refresh_from_db()
    assert (low.r1, low.r2, low.exam) == (30, 40, None)
    attempt = Result.objects.get(pk=done["attempt"])
    assert (attempt.attempt, attempt.r1, attempt.r2, attempt.exam) == (2, 60, 70, 90)
    assert done["letter_after"] == "B-"  # 0.6 × 65 + 0.4 × 90 = 75 → B- (75–79)


@pytest.mark.django_db
def test_missed_classes_are_not_the_third_category(api: Any, session_just_ended: dict[str, Result]) -> None:
    """GR-15 (3) / GR-3: a student refused for attendance goes to the summer semester, not the additional
    period — neither offered nor admitted as "admission rating below 50"."""
    from grading.selectors import additional_period_candidates

    missed = session_just_ended["missed_classes"]
    offered = {c["result"].pk: c["category"] for c in additional_period_candidates(timezone.localdate())}
    assert offered.get(session_just_ended["not_admitted"].pk) == "below_admission"
    assert missed.pk not in offered
    refused = open_exam(api, "reg.office", missed, "below_admission")
    assert (refused.status_code, refused.json()["code"]) == (409, "category_does_not_match")
    assert not AdditionalExam.objects.exists()


@pytest.mark.django_db
def test_payment_clearance_is_a_result_without_an_exam(api: Any,
                                                       session_just_ended: dict[str, Result]) -> None:
    assert open_exam(api, "reg.office", session_just_ended["unpaid"], "payment_clearance").status_code == 201
    graded = Result.objects.get(student__user__username="s25001", discipline__code="PRG1101")
    assert open_exam(api, "reg.office", graded, "payment_clearance").json()["code"] in (
        "category_does_not_match", "additional_period_over")


@pytest.mark.django_db
def test_the_dean_extends_one_students_session(api: Any, session_just_ended: dict[str, Result]) -> None:
    no_show = session_just_ended["no_show"]
    session_ends = no_show.period.exam_session_ends
    url = "/api/v1/students/s25002/session-extension"
    body = {"period": "2025-F", "extended_to": (session_ends + timedelta(days=21)).isoformat(),
            "reason": "hospital, certificate № 17"}
    # the dean of another school does not see the student; those who see them may not extend (GR-15)
    for who, status in (("dean.sem", 404), ("adv.other", 403), ("s25002", 403), ("reg.office", 403)):
        assert api(who).post(url, body, format="json").status_code == status, who
    too_long = api("dean.sdt").post(url, {**body,
                                          "extended_to": (session_ends + timedelta(days=22)).isoformat()},
                                    format="json")
    assert too_long.status_code == 422 and too_long.json()["problems"][0]["path"] == "extended_to"
    assert api("dean.sdt").post(url, {**body, "reason": " "}, format="json").status_code == 422
    assert not SessionExtension.objects.exists()
    granted = api("dean.sdt").post(url, body, format="json")
    assert granted.status_code == 200
    assert AuditRecord.objects.filter(action="session.extend", reason="hospital, certificate № 17").exists()
    # The student's additional period now ends with the extension, three weeks after the session.
    opened = open_exam(api, "reg.office", no_show, "did_not_appear").json()
    assert opened["ends"] == body["extended_to"]


@pytest.mark.django_db
def test_after_the_additional_period_nothing_is_admitted(session_just_ended: dict[str, Result],
                                                         user: Any) -> None:
    no_show = session_just_ended["no_show"]
    late = timezone.make_aware(datetime.combine(services._fx_deadline(no_show.period) + timedelta(days=1),
                                                datetime.min.time())) + timedelta(hours=10)
    with pytest.raises(services.Conflict) as refused:
        services.additional_exam_open(actor=user("reg.office"), result_id=no_show.pk,
                                      category="did_not_appear",
                                      now=late)
    assert refused.value.code == "additional_period_over"
    assert not AdditionalExam.objects.exists()


@pytest.mark.django_db
def test_debts_wait_for_the_last_extension(session_just_ended: dict[str, Result], user: Any) -> None:
    """GR-10/GR-15: the period's debts are registered once nothing of it can be cleared any more."""
    period = session_just_ended["no_show"].period
    standard = services._fx_deadline(period)
    extended = period.exam_session_ends + timedelta(days=21)
    assert extended > standard
    services.grant_session_extension(actor=user("dean.sdt"), student_username="s25002", period_code="2025-F",
                                     extended_to=extended, reason="family circumstances", now=timezone.now())

    def at(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)

    assert services.register_academic_debts(now=at(standard + timedelta(days=1))) == 0
    assert not AcademicDebt.objects.exists()
    assert services.register_academic_debts(now=at(extended + timedelta(days=1))) >= 1
    assert AcademicDebt.objects.filter(result=session_just_ended["no_show"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "additional", "extensions"), [
    ("reg.office", 200, 404), ("dean.sdt", 404, 200), ("s25001", 404, 404), ("adv.sarsen", 404, 404)])
def test_who_has_the_pages(client: Any, session_just_ended: Any, who: str, additional: int,
                           extensions: int) -> None:
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/additional-period/")
    assert page.status_code == additional
    if additional == 200:
        text = page.content.decode()
        assert "Жұмабаева Ұлжан" in text and "Did not appear" in text and "Admission rating below 50" in text
    assert client.get("/session-extensions/").status_code == extensions


@pytest.mark.django_db
def test_registrar_admits_from_the_page(client: Any, session_just_ended: dict[str, Result]) -> None:
    client.post("/accounts/login/", {"login": "reg.office", "password": "contract-pass-1234"})
    no_show = session_just_ended["no_show"]
    client.post(f"/additional-period/results/{no_show.pk}/admit", {"category": "did_not_appear"})
    additional = AdditionalExam.objects.get(result=no_show)
    client.post(f"/additional-period/exams/{additional.pk}/record", {"exam": "55"})
    assert Result.objects.get(student=no_show.student, discipline=no_show.discipline, attempt=2).exam == 55
    assert Result.objects.get(pk=no_show.pk).outcome == "no_show"
