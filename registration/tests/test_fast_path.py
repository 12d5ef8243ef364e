"""Issue 15: registration day's quick enrolment answers exactly as the service does.

Each scenario is run twice from the same database state: through ``services.enrollment_create`` and,
after rolling back, through ``services.enrollment_create_fast`` with empty caches. The answer (status,
or problem code with every reason) and everything written (enrolments, seats, audit records, the study
plan) must be the same. Where the quick path is expected to decide by itself, the service is made
unreachable, so a quiet fallback cannot make the comparison pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline, Enrollment, Result, Section, Student
from ektu_portal.accounts.models import User
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import DomainError
from registration import cache, services
from registration.models import CreditLimit, StudyPlan

pytestmark = pytest.mark.django_db
DB = "DB2201-2026F-01"
WEB = "WEB2202-2026F-01"
ML = "ML2203-2026F-01"
ML_SPRING = "ML2203-2027S-01"


def student(username: str = "s25001") -> Student:
    return Student.objects.get(user__username=username)


def open_fall() -> None:
    now = timezone.now()
    AcademicPeriod.objects.filter(code="2026-F").update(registration_opens=now - timedelta(days=1),
                                                        registration_closes=now + timedelta(days=7))


def passed(username: str, discipline: str, period: str = "2025-F", exam: int = 80) -> None:
    Result.objects.create(student=student(username), period=AcademicPeriod.objects.get(code=period),
                          discipline=Discipline.objects.get(code=discipline), r1=80, r2=80, exam=exam)


def enrolled(username: str, section: str, status: str = "enrolled") -> None:
    Enrollment.objects.create(section=Section.objects.get(code=section), student=student(username),
                              status=status)
    if status == "enrolled":
        Section.objects.filter(code=section).update(taken=1)


def full(section: str) -> None:
    Section.objects.filter(code=section).update(capacity=1, taken=1)
    passed("s25002", "PRG1101")
    Enrollment.objects.create(section=Section.objects.get(code=section), student=student("s25002"))


def studying_db_in_fall() -> None:
    """RG-3: s25001 studies DB2201 in 2026-F (no grade yet); spring 2027's registration is open."""
    enrolled("s25001", DB)
    spring = AcademicPeriod.objects.create(
        code="2027-S", kind="semester", academic_year="2026-2027", starts=date(2027, 1, 18),
        ends=date(2027, 5, 29), registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=7))
    Section.objects.create(code=ML_SPRING, discipline=Discipline.objects.get(code="ML2203"), period=spring,
                           capacity=20)


def dropped_before() -> None:
    open_fall()
    services.enrollment_create(actor=User.objects.get(username="s25001"), section_code=DB, now=timezone.now())
    enrollment = Enrollment.objects.get(section__code=DB)
    services.enrollment_drop(actor=User.objects.get(username="s25001"), enrollment_id=enrollment.pk,
                             now=timezone.now())


def submitted_plan() -> None:
    open_fall()
    enrolled("s25001", DB)
    StudyPlan.objects.create(student=student(), period=AcademicPeriod.objects.get(code="2026-F"),
                             status="submitted", version=1)


def on_leave() -> None:
    open_fall()
    Student.objects.filter(user__username="s25001").update(status="academic_leave")


def limit_of_eight() -> None:
    open_fall()
    CreditLimit.objects.create(period=AcademicPeriod.objects.get(code="2026-F"), max_credits=8)
    enrolled("s25001", DB)


def web_taken() -> None:
    open_fall()
    enrolled("s25001", DB)
    enrolled("s25001", WEB)


