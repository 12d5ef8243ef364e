"""Contract §6 through the API: exact shapes, 201/200, invalid_applicant naming each field, the
competition's stored run — and who may call each endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from admissions.models import Applicant, CompetitionRun
from admissions.tests.conftest import applicant
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

APPLICANTS = "/api/v1/admissions/applicants"
COMPETITIONS = "/api/v1/admissions/competitions"

CONTRACT_EXAMPLE = {
    "number": "A26-0001", "full_name": "Әлия Серікова", "track": "bachelor", "program": "6B07101",
    "citizenship": "KZ",
    "unt": {"total": 87, "subjects": {"history_kz": 14, "reading": 7, "math_literacy": 8,
                                      "profile_1": 30, "profile_2": 28}},
    "creative_exams": {"drawing": 6},
    "kt": {"foreign_language": 30, "readiness": 12, "profile_single": 15, "profile_multiple": 20},
    "foreign_language_certificate": "IELTS 6.0", "oecd_degree_until": None,
    "master_degree": False, "work_experience_months": 0, "cefr_certificate": False,
    "entrance_exam": None, "military_service_ended": None, "interview_date": None,
    "certificate_average": "4.85", "priorities": ["altyn_belgi"]}

ELIGIBLE = {"eligible": True, "reasons": []}


def test_the_contract_example_is_created_then_updated(api: Any) -> None:
    officer = api("adm.officer")
    first = officer.post(APPLICANTS, CONTRACT_EXAMPLE, format="json")
    assert first.status_code == 201, first.content
    assert first.json() == {"number": "A26-0001", "track": "bachelor", "score": 87,
                            "routes": {"state_grant": ELIGIBLE, "paid": ELIGIBLE}}
    # a corrected UNT: the same number answers 200 and the new score (60 − 4 = a subject under 5)
    corrected = {**CONTRACT_EXAMPLE, "unt": {"total": 60, "subjects": {"history_kz": 4, "reading": 10,
                                                                       "math_literacy": 10, "profile_1": 18,
                                                                       "profile_2": 18}}}
    second = officer.post(APPLICANTS, corrected, format="json")
    assert second.status_code == 200
    assert second.json()["score"] == 60
    assert second.json()["routes"]["paid"] == {"eligible": False, "reasons": ["unt_subject_below"]}
    assert Applicant.objects.count() == 1
    got = officer.get(f"{APPLICANTS}/A26-0001")
    assert got.status_code == 200 and got.json() == second.json()
    actions = list(AuditRecord.objects.filter(object_type="admissions.applicant").order_by("at", "pk")
                   .values_list("action", flat=True))
    assert actions == ["applicant.create", "applicant.update"]


def test_a_foreign_citizen_is_eligible_for_paid_study_only(api: Any) -> None:
    foreign = {**CONTRACT_EXAMPLE, "citizenship": "UZ"}
    body = api("adm.officer").post(APPLICANTS, foreign, format="json").json()
    assert body["routes"] == {"state_grant": {"eligible": False, "reasons": ["paid_only"]}, "paid": ELIGIBLE}


def test_an_after_service_interview_too_late(api: Any) -> None:
    """AD-5, AD-9: the autumn semester starts 1 September 2026; 28 August is S−4."""
    record = {"number": "A26-0002", "full_name": "Бауыржан Ахметов", "track": "bachelor_after_service",
              "program": "6B07101", "citizenship": "KZ", "military_service_ended": "2025-06-30",
              "interview_date": "2026-08-28"}
    body = api("adm.officer").post(APPLICANTS, record, format="json").json()
    assert body == {"number": "A26-0002", "track": "bachelor_after_service", "score": None, "routes": {
        "state_grant": {"eligible": False, "reasons": ["paid_only", "interview_too_late"]},
        "paid": {"eligible": False, "reasons": ["interview_too_late"]}}}


def test_a_masters_certificate_sets_the_language_block(api: Any) -> None:
    record = {"number": "M26-0001", "full_name": "Дана Нұрланқызы", "track": "master_scientific",
              "program": "7M06101", "citizenship": "KZ", "foreign_language_certificate": "IELTS 6.5",
              "kt": {"readiness": 10, "profile_single": 10, "profile_multiple": 10}}
    body = api("adm.officer").post(APPLICANTS, record, format="json").json()
    assert body["score"] == 80  # 50 (AD-10) + 10 + 10 + 10
    assert body["routes"]["paid"] == ELIGIBLE


def test_invalid_applicant_names_each_field_and_writes_nothing(api: Any) -> None:
    record = {"number": "A26-0003", "track": "bachelor", "program": "6B07101", "citizenship": "KZ",
              "certificate_average": "six"}
    response = api("adm.officer").post(APPLICANTS, record, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_applicant"
    assert body["fields"] == ["full_name", "certificate_average", "unt"]
    assert [p["path"] for p in body["problems"]] == ["full_name", "certificate_average", "unt"]
    assert not Applicant.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"program": "6B99999"}, "program"),          # unknown programme
    ({"program": "7M06101"}, "program"),          # a master's programme on the bachelor track
    ({"track": "astronaut"}, "track"),            # unknown track
    ({"unt": None}, "unt"),                       # missing what the track needs
    ({"unt": {"total": "many"}}, "unt"),
])
def test_refusals_name_the_field(api: Any, change: dict[str, Any], field: str) -> None:
    response = api("adm.officer").post(APPLICANTS, {**CONTRACT_EXAMPLE, **change}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_applicant" and response.json()["fields"] == [field]


def test_a_doctoral_entrance_exam_over_its_scale_is_refused(api: Any) -> None:
    """AD-17: the profile doctorate's exam is out of 80."""
    record = {"number": "D26-0001", "full_name": "Ерлан Сейітов", "track": "doctorate_profile",
              "program": "8D06102", "citizenship": "KZ", "master_degree": True, "work_experience_months": 12,
              "entrance_exam": 81}
    response = api("adm.officer").post(APPLICANTS, record, format="json")
    assert response.status_code == 422 and response.json()["fields"] == ["entrance_exam"]


