"""A university with final-year students for final attestation, loaded through the real loader.

Beside the suite's two-school document: a final attestation discipline (FA4101, 12 credits) in the
2022 curriculum of 6B06102 (240 credits), four study blocks of 57 credits (4 × 57 = 228 = 240 − 12,
CR-3), final-year students, a master's programme, and two attestation secretaries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ALMATY = ZoneInfo("Asia/Almaty")
PASSWORD = "contract-pass-1234"
# A Tuesday in the autumn semester 2026 (2026-F); five working days before it is Tuesday 24 November.
DEFENCE_DAY = date(2026, 12, 1)
DOCUMENTS_IN = date(2026, 11, 20)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


def _person(username: str, full_name: str, roles: list[str], **extra: Any) -> dict[str, Any]:
    return {"username": username, "full_name": full_name, "email": f"{username}@ektu.kz", "roles": roles,
            "password": PASSWORD, **extra}


def _student(username: str, full_name: str, program: str, intake: int, course_year: int) -> dict[str, Any]:
    return _person(username, full_name, ["student"], student={
        "program": program, "intake_year": intake, "course_year": course_year, "funding": "state_grant",
        "adviser": "adv.sarsen" if program.startswith("6B06") else None})


def attestation_document() -> dict[str, Any]:
    from conftest import two_school_document

    doc = two_school_document()
    blocks = [f"Y{n}SE" for n in range(1, 5)]
    doc["disciplines"] += [{"code": code, "name": {"kk": f"Кәсіби модуль {n}",
                                                   "ru": f"Профессиональный модуль {n}",
                                                   "en": f"Professional Module {n}"}, "credits": 57}
                           for n, code in enumerate(blocks, 1)]
    doc["disciplines"] += [
        {"code": "FA4101", "name": {"kk": "Дипломдық жобаны жазу және қорғау",
                                    "ru": "Написание и защита дипломного проекта",
                                    "en": "Writing and Defending the Diploma Project"},
         "credits": 12, "control": "final_attestation", "kind": "final_attestation"},
        {"code": "EL4102", "name": {"en": "Elective Seminar"}, "credits": 3},
        {"code": "MY1SE", "name": {"en": "Master's Studies I"}, "credits": 54},
        {"code": "MY2SE", "name": {"en": "Master's Studies II"}, "credits": 54},
        {"code": "FM7101", "name": {"kk": "Диссертацияны рәсімдеу және қорғау",
                                    "en": "Thesis Preparation and Defence"},
         "credits": 12, "control": "final_attestation", "kind": "final_attestation"},
    ]
    doc["programs"].append({"code": "7M06101", "name": {"kk": "Информатика", "en": "Computer Science"},
                            "level": "master_scientific", "school": "SDT", "credits": 120})
    doc["curricula"] += [
        {"program": "6B06102", "intake_year": 2022, "items": [
            *({"discipline": code, "semester": 2 * n - 1, "component": "mandatory"}
              for n, code in enumerate(blocks, 1)),
            {"discipline": "EL4102", "semester": 7, "component": "university"},
            {"discipline": "FA4101", "semester": 8, "component": "mandatory"}]},
        {"program": "7M06101", "intake_year": 2025, "items": [
            {"discipline": "MY1SE", "semester": 1, "component": "mandatory"},
            {"discipline": "MY2SE", "semester": 3, "component": "mandatory"},
            {"discipline": "FM7101", "semester": 4, "component": "mandatory"}]},
    ]
    doc["people"] += [
        _person("att.secretary", "Бекова Айгүл", ["attestation_secretary"]),
        _person("att.other", "Сейітов Марат", ["attestation_secretary"]),
        # s22001: every block A (a candidate for honours); s22002: three blocks only; s22003: a debt
        _student("s22001", "Нұрланова Аружан", "6B06102", 2022, 4),
        _student("s22002", "Оспанов Дархан", "6B06102", 2022, 4),
        _student("s22003", "Ермекова Сабина", "6B06102", 2022, 4),
        _student("m25001", "Қайратов Ержан", "7M06101", 2025, 2),
    ]
    for person in doc["people"]:
        if person.get("student", {}).get("adviser", "") is None:
            del person["student"]["adviser"]
    results = doc.setdefault("results", [])
    for username, codes in (("s22001", blocks), ("s22002", blocks[:3]), ("s22003", blocks)):
        results += [{"student": username, "discipline": code, "period": "2025-F", "r1": 96, "r2": 98,
                     "exam": 97}
                    for code in codes]
    results.append({"student": "s22003", "discipline": "EL4102", "period": "2025-F", "r1": 60, "r2": 60,
                    "exam": 0})  # 0.6 × 60 + 0 = 36 → FX; not retaken in time → an academic debt (GR-10)
    results += [{"student": "m25001", "discipline": code, "period": "2025-F", "r1": 85, "r2": 85, "exam": 85}
                for code in ("MY1SE", "MY2SE")]
    return doc


@pytest.fixture
def att_university(db: Any) -> dict[str, Any]:
    from ektu_portal.academics.loading import load_university
    from grading.services import register_academic_debts

    document = attestation_document()
    load_university(document, allow_passwords=True, source="attestation test")
    register_academic_debts(now=at(date(2026, 3, 1)))  # 2025-F's retake deadline has long passed
    return document


@pytest.fixture
def person(att_university: Any) -> Any:
    from ektu_portal.accounts.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def api(att_university: Any) -> Any:
    """api("att.secretary") → a DRF client signed in by a real token."""
    from conftest import token_clients

    return token_clients()


BACHELOR_MEMBERS = [
    {"name": "Смағұлов Бауыржан", "role": "chair", "external": True, "qualification": "degree"},
    {"name": "Дүйсенбаев Ерлан", "role": "member", "external": False, "qualification": "degree"},
    {"name": "Сәрсенова Гүлнар", "role": "member", "external": False, "qualification": "phd"},
    {"name": "Бекова Айгүл", "role": "secretary", "external": False, "qualification": "none"},
    {"name": "Ли Виктор", "role": "member", "external": True, "qualification": "industry"},
]


@pytest.fixture
def commission(att_university: Any, person: Any) -> Any:
    """The 2026 commission of 6B06102, with a session on DEFENCE_DAY and s22001's thesis on it, every
    document in on 20 November."""
    from attestation import services

    commission, _ = services.commission_save(
        actor=person("att.secretary"), code="GAK-6B06102-2026", program_code="6B06102", year=2026,
        members=[services.MemberInput(**m) for m in BACHELOR_MEMBERS], proposed_on=date(2025, 12, 10),
        approved_on=date(2025, 12, 26), approval_basis="Scientific Council, protocol No. 5")
    session = services.session_create(actor=person("att.secretary"), commission_code=commission.code,
                                      day=DEFENCE_DAY, starts_at=datetime(2026, 1, 1, 9,
                                                                          0).time(), room="A-301",
                                      schedule_approved_on=date(2026, 11, 1))
    thesis = services.thesis_create(actor=person("att.secretary"), username="s22001", year=2026,
                                    topic="Расписание на графах", supervisor="Сәрсенова Гүлнар",
                                    order_basis="Order No. 12-С", session_id=session.pk)
    services.thesis_documents_record(actor=person("att.secretary"), thesis_id=thesis.pk, changes={
        "supervisor_review_on": DOCUMENTS_IN, "supervisor_verdict": "admitted", "reviewer": "Омаров Ерлан",
        "reviewer_external": True, "reviewer_qualification": "phd", "external_review_on": DOCUMENTS_IN,
        "review_letter": "A", "review_recommends_degree": True, "plagiarism_certificate_on": DOCUMENTS_IN,
        "originality_percent": "91.5"})
    return commission
