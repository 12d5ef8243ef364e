"""GR-9 / GR-12 / GR-13 / GR-15: an FX retake and an additional-period exam are new attempts on sheets
of their own. The original attempt — and a printed final sheet — stays as it was; each new sheet
opens its own appeal window when posted; the transcript shows each attempt by its own sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
from ektu_portal.audit.models import AuditRecord
from grading import services
from grading.models import AcademicDebt, GradeSheet
from grading.selectors import student_transcript
from grading.tests.conftest import DB2201, at

pytestmark = pytest.mark.django_db


def retake(user: Any, result: Result, exam: int, day: date = date(2027, 1, 8)) -> Any:
    application = services.retake_apply(actor=user(result.student.user.username), result_id=result.pk,
                                        now=at(2026, 12, 28))
    services.retake_schedule(actor=user("reg.office"), application_id=application.pk,
                             at=at(day.year, day.month, day.day, 10))
    return services.retake_grade(actor=user("reg.office"), application_id=application.pk, exam=exam,
                                 now=at(day.year, day.month, day.day, 15))


def attempts(username: str, code: str = "DB2201") -> list[Any]:
    record = student_transcript(Student.objects.get(user__username=username))
    return [a for a in record.attempts if a.discipline.code == code]


def test_an_fx_retake_is_a_new_attempt_and_the_original_stays(fx_sheet: Result, user: Any) -> None:
    done = retake(user, fx_sheet, exam=70)
    fx_sheet.refresh_from_db()
    assert (fx_sheet.attempt, fx_sheet.r1, fx_sheet.r2, fx_sheet.exam) == (1, 50, 50, 40)  # untouched
    second = Result.objects.get(student=fx_sheet.student, discipline=fx_sheet.discipline, attempt=2)
    # GR-9: without re-studying — the same ratings, the same period, the retake's exam score
    assert (second.period_id, second.r1, second.r2, second.exam, second.outcome) == (fx_sheet.period_id, 50,
                                                                                     50,
                                                                                      70, None)
    assert done.attempt_id == second.pk
    sheet = second.attempt_sheet.sheet
    assert (sheet.sitting, sheet.exam_date, sheet.section.code, sheet.posted_at) == (
        "fx_retake", date(2027, 1, 8), DB2201, None)
    session_sheet = GradeSheet.objects.get(section__code=DB2201, sitting="regular")
    assert session_sheet.appeal_window_closes_at == at(2026, 12, 25, 13)  # its own window, unchanged
    audit = AuditRecord.objects.get(action="result.retake")
    assert (audit.object_id, audit.before, audit.after["exam"]) == (str(second.pk), None, 70)


def test_the_retake_shows_when_its_own_sheet_is_posted(fx_sheet: Result, user: Any) -> None:
    retake(user, fx_sheet, exam=70)
    sheet = GradeSheet.objects.get(sitting="fx_retake")
    first, second = attempts("s25001")
    # The session's sheet is posted: FX shows. The retake's sheet is not: its exam is hidden.
    assert (first.letter, first.exam) == ("FX", 40)
    assert (second.attempt, second.status, second.exam, second.letter) == (2, "in_progress", None, None)
    record = student_transcript(fx_sheet.student)
    assert [a.letter for a in record.final_grades if a.discipline.code == "DB2201"] == ["FX"]

    posted = services.attempt_sheet_post(actor=user("reg.office"), sheet_id=sheet.pk, now=at(2027, 1, 8, 16))
    # GR-13: its own appeal window, until 13:00 of the next calendar day
    assert posted.appeal_window_closes_at == at(2027, 1, 9, 13)
    first, second = attempts("s25001")
    assert (second.status, second.exam, second.final_score, second.letter) == ("graded", 70, 58,
                                                                               "D+")  # 30 + 28
    record = student_transcript(fx_sheet.student)
    assert [a.letter for a in record.final_grades if a.discipline.code == "DB2201"] == ["D+"]  # GP-1: latest


def test_the_retake_sheet_has_its_own_appeal_window(fx_sheet: Result, user: Any) -> None:
    retake(user, fx_sheet, exam=70)
    sheet = GradeSheet.objects.get(sitting="fx_retake")
    with pytest.raises(services.AppealWindowClosed):  # not posted yet
        services.appeal_file(actor=user("s25001"), section_code=DB2201, student_username="s25001",
                             reason="re-check", now=at(2027, 1, 8, 17))
    services.attempt_sheet_post(actor=user("reg.office"), sheet_id=sheet.pk, now=at(2027, 1, 8, 16))
    appeal = services.appeal_file(actor=user("s25001"), section_code=DB2201, student_username="s25001",
                                  reason="question 2", now=at(2027, 1, 9, 12, 59))
    assert appeal.result.attempt == 2  # the retake is appealed, not the FX
    with pytest.raises(services.AppealWindowClosed):
        services.appeal_file(actor=user("s25001"), result_id=appeal.result_id, student_username="s25001",
                             reason="again", now=at(2027, 1, 9, 13))


@pytest.fixture
def two_fx(university: Any, user: Any) -> dict[str, Result]:
    """Both students of DB2201 get an FX on the posted session sheet."""
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
    AcademicPeriod.objects.filter(code="2026-F").update(exam_session_starts=date(2026, 12, 14),
                                                       exam_session_ends=date(2026, 12, 26))
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        {"student": "s25001", "r1": 50, "r2": 50, "exam": 40, "coursework_submitted": True},   # 46 FX
        {"student": "s25002", "r1": 60, "r2": 40, "exam": 45,
         "coursework_submitted": True}])  # 30 + 18 = 48 FX
    services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 24))
    return {r.student.user.username: r for r in Result.objects.filter(discipline__code="DB2201")
            .select_related("student__user")}


def test_nothing_changes_a_posted_or_printed_sheet(two_fx: dict[str, Result], user: Any) -> None:
    session = GradeSheet.objects.get(sitting="regular")
    services.sheet_print(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 26))
    retake(user, two_fx["s25001"], exam=70)
    assert Result.objects.get(pk=two_fx["s25001"].pk).exam == 40  # the printed sheet keeps its FX
    day_sheet = GradeSheet.objects.get(sitting="fx_retake")
    services.attempt_sheet_post(actor=user("reg.office"), sheet_id=day_sheet.pk, now=at(2027, 1, 8, 16))
    with pytest.raises(services.GradesLocked):  # that day's retake sheet is posted
        retake(user, two_fx["s25002"], exam=80)
    services.attempt_sheet_print(actor=user("reg.office"), sheet_id=day_sheet.pk, now=at(2027, 1, 9, 14))
    with pytest.raises(services.Conflict) as refused:  # and now printed: final (GR-12)
        services.retake_grade(actor=user("reg.office"), exam=80, now=at(2027, 1, 9, 15),
                              application_id=two_fx["s25002"].retake_application.pk)
    assert refused.value.code == "grades_final"
    assert not Result.objects.filter(student=two_fx["s25002"].student, attempt=2).exists()
    assert GradeSheet.objects.get(pk=session.pk).printed_at == at(2026, 12, 26)


def test_fx_twice_is_a_debt_of_the_latest_attempt(fx_sheet: Result, user: Any) -> None:
    """GR-10: the retake's FX is the second FX — a debt, registered once the retake window has passed."""
    retake(user, fx_sheet, exam=45)  # 30 + 18 = 48: FX again
    sheet = GradeSheet.objects.get(sitting="fx_retake")
    services.attempt_sheet_post(actor=user("reg.office"), sheet_id=sheet.pk, now=at(2027, 1, 8, 16))
    assert services.register_academic_debts(now=at(2027, 1, 14)) == 2  # and s25002, not admitted
    debt = AcademicDebt.objects.get(result__student__user__username="s25001")
    assert (debt.result.attempt, debt.reason) == (2, "FX twice")
    assert services.register_academic_debts(now=at(2027, 1, 15)) == 0


