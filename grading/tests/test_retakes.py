"""GR-9 / GR-10 through the services and API: apply, schedule, grade, debts, notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.core import mail

from ektu_portal.academics.models import Result
from grading import services
from grading.models import AcademicDebt, RetakeApplication
from grading.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_fx_retake_from_application_to_grade(fx_sheet: Result, user: Any) -> None:
    application = services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    assert application.deadline == date(2027, 1, 13)  # 10 working days after Sat 26 Dec (CR-5)
    with pytest.raises(services.ValidationFailed):  # after the deadline
        services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 14))
    with pytest.raises(services.PermissionDenied):
        services.retake_schedule(actor=user("adv.sarsen"), application_id=application.pk, at=at(2027, 1, 8))
    services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 8))
    done = services.retake_grade(actor=user("reg.office"), application_id=application.pk, exam=70,
                                 now=at(2027, 1, 8, 15))
    # the retake is a new attempt with the same ratings: 0.6 × 50 + 0.4 × 70 = 58 → D+
    assert (done.exam_before, done.exam_after, done.letter_after) == (40, 70, "D+")
    fx_sheet.refresh_from_db()
    assert (fx_sheet.exam, done.attempt.attempt, done.attempt.exam) == (40, 2, 70)
    # the retake passed, so nothing of s25001 becomes a debt; the student not admitted does (GR-10)
    assert services.register_academic_debts(now=at(2027, 1, 14)) == 1
    assert AcademicDebt.objects.get().result.student.user.username == "s25002"


@pytest.mark.parametrize(("who", "when", "refused"), [
    ("s25001", at(2027, 1, 14), services.RetakeRefused),     # the day after the deadline
    ("s25002", at(2026, 12, 28), services.NotFound),          # somebody else's result
])
def test_retake_refusals(fx_sheet: Result, user: Any, who: str, when: datetime, refused: type) -> None:
    with pytest.raises(refused):
        services.retake_apply(actor=user(who), result_id=fx_sheet.pk, now=when)
    assert not RetakeApplication.objects.exists()


def test_only_once(fx_sheet: Result, user: Any) -> None:
    services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    with pytest.raises(services.RetakeRefused):
        services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 29))


def test_missed_retake_window_makes_debts_once_and_tells_students(
        fx_sheet: Result, django_capture_on_commit_callbacks: Any) -> None:
    assert services.register_academic_debts(now=at(2027, 1, 13)) == 0  # still inside the window
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.register_academic_debts(now=at(2027, 2, 1)) == 2  # a job that was down catches up
    assert services.register_academic_debts(now=at(2027, 2, 2)) == 0      # and never twice
    reasons = dict(AcademicDebt.objects.values_list("result__student__user__username", "reason"))
    assert reasons == {"s25001": "FX retake window passed", "s25002": "not cleared in the additional period"}
    assert len(callbacks) == 2  # the e-mail notices, and telling the apps above grading (RG-3)
    from grading.signals import academic_debts_registered

    told: list[list[int]] = []
    academic_debts_registered.connect(lambda sender, student_ids, **_: told.append(student_ids),
                                      dispatch_uid="test-spy", weak=False)
    try:
        callbacks[1]()
    finally:
        academic_debts_registered.disconnect(dispatch_uid="test-spy")
    assert told == [sorted(AcademicDebt.objects.values_list("result__student_id", flat=True))]
    from grading.notifications import send_debt_notices

    assert send_debt_notices(list(AcademicDebt.objects.values_list("pk", flat=True))) == 2
    assert {tuple(m.to) for m in mail.outbox} == {("s25001@ektu.kz", "g.sarsenova@example.edu"),
                                                  ("s25002@ektu.kz", "adv.other@ektu.kz")}
    assert "DB2201" in mail.outbox[0].body


def test_api_retake_flow(api: Any, fx_sheet: Result) -> None:
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 28)):
        response = api("s25001").post("/api/v1/retakes", {"result": fx_sheet.pk}, format="json")
    assert response.status_code == 201, response.content
    application = response.json()["id"]
    assert api("s25001").post(f"/api/v1/retakes/{application}/schedule", {"at": "2027-01-08T10:00"},
                              format="json").status_code == 403
    response = api("reg.office").post(f"/api/v1/retakes/{application}/schedule", {"at": "not a date"},
                                      format="json")
    assert (response.status_code, response.json()["problems"][0]["path"]) == (422, "at")
    assert api("reg.office").post(f"/api/v1/retakes/{application}/schedule", {"at": "2027-01-08T10:00"},
                                  format="json").status_code == 200
    response = api("reg.office").post(f"/api/v1/retakes/{application}/grade", {"exam": 101}, format="json")
    assert response.status_code == 422
    response = api("reg.office").post(f"/api/v1/retakes/{application}/grade", {"exam": 75}, format="json")
    assert (response.status_code, response.json()["letter_after"]) == (200, "C-")  # 30 + 30 = 60


def test_a_period_another_worker_swept_meanwhile_is_left_to_it(fx_sheet: Result) -> None:
    """Two sweeps at once (beat's debt job and the progression job both call it): the second to write a
    period's sweep row fails on its uniqueness, rolls back its own debts, and moves on — no error, no
    double debt."""
    from unittest import mock

    from grading.models import DebtSweep
    from grading.selectors import entries_for

    def the_other_worker_first(results: Any) -> Any:
        if results and results[0].period_id == fx_sheet.period_id:  # its sweep row, just before ours
            services._register_period_debts(fx_sheet.period, {}, {}, None, at(2027, 2, 1))
        return entries_for(results)

    with mock.patch("grading.selectors.entries_for", side_effect=the_other_worker_first):
        services.register_academic_debts(now=at(2027, 2, 1))
    assert DebtSweep.objects.filter(period=fx_sheet.period).count() == 1
    assert not AcademicDebt.objects.filter(result__period=fx_sheet.period).exists()
