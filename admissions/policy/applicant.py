"""Contract §6: an applicant's record as it arrives — JSON from the API, a page's fields or a row of a
spreadsheet — checked field by field, every problem collected with its path (``unt.subjects.reading``),
nothing half-read. Cells are read leniently as spreadsheets give them ("14", 14.0, "4,85", "30.06.2026",
"иә"); anything that is not what the field holds is a problem, never a guess.

Which fields a track needs (contract §6): ``number``, ``full_name``, ``track``, ``program``,
``citizenship`` always; ``unt`` on the bachelor and reduced-term bachelor tracks (or, AD-4, an
international certificate instead); ``kt`` on the three KT tracks; ``master_degree``,
``work_experience_months`` and ``entrance_exam`` on the doctoral tracks; ``military_service_ended``
and ``interview_date`` on the after-service tracks; ``interview_date`` on ``bachelor_foreign``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from admissions.policy import codes
from admissions.policy.conversion import CERTIFICATES, InternationalCertificate
from admissions.policy.eligibility import ApplicantFacts
from admissions.policy.unt import UntResult

# Problem codes (the pages and the API say them in words: admissions.labels.FIELD_PROBLEMS).
REQUIRED = "required"
NOT_TEXT = "not_text"
TOO_LONG = "too_long"
NOT_WHOLE_NUMBER = "not_whole_number"
OUT_OF_RANGE = "out_of_range"
NOT_NUMBER = "not_number"
NOT_DATE = "not_date"
NOT_YES_NO = "not_yes_no"
NOT_OBJECT = "not_object"
NOT_LIST = "not_list"
UNKNOWN_TRACK = "unknown_track"
UNKNOWN_CODE = "unknown_code"
UNKNOWN_BLOCK = "unknown_block"
UNKNOWN_CERTIFICATE = "unknown_certificate"
NOT_IIN = "not_iin"
NOT_COUNTRY = "not_country"
NOT_EMAIL = "not_email"

# Ranges of the scales (the UNT's 140 points, a subject's at most 50; KT blocks; a 5-point average).
UNT_TOTAL_RANGE = (0, 140)
UNT_SUBJECT_RANGE = (0, 50)
EXAM_RANGE = (0, 150)
AVERAGE_RANGE = (Decimal(0), Decimal(5))

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_YES = {"1", "true", "yes", "y", "да", "иә", "x", "+"}
_NO = {"0", "false", "no", "n", "нет", "жоқ", "-"}

FIELDS = ("number", "full_name", "full_name_latin", "iin", "citizenship", "email", "phone", "track",
          "program", "documents", "unt", "unt_second", "international_certificate", "creative_exams", "kt",
          "foreign_language_certificate", "oecd_degree_until", "master_degree", "work_experience_months",
          "cefr_certificate", "entrance_exam", "military_service_ended", "interview_date",
          "certificate_average", "priorities", "quota_categories")


@dataclass(frozen=True)
class FieldProblem:
    path: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplicantInput:
    """An applicant's record, every field read and of its type (contract §6 names)."""

    number: str
    full_name: str
    track: str
    program: str
    citizenship: str
    full_name_latin: str = ""
    iin: str = ""
    email: str = ""
    phone: str = ""
    documents: tuple[str, ...] = ()
    unt: UntResult | None = None
    unt_second: UntResult | None = None
    international_certificate: InternationalCertificate | None = None
    creative_exams: Mapping[str, int] = field(default_factory=dict)
    kt: Mapping[str, int] | None = None
    foreign_language_certificate: str = ""
    oecd_degree_until: date | None = None
    master_degree: bool | None = None
    work_experience_months: int | None = None
    cefr_certificate: bool = False
    entrance_exam: int | None = None
    military_service_ended: date | None = None
    interview_date: date | None = None
    certificate_average: Decimal | None = None
    priorities: tuple[str, ...] = ()
    quota_categories: tuple[str, ...] = ()

    def facts(self, *, creative_program: bool = False) -> ApplicantFacts:
        return ApplicantFacts(
            number=self.number, track=self.track, citizenship=self.citizenship,
            creative_program=creative_program, unt=self.unt, unt_second=self.unt_second,
            international_certificate=self.international_certificate,
            creative_exams=self.creative_exams, kt=self.kt,
            foreign_language_certificate=self.foreign_language_certificate,
            oecd_degree_until=self.oecd_degree_until, master_degree=self.master_degree,
            work_experience_months=self.work_experience_months, cefr_certificate=self.cefr_certificate,
            entrance_exam=self.entrance_exam, military_service_ended=self.military_service_ended,
            interview_date=self.interview_date, certificate_average=self.certificate_average,
            priorities=frozenset(self.priorities), quota_categories=frozenset(self.quota_categories))


