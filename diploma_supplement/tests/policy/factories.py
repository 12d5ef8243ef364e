"""Plain facts for the pure policy tests (no Django, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from diploma_supplement.policy.facts import (
    Attempt,
    Band,
    Grading,
    Holder,
    Institution,
    Outcome,
    Period,
    Programme,
    SupplementFacts,
)

FALL = Period("2021-F", "semester", "2021-2022", date(2021, 9, 1), date(2021, 12, 27),
              "Autumn semester 2021/2022")
SPRING = Period("2022-S", "semester", "2021-2022", date(2022, 1, 20), date(2022, 5, 30),
                "Spring semester 2021/2022")
SCALE = tuple(Band(letter, Decimal(points), low, high, word, positive)
              for letter, points, low, high, word, positive in (
    ("A", "4.00", 95, 100, "excellent", True), ("A-", "3.67", 90, 94, "excellent", True),
    ("B+", "3.33", 85, 89, "good", True), ("B", "3.00", 80, 84, "good", True),
    ("B-", "2.67", 75, 79, "good", True),
    ("C+", "2.33", 70, 74, "satisfactory", True), ("C", "2.00", 65, 69, "satisfactory", True),
    ("C-", "1.67", 60, 64, "satisfactory", True), ("D+", "1.33", 55, 59, "satisfactory", True),
    ("D", "1.00", 50, 54, "satisfactory", True), ("FX", "0.50", 25, 49, "unsatisfactory", False),
    ("F", "0.00", 0, 24, "unsatisfactory", False)))


def attempt(code: str, *, kind: str = "theory", credits: int = 5, period: Period = FALL,
            letter: str | None = "B", status: str = "graded", score: int | None = 82, try_: int = 1,
            recognized_from: str = "", name_en: str | None = None) -> Attempt:
    band = next((b for b in SCALE if b.letter == letter), None)
    return Attempt(code=code, name_en=name_en or f"Discipline {code}", name_kk=f"Пән {code}", kind=kind,
                   credits=credits, period=period, attempt=try_, status=status,
                   final_score=score if letter else None, letter=letter, points=band.points if band else None,
                   positive=bool(band and band.positive), recognized_from=recognized_from)


def facts(**overrides: Any) -> SupplementFacts:
    holder = Holder(username="s21001", full_name="Әлиев Нұрлан Серікұлы", full_name_latin="",
                    birth_date=date(2003, 5, 1), iin="030501300123", status="graduated",
                    study_form="full_time", graduated_on=date(2025, 6, 27))
    programme = Programme(code="6B06102", name_en="Software Engineering", name_kk="Бағдарламалық инженерия",
                          level="bachelor", credits=240,
                          qualification_en="Bachelor of Engineering and Technology",
                          qualification_kk="Инженерия және технологиялар бакалавры",
                          languages=("kk", "ru", "en"),
                          learning_outcomes=tuple(Outcome(f"Outcome {n}", f"Нәтиже {n}")
                                                  for n in range(1, 10)),
                          group_code="B057", school_en="School of Digital Technologies")
    institution = Institution(name_kk="Д. Серікбаев атындағы ШҚТУ", name_en="D. Serikbayev EKTU",
                              status_kk="коммерциялық емес акционерлік қоғам",
                              status_en="non-profit joint-stock company", website="https://www.ektu.kz",
                              verification_base_url="https://portal.example/verify/",
                              certifying_official_capacity="Vice-Rector for Academic Affairs",
                              certifying_official_name="Омаров Ерлан",
                              certifying_official_name_latin="Omarov Erlan")
    base = SupplementFacts(
        holder=holder, programme=programme,
        attempts=(attempt("PRG1101", letter="A", score=96), attempt("CW2101", kind="coursework", credits=3),
                  attempt("PR2204", kind="practice", credits=4, period=SPRING, letter="B+", score=86),
                  attempt("RW4101", kind="research", credits=6, period=SPRING, letter="A-", score=91),
                  attempt("FA4102", kind="final_attestation", credits=12, period=SPRING, letter="B-",
                          score=77)),
        # The five attempts are a sample of the transcript; the holder earned the programme's 240 (CR-3).
        gpa=Decimal("3.41"), credits_earned=240,
        grading=Grading(bands=SCALE, rating_weight=Decimal("0.6"), exam_weight=Decimal("0.4"),
                        admission_threshold=Decimal("50")),
        institution=institution, diploma_number="ЖБ-Б 1234567")
    parts = {"holder": holder, "programme": programme, "institution": institution}
    for key in list(overrides):
        if "__" in key:  # holder__iin="" → replace(holder, iin="")
            part, field = key.split("__")
            parts[part] = replace(parts[part], **{field: overrides.pop(key)})
    return replace(base, **parts, **overrides)