def test_a_passed_retake_leaves_no_debt(fx_sheet: Result, user: Any) -> None:
    retake(user, fx_sheet, exam=70)
    services.attempt_sheet_post(actor=user("reg.office"),
                                sheet_id=GradeSheet.objects.get(sitting="fx_retake").pk,
                                now=at(2027, 1, 8, 16))
    assert services.register_academic_debts(now=at(2027, 1, 14)) == 1
    assert AcademicDebt.objects.get().result.student.user.username == "s25002"


# --- the additional period (GR-15) ---------------------------------------------------------------------

@pytest.fixture
def no_show(university: Any, user: Any) -> Result:
    """s25002 did not appear at DB2201's exam; the session sheet is posted."""
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
    AcademicPeriod.objects.filter(code="2026-F").update(exam_session_starts=date(2026, 12, 14),
                                                       exam_session_ends=date(2026, 12, 26))
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 60, "r2": 64, "outcome": "no_show", "coursework_submitted": True}])
    services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 24))
    return Result.objects.get(student__user__username="s25002", discipline__code="DB2201")


def test_an_additional_exam_is_a_new_attempt_on_the_additional_sheet(no_show: Result, user: Any) -> None:
    opened = services.additional_exam_open(actor=user("reg.office"), result_id=no_show.pk,
                                           category="did_not_appear", now=at(2026, 12, 28))
    services.additional_exam_record(actor=user("reg.office"), additional_exam_id=opened.pk, exam=80,
                                    now=at(2026, 12, 29, 11))
    no_show.refresh_from_db()
    assert (no_show.attempt, no_show.exam, no_show.outcome) == (1, None, "no_show")  # untouched
    second = Result.objects.get(student=no_show.student, discipline=no_show.discipline, attempt=2)
    assert (second.r1, second.r2, second.exam, second.outcome) == (60, 64, 80, None)
    sheet = second.attempt_sheet.sheet
    assert (sheet.sitting, sheet.exam_date, sheet.posted_at) == ("additional", date(2026, 12, 29), None)
    first, hidden = attempts("s25002")
    assert (first.status, hidden.status, hidden.exam) == ("no_show", "in_progress", None)
    services.attempt_sheet_post(actor=user("reg.office"), sheet_id=sheet.pk, now=at(2026, 12, 29, 15))
    assert GradeSheet.objects.get(pk=sheet.pk).appeal_window_closes_at == at(2026, 12, 30, 13)
    _, shown = attempts("s25002")
    # GR-4: 0.6 × 62 + 0.4 × 80 = 69.2 → 69 → C
    assert (shown.status, shown.exam, shown.final_score, shown.letter) == ("graded", 80, 69, "C")
    # the additional period cleared it: no debt once the period's deadline has passed (GR-10)
    services.register_academic_debts(now=at(2027, 1, 14))
    assert not AcademicDebt.objects.filter(result__student=no_show.student).exists()