# (name, setup, actor, section, waitlist, the quick path decides by itself)
SCENARIOS: list[tuple[str, Callable[[], None], str, str, bool, bool]] = [
    ("enrolled", open_fall, "s25001", DB, True, True),
    ("waitlisted", lambda: (open_fall(), full(DB)), "s25001", DB, True, True),
    ("section_full", lambda: (open_fall(), full(DB)), "s25001", DB, False, True),
    ("already_enrolled", lambda: (open_fall(), enrolled("s25001", DB)), "s25001", DB, True, True),
    ("already_enrolled on the wait list", lambda: (open_fall(), enrolled("s25001", DB, "waitlisted")),
     "s25001", DB, True, True),
    ("credit_limit", limit_of_eight, "s25001", WEB, True, True),
    ("prerequisite_missing", open_fall, "s25001", ML, True, True),
    ("RG-3: a prerequisite in progress counts", studying_db_in_fall, "s25001", ML_SPRING, True, True),
    ("not_in_plan", lambda: (open_fall(), passed("s25101", "PRG1101")), "s25101", DB, True, True),
    ("registration_closed", lambda: None, "s25001", DB, True, True),
    ("already_passed", lambda: (open_fall(), passed("s25001", "DB2201", "2025-F")), "s25001", DB, True, True),
    ("elective_group_complete", web_taken, "s25001", ML, True, True),
    ("student_not_active", on_leave, "s25001", DB, True, True),
    ("back after a drop", dropped_before, "s25001", DB, True, True),
    ("a submitted plan goes back to a draft (RG-6)", submitted_plan, "s25001", WEB, True, False),
    ("no such section", open_fall, "s25001", "NO-SUCH", True, False),
    ("the registrar's office for a student", open_fall, "reg.office", DB, True, False),
    ("not a student", open_fall, "adv.sarsen", DB, True, False),
]


def answer(call: Callable[[], Enrollment]) -> tuple[Any, ...]:
    try:
        enrollment = call()
    except DomainError as error:
        return error.status, error.code, tuple(error.extra.get("reasons", ()))
    return 201, enrollment.status, enrollment.section.code, enrollment.student.user.username


def written(since: int) -> dict[str, Any]:
    """Everything an enrolment may write, without ids and clocks."""
    return {
        "enrolments": sorted(Enrollment.objects.values_list("section__code", "student__user__username",
                                                            "status")),
        "seats": sorted(Section.objects.values_list("code", "taken")),
        "audit": [(r.action, r.actor_username, r.object_repr, r.before, r.after, r.reason)
                  for r in AuditRecord.objects.filter(pk__gt=since).order_by("id")],
        "plans": sorted(StudyPlan.objects.values_list("student__user__username", "status")),
    }


