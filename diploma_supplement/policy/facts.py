"""The plain data a Diploma Supplement is made of (DS-3): filled by ``selectors``, read by the policy.

Everything here is a frozen dataclass of plain values, so the completeness check (DS-1) and the
text of the eight sections (DS-3a) are computed without Django or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Discipline kinds, as ``academics.Discipline.Kind`` spells them (DS-4 lists every kind).
THEORY = "theory"
COURSEWORK = "coursework"
PRACTICE = "practice"
RESEARCH = "research"
FINAL_ATTESTATION = "final_attestation"
KINDS: tuple[str, ...] = (THEORY, COURSEWORK, PRACTICE, RESEARCH, FINAL_ATTESTATION)

GRADUATED = "graduated"
GRADED = "graded"
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class Holder:
    """Section 1: the holder as the records have them."""

    username: str
    full_name: str  # Kazakh (Cyrillic) letters as recorded: "Әлиев Нұрлан Серікұлы"
    full_name_latin: str  # the passport's Latin spelling; "" when not recorded
    birth_date: date | None
    iin: str
    status: str
    study_form: str
    # Contract §1: the day the degree was awarded (the diploma's date, printed at 6.1 and 7.1 beside
    # the supplement's own date of issue, which may differ — DS-3 (7)).
    graduated_on: date | None = None


@dataclass(frozen=True)
class Outcome:
    """One programme learning outcome (DS-3 4.2)."""

    en: str
    kk: str = ""


@dataclass(frozen=True)
class Programme:
    code: str
    name_en: str
    name_kk: str
    level: str  # academics.Program.Level
    credits: int
    qualification_en: str
    qualification_kk: str
    languages: tuple[str, ...]
    learning_outcomes: tuple[Outcome, ...]
    group_code: str = ""
    school_en: str = ""


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # academics.AcademicPeriod.Kind
    academic_year: str
    starts: date
    ends: date
    label: str = ""  # in words, as the supplement prints it: "Autumn semester 2022/2023"

    @property
    def words(self) -> str:
        """The period as a reader names it; its code only when no words were given."""
        return self.label or self.code


@dataclass(frozen=True)
class Attempt:
    """One result of the transcript (one attempt at one discipline), grades computed by grading."""

    code: str
    name_en: str
    name_kk: str
    kind: str
    credits: int
    period: Period
    attempt: int
    status: str  # grading's: in_progress, graded, not_admitted, no_show, annulled
    final_score: int | None
    letter: str | None
    points: Decimal | None
    positive: bool  # a positive final grade, A … D (GR-6)
    recognized_from: str = ""

    @property
    def hours(self) -> int:
        """CR-1: one credit is 30 academic hours."""
        return self.credits * 30

    @property
    def ects(self) -> int:
        """Since 2018 one Kazakhstan credit is one ECTS credit (DS-3 3.2)."""
        return self.credits


@dataclass(frozen=True)
class Band:
    """One row of the letter scale (GR-6) for the grading system table (DS-3 4.4)."""

    letter: str
    points: Decimal
    min_score: int
    max_score: int
    traditional: str  # excellent, good, satisfactory, unsatisfactory
    positive: bool


@dataclass(frozen=True)
class Grading:
    """How a final grade is made (DS-3 4.4): the scale and the weights of GR-2 … GR-4."""

    bands: tuple[Band, ...]
    rating_weight: Decimal
    exam_weight: Decimal
    admission_threshold: Decimal


@dataclass(frozen=True)
class Accreditation:
    """One accreditation as the registrar's office records it (DS-3 (2) institutional, (6) specialised):
    the accreditor and whether it is registered in EQAR and a member of ENQA, the certificate and its term."""

    accreditor: str
    eqar_registered: bool
    enqa_member: bool
    certificate: str
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class Institution:
    """The awarding institution and the certifying official (DS-3 2.3, 6.2, 7).

    Names, status and website are settings; the accreditation is data the registrar's office records."""

    name_kk: str
    name_en: str
    status_kk: str
    status_en: str
    website: str
    verification_base_url: str
    certifying_official_capacity: str
    certifying_official_name: str | None = None
    certifying_official_name_latin: str = ""  # the same name in Latin letters (the supplement is in English)
    accreditation: Accreditation | None = None  # institutional, in force on the day of the supplement


@dataclass(frozen=True)
class SupplementFacts:
    """Everything one supplement says, gathered from the records (DS-3)."""

    holder: Holder
    programme: Programme
    attempts: tuple[Attempt, ...]
    gpa: Decimal | None
    credits_earned: int
    grading: Grading
    institution: Institution
    mobility_periods: tuple[str, ...] = ()
    diploma_number: str | None = None
    programme_accreditation: Accreditation | None = None  # specialised, in force on the day of the supplement
