"""Issue 8, typed pages: every grading page that takes input is a form; a refused submission shows each
reason beside the field it concerns and writes nothing (the form's own checks and the service's)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import Element, parse_html

from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
from ektu_portal.audit.models import AuditRecord
from grading import services
from grading.models import AdditionalExam, Appeal, GradeSheet, RetakeApplication, SessionExtension, SheetEntry

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
CODE = "DB2201-2026F-01"
PASSWORD = "contract-pass-1234"


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=ALMATY)


# --- reading a page as a person does ------------------------------------------------------------------


def visible_text(node: Any) -> str:
    """What a reader sees: text without tags, scripts or styles, whitespace folded."""
    if isinstance(node, str):
        return node
    if node.name in ("script", "style"):
        return ""
    return " ".join(" ".join(visible_text(child) for child in node.children).split())


def page_of(response: Any) -> Element:
    return parse_html(response.content.decode())


def _walk(node: Any, ancestors: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    yield node, ancestors
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            yield from _walk(child, (*ancestors, node))


def control(page: Element, name: str) -> tuple[Any, tuple[Any, ...]]:
    found = [(node, up) for node, up in _walk(page) if dict(node.attributes).get("name") == name]
    assert found, f"no control named {name}"
    assert len(found) == 1, f"{len(found)} controls named {name}"
    return found[0]


def beside(page: Element, name: str) -> str:
    """The text around a control that a reader takes as belonging to it: its field box, or its row
    of the sheet with the error line under the row."""
    node, ancestors = control(page, name)
    for depth in range(len(ancestors) - 1, -1, -1):
        box = ancestors[depth]
        classes = (dict(box.attributes).get("class") or "").split()
        if "field" in classes:
            return visible_text(box)
        if box.name == "tr":
            parent = ancestors[depth - 1]
            rows = [child for child in parent.children if isinstance(child, Element)]
            after = rows[rows.index(box) + 1] if rows.index(box) + 1 < len(rows) else None
            text = visible_text(box)
            if after is not None and "row-error" in (dict(after.attributes).get("class") or ""):
                text += " " + visible_text(after)
            return text
    raise AssertionError(f"{name} sits in no field box or row")


def row_text(page: Element, attribute: str, value: str) -> str:
    rows = [node for node, _ in _walk(page)
            if node.name == "tr" and dict(node.attributes).get(attribute) == value]
    assert len(rows) == 1, f"{len(rows)} rows with {attribute}={value}"
    return visible_text(rows[0])


def is_marked_invalid(page: Element, name: str) -> bool:
    node, _ = control(page, name)
    return dict(node.attributes).get("aria-invalid") == "true"


def signed_in(client: Any, who: str) -> Any:
    client.logout()  # a signed-in person is sent away from the sign-in page
    client.post("/accounts/login/", {"login": who, "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # the messages below are read in English
    return client


@pytest.fixture
def clock() -> Iterator[Any]:
    """The portal's "now", set by the test (Asia/Almaty); the page reads it once per request."""
    with mock.patch("django.utils.timezone.now") as now:
        now.return_value = at(2026, 12, 20, 12)
        yield now


def writes(*models: Any) -> tuple[int, ...]:
    """How many rows the models hold, the audit log included: equal before and after = nothing written."""
    return (AuditRecord.objects.count(), *(model.objects.count() for model in models))


# --- the grade sheet: save, post, upload -----------------------------------------------------------------


def test_sheet_save_refused_shows_every_reason_beside_its_cell(client: Any, enrolled: None) -> None:
    signed_in(client, "adv.sarsen")
    before = writes(Result, SheetEntry)
    # the form's own checks: not a number, above 100 — both at once, each beside its cell
    response = client.post(f"/sheets/{CODE}/", {"r1-s25001": "abc", "r2-s25001": "101", "r1-s25002": "60"})
    page = page_of(response)
    assert response.status_code == 200
    assert "R1: Enter a number." in beside(page, "r1-s25001")
    assert "R2: Ensure this value is less than or equal to 100." in beside(page, "r2-s25001")
    assert is_marked_invalid(page, "r1-s25001") and is_marked_invalid(page, "r2-s25001")
    assert not is_marked_invalid(page, "r1-s25002")
    assert writes(Result, SheetEntry) == before

    # the service's check (GR-2): a student with an admission rating of 15 gets no exam score
    response = client.post(f"/sheets/{CODE}/", {
        "r1-s25001": "70", "r2-s25001": "80", "coursework-s25001": "on",
        "r1-s25002": "20", "r2-s25002": "10", "exam-s25002": "50"})
    page = page_of(response)
    assert ("the student is not admitted (admission rating below 50; course work not submitted): "
            "no exam score" in beside(page, "exam-s25002"))
    assert is_marked_invalid(page, "exam-s25002")
    assert "nothing was saved" in visible_text(page)
    assert writes(Result, SheetEntry) == before  # s25001's valid row was not saved either


