"""TR-10/TR-11: the progression list — drawn up once when the year's results are final (summer semester
included), catching up after downtime; reasons and debts; confirmation moves course years, a repeat-year
grant holder loses the grant; the repeat-year contract and expulsion for academic failure (GP-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail

from ektu_portal.academics.models import Student
from grading import services
from grading.models import GrantLoss, ProgressionLine, ProgressionRun
from grading.tests.conftest import at
from grading.tests.igpa_data import igpa_document

pytestmark = pytest.mark.django_db

YEAR = "2030-2031"  # deadline 25 August 2031; the next year's first period (IGN) begins 1 September 2031


def _user(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


@pytest.fixture
def year(db: Any) -> str:
    """s25001 (course year 2, state grant): A, B and an FX of the spring never retaken (a debt, GR-10),
    GPA (12 + 12 + 0.5 × 5) / 12 = 2.2083, its GPA block 0.8 × 0.5521 + 0.2 × 0.70 = 0.5817 — meets, owes
    IGC; s25101 (course year 3, state grant): SSCI 40 of 100 — under one half; s25002 (course year 2,
    paid): no result and no points; m25001 (master, course year 1 of 2): GPA 4.00."""
    from ektu_portal.academics.loading import load_university

    doc = igpa_document(YEAR)
    # 0.6 × 50 + 0.4 × 45 = 48 → FX, retake window passed: a debt
    doc["results"].append({"student": "s25001", "discipline": "IGC", "period": "IGS", "r1": 50, "r2": 50,
                           "exam": 45})
    for person in doc["people"]:
        person.setdefault("email", f"{person['username']}@edu.ektu.kz")
    load_university(doc, allow_passwords=True)
    registrar = _user("reg.office")
    now = at(2031, 6, 1)
    services.achievements_set(actor=registrar, username="s25001", academic_year=YEAR,
                              points={"ssci": 80, "research": 70}, now=now)
    services.achievements_set(actor=registrar, username="s25101", academic_year=YEAR,
                              points={"ssci": 40, "iros": 60}, now=now)
    return YEAR


def _lines() -> dict[str, ProgressionLine]:
    return {line.student.user.username: line
            for line in ProgressionLine.objects.select_related("student__user")}


def test_nothing_is_drawn_up_while_the_years_results_can_still_change(year: str) -> None:
    # the summer semester's FX retakes run 10 working days after its session (31 July): until mid-August
    assert services.progression_sweep(now=at(2031, 8, 1)) == 0
    assert not ProgressionRun.objects.exists()


def test_the_list_is_drawn_up_once_with_outcomes_reasons_and_debts(year: str) -> None:
    assert services.progression_sweep(now=at(2031, 8, 20)) == 4
    assert services.progression_sweep(now=at(2031, 8, 21)) == 0  # run again: nothing twice
    assert ProgressionRun.objects.count() == 1
    lines = _lines()
    assert set(lines) == {"s25001", "s25002", "s25101", "m25001"}
    assert (lines["s25001"].outcome, lines["s25001"].debts, lines["s25001"].reasons) == (
        "progress_with_debts", ["IGC"], [])
    assert (str(lines["s25001"].gpa), lines["s25001"].course_year) == ("2.21", 2)
    assert (lines["s25101"].outcome, lines["s25101"].reasons, lines["s25101"].loses_grant) == (
        "repeat_year", ["ssci_block_below_half"], True)
    assert (lines["s25002"].outcome, lines["s25002"].reasons, lines["s25002"].loses_grant) == (
        "repeat_year", ["results_missing", "achievements_missing"], False)  # paid: no grant to lose
    assert (lines["m25001"].outcome, lines["m25001"].igpa) == ("progress", None)  # no iGPA for a master


def test_a_job_that_was_down_on_the_deadline_catches_up(year: str) -> None:
    assert services.progression_sweep(now=at(2031, 8, 28)) == 4
    run = ProgressionRun.objects.get()
    assert (run.academic_year, run.deadline) == (YEAR, date(2031, 8, 25))
    assert _lines()["s25001"].course_year == 2  # the course years as they stood: nothing moved yet


def test_once_the_next_year_began_the_registrar_draws_it_up_by_hand(year: str) -> None:
    assert services.progression_sweep(now=at(2031, 9, 2)) == 0
    assert not ProgressionRun.objects.exists()
    run = services.progression_redraw(actor=_user("reg.office"), academic_year=YEAR, intake="autumn",
                                      now=at(2031, 9, 2))
    assert run.lines.count() == 4


def test_confirming_moves_course_years_and_a_grant_holder_who_repeats_loses_the_grant(
        year: str, django_capture_on_commit_callbacks: Any) -> None:
    from ektu_portal.audit.models import AuditRecord

    services.progression_sweep(now=at(2031, 8, 20))
    run = ProgressionRun.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.progression_confirm(actor=_user("reg.office"), run_id=run.pk, now=at(2031, 8, 21))
    students = {s.user.username: s for s in Student.objects.select_related("user")}
    assert {u: (s.course_year, s.funding) for u, s in students.items()} == {
        "s25001": (3, "state_grant"),  # progresses with its debt (TR-10: cleared on a paid basis)
        "m25001": (2, "state_grant"),
        "s25002": (2, "paid"),
        "s25101": (3, "paid"),  # repeats the year and loses the grant (TR-11)
    }
    loss = GrantLoss.objects.get()
    assert (loss.student.user.username, loss.funding_before, loss.funding_after) == ("s25101", "state_grant",
                                                                                    "paid")
    assert "TR-11" in loss.reason and YEAR in loss.basis
    assert AuditRecord.objects.filter(action="progression.apply").count() == 3  # two moved, one grant lost
    # told: who repeats the year and who owes debts
    queued = [c for c in callbacks if getattr(c, "func", None) is not None
              and c.func.__self__.name == "grading.notify_progression"]
    assert len(queued) == 1
    from grading.notifications_igpa import send_progression_notices

    assert send_progression_notices(*queued[0].args) == 3
    by_student = {m.to[0]: m.body for m in mail.outbox}
    assert "lose the grant" in by_student["s25101@edu.ektu.kz"]
    assert "IGC" in by_student["s25001@edu.ektu.kz"]
    # confirmed again: nothing moves twice
    services.progression_confirm(actor=_user("reg.office"), run_id=run.pk, now=at(2031, 8, 22))
    assert Student.objects.get(user__username="s25001").course_year == 3
    assert GrantLoss.objects.count() == 1


def test_the_course_year_the_igpa_reads_follows_the_confirmed_list(year: str) -> None:
    from grading.selectors import student_igpa

    services.progression_sweep(now=at(2031, 8, 20))
    services.progression_confirm(actor=_user("reg.office"), run_id=ProgressionRun.objects.get().pk,
                                 now=at(2031, 8, 21))
    student = Student.objects.select_related("user", "program").get(user__username="s25001")
    assert student_igpa(student, YEAR, today=date(2031, 8, 22)).course_year == 2
    assert student_igpa(student, "2031-2032", today=date(2031, 8, 22)).course_year == 3


def test_no_contract_by_the_deadline_lists_for_expulsion_and_the_registrar_confirms(year: str) -> None:
    from ektu_portal.audit.models import AuditRecord

    registrar = _user("reg.office")
    services.progression_sweep(now=at(2031, 8, 20))
    services.progression_confirm(actor=registrar, run_id=ProgressionRun.objects.get().pk, now=at(2031, 8, 21))
    lines = _lines()
    services.repeat_contract_record(actor=registrar, line_id=lines["s25101"].pk, signed_on=date(2031, 8, 24),
                                    now=at(2031, 8, 24))
    assert services.progression_sweep(now=at(2031, 8, 25)) == 0  # the deadline itself is still in time
    assert services.progression_sweep(now=at(2031, 8, 26)) == 1
    lines = _lines()
    assert lines["s25002"].expulsion_listed_at is not None
    assert lines["s25101"].expulsion_listed_at is None  # signed by the deadline
    with pytest.raises(services.ProgressionRefused):
        services.expulsion_confirm(actor=registrar, line_id=lines["s25101"].pk, now=at(2031, 8, 27))
    services.expulsion_confirm(actor=registrar, line_id=lines["s25002"].pk, now=at(2031, 8, 27))
    assert Student.objects.get(user__username="s25002").status == "expelled"
    record = AuditRecord.objects.get(action="student.expel")
    assert record.reason == "for academic failure (TR-11)"


def test_a_contract_signed_after_the_deadline_keeps_the_listing(year: str) -> None:
    registrar = _user("reg.office")
    services.progression_sweep(now=at(2031, 8, 20))
    services.progression_confirm(actor=registrar, run_id=ProgressionRun.objects.get().pk, now=at(2031, 8, 21))
    services.progression_sweep(now=at(2031, 8, 26))
    line = _lines()["s25002"]
    services.repeat_contract_record(actor=registrar, line_id=line.pk, signed_on=date(2031, 8, 27),
                                    now=at(2031, 8, 27))
    line.refresh_from_db()
    assert line.expulsion_listed_at is not None


def test_the_rectors_minimum_gpa_by_course_year(year: str) -> None:
    services.progression_conditions_set(actor=_user("reg.office"), academic_year=YEAR, order_number="412-П",
                                        order_date=date(2031, 6, 20), deadline=None, winter_deadline=None,
                                        minimum_gpa={2: "2.50"}, now=at(2031, 6, 21))
    services.progression_sweep(now=at(2031, 8, 20))
    line = _lines()["s25001"]  # GPA 2.21 < 2.50
    assert (line.outcome, line.reasons) == ("repeat_year", ["gpa_below_minimum"])
    assert ProgressionRun.objects.get().order_number == "412-П"


def test_a_confirmed_list_and_its_conditions_no_longer_change(year: str) -> None:
    registrar = _user("reg.office")
    services.progression_sweep(now=at(2031, 8, 20))
    services.progression_confirm(actor=registrar, run_id=ProgressionRun.objects.get().pk, now=at(2031, 8, 21))
    with pytest.raises(services.ProgressionRefused):
        services.progression_redraw(actor=registrar, academic_year=YEAR, intake="autumn", now=at(2031, 8, 22))
    with pytest.raises(services.ProgressionRefused):
        services.progression_conditions_set(actor=registrar, academic_year=YEAR, order_number="1",
                                            order_date=date(2031, 8, 1), deadline=None, winter_deadline=None,
                                            minimum_gpa={}, now=at(2031, 8, 22))


def test_winter_intake_progresses_by_15_january(year: str) -> None:
    services.winter_intake_set(actor=_user("reg.office"), username="m25001", winter=True, now=at(2030, 9, 1))
    assert services.progression_sweep(now=at(2031, 1, 16)) == 1
    run = ProgressionRun.objects.get()
    assert (run.intake, run.deadline) == ("winter", date(2031, 1, 15))
    assert list(_lines()) == ["m25001"]
    services.progression_sweep(now=at(2031, 8, 20))
    autumn = ProgressionRun.objects.get(intake="autumn")
    assert "m25001" not in set(autumn.lines.values_list("student__user__username", flat=True))


def test_only_the_registrars_office_runs_the_list(year: str) -> None:
    from ektu_portal.core.errors import NotFound, PermissionDenied

    services.progression_sweep(now=at(2031, 8, 20))
    run = ProgressionRun.objects.get()
    for who in ("s25001", "adv.sarsen", "dean.sdt"):
        with pytest.raises(NotFound):
            services.progression_confirm(actor=_user(who), run_id=run.pk, now=at(2031, 8, 21))
        with pytest.raises(PermissionDenied):
            services.progression_redraw(actor=_user(who), academic_year=YEAR, intake="autumn",
                                        now=at(2031, 8, 21))
    assert ProgressionRun.objects.get().confirmed_at is None
