"""A university for the iGPA and progression tests (issue 11): the conftest's two schools plus one
academic year of periods — autumn, spring, summer — with results whose GP-1 GPA is worked out by hand,
the year before it, and the next year's first period."""

from __future__ import annotations

from typing import Any

from conftest import two_school_document

# IGA (3 credits) graded A = 4.00 in the autumn; IGB (4 credits) graded B = 3.00 in the summer semester.
# GP-1 over the year: (3 × 4.00 + 4 × 3.00) / 7 = 24/7 = 3.428571… — shown 3.43, its block 6/7 = 0.857142…
# shown 0.8571 (a GPA rounded first would give 3.43 / 4 = 0.8575).
GPA_24_7 = "3.43"


def igpa_document(academic_year: str, *, extra_people: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    start = int(academic_year[:4])
    previous, following = f"{start - 1}-{start}", f"{start + 1}-{start + 2}"
    doc = two_school_document()
    doc["disciplines"] += [
        {"code": "IGA", "name": {"en": "iGPA discipline A"}, "credits": 3},
        {"code": "IGB", "name": {"en": "iGPA discipline B"}, "credits": 4},
        {"code": "IGC", "name": {"en": "iGPA discipline C"}, "credits": 5},
    ]
    doc["programs"].append({"code": "7M06101", "name": {"en": "Software Engineering (MSc)"},
                            "level": "master_scientific", "school": "SDT", "credits": 120})
    doc["calendar"]["periods"] += [
        {"code": "IGP", "kind": "semester", "academic_year": previous, "starts": f"{start - 1}-09-01",
         "ends": f"{start - 1}-12-26", "exam_session": {"starts": f"{start - 1}-12-14",
                                                        "ends": f"{start - 1}-12-26"}},
        {"code": "IGF", "kind": "semester", "academic_year": academic_year, "starts": f"{start}-09-01",
         "ends": f"{start}-12-26", "exam_session": {"starts": f"{start}-12-14", "ends": f"{start}-12-26"}},
        {"code": "IGS", "kind": "semester", "academic_year": academic_year, "starts": f"{start + 1}-01-19",
         "ends": f"{start + 1}-06-06", "exam_session": {"starts": f"{start + 1}-05-25",
                                                        "ends": f"{start + 1}-06-06"}},
        {"code": "IGSU", "kind": "summer", "academic_year": academic_year, "starts": f"{start + 1}-06-15",
         "ends": f"{start + 1}-07-31", "exam_session": {"starts": f"{start + 1}-07-27",
                                                         "ends": f"{start + 1}-07-31"}},
        {"code": "IGN", "kind": "semester", "academic_year": following, "starts": f"{start + 1}-09-01",
         "ends": f"{start + 1}-12-26"},
    ]
    for person in doc["people"]:
        if person["username"] == "s25101":
            person["student"]["course_year"] = 3
    doc["people"] += [
        {"username": "m25001", "full_name": "Бекова Айгерім", "roles": ["student"],
         "password": "contract-pass-1234",
         "student": {"program": "7M06101", "intake_year": start, "course_year": 1, "funding": "state_grant",
                     "adviser": "adv.sarsen"}},
    ] + (extra_people or [])
    doc["results"] = [
        {"student": "s25001", "discipline": "IGA", "period": "IGF", "r1": 100, "r2": 100, "exam": 100},
        {"student": "s25001", "discipline": "IGB", "period": "IGSU", "r1": 80, "r2": 80, "exam": 80},
        # the year before: not in this year's GPA
        {"student": "s25001", "discipline": "IGC", "period": "IGP", "r1": 60, "r2": 60, "exam": 60},
        {"student": "s25101", "discipline": "IGB", "period": "IGF", "r1": 80, "r2": 80, "exam": 80},
        {"student": "m25001", "discipline": "IGA", "period": "IGF", "r1": 100, "r2": 100, "exam": 100},
    ]
    return doc