def test_get_an_unknown_applicant_is_not_found(api: Any) -> None:
    response = api("adm.officer").get(f"{APPLICANTS}/A00-0000")
    assert response.status_code == 404 and response.json()["code"] == "applicant_not_found"


def _competitors(officer: Any) -> None:
    """Four of group B071: A7 131 (all grants but one go by score); A3 and A5 tie on 110 — A5 holds the
    Altyn Belgi; A9 100 and A2 100 tie on everything but the certificate average (4.90 beats 4.50).
    A4 has 45 < 50 (not eligible: not ranked); A8 is of another group (B073)."""
    for record in (
        applicant("A26-0007", unt={"total": 131}, certificate_average="4.00"),
        applicant("A26-0003", unt={"total": 110}, certificate_average="5.00"),
        applicant("A26-0005", unt={"total": 110}, certificate_average="4.00", priorities=["altyn_belgi"]),
        applicant("A26-0009", unt={"total": 100}, certificate_average="4.90", program="6B07102"),
        applicant("A26-0002", unt={"total": 100}, certificate_average="4.50"),
        applicant("A26-0004", unt={"total": 45}),
        applicant("A26-0008", unt={"total": 120}, program="6B07301", creative_exams={"drawing": 9}),
    ):
        assert officer.post(APPLICANTS, record, format="json").status_code == 201


def test_a_competition_answers_the_stored_run_in_the_contract_order(api: Any) -> None:
    officer = api("adm.officer")
    _competitors(officer)
    body = {"code": "G-6B071-2026", "program_group": "B071", "track": "bachelor", "grants": 3,
            "intake_year": 2026}
    response = officer.post(COMPETITIONS, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {"code": "G-6B071-2026", "run": 1, "ranking": [
        {"applicant": "A26-0007", "rank": 1, "score": 131, "awarded": True},
        {"applicant": "A26-0005", "rank": 2, "score": 110, "awarded": True},
        {"applicant": "A26-0003", "rank": 3, "score": 110, "awarded": True},
        {"applicant": "A26-0009", "rank": 4, "score": 100, "awarded": False},
        {"applicant": "A26-0002", "rank": 5, "score": 100, "awarded": False}]}
    again = officer.post(COMPETITIONS, body, format="json")
    assert again.status_code == 201
    assert again.json()["run"] == 2 and again.json()["ranking"] == response.json()["ranking"]
    stored = CompetitionRun.objects.get(competition__code="G-6B071-2026", run=1)
    assert stored.inputs["grants"] == 3 and stored.inputs["priority_order"][0] == "altyn_belgi"
    assert [c["number"] for c in stored.inputs["candidates"]] == [
        "A26-0002", "A26-0003", "A26-0005", "A26-0007", "A26-0009"]
    assert officer.get(f"{COMPETITIONS}/G-6B071-2026/runs/2").json() == again.json()


def test_a_competition_with_a_bad_group_is_refused(api: Any) -> None:
    body = {"code": "X", "program_group": "NOPE", "track": "bachelor", "grants": 3, "intake_year": 2026}
    response = api("adm.officer").post(COMPETITIONS, body, format="json")
    assert response.status_code == 422
    assert [p["path"] for p in response.json()["problems"]] == ["program_group"]
    assert not CompetitionRun.objects.exists()


# --- the permission matrix: every endpoint × every role ---------------------------------------------------

ROLES = [("adm.officer", True), ("admin.portal", True), ("reg.office", False), ("s25001", False),
         ("dean.sdt", False), ("deputy.sdt", False), ("qa.chair", False), ("adv.sarsen", False),
         (None, False)]


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_permission_matrix(api: Any, who: str | None, allowed: bool) -> None:
    api("adm.officer").post(APPLICANTS, CONTRACT_EXAMPLE, format="json")
    client = api(who)
    denied = 401 if who is None else 403
    calls = [
        client.post(APPLICANTS, {**CONTRACT_EXAMPLE, "full_name": "Changed"}, format="json"),
        client.get(f"{APPLICANTS}/A26-0001"),
        client.post(COMPETITIONS, {"code": "G1", "program_group": "B071", "track": "bachelor", "grants": 1,
                                   "intake_year": 2026}, format="json"),
        client.get(f"{COMPETITIONS}/G1/runs/1"),
    ]
    if allowed:
        assert [c.status_code for c in calls] == [200, 200, 201, 200]
    else:
        assert [c.status_code for c in calls] == [denied] * 4
        assert Applicant.objects.get().full_name == "Әлия Серікова"  # nothing changed
        assert not CompetitionRun.objects.exists()
