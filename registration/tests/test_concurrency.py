"""RG-9 under real concurrency: 50 students race for 10 seats on real PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import example_document
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import AcademicPeriod, Enrollment, Section
from ektu_portal.accounts.models import User
from registration import services

pytestmark = pytest.mark.django_db(transaction=True)


def racing_university(students: int) -> None:
    doc = example_document()
    doc["sections"][1]["capacity"] = 10
    for n in range(students):
        username = f"r{n:03d}"
        doc["people"].append({"username": username, "full_name": f"Жарысушы {n}", "roles": ["student"],
                              "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2,
                                          "funding": "paid"}})
        doc["results"].append({"student": username, "discipline": "PRG1101", "period": "2025-F",
                               "r1": 80, "r2": 80, "exam": 80})
    load_university(doc)
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() - timedelta(days=1)
    period.registration_closes = timezone.now() + timedelta(days=1)
    period.save()


def test_fifty_students_race_for_ten_seats() -> None:
    racing_university(50)
    users = list(User.objects.filter(username__regex=r"^r[0-9]{3}$").order_by("username"))
    start = threading.Barrier(len(users))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def race(user: User) -> None:
        try:
            start.wait()
            enrollment = services.enrollment_create(actor=user, section_code="DB2201-2026F-01",
                                                    now=timezone.now())
            outcome: Any = enrollment.status
        except Exception as error:  # noqa: BLE001 - the assertion below names any failure
            outcome = error
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=race, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(map(str, outcomes)) == ["enrolled"] * 10 + ["waitlisted"] * 40
    section = Section.objects.get(code="DB2201-2026F-01")
    assert section.taken == 10
    assert Enrollment.objects.filter(section=section, status="enrolled").count() == 10
    assert Enrollment.objects.filter(section=section, status="waitlisted").count() == 40
    # nothing else changed: no other section gained anyone
    assert Enrollment.objects.exclude(section=section).count() == 1  # the example's own past enrolment


def race(users: list[User], enrol: Any) -> list[Any]:
    """Everyone in ``users`` calls ``enrol(user, n)`` at the same instant; their outcomes (status, or the
    error's code)."""
    start = threading.Barrier(len(users))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(n: int, user: User) -> None:
        try:
            start.wait()
            outcome: Any = enrol(user, n).status
        except Exception as error:  # noqa: BLE001 - the assertions below name any failure
            outcome = getattr(error, "code", error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(n, u)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_the_quick_path_and_the_service_race_for_ten_seats() -> None:
    """RG-9 with both paths at once (issue 15): half the students take the quick path, half the service;
    still exactly ten seats, the other forty on the wait list, the counter as the rows say."""
    racing_university(50)
    users = list(User.objects.filter(username__regex=r"^r[0-9]{3}$").order_by("username"))

    def enrol(user: User, n: int) -> Any:
        create = services.enrollment_create_fast if n % 2 else services.enrollment_create
        return create(actor=user, section_code="DB2201-2026F-01", now=timezone.now())

    outcomes = race(users, enrol)
    assert sorted(map(str, outcomes)) == ["enrolled"] * 10 + ["waitlisted"] * 40
    section = Section.objects.get(code="DB2201-2026F-01")
    assert section.taken == 10
    assert Enrollment.objects.filter(section=section, status="enrolled").count() == 10


def test_one_student_racing_against_their_credit_limit() -> None:
    """A student sends both of their sections at the same instant with room for one (credit limit 5):
    the student's lock serializes the two, so one is taken and the other refused — never both."""
    from registration.models import CreditLimit

    racing_university(1)
    CreditLimit.objects.create(period=AcademicPeriod.objects.get(code="2026-F"), max_credits=5)
    user = User.objects.get(username="r000")
    sections = ["DB2201-2026F-01", "WEB2202-2026F-01"]

    def enrol(actor: User, n: int) -> Any:
        return services.enrollment_create_fast(actor=actor, section_code=sections[n], now=timezone.now())

    outcomes = race([user, user], enrol)
    assert sorted(map(str, outcomes)) == ["credit_limit", "enrolled"]
    assert Enrollment.objects.filter(student__user=user).count() == 1