def required_fields(track: str) -> tuple[str, ...]:
    """Contract §6: the fields a track cannot do without (beyond the five every applicant has)."""
    if track in codes.UNT_TRACKS:
        return ("unt",)
    if track in codes.KT_TRACKS:
        return ("kt",)
    if track in codes.DOCTORAL_TRACKS:
        return ("master_degree", "work_experience_months", "entrance_exam")
    if track in codes.AFTER_SERVICE_TRACKS:
        return ("military_service_ended", "interview_date")
    if track == codes.BACHELOR_FOREIGN:
        return ("interview_date",)
    return ()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def problem(self, path: str, what: str, **params: Any) -> None:
        self.problems.append(FieldProblem(path, what, params))

    def text(self, value: Any, path: str, *, max_length: int = 200) -> str:
        if _blank(value):
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.problem(path, NOT_TEXT)
            return ""
        if isinstance(value, float) and value.is_integer():  # a spreadsheet's number in a text column
            value = int(value)
        text = " ".join(str(value).split())
        if len(text) > max_length:
            self.problem(path, TOO_LONG, max_length=max_length)
            return ""
        return text

    def whole(self, value: Any, path: str, low: int, high: int) -> int | None:
        if _blank(value):
            return None
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip().replace(",", "."))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            self.problem(path, NOT_WHOLE_NUMBER)
            return None
        if not low <= number <= high:
            self.problem(path, OUT_OF_RANGE, low=low, high=high)
            return None
        return int(number)

    def decimal(self, value: Any, path: str, low: Decimal, high: Decimal) -> Decimal | None:
        if _blank(value):
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", ".")
            number = Decimal(text)
        except InvalidOperation:
            self.problem(path, NOT_NUMBER)
            return None
        if not number.is_finite():
            self.problem(path, NOT_NUMBER)
            return None
        if not low <= number <= high:
            self.problem(path, OUT_OF_RANGE, low=low, high=high)
            return None
        return number

    def day(self, value: Any, path: str) -> date | None:
        if _blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            for pattern in ("%Y-%m-%d", "%d.%m.%Y"):  # ISO, and as Kazakh and Russian documents write it
                try:
                    return datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
        self.problem(path, NOT_DATE)
        return None

    def yes_no(self, value: Any, path: str) -> bool | None:
        if _blank(value):
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        self.problem(path, NOT_YES_NO)
        return None

    def names(self, value: Any, path: str) -> tuple[str, ...]:
        """A list of codes: a JSON list, or a cell "altyn_belgi, olympiad_winner"."""
        if _blank(value):
            return ()
        if isinstance(value, str):
            items: list[Any] = [part for part in re.split(r"[,;\s]+", value) if part]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            self.problem(path, NOT_LIST)
            return ()
        found = []
        for index, item in enumerate(items):
            name = self.text(item, f"{path}[{index}]", max_length=64)
            if name:
                found.append(name)
        return tuple(dict.fromkeys(found))

    def points(self, value: Any, path: str, low: int, high: int, *,
               known: Collection[str] | None = None) -> dict[str, int] | None:
        """An object of named points ({"history_kz": 14, …})."""
        if _blank(value):
            return None
        if not isinstance(value, Mapping):
            self.problem(path, NOT_OBJECT)
            return None
        found: dict[str, int] = {}
        for raw_name, raw_points in value.items():
            name = str(raw_name).strip()
            where = f"{path}.{name}"
            if known is not None and name not in known:
                self.problem(where, UNKNOWN_BLOCK, known=", ".join(known))
                continue
            if not _NAME.match(name):
                self.problem(where, UNKNOWN_CODE, code=name)
                continue
            points = self.whole(raw_points, where, low, high)
            if points is None and _blank(raw_points):
                continue  # an empty cell is no exam, not a zero
            if points is not None:
                found[name] = points
        return found

    def unt(self, value: Any, path: str) -> UntResult | None:
        if _blank(value):
            return None
        if not isinstance(value, Mapping):
            self.problem(path, NOT_OBJECT)
            return None
        before = len(self.problems)
        subjects = self.points(value.get("subjects"), f"{path}.subjects", *UNT_SUBJECT_RANGE) or {}
        total = self.whole(value.get("total"), f"{path}.total", *UNT_TOTAL_RANGE)
        if len(self.problems) > before:
            return None
        if total is None:
            if not subjects:
                self.problem(f"{path}.total", REQUIRED)
                return None
            total = sum(subjects.values())  # a certificate lists the subjects; the total is their sum
        return UntResult(total=total, subjects=subjects)

    def certificate(self, value: Any, path: str) -> InternationalCertificate | None:
        if _blank(value):
            return None
        if not isinstance(value, Mapping):
            self.problem(path, NOT_OBJECT)
            return None
        kind = self.text(value.get("kind"), f"{path}.kind", max_length=16).upper()
        kind = kind.replace("-", "_").replace(" ", "_")
        score = self.decimal(value.get("score"), f"{path}.score", Decimal(0), Decimal(10000))
        if not kind:
            self.problem(f"{path}.kind", REQUIRED)
        elif kind not in CERTIFICATES:
            self.problem(f"{path}.kind", UNKNOWN_CERTIFICATE, known=", ".join(CERTIFICATES))
        if score is None and not any(p.path == f"{path}.score" for p in self.problems):
            self.problem(f"{path}.score", REQUIRED)
        if not kind or kind not in CERTIFICATES or score is None:
            return None
        return InternationalCertificate(kind=kind, score=score)