@pytest.mark.parametrize(("name", "setup", "actor", "section", "waitlist", "quick"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_the_quick_path_answers_as_the_service(
        name: str, setup: Callable[[], None], actor: str, section: str, waitlist: bool, quick: bool,
        university: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    setup()
    who = "s25001" if actor == "reg.office" else None
    acting = User.objects.get(username=actor)
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    now = timezone.now()

    savepoint = transaction.savepoint()
    by_service = answer(lambda: services.enrollment_create(actor=acting, section_code=section, now=now,
                                                           student_username=who, waitlist=waitlist))
    service_wrote = written(since)
    transaction.savepoint_rollback(savepoint)

    from django.core.cache import cache as django_cache

    django_cache.clear()
    if quick:  # the quick path must decide by itself here
        monkeypatch.setattr(services, "enrollment_create", lambda **_: pytest.fail("took the full path"))
    by_quick_path = answer(lambda: services.enrollment_create_fast(
        actor=acting, section_code=section, now=now, student_username=who, waitlist=waitlist))
    assert by_quick_path == by_service
    assert written(since) == service_wrote


def test_every_refusal_code_is_among_the_scenarios() -> None:
    from registration.policy.eligibility import REASON_ORDER

    names = " ".join(s[0] for s in SCENARIOS)
    assert all(code in names for code in REASON_ORDER)


# --- the cache follows every change, however it is written ---------------------------------------


def enrol_quickly(actor: User, section: str) -> str:
    return services.enrollment_create_fast(actor=actor, section_code=section, now=timezone.now()).status


def test_a_result_changed_behind_the_cache_is_seen(university: Any) -> None:
    """s25001's B- in PRG1101 is cached (WEB2202 open); a bulk update turns it into an F (no signal, no
    save): the next enrolment sees the missing prerequisite, as the service would (RG-3)."""
    open_fall()
    actor = User.objects.get(username="s25001")
    assert enrol_quickly(actor, DB) == "enrolled"
    Result.objects.filter(student__user__username="s25001", discipline__code="PRG1101").update(exam=10, r1=10,
                                                                                              r2=10)
    with pytest.raises(DomainError) as refused:
        services.enrollment_create_fast(actor=actor, section_code=WEB, now=timezone.now())
    assert refused.value.code == "prerequisite_missing"


def test_a_credit_limit_changed_behind_the_cache_is_seen(university: Any) -> None:
    open_fall()
    actor = User.objects.get(username="s25001")
    assert enrol_quickly(actor, DB) == "enrolled"
    CreditLimit.objects.bulk_create([CreditLimit(period=AcademicPeriod.objects.get(code="2026-F"),
                                                 max_credits=5)])
    with pytest.raises(DomainError) as refused:
        services.enrollment_create_fast(actor=actor, section_code=WEB, now=timezone.now())
    assert refused.value.code == "credit_limit"
    assert Enrollment.objects.filter(section__code=WEB).count() == 0


def test_a_window_closed_behind_the_cache_is_seen(university: Any) -> None:
    open_fall()
    actor = User.objects.get(username="s25001")
    assert enrol_quickly(actor, DB) == "enrolled"
    an_hour_ago = timezone.now() - timedelta(hours=1)
    AcademicPeriod.objects.filter(code="2026-F").update(registration_closes=an_hour_ago,
                                                        drop_off_closes=an_hour_ago)
    with pytest.raises(DomainError) as refused:
        services.enrollment_create_fast(actor=actor, section_code=WEB, now=timezone.now())
    assert refused.value.code == "registration_closed"


def test_enrolments_keep_the_cache_exact(university: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """After each quick enrolment the cached facts are the database's: the next one decides by itself
    (the service unreachable) and refuses the second alternative of group E3-1 (CR-4)."""
    open_fall()
    actor = User.objects.get(username="s25001")
    monkeypatch.setattr(services, "enrollment_create", lambda **_: pytest.fail("took the full path"))
    assert enrol_quickly(actor, DB) == "enrolled"
    assert enrol_quickly(actor, WEB) == "enrolled"
    with pytest.raises(DomainError) as refused:
        services.enrollment_create_fast(actor=actor, section_code=ML, now=timezone.now())
    # ML2203 needs DB2201, enrolled only now (RG-3); group E3-1 asks 5 credits and WEB2202 has them.
    assert refused.value.extra["reasons"] == ["prerequisite_missing", "elective_group_complete"]
    assert Section.objects.get(code=DB).taken == 1 and Section.objects.get(code=WEB).taken == 1


# --- the offer from the caches is the offer ----------------------------------------------------------


@pytest.mark.parametrize("setup", [open_fall, web_taken, limit_of_eight, lambda: (open_fall(), full(DB)),
                                   studying_db_in_fall, submitted_plan, lambda: None])
def test_the_cached_offer_is_the_offer(setup: Callable[[], None], university: Any) -> None:
    from registration import selectors

    setup()
    now = timezone.now()
    user = User.objects.get(username="s25001")
    page = cache.offer_and_plan(user.pk, now)
    assert page is not None
    assert page.offer == selectors.offer(student(), now)
    if page.offer.period is not None:
        assert page.live == selectors.plan_sections(student(), page.offer.period)
        assert page.has_plan == StudyPlan.objects.filter(student=student(), period=page.offer.period).exists()
    Section.objects.filter(code=DB).update(taken=0)  # seats are read live, never from the cache
    assert cache.offer(user.pk, now) == selectors.offer(student(), now)


def test_the_offer_rows_read_as_the_generic_serializer_writes_them(university: Any) -> None:
    from rest_framework import serializers

    from registration import selectors
    from registration.api.serializers import OfferSectionSerializer

    web_taken()
    CreditLimit.objects.create(period=AcademicPeriod.objects.get(code="2026-F"), max_credits=9)
    rows = selectors.offer(student(), timezone.now()).sections
    assert rows
    fast = OfferSectionSerializer()
    for row in rows:
        assert fast.to_representation(row) == serializers.Serializer.to_representation(fast, row)


def test_grading_writes_move_the_numbers(university: Any) -> None:
    """What grading's transcript reads beside results (a sheet entry of a result; a sheet's posting) moves
    the student's version or everyone's generation, in the writing transaction."""
    from grading.models import GradeSheet, SheetEntry
    from registration.models import FactsGeneration, FactsVersion

    def numbers() -> tuple[int, int]:
        version = FactsVersion.objects.filter(student_id=student().pk).values_list("version", flat=True)
        return version.first() or 0, FactsGeneration.objects.get().generation

    version, generation = numbers()
    SheetEntry.objects.create(result=Result.objects.get(student=student(), discipline__code="PRG1101"),
                              absences=1)
    assert numbers()[0] != version and numbers()[1] == generation
    version = numbers()[0]
    GradeSheet.objects.create(section=Section.objects.get(code=DB),
                              discipline=Discipline.objects.get(code="DB2201"),
                              period=AcademicPeriod.objects.get(code="2026-F"))
    assert numbers()[0] == version and numbers()[1] != generation