def test_an_additional_sheet_posts_once_the_session_is_over(no_show: Result, user: Any) -> None:
    opened = services.additional_exam_open(actor=user("reg.office"), result_id=no_show.pk,
                                           category="did_not_appear", now=at(2026, 12, 25))
    services.additional_exam_record(actor=user("reg.office"), additional_exam_id=opened.pk, exam=80,
                                    now=at(2026, 12, 25, 11))
    sheet = GradeSheet.objects.get(sitting="additional")
    with pytest.raises(services.ValidationFailed) as refused:
        services.attempt_sheet_post(actor=user("reg.office"), sheet_id=sheet.pk, now=at(2026, 12, 26, 18))
    assert refused.value.code == "exams_not_begun"
    assert "27.12.2026" in str(refused.value.problems)  # the day after the session (GR-15)
    assert GradeSheet.objects.get(pk=sheet.pk).posted_at is None


def test_a_loaded_result_goes_to_an_additional_sheet_without_a_section(university: Any, user: Any) -> None:
    """A result kept outside the portal's sheets (loaded from the records) still gets its own sheet."""
    period = AcademicPeriod.objects.get(code="2025-F")
    loaded = Result.objects.create(student=Student.objects.get(user__username="s25002"), period=period,
                                   discipline=Discipline.objects.get(code="WEB2202"), r1=60, r2=64,
                                   outcome="no_show")
    opened = services.additional_exam_open(actor=user("reg.office"), result_id=loaded.pk,
                                           category="did_not_appear", now=at(2025, 12, 29))
    services.additional_exam_record(actor=user("reg.office"), additional_exam_id=opened.pk, exam=90,
                                    now=at(2025, 12, 30))
    sheet = GradeSheet.objects.get(sitting="additional")
    assert (sheet.section, sheet.discipline.code, sheet.period.code) == (None, "WEB2202", "2025-F")
    assert Result.objects.get(pk=loaded.pk).outcome == "no_show"
    assert [a.status for a in attempts("s25002", "WEB2202")] == ["no_show", "in_progress"]