def test_sheet_save_keeps_what_was_typed_and_saves_only_changed_rows(client: Any, enrolled: None) -> None:
    signed_in(client, "adv.sarsen")
    response = client.post(f"/sheets/{CODE}/", {"r1-s25001": "70", "r2-s25001": "80"}, follow=True)
    assert b"Saved." in response.content
    saved = Result.objects.filter(discipline__code="DB2201").values_list("student__user__username", "r1",
                                                                         "r2")
    assert list(saved) == [("s25001", 70, 80)]
    page = page_of(response)
    assert dict(control(page, "r1-s25001")[0].attributes)["value"] == "70"


def test_sheet_post_refused_names_the_incomplete_rows_and_saves_nothing(client: Any, enrolled: None,
                                                                        user: Any, clock: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 60, "r2": 70, "coursework_submitted": True}])
    signed_in(client, "adv.sarsen")
    before = writes(Result, SheetEntry, GradeSheet)
    # the instructor changes s25001's exam and posts at once; s25002 has no exam score and no outcome
    response = client.post(f"/sheets/{CODE}/post", {
        "r1-s25001": "70", "r2-s25001": "80", "exam-s25001": "65", "coursework-s25001": "on",
        "r1-s25002": "60", "r2-s25002": "70", "coursework-s25002": "on", "post": ""})
    page = page_of(response)
    assert response.status_code == 200
    assert "no exam score and no outcome" in beside(page, "exam-s25002")
    assert "no exam score" not in beside(page, "exam-s25001")
    assert "The sheet is not posted; nothing was saved." in visible_text(page)
    assert GradeSheet.objects.get(section__code=CODE).posted_at is None
    # the 65 typed was not saved
    assert Result.objects.get(student__user__username="s25001", discipline__code="DB2201").exam == 60
    assert writes(Result, SheetEntry, GradeSheet) == before


def test_sheet_upload_refused_row_by_row_beside_the_file(client: Any, enrolled: None) -> None:
    signed_in(client, "adv.sarsen")
    before = writes(Result, SheetEntry)
    text = "student,r1,r2,exam\ns25001,80,abc,70\ns25002,101,50,\n"
    response = client.post(f"/sheets/{CODE}/import", {"file": SimpleUploadedFile("marks.csv", text.encode())})
    around = beside(page_of(response), "file")
    assert "row 2, r2: a number from 0 to 100" in around  # "abc"
    assert "row 3, r1: a number from 0 to 100" in around  # 101
    assert writes(Result, SheetEntry) == before

    response = client.post(f"/sheets/{CODE}/import", {})
    assert "This field is required." in beside(page_of(response), "file")


# --- the student: appeal, FX retake ---------------------------------------------------------------------


def test_appeal_refused_beside_the_reason(client: Any, fx_sheet: Result, clock: Any) -> None:
    clock.return_value = at(2026, 12, 24, 15)
    signed_in(client, "s25001")
    before = writes(Appeal)
    response = client.post(f"/results/{fx_sheet.pk}/appeal", {"reason": "  "})
    page = page_of(response)
    assert "This field is required." in beside(page, "reason")
    assert writes(Appeal) == before

    # the page was opened before 13:00; the appeal arrives after it (GR-13)
    clock.return_value = at(2026, 12, 25, 13, 1)
    response = client.post(f"/results/{fx_sheet.pk}/appeal", {"reason": "Question 3 was marked wrong"})
    row = row_text(page_of(response), "data-result", str(fx_sheet.pk))
    assert "The appeal window is closed (GR-13)." in row
    assert writes(Appeal) == before


def test_fx_retake_refused_in_its_row(client: Any, fx_sheet: Result, clock: Any) -> None:
    clock.return_value = at(2027, 1, 14)  # the retake deadline was 13 Jan 2027 (GR-9, 10 working days)
    signed_in(client, "s25001")
    before = writes(RetakeApplication)
    response = client.post(f"/results/{fx_sheet.pk}/retake", {})
    assert ("Only an FX can be retaken, once, until 13.01.2027 (GR-9)."
            in row_text(page_of(response), "data-result", str(fx_sheet.pk)))
    assert writes(RetakeApplication) == before


