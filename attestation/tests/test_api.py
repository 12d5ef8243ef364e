"""Contract §9: the four endpoints answer as the contract says, with every role × own / other's object.

Who (contract §9, §2): commissions — the attestation secretary and the programme's dean; publications —
the secretary and the registrar's office; the admission list — the secretary, the programme's dean,
the registrar's office; honours — the secretary, the student's dean, the registrar's office, the student.
A student the actor may not see is not found (404); one they see but may not act on is refused (403).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from attestation.tests.conftest import BACHELOR_MEMBERS

pytestmark = pytest.mark.django_db


def commission_body(code: str = "GAK-6B06102-2026", program: str = "6B06102",
                    members: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"code": code, "program": program, "year": 2026,
            "members": copy.deepcopy(BACHELOR_MEMBERS if members is None else members)}


# --- POST /api/v1/attestation/commissions ----------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("att.secretary", 201),
    ("dean.sdt", 201),       # the dean of the programme's school
    ("dean.sem", 403),       # another school's dean
    ("reg.office", 403),
    ("adv.sarsen", 403),
    ("s25001", 403),
    (None, 401),
])
def test_who_composes_a_commission(api: Any, who: str | None, status: int) -> None:
    response = api(who).post("/api/v1/attestation/commissions", commission_body(), format="json")
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["code"] == "GAK-6B06102-2026" and body["program"] == "6B06102" and body["year"] == 2026
        assert [m["role"] for m in body["members"]] == ["chair", "member", "member", "secretary", "member"]
    else:
        assert response["Content-Type"].startswith("application/problem+json")


def test_the_same_code_again_replaces_the_composition(api: Any) -> None:
    client = api("att.secretary")
    assert client.post("/api/v1/attestation/commissions", commission_body(), format="json").status_code == 201
    three = [BACHELOR_MEMBERS[0], BACHELOR_MEMBERS[1], BACHELOR_MEMBERS[3]]
    response = client.post("/api/v1/attestation/commissions", commission_body(members=three), format="json")
    assert response.status_code == 200
    assert len(response.json()["members"]) == 3


def test_an_unknown_programme_is_not_found(api: Any) -> None:
    response = api("att.secretary").post("/api/v1/attestation/commissions",
                                         commission_body(program="9X00000"),
                                         format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "program_not_found"


def member(role: str, external: bool, qualification: str, name: str = "Member") -> dict[str, Any]:
    return {"name": name, "role": role, "external": external, "qualification": qualification}


@pytest.mark.parametrize(("members", "program", "errors"), [
    # 4 members: even
    (BACHELOR_MEMBERS[:4], "6B06102", ["commission_size"]),
    # 6 members: even and over 5
    ([*BACHELOR_MEMBERS, member("member", True, "phd")], "6B06102", ["commission_size"]),
    # an internal chair and four EKTU staff
    ([member("chair", False, "degree"), *BACHELOR_MEMBERS[1:4], member("member", False, "degree")], "6B06102",
     ["chair_not_external", "too_many_internal"]),
    # an industry chair is a bachelor's chair, not a master's
    ([member("chair", True, "industry"), *BACHELOR_MEMBERS[1:]], "7M06101", ["chair_unqualified"]),
    # no chair, and a student member on a master's commission
    ([*BACHELOR_MEMBERS[1:4], member("member", True, "phd"), member("student", False, "none")], "7M06101",
     ["chair_missing", "student_member_not_allowed"]),
])
def test_every_broken_rule_in_errors(api: Any, members: list[dict[str, Any]], program: str,
                                     errors: list[str]) -> None:
    response = api("att.secretary").post("/api/v1/attestation/commissions",
                                         commission_body(code="GAK-X", program=program, members=members),
                                         format="json")
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["errors"] == errors
    assert body["code"] == errors[0]
    assert api("att.secretary").post("/api/v1/attestation/commissions", commission_body(code="GAK-X"),
                                     format="json").status_code == 201  # nothing of the refusal was written


def test_an_industry_chair_is_allowed_for_a_bachelors_commission(api: Any) -> None:
    members = [member("chair", True, "industry"), *BACHELOR_MEMBERS[1:]]
    response = api("att.secretary").post("/api/v1/attestation/commissions", commission_body(members=members),
                                         format="json")
    assert response.status_code == 201


def test_malformed_input_is_named_field_by_field(api: Any) -> None:
    body = commission_body()
    body["members"][0]["role"] = "observer"
    response = api("att.secretary").post("/api/v1/attestation/commissions", body, format="json")
    assert response.status_code == 422
    assert "members" in response.json()["errors"]


# --- POST /api/v1/students/{username}/publications --------------------------------------------------

PUBLICATION = {"title": "Scheduling on graphs", "kind": "conference_talk", "year": 2026}


@pytest.mark.parametrize(("who", "status"), [
    ("att.secretary", 201),
    ("reg.office", 201),
    ("m25001", 403),       # the student sees their record but does not record publications
    ("dean.sdt", 403),     # the dean sees the student, but it is not theirs to record
    ("dean.sem", 404),     # another school's dean does not see the student
    ("s25001", 404),
    (None, 401),
])
def test_who_records_a_publication(api: Any, who: str | None, status: int) -> None:
    response = api(who).post("/api/v1/students/m25001/publications", PUBLICATION, format="json")
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert {k: body[k] for k in ("student", "title", "kind", "year")} == {"student": "m25001",
                                                                              **PUBLICATION}


def test_a_publication_of_an_unknown_student_is_not_found(api: Any) -> None:
    response = api("att.secretary").post("/api/v1/students/nobody/publications", PUBLICATION, format="json")
    assert response.status_code == 404


def test_a_publication_needs_a_known_kind(api: Any) -> None:
    response = api("att.secretary").post("/api/v1/students/m25001/publications",
                                         {**PUBLICATION, "kind": "blog_post"}, format="json")
    assert response.status_code == 422


# --- GET /api/v1/attestation/admission?program= -------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("att.secretary", 200),
    ("dean.sdt", 200),
    ("reg.office", 200),
    ("dean.sem", 403),
    ("adv.sarsen", 403),
    ("s22001", 403),
    (None, 401),
])
def test_who_reads_the_admission_list(api: Any, who: str | None, status: int) -> None:
    response = api(who).get("/api/v1/attestation/admission", {"program": "6B06102"})
    assert response.status_code == status, response.content


def test_the_admission_list_names_every_reason(api: Any) -> None:
    body = api("dean.sdt").get("/api/v1/attestation/admission", {"program": "6B06102"}).json()
    # 240 − 12 = 228 credits outside final attestation: s22001 has 4 × 57 = 228; s22002 3 × 57 = 171;
    # s22003 has 228 and an FX not retaken in time (GR-10). s25001 and s25002 are in year 2, not final.
    assert body["admitted"] == ["s22001"]
    assert sorted(body["excluded"], key=lambda e: e["student"]) == [
        {"student": "s22002", "reasons": ["credits_incomplete"]},
        {"student": "s22003", "reasons": ["academic_debt"]}]


def test_a_masters_student_needs_a_publication(api: Any) -> None:
    secretary = api("att.secretary")
    body = secretary.get("/api/v1/attestation/admission", {"program": "7M06101"}).json()
    # 120 − 12 = 108 = 2 × 54 credits: complete, but no publication or talk yet (FA-1)
    assert body == {"program": "7M06101", "course_year": 2, "admitted": [],
                    "excluded": [{"student": "m25001", "reasons": ["publication_missing"]}]}
    secretary.post("/api/v1/students/m25001/publications", PUBLICATION, format="json")
    body = secretary.get("/api/v1/attestation/admission", {"program": "7M06101"}).json()
    assert (body["admitted"], body["excluded"]) == (["m25001"], [])


def test_admission_needs_a_known_programme(api: Any) -> None:
    assert api("att.secretary").get("/api/v1/attestation/admission",
                                    {"program": "9X00000"}).status_code == 404
    assert api("att.secretary").get("/api/v1/attestation/admission").status_code == 422


# --- GET /api/v1/students/{username}/honours ------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("s22001", 200),
    ("att.secretary", 200),
    ("dean.sdt", 200),
    ("reg.office", 200),
    ("adv.sarsen", 403),   # the adviser sees the student, but honours are not on their list
    ("dean.sem", 404),
    ("s25001", 404),
    (None, 401),
])
def test_who_reads_honours(api: Any, who: str | None, status: int) -> None:
    response = api(who).get("/api/v1/students/s22001/honours")
    assert response.status_code == status, response.content


def test_honours_before_the_defence(api: Any) -> None:
    body = api("s22001").get("/api/v1/students/s22001/honours").json()
    # every block A (0.6 × 97 + 0.4 × 97 = 97), GPA 4.00 — only the thesis grade is missing
    assert (body["meets"], body["reasons"], body["gpa"]) == (False, ["final_work_missing"], "4.00")
    assert body["criteria"]["min_gpa"] == "3.50"


def test_honours_count_a_retaken_grade(api: Any) -> None:
    # s22003's FX (36) stays on the record: below C+, whatever comes after (FA-9 Interpretation)
    body = api("att.secretary").get("/api/v1/students/s22003/honours").json()
    assert body["reasons"][0] == "grade_below_c_plus"
    assert body["meets"] is False
