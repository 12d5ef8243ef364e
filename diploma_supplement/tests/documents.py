"""University documents for the supplement's tests: a graduate who completed the programme (CR-3), loaded
through the real loader (contract §1) like every university in the tests."""

from __future__ import annotations

from typing import Any

from conftest import PASSWORD, two_school_document

OUTCOMES = [{"en": f"Designs and builds software systems, outcome {n}", "kk": f"Нәтиже {n}"}
            for n in range(1, 9)]
# Two past semesters of the holder's studies, named in words on the supplement (2022-F, 2023-S).
PAST_PERIODS = [
    {"code": "2022-F", "kind": "semester", "academic_year": "2022-2023", "starts": "2022-09-01",
     "ends": "2022-12-27"},
    {"code": "2023-S", "kind": "semester", "academic_year": "2022-2023", "starts": "2023-01-23",
     "ends": "2023-05-31"},
]
# Every kind of transcript line DS-4 names.
EXTRA_DISCIPLINES = [
    {"code": "CW1201", "name": {"kk": "Курстық жоба", "en": "Course Project in Programming"}, "credits": 3,
     "control": "differentiated_credit", "kind": "coursework"},
    {"code": "RW1301", "name": {"en": "Research Work of the Student"}, "credits": 4,
     "control": "differentiated_credit", "kind": "research"},
    {"code": "FA1401", "name": {"kk": "Дипломдық жоба", "en": "Diploma Project Defence"}, "credits": 12,
     "control": "final_attestation", "kind": "final_attestation"},
]
# 23 disciplines of 9 credits (207) in the two past semesters: with the six results below (33 credits)
# the holder has exactly the programme's 240 (CR-3).
FILLERS = [{"code": f"GEN{n:02d}", "name": {"en": f"General Engineering {n}"}, "credits": 9}
           for n in range(1, 24)]
EXTRA_RESULTS = [
    {"student": "s25001", "discipline": "HKZ1102", "period": "2025-F", "r1": 96, "r2": 98, "exam": 95},
    {"student": "s25001", "discipline": "CW1201", "period": "2025-F", "r1": 88, "r2": 86, "exam": 85},
    {"student": "s25001", "discipline": "PR2204", "period": "2025-F", "r1": 70, "r2": 75, "exam": 72},
    {"student": "s25001", "discipline": "RW1301", "period": "2025-F", "r1": 91, "r2": 93, "exam": 90},
    {"student": "s25001", "discipline": "FA1401", "period": "2025-F", "r1": 60, "r2": 66, "exam": 61},
] + [{"student": "s25001", "discipline": f["code"], "period": "2022-F" if n < 12 else "2023-S",
      "r1": 80, "r2": 86, "exam": 90} for n, f in enumerate(FILLERS)]
PROGRAMME_CREDITS = 240


def graduate_document(**student: Any) -> dict[str, Any]:
    """The suite's two-school university with s25001 a graduate who earned the programme's 240 credits
    (six results of every kind plus two past semesters), the programme's outcomes and Kazakh
    qualification recorded, and a vice-rector to certify (DS-3 (7)) whose name is in Kazakh letters.
    ``student`` adds to s25001's record."""
    document = two_school_document()
    document["calendar"]["periods"] = PAST_PERIODS + document["calendar"]["periods"]
    document["disciplines"] += EXTRA_DISCIPLINES + FILLERS
    document["results"] += EXTRA_RESULTS
    program = next(p for p in document["programs"] if p["code"] == "6B06102")
    program["learning_outcomes"] = OUTCOMES
    program["qualification"] = {"en": "Bachelor of Engineering and Technology", "kk": "Инженерия бакалавры"}
    holder = next(p for p in document["people"] if p["username"] == "s25001")
    holder["student"].update(student)
    document["people"].append({"username": "vr.kasenov", "full_name": "Қасенов Төлеген",
                               "roles": ["vice_rector"], "password": PASSWORD})
    return document
