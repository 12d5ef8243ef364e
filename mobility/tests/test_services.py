"""Partners and their rules (MO-6, MO-6a), calls, applications with their eligibility (MO-1, MO-2)
and the selection commission's decision — checked, audited, and nothing written when refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from mobility import services
from mobility.models import Application, Partner, PartnerRule

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
SCALE = [{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}, {"grade": "4,0", "letter": "D"}]


@pytest.fixture
def call(user: Any) -> Any:
    """TalTech (international) for the autumn semester 2026-F, one place, closing 1 May 2026."""
    partner = services.partner_save(actor=user("mob.coord"), name="TalTech", country="Estonia",
                                    kind="international")
    return services.call_create(actor=user("mob.coord"), partner_id=partner.pk, period_code="2026-F",
                                places=1, closes_on=date(2026, 5, 1))


def test_a_coordinator_keeps_partners_and_every_change_is_audited(user: Any) -> None:
    partner = services.partner_save(actor=user("mob.coord"), name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_save(actor=user("mob.coord"), partner_id=partner.pk, name="TalTech", country="Estonia",
                          kind="international", active=False)
    records = AuditRecord.objects.filter(action="mobility.partner.save").order_by("pk")
    assert [(r.before, r.after["active"]) for r in records] == [
        (None, True),
        ({"name": "TalTech", "country": "Estonia", "kind": "international", "active": True}, False)]


def test_others_may_not_keep_partners(user: Any) -> None:
    for who in ("reg.office", "s25001"):
        with pytest.raises(PermissionDenied):
            services.partner_save(actor=user(who), name="TalTech", country="Estonia", kind="international")
    assert not Partner.objects.exists()


def test_rules_per_period_with_every_problem_named_and_nothing_written(user: Any) -> None:
    partner = services.partner_save(actor=user("mob.coord"), name="ENU", country="Kazakhstan",
                                    kind="internal")
    with pytest.raises(ValidationFailed) as refused:
        services.partner_rule_set(actor=user("mob.coord"), partner_id=partner.pk, valid_from=date(2011, 9, 1),
                                  scale=[{"grade": "5", "letter": "E"}], coefficient=Decimal("2.0"),
                                  level="bachelor", valid_until=date(2018, 8, 31))
    assert [p.path for p in refused.value.problems] == ["scale[0].letter", "coefficient"]
    assert not PartnerRule.objects.exists()
    services.partner_rule_set(actor=user("mob.coord"), partner_id=partner.pk, valid_from=date(2011, 9, 1),
                              scale=SCALE, coefficient=Decimal("1.6"), level="bachelor",
                              valid_until=date(2018, 8, 31))
    rule = services.partner_rule_set(actor=user("mob.coord"), partner_id=partner.pk,
                                     valid_from=date(2018, 9, 1), scale=SCALE, hours_per_credit=Decimal(25))
    assert (rule.hours_per_credit, rule.coefficient) == (Decimal(25), None)
    assert PartnerRule.objects.filter(partner=partner).count() == 2
    assert AuditRecord.objects.filter(action="mobility.partner_rule.set").count() == 2


def test_a_student_applies_and_the_eligibility_is_kept_with_every_reason(user: Any, call: Any) -> None:
    # s25001: year 2, GPA 2.67 (PRG1101, B-), no debt; English B1 is the one reason (MO-1).
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="b1", now=NOW)
    assert (application.eligible, application.reasons, application.english) == (False, ["english_below_b2"],
                                                                                 "B1")
    with pytest.raises(Conflict) as twice:
        services.application_submit(actor=user("s25001"), call_id=call.pk, english="C1", now=NOW)
    assert twice.value.code == "already_applied"
    assert Application.objects.count() == 1


def test_no_application_after_the_call_closes(user: Any, call: Any) -> None:
    late = datetime(2026, 5, 2, 0, 30, tzinfo=ZoneInfo("Asia/Almaty"))
    with pytest.raises(Conflict) as refused:
        services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=late)
    assert refused.value.code == "call_closed"
    assert not Application.objects.exists()


def test_the_commission_decides_on_its_protocol_within_the_places(user: Any, call: Any) -> None:
    first = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=NOW)
    second = services.application_submit(actor=user("s25002"), call_id=call.pk, english="C1", now=NOW)
    with pytest.raises(ValidationFailed) as no_basis:
        services.application_decide(actor=user("mob.coord"), application_id=first.pk, decision="selected",
                                    basis=" ", now=NOW)
    assert [p.path for p in no_basis.value.problems] == ["basis"]
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=user("s25001"), application_id=first.pk, decision="selected",
                                    basis="Protocol No. 3", now=NOW)
    decided = services.application_decide(actor=user("mob.coord"), application_id=first.pk,
                                          decision="selected", basis="Protocol No. 3, 10.03.2026", now=NOW)
    assert decided.status == "selected"
    with pytest.raises(Conflict) as full:  # one place only
        services.application_decide(actor=user("mob.coord"), application_id=second.pk, decision="selected",
                                    basis="Protocol No. 3, 10.03.2026", now=NOW)
    assert full.value.code == "no_places_left"
    record = AuditRecord.objects.get(action="mobility.application.decide")
    assert (record.basis, record.before, record.after["status"]) == ("Protocol No. 3, 10.03.2026",
                                                                     {"status": "submitted"}, "selected")


def test_another_student_cannot_see_an_application(user: Any, call: Any) -> None:
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=NOW)
    with pytest.raises(NotFound):
        services.application_decide(actor=user("s25002"), application_id=application.pk,
                                    decision="selected", basis="x", now=NOW)


@pytest.fixture
def selected(user: Any, call: Any) -> Application:
    """s25001 selected for TalTech in 2026-F, whose rule counts 25 hours per ECTS credit (MO-6)."""
    services.partner_rule_set(actor=user("mob.coord"), partner_id=call.partner_id,
                              valid_from=date(2018, 9, 1), scale=SCALE, hours_per_credit=Decimal(25))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=NOW)
    return services.application_decide(actor=user("mob.coord"), application_id=application.pk,
                                       decision="selected", basis="Protocol No. 3", now=NOW)


def test_a_learning_agreement_with_a_shortfall_is_kept_and_checked(user: Any, selected: Application) -> None:
    from mobility.selectors import agreement_view

    services.agreement_save(actor=user("s25001"), application_id=selected.pk, now=NOW,
                            host=[{"code": "ITI0206", "title": "Databases", "ects": Decimal(6)},
                                  {"code": "ITI0210", "title": "Web Technologies", "ects": Decimal(6)}],
                            home=["DB2201", "WEB2202"])
    check = agreement_view(selected).check
    assert check is not None
    # planned 15; DB2201 5 + WEB2202 5 = 10 covered → 5 short; MAT2105 (mandatory) missing;
    # host 12 ECTS × 25 h = 300 h ≥ 10 × 30 = 300 h home.
    assert (check.planned_credits, check.covered_credits, check.shortfall_credits) == (15, 10, 5)
    assert check.missing_mandatory == ("MAT2105",)
    assert (check.host_hours, check.home_hours, check.workload_short) == (Decimal(300), 300, False)


def test_a_change_needs_a_reason_and_a_bad_table_writes_nothing(user: Any, selected: Application) -> None:
    from mobility.models import LearningAgreement

    with pytest.raises(ValidationFailed) as refused:
        services.agreement_save(actor=user("s25001"), application_id=selected.pk, now=NOW,
                                host=[{"title": "", "ects": Decimal(0)}], home=["NOPE", "DB2201", "DB2201"])
    assert [p.path for p in refused.value.problems] == ["host[0].title", "host[0].ects", "home[0]", "home[2]"]
    assert not LearningAgreement.objects.exists()
    line = [{"code": "X", "title": "Databases", "ects": Decimal(6)}]
    services.agreement_save(actor=user("s25001"), application_id=selected.pk, now=NOW, host=line,
                            home=["DB2201"])
    with pytest.raises(ValidationFailed) as no_reason:
        services.agreement_save(actor=user("s25001"), application_id=selected.pk, now=NOW, host=line,
                                home=["DB2201", "MAT2105"])
    assert [p.path for p in no_reason.value.problems] == ["reason"]
    changed = services.agreement_save(actor=user("s25001"), application_id=selected.pk, now=NOW, host=line,
                                      home=["DB2201", "MAT2105"], reason="MAT2105 offered by the host")
    assert (changed.version, changed.home_disciplines.count()) == (2, 2)
    assert AuditRecord.objects.filter(action="mobility.agreement.save").count() == 2


def test_no_agreement_before_selection(user: Any, call: Any) -> None:
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=NOW)
    with pytest.raises(Conflict) as refused:
        services.agreement_save(actor=user("s25001"), application_id=application.pk, now=NOW,
                                host=[{"title": "Databases", "ects": Decimal(6)}], home=["DB2201"])
    assert refused.value.code == "not_selected"
