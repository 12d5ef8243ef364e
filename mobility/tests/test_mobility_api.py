"""Mobility through the API (MO-1 … MO-7): a coordinator adds TalTech with its scale and opens a call; the
student applies; the commission selects; the student submits a learning agreement whose shortfall the
answer names (MO-4) and the three sign it; the return is previewed, then recorded (MO-5). Bad input is
refused with problem details naming the field, nothing written; who may do what, as a matrix."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mobility"


@pytest.fixture
def call(api: Any) -> dict[str, Any]:
    from ektu_portal.academics.models import AcademicPeriod

    coordinator = api("mob.coord")
    partner = coordinator.post(f"{BASE}/partners", {"name": "TalTech", "country": "Estonia",
                                                    "kind": "international"}, format="json")
    assert partner.status_code == 201, partner.content
    partner_id = partner.json()["id"]
    rule = coordinator.post(f"{BASE}/partners/{partner_id}/rules", {
        "valid_from": "2018-09-01", "hours_per_credit": "25",
        "scale": [{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}]}, format="json")
    assert rule.status_code == 201 and rule.json()["rules"][0]["hours_per_credit"] == "25.00"
    # A period far enough ahead that its call is still open today.
    period = AcademicPeriod.objects.get(code="2026-F")
    AcademicPeriod.objects.filter(pk=period.pk).update(starts=date.today() + timedelta(days=60),
                                                       ends=date.today() + timedelta(days=170))
    opened = coordinator.post(f"{BASE}/calls", {"partner": partner_id, "period": "2026-F", "places": 1,
                                                "closes_on": (date.today() + timedelta(days=20)).isoformat()},
                              format="json")
    assert opened.status_code == 201, opened.content
    return opened.json()


def test_a_whole_mobility_through_the_api(api: Any, call: dict[str, Any]) -> None:
    from ektu_portal.academics.models import Result

    student, coordinator = api("s25001"), api("mob.coord")
    assert [c["id"] for c in student.get(f"{BASE}/calls").json()] == [call["id"]]
    applied = student.post(f"{BASE}/calls/{call['id']}/applications", {"english": "B2"}, format="json")
    assert applied.status_code == 201 and applied.json()["eligible"] is True
    application = applied.json()["id"]
    assert student.post(f"{BASE}/calls/{call['id']}/applications", {"english": "B2"},
                        format="json").status_code == 409
    decided = coordinator.post(f"{BASE}/applications/{application}/decision",
                               {"decision": "selected", "basis": "Protocol No. 3"}, format="json")
    assert decided.json()["status"] == "selected"

    agreement = student.put(f"{BASE}/applications/{application}/agreement", {
        "host": [{"code": "ITI0206", "title": "Databases", "ects": "6"}], "home": ["DB2201"]},
        format="json")
    assert agreement.status_code == 200, agreement.content
    body = agreement.json()
    # The period now starts in the spring: semester 4 of the 2025 intake plans PR2204 (4 credits, mandatory)
    # alone; DB2201 (semester 3) is not in it, so nothing is covered and PR2204 is missing (MO-4).
    check = body["check"]
    assert (check["planned_credits"], check["covered_credits"], check["shortfall_credits"],
            check["missing_mandatory"], check["not_in_plan"]) == (4, 0, 4, ["PR2204"], ["DB2201"])
    assert body["fully_signed"] is False
    signed = student.post(f"{BASE}/applications/{application}/agreement/signatures", {"party": "student"},
                          format="json")
    assert signed.status_code == 201 and [s["party"] for s in signed.json()["signatures"]] == ["student"]
    coordinator.post(f"{BASE}/applications/{application}/agreement/signatures", {"party": "home"},
                     format="json")
    last = coordinator.post(f"{BASE}/applications/{application}/agreement/signatures",
                            {"party": "host", "host_signer": "Kadri Tamm"}, format="json")
    assert last.json()["fully_signed"] is True

    lines = {"lines": [{"title": "Databases", "ects": "6", "grade": "2,0", "discipline": "DB2201"}]}
    preview = coordinator.post(f"{BASE}/applications/{application}/return/preview", lines, format="json")
    assert preview.status_code == 200
    assert [(r["discipline"], r["letter"]) for r in preview.json()["recognized"]] == [("DB2201", "B")]
    assert not Result.objects.filter(recognized_from="mobility").exists()
    recorded = coordinator.post(f"{BASE}/applications/{application}/return",
                                {**lines, "basis": "QA protocol No. 9"}, format="json")
    assert recorded.status_code == 200
    assert Result.objects.filter(recognized_from="mobility", discipline__code="DB2201").count() == 1


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(api: Any, call: dict[str, Any]) -> None:
    from mobility.models import Call, Partner

    coordinator = api("mob.coord")
    refused = coordinator.post(f"{BASE}/calls", {"partner": 999, "period": "NOPE", "places": 0,
                                                 "closes_on": "someday"}, format="json")
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert {p["path"] for p in refused.json()["problems"]} >= {"places", "closes_on"}
    scale = coordinator.post(f"{BASE}/partners/{Partner.objects.get().pk}/rules",
                             {"valid_from": "2019-09-01", "scale": [{"grade": "1,0", "letter": "E"}]},
                             format="json")
    assert scale.status_code == 422
    assert Call.objects.count() == 1


@pytest.mark.parametrize(("who", "partners", "add_partner", "apply", "decide"), [
    ("s25001", 403, 403, 201, 403),
    ("s25002", 403, 403, 201, 404),  # applies for themself; cannot even see s25001's application
    ("mob.coord", 200, 201, 404, 200),
    ("reg.office", 200, 403, 404, 403),
    ("dean.sdt", 403, 403, 404, 404),
    (None, 401, 401, 401, 401),
])
def test_permission_matrix(api: Any, call: dict[str, Any], who: str | None, partners: int, add_partner: int,
                           apply: int, decide: int) -> None:
    application = api("s25001").post(f"{BASE}/calls/{call['id']}/applications", {"english": "B2"},
                                     format="json").json()["id"]
    client = api(who)
    assert client.get(f"{BASE}/partners").status_code == partners
    assert client.post(f"{BASE}/partners", {"name": f"Uni {who}", "country": "Latvia",
                                            "kind": "international"},
                       format="json").status_code == add_partner
    if who != "s25001":
        assert client.post(f"{BASE}/calls/{call['id']}/applications", {}, format="json").status_code == apply
    assert client.post(f"{BASE}/applications/{application}/decision",
                       {"decision": "selected", "basis": "P. 1"}, format="json").status_code == decide
