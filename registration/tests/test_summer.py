"""GR-11, GR-18: the summer semester — a passed grade may be raised only here, at most 30 credits of
re-study, later semesters' disciplines for extra credits, paid per credit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline, Section
from registration.models import CreditLimit, CreditPrice
from registration.policy.eligibility import (
    ALREADY_PASSED,
    CREDIT_LIMIT,
    NOT_IN_PLAN,
    StudentFacts,
    reasons_against,
    summer_cost,
)
from registration.tests.test_eligibility import SECTION, STUDENT

IN_SUMMER = replace(STUDENT, summer=True, attempted={"DB2201", "PRG1101"})


@pytest.mark.parametrize(("student", "discipline", "limit_hit"), [
    # 25 credits of re-study taken + DB2201 (5, attempted before) = 30: allowed
    (replace(IN_SUMMER, enrolled_credits=25, restudy_credits=25), "DB2201", False),
    # 26 + 5 = 31 credits of re-study: over the 30 of GR-18
    (replace(IN_SUMMER, enrolled_credits=26, restudy_credits=26), "DB2201", True),
    # a new discipline of a later semester (extra credits) does not count against the 30 of re-study:
    # 26 + 5 = 31 ≤ the period's own limit of 36
    (replace(IN_SUMMER, enrolled_credits=26, restudy_credits=26), "OS4101", False),
    # but the period's own limit still holds: 32 + 5 = 37 > 36
    (replace(IN_SUMMER, enrolled_credits=32, restudy_credits=0), "OS4101", True),
])
def test_summer_caps_re_study_at_30_credits(student: StudentFacts, discipline: str, limit_hit: bool) -> None:
    section = replace(SECTION, discipline=discipline, prerequisites=[])
    assert (CREDIT_LIMIT in reasons_against(student, section, window_open=True, credit_limit=36)) is limit_hit


@pytest.mark.parametrize(("summer", "offered"), [(False, False), (True, True)])
def test_a_later_semester_discipline_is_taken_for_extra_credits_only_in_summer(summer: bool,
                                                                                offered: bool) -> None:
    later = replace(SECTION, discipline="OS4101", prerequisites=[])  # semester 7 of the plan; student in 3
    reasons = reasons_against(replace(STUDENT, summer=summer), later, window_open=True, credit_limit=36)
    assert (NOT_IN_PLAN not in reasons) is offered


@pytest.mark.parametrize(("credits", "price", "cost"), [(5, "15000", "75000.00"), (0, "15000", "0.00"),
                                                        (3, "12345.67", "37037.01"), (30, "0", "0.00")])
def test_summer_is_paid_per_credit(credits: int, price: str, cost: str) -> None:
    assert summer_cost(credits, Decimal(price)) == Decimal(cost)


@pytest.mark.parametrize("summer", [False, True])
def test_a_passed_discipline_is_re_studied_only_in_summer(summer: bool) -> None:
    passed = replace(SECTION, discipline="PRG1101", prerequisites=[])
    reasons = reasons_against(replace(STUDENT, summer=summer), passed, window_open=True, credit_limit=36)
    assert (ALREADY_PASSED in reasons) is not summer


@pytest.fixture
def summer(university: Any) -> AcademicPeriod:
    period = AcademicPeriod.objects.create(
        code="2027-S", kind="summer", academic_year="2026-2027", starts=date(2027, 6, 14),
        ends=date(2027, 8, 7), registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=5))
    Section.objects.create(code="PRG1101-2027S-01", discipline=Discipline.objects.get(code="PRG1101"),
                           period=period, capacity=20)
    CreditPrice.objects.create(period=period, price=Decimal("15000"))
    return period


@pytest.mark.django_db
def test_summer_offer_prices_and_raises_a_passed_grade(api: Any, summer: AcademicPeriod) -> None:
    configured = CreditLimit.objects.get(period__isnull=True).max_credits
    offer = api("s25001").get("/api/v1/registration/offer").json()
    assert (offer["period"], offer["summer"], offer["credit_limit"], offer["price_per_credit"]) == (
        "2027-S", True, configured, "15000.00")
    row = next(r for r in offer["sections"] if r["code"] == "PRG1101-2027S-01")
    assert (row["eligible"], row["passed"], row["price"]) == (True, True, "75000.00")  # GR-11
    response = api("s25001").post("/api/v1/registration/enrollments", {"section": "PRG1101-2027S-01"},
                                  format="json")
    assert response.status_code == 201
    assert api("s25001").get("/api/v1/registration/offer").json()["cost_taken"] == "75000.00"


@pytest.mark.django_db
def test_summer_page_shows_the_price(client: Any, summer: AcademicPeriod) -> None:
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/registration/").content.decode()
    assert "One credit costs 15000.00 ₸" in page and "75000.00 ₸" in page and "raise the grade" in page
