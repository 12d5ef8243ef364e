"""MO-5: a host transcript of records as EMREX ELMO XML (schema v1), read into transcript lines.

Each learning opportunity with a result (``specifies/learningOpportunityInstance``) and no parts of
its own is one line: its local identifier, title (English when given), ECTS credits
(``credit`` with ``scheme`` ects and ``value``) and result label. Every problem is named with its
place, and nothing is returned when there is one. A document type declaration is refused outright:
a transcript needs no entities, and refusing them keeps entity-expansion attacks out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class HostLine:
    code: str
    title: str
    ects: Decimal
    grade: str


@dataclass(frozen=True)
class ElmoProblem:
    path: str
    message: str


class ElmoInvalid(Exception):
    def __init__(self, problems: list[ElmoProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def _q(tag: str) -> str:
    return f"{{{ELMO_NS}}}{tag}"


def _title(los: ET.Element) -> str:
    titles = los.findall(_q("title"))
    english = [t for t in titles if t.get(XML_LANG, "en") == "en"]
    chosen = english or titles
    return (chosen[0].text or "").strip() if chosen else ""


def _ects(instance: ET.Element) -> str | None:
    for credit in instance.findall(_q("credit")):
        if (credit.findtext(_q("scheme")) or "").strip().lower() == "ects":
            return (credit.findtext(_q("value")) or "").strip()
    return None


def parse_elmo(data: bytes) -> tuple[HostLine, ...]:
    """The lines of an ELMO transcript, or ElmoInvalid naming every problem."""
    if len(data) > MAX_BYTES:
        raise ElmoInvalid([ElmoProblem("file", f"larger than {MAX_BYTES // 1_000_000} MB")])
    if b"<!DOCTYPE" in data.upper():
        raise ElmoInvalid([ElmoProblem("file", "a document type declaration is not accepted")])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ElmoInvalid([ElmoProblem("file", f"not well-formed XML ({error})")]) from None
    if root.tag != _q("elmo"):
        raise ElmoInvalid([ElmoProblem("file", "not an ELMO document (the root is not elmo of schema v1)")])
    reports = root.findall(_q("report"))
    if not reports:
        raise ElmoInvalid([ElmoProblem("report", "the transcript has no report")])
    problems: list[ElmoProblem] = []
    lines: list[HostLine] = []
    number = 0
    for los in root.iter(_q("learningOpportunitySpecification")):
        if los.find(_q("hasPart")) is not None:
            continue  # a programme or module: its parts are the lines
        instance = los.find(f"{_q('specifies')}/{_q('learningOpportunityInstance')}")
        if instance is None:
            continue  # nothing studied yet
        number += 1
        where = f"line {number}"
        code = (los.findtext(_q("identifier")) or "").strip()
        title = _title(los)
        grade = (instance.findtext(_q("resultLabel")) or "").strip()
        ects_text = _ects(instance)
        found = []
        if not title:
            found.append(ElmoProblem(f"{where}.title", "the learning opportunity has no title"))
        if not grade:
            found.append(ElmoProblem(f"{where}.resultLabel", "no result label (the host grade)"))
        ects = Decimal(0)
        if ects_text is None:
            found.append(ElmoProblem(f"{where}.credit", "no ECTS credit"))
        else:
            try:
                ects = Decimal(ects_text)
            except InvalidOperation:
                found.append(ElmoProblem(f"{where}.credit", f'"{ects_text}" is not a number of ECTS credits'))
            else:
                if not ects.is_finite() or ects <= 0:
                    found.append(ElmoProblem(f"{where}.credit", "ECTS credits are more than 0"))
        if found:
            problems += found
        else:
            lines.append(HostLine(code=code, title=title, ects=ects, grade=grade))
    if not lines and not problems:
        problems.append(ElmoProblem("report", "no learning opportunity with a result"))
    if problems:
        raise ElmoInvalid(problems)
    return tuple(lines)
