"""AD-2 … AD-18 as data: a new campaign's minimum from its date, the conversion scale, quotas and the
priority order — edited by admissions staff, audited, never a code change."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from admissions import selectors, services
from admissions.models import Applicant, NationalPriority, Threshold
from admissions.tests.conftest import NOW, applicant
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_the_policys_values_are_seeded(university: Any) -> None:
    rules = selectors.Rules()
    assert rules.thresholds("bachelor", date(2026, 7, 1)) == {
        "unt_total": Decimal(50), "unt_subject": Decimal(5), "creative_exam": Decimal(5)}
    assert rules.thresholds("phd", date(2026, 7, 1))["entrance_exam"] == Decimal(75)
    assert rules.thresholds("doctorate_profile", date(2026, 7, 1))["entrance_exam_max"] == Decimal(80)
    assert rules.priority_order == ("altyn_belgi", "patriot_badge", "tvet_with_work", "olympiad_winner",
                                    "social_category")
    assert Threshold.objects.values("track").distinct().count() == 10
    # before the first campaign on record, its values (never no minimum at all)
    assert rules.thresholds("bachelor", date(2020, 1, 1))["unt_total"] == Decimal(50)


def test_a_new_campaigns_minimum_applies_to_its_applicants_only(university: Any, officer: Any,
                                                                save: Any) -> None:
    earlier = save(applicant("A26-0001", unt={"total": 55}))
    services.threshold_set(actor=officer, track="bachelor", requirement="unt_total", value=Decimal(60),
                           effective_from=date(2026, 7, 16), reason="Order No. 1 of 2026")
    later_day = NOW + timedelta(days=2)
    later, _new = services.applicant_save(actor=officer, data=applicant("A26-0002", unt={"total": 55}),
                                          now=later_day)
    today = date(2026, 7, 20)
    assert selectors.eligibility_of(earlier, today=today).paid.eligible  # applied under the 50-point minimum
    assert selectors.eligibility_of(later, today=today).paid.reasons == ("unt_total_below",)
    record = AuditRecord.objects.get(action="admission_threshold.set")
    assert record.reason == "Order No. 1 of 2026" and record.after["value"] == "60"


def test_a_threshold_the_track_does_not_use_is_refused(university: Any, officer: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.threshold_set(actor=officer, track="bachelor", requirement="kt_total", value=Decimal(1),
                               effective_from=date(2026, 1, 1), reason="")
    assert [p.path for p in refused.value.problems] == ["requirement", "reason"]


def test_the_conversion_scale_is_data(university: Any, officer: Any) -> None:
    """AD-4: until the scale has a row, a SAT converts to nothing; the staff enter one (made-up values)."""
    record = applicant("A26-0010", unt=None, international_certificate={"kind": "SAT", "score": 1400})
    saved = services.applicant_save(actor=officer, data=record, now=NOW)[0]
    assert selectors.eligibility_of(saved, today=date(2026, 7, 15)).score is None
    services.conversion_row_set(actor=officer, certificate="SAT", minimum=Decimal(1300), points=110,
                                counts_as="total", effective_from=date(2026, 1, 1), reason="national scale")
    result = selectors.eligibility_of(Applicant.objects.get(number="A26-0010"), today=date(2026, 7, 15))
    assert result.score == 110 and result.paid.eligible


def test_quotas_and_the_priority_order(university: Any, officer: Any, save: Any) -> None:
    services.quota_set(actor=officer, category="rural_youth", intake_year=2026, percent=Decimal(50),
                       reason="Ministerial order")
    with pytest.raises(ValidationFailed):
        services.quota_set(actor=officer, category="kandas", intake_year=2026, percent=Decimal(51),
                           reason="would pass 100%")
    services.priority_order_set(actor=officer, reason="verified", order=[
        "patriot_badge", "altyn_belgi", "tvet_with_work", "olympiad_winner", "social_category"])
    first_two = list(NationalPriority.objects.values_list("code", flat=True)[:2])
    assert first_two == ["patriot_badge", "altyn_belgi"]
    # 2 grants, rural youth 50% = 1 seat: the rural applicant ranked 3rd takes it; the badge now ranks first
    save(applicant("A26-0001", unt={"total": 100}, priorities=["altyn_belgi"]))
    save(applicant("A26-0002", unt={"total": 100}, priorities=["patriot_badge"]))
    save(applicant("A26-0003", unt={"total": 90}, quota_categories=["rural_youth"]))
    run = services.competition_run_now(actor=officer, now=NOW, code="G", program_group="B071",
                                       track="bachelor", grants=2, intake_year=2026)
    assert [(e["applicant"], e["awarded"], e["via"]) for e in run.ranking] == [
        ("A26-0002", True, "general"), ("A26-0001", False, ""), ("A26-0003", True, "rural_youth")]
    assert run.inputs["quotas"] == [{"category": "rural_youth", "percent": "50.00"}]


@pytest.mark.parametrize("who", ["reg.office", "s25001", "dean.sdt"])
def test_only_admissions_staff_edit_the_rules(university: Any, user: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.threshold_set(actor=user(who), track="bachelor", requirement="unt_total", value=Decimal(1),
                               effective_from=date(2026, 1, 1), reason="x")
    with pytest.raises(PermissionDenied):
        services.quota_set(actor=user(who), category="kandas", intake_year=2026, percent=Decimal(1),
                           reason="x")