# --- the registrar's office and the appeals commission ------------------------------------------------


def test_retake_schedule_and_grade_refused_beside_their_fields(client: Any, fx_sheet: Result, user: Any,
                                                                clock: Any) -> None:
    application = services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    signed_in(client, "reg.office")
    before = writes(RetakeApplication, Result)
    url = f"/retakes/{application.pk}/schedule"
    assert "Enter a valid date/time." in beside(page_of(client.post(url, {"at": "soon"})), "at")
    response = client.post(url, {"at": "2027-01-14T10:00"})
    assert "the retake must be held by 13.01.2027 (GR-9)" in beside(page_of(response), "at")
    assert writes(RetakeApplication, Result) == before
    assert RetakeApplication.objects.get().status == RetakeApplication.Status.APPLIED

    services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 8))
    before = writes(RetakeApplication, Result)
    response = client.post(f"/retakes/{application.pk}/grade", {"exam": "101"})
    assert "Ensure this value is less than or equal to 100." in beside(page_of(response), "exam")
    assert writes(RetakeApplication, Result) == before
    assert Result.objects.get(pk=fx_sheet.pk).exam == 40


def test_appeal_decision_refused_beside_points(client: Any, fx_sheet: Result, user: Any, clock: Any) -> None:
    appeal = services.appeal_file(actor=user("s25001"), section_code=CODE, student_username="s25001",
                                  reason="re-check", now=at(2026, 12, 24, 15))
    signed_in(client, "appeals.chair")
    before = writes(Appeal, Result)
    url = f"/appeals/{appeal.pk}/decision"
    response = client.post(url, {"decision": "granted", "points_added": "0", "reason": "re-marked"})
    assert "a granted appeal adds at least one point" in beside(page_of(response), "points_added")
    response = client.post(url, {"decision": "granted", "points_added": "5"})
    assert "This field is required." in beside(page_of(response), "reason")
    assert writes(Appeal, Result) == before
    assert Appeal.objects.get().status == Appeal.Status.FILED
    assert Result.objects.get(pk=fx_sheet.pk).exam == 40


@pytest.fixture
def session_just_ended(university: Any) -> dict[str, Result]:
    """2025-F's session ended two days ago: s25002 did not appear, s25101 reached a rating of 35."""
    from django.utils import timezone

    today = timezone.localdate()
    AcademicPeriod.objects.filter(code="2025-F").update(exam_session_starts=today - timedelta(days=14),
                                                        exam_session_ends=today - timedelta(days=2),
                                                        ends=today - timedelta(days=2))
    period, prg = AcademicPeriod.objects.get(code="2025-F"), Discipline.objects.get(code="PRG1101")

    def result(username: str, **marks: Any) -> Result:
        return Result.objects.create(student=Student.objects.get(user__username=username), discipline=prg,
                                     period=period, **marks)

    return {"no_show": result("s25002", r1=60, r2=64, outcome="no_show"),
            "below_admission": result("s25101", r1=30, r2=40)}


def test_additional_period_refusals_in_their_rows(client: Any, session_just_ended: dict[str, Result],
                                                  user: Any) -> None:
    from django.utils import timezone

    signed_in(client, "reg.office")
    below = session_just_ended["below_admission"]
    before = writes(AdditionalExam, Result)
    # a stale page: the result is of the other category (GR-15)
    response = client.post(f"/additional-period/results/{below.pk}/admit", {"category": "did_not_appear"})
    row = row_text(page_of(response), "data-result", str(below.pk))
    assert "The result is not of this category (GR-15)." in row
    assert writes(AdditionalExam, Result) == before

    no_show = session_just_ended["no_show"]
    opened = services.additional_exam_open(actor=user("reg.office"), result_id=no_show.pk,
                                           category="did_not_appear", now=timezone.now())
    before = writes(AdditionalExam, Result)
    response = client.post(f"/additional-period/exams/{opened.pk}/record", {"exam": ""})
    assert "This field is required." in beside(page_of(response), "exam")
    assert writes(AdditionalExam, Result) == before
    assert AdditionalExam.objects.get(pk=opened.pk).recorded_at is None


# --- the dean's office -----------------------------------------------------------------------------