# --- the API of retake and additional sheets ----------------------------------------------------------

@pytest.mark.parametrize(("who", "view", "post"), [
    ("reg.office", 200, 200),
    ("adv.sarsen", 200, 403),
    # the section's instructor sees the retake sheet; the registrar's office posts it
    ("s25001", 404, 404), ("adv.other", 404, 404), ("dean.sdt", 404, 404), (None, 401, 401)])
def test_retake_sheet_api_permission_matrix(fx_sheet: Result, api: Any, user: Any, who: str | None, view: int,
                                            post: int) -> None:
    from unittest import mock

    retake(user, fx_sheet, exam=70)
    sheet = GradeSheet.objects.get(sitting="fx_retake")
    response = api(who).get(f"/api/v1/sheets/{sheet.pk}")
    assert response.status_code == view
    if view == 200:
        body = response.json()
        assert (body["sitting"], body["section"], body["exam_date"], body["locked"]) == (
            "fx_retake", DB2201, "2027-01-08", False)
        assert [(r["student"], r["attempt"], r["exam"], r["status"]) for r in body["rows"]] == [
            ("s25001", 2, 70, "graded")]  # the sheet itself shows what was entered
    with mock.patch("django.utils.timezone.now", return_value=at(2027, 1, 8, 16)):
        response = api(who).post(f"/api/v1/sheets/{sheet.pk}/post")
    assert response.status_code == post
    assert GradeSheet.objects.get(pk=sheet.pk).is_posted is (post == 200)
    if post == 200:
        assert response.json()["appeal_window_closes_at"] == "2027-01-09T13:00:00+05:00"


@pytest.mark.parametrize(("who", "status"), [("reg.office", 200), ("adv.sarsen", 403), ("s25001", 403),
                                             (None, 401)])
def test_the_registrars_list_of_retake_sheets(fx_sheet: Result, api: Any, user: Any, who: str | None,
                                              status: int) -> None:
    retake(user, fx_sheet, exam=70)
    response = api(who).get("/api/v1/attempt-sheets")
    assert response.status_code == status
    if status == 200:
        assert [(s["sitting"], s["discipline"], s["attempts"], s["posted_at"]) for s in response.json()] == [
            ("fx_retake", "DB2201", 1, None)]


def test_an_appeal_names_the_attempt(fx_sheet: Result, api: Any, user: Any) -> None:
    from unittest import mock

    done = retake(user, fx_sheet, exam=70)
    services.attempt_sheet_post(actor=user("reg.office"),
                                sheet_id=GradeSheet.objects.get(sitting="fx_retake").pk,
                                now=at(2027, 1, 8, 16))
    with mock.patch("django.utils.timezone.now", return_value=at(2027, 1, 9, 9)):
        first = api("s25001").post("/api/v1/appeals", {"result": fx_sheet.pk, "reason": "the FX"},
                                   format="json")
        second = api("s25001").post("/api/v1/appeals", {"result": done.attempt_id, "reason": "the retake"},
                                    format="json")
    # the session sheet's window closed on 25 December; the retake sheet's is open until 13:00 today
    assert (first.status_code, first.json()["code"]) == (409, "appeal_window_closed")
    assert (second.status_code, second.json()["attempt"], second.json()["stage"]) == (201, 2, "filed")