def read_applicant(raw: Mapping[str, Any], *, priorities: Collection[str] = codes.PRIORITIES,
                   quota_categories: Collection[str] = (),
                   ) -> tuple[ApplicantInput | None, list[FieldProblem]]:
    """Contract §6: the record read, or every problem with its path (the record is None then).

    ``priorities`` and ``quota_categories`` are the codes configured now (AD-18: data)."""
    reader = _Reader()
    number = reader.text(raw.get("number"), "number", max_length=32)
    full_name = reader.text(raw.get("full_name"), "full_name")
    track = reader.text(raw.get("track"), "track", max_length=32)
    program = reader.text(raw.get("program"), "program", max_length=64)
    citizenship = reader.text(raw.get("citizenship"), "citizenship", max_length=2).upper()
    for name, value in (("number", number), ("full_name", full_name), ("track", track), ("program", program),
                        ("citizenship", citizenship)):
        if not value and not any(p.path == name for p in reader.problems):
            reader.problem(name, REQUIRED)
    if track and track not in codes.TRACKS:
        reader.problem("track", UNKNOWN_TRACK, track=track)
    if citizenship and not re.fullmatch(r"[A-Z]{2}", citizenship):
        reader.problem("citizenship", NOT_COUNTRY)
    iin = reader.text(raw.get("iin"), "iin", max_length=12)
    if iin and not re.fullmatch(r"\d{12}", iin):
        reader.problem("iin", NOT_IIN)
    email = reader.text(raw.get("email"), "email", max_length=254)
    if email and not _EMAIL.match(email):
        reader.problem("email", NOT_EMAIL)

    record: dict[str, Any] = {
        "full_name_latin": reader.text(raw.get("full_name_latin"), "full_name_latin"),
        "phone": reader.text(raw.get("phone"), "phone", max_length=32),
        "documents": reader.names(raw.get("documents"), "documents"),
        "unt": reader.unt(raw.get("unt"), "unt"),
        "unt_second": reader.unt(raw.get("unt_second"), "unt_second"),
        "international_certificate": reader.certificate(raw.get("international_certificate"),
                                                        "international_certificate"),
        "creative_exams": reader.points(raw.get("creative_exams"), "creative_exams", *EXAM_RANGE) or {},
        "kt": reader.points(raw.get("kt"), "kt", *EXAM_RANGE, known=codes.KT_BLOCKS),
        "foreign_language_certificate": reader.text(raw.get("foreign_language_certificate"),
                                                    "foreign_language_certificate", max_length=100),
        "oecd_degree_until": reader.day(raw.get("oecd_degree_until"), "oecd_degree_until"),
        "master_degree": reader.yes_no(raw.get("master_degree"), "master_degree"),
        "work_experience_months": reader.whole(raw.get("work_experience_months"), "work_experience_months",
                                               0, 1200),
        "cefr_certificate": bool(reader.yes_no(raw.get("cefr_certificate"), "cefr_certificate")),
        "entrance_exam": reader.whole(raw.get("entrance_exam"), "entrance_exam", 0, 100),
        "military_service_ended": reader.day(raw.get("military_service_ended"), "military_service_ended"),
        "interview_date": reader.day(raw.get("interview_date"), "interview_date"),
        "certificate_average": reader.decimal(raw.get("certificate_average"), "certificate_average",
                                              *AVERAGE_RANGE),
        "priorities": reader.names(raw.get("priorities"), "priorities"),
        "quota_categories": reader.names(raw.get("quota_categories"), "quota_categories"),
    }
    for name, known in (("priorities", priorities), ("quota_categories", quota_categories)):
        for index, code in enumerate(record[name]):
            if code not in known:
                reader.problem(f"{name}[{index}]", UNKNOWN_CODE, code=code)

    if track in codes.TRACKS:
        present = {name for name, value in record.items() if value is not None}
        already = {p.path.split(".")[0].split("[")[0] for p in reader.problems}
        for name in required_fields(track):
            if name == "unt" and not _blank(raw.get("international_certificate")):
                continue  # AD-4: the certificate stands instead of the UNT (its own problems are named)
            if name not in present and name not in already:
                reader.problem(name, REQUIRED)
    if reader.problems:
        return None, reader.problems
    return ApplicantInput(number=number, full_name=full_name, track=track, program=program,
                          citizenship=citizenship, iin=iin, email=email, **record), []