def test_session_extension_refused_beside_each_field(client: Any, university: Any) -> None:
    signed_in(client, "dean.sdt")
    before = writes(SessionExtension)
    session_ends = AcademicPeriod.objects.get(code="2026-F").exam_session_ends
    assert session_ends == date(2026, 12, 26)
    too_late = (session_ends + timedelta(days=22)).isoformat()  # three weeks is 21 days (GR-15)
    page = page_of(client.post("/session-extensions/", {"student": "s25001", "period": "2026-F",
                                                        "extended_to": too_late, "reason": "illness"}))
    assert "after 26.12.2026 and at most three weeks after it (GR-15)" in beside(page, "extended_to")
    page = page_of(client.post("/session-extensions/", {"student": "s25001", "period": "2026-F",
                                                        "extended_to": "2027-01-05", "reason": ""}))
    assert "This field is required." in beside(page, "reason")
    page = page_of(client.post("/session-extensions/", {"student": "s25101", "period": "2026-F",
                                                        "extended_to": "2027-01-05", "reason": "illness"}))
    assert "There is no such student among yours." in beside(page, "student")  # s25101 studies at SEM
    assert writes(SessionExtension) == before


def test_dean_admission_order_refused_beside_the_basis(client: Any, enrolled: None, user: Any) -> None:
    # GR-3: 16 of 30 classes missed — more than half
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "classes_held": 30, "absences": 16}])
    result = Result.objects.get(student__user__username="s25001", discipline__code="DB2201")
    signed_in(client, "dean.sdt")
    listed = client.get("/admission-by-order/")
    assert "Әлиев Нұрлан Серікұлы" in row_text(page_of(listed), "data-result", str(result.pk))
    before = writes(SheetEntry)
    response = client.post(f"/admission-by-order/{result.pk}", {"basis": ""})
    assert "This field is required." in beside(page_of(response), "basis")
    assert writes(SheetEntry) == before
    assert SheetEntry.objects.get(result=result).dean_admission_basis == ""



def test_entering_an_appeal_twice_is_refused_and_changes_nothing(client: Any, fx_sheet: Result, user: Any,
                                                                  clock: Any) -> None:
    """GR-14: the registrar's office enters a granted appeal once; a second click from a stale page is
    refused, said at the top of the page (the appeal has left the queue), and the score stays."""
    appeal = services.appeal_file(actor=user("s25001"), section_code=CODE, student_username="s25001",
                                  reason="re-check", now=at(2026, 12, 24, 15))
    services.appeal_decide(actor=user("appeals.chair"), appeal_id=appeal.pk, decision="granted",
                           points_added=5, reason="question 3 re-marked", now=at(2026, 12, 25, 10))
    clock.return_value = at(2026, 12, 25, 11)
    signed_in(client, "reg.office")
    queue = page_of(client.get("/appeals/to-enter/"))
    assert "40 → 45" in row_text(queue, "data-appeal", str(appeal.pk))  # 40 + 5 (GR-14)
    services.appeal_enter(actor=user("reg.office"), appeal_id=appeal.pk, now=at(2026, 12, 25, 11))
    before = writes(Appeal, Result)
    response = client.post(f"/appeals/{appeal.pk}/enter", {})
    assert "This appeal is already entered." in visible_text(page_of(response))
    assert writes(Appeal, Result) == before
    assert Result.objects.get(pk=fx_sheet.pk).exam == 45


def test_a_retake_sheet_is_not_posted_before_its_exam(client: Any, fx_sheet: Result, user: Any,
                                                      clock: Any) -> None:
    """GR-12: a sheet is posted once its exam has been held — the retake sheet of 8 January not on the 7th."""
    application = services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 8))
    services.retake_grade(actor=user("reg.office"), application_id=application.pk, exam=70,
                          now=at(2027, 1, 8, 15))
    sheet = GradeSheet.objects.get(sitting=GradeSheet.Sitting.FX_RETAKE)
    clock.return_value = at(2027, 1, 7, 16)
    signed_in(client, "reg.office")
    before = writes(GradeSheet, Result)
    page = page_of(client.post(f"/attempt-sheets/{sheet.pk}/post", {}))
    assert "the exam of 08.01.2027 has not been held yet" in visible_text(page)
    assert "The sheet is not posted." in visible_text(page)
    assert writes(GradeSheet, Result) == before
    assert GradeSheet.objects.get(pk=sheet.pk).posted_at is None
