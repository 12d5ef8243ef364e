"""Loading a university from an ``ektu-university/1`` document (contract §1).

Three stages, and nothing is written unless all pass:

1. the JSON Schema (``schema/university.schema.json``, a copy of the contract's), and the limits the
   schema leaves open but the database has (text lengths, NUL characters, integer ranges);
2. checks against the document and the database together: unknown codes, duplicate keys,
   prerequisite cycles, impossible dates, people whose roles do not fit their records;
3. one transaction of idempotent upserts by natural key (codes, usernames).

Every problem carries its JSON path (``people[3].student.program``). Loading the same
document twice changes nothing; an edited document updates what changed. For the objects
it lists, the document is the truth (a field it omits takes its default), except that a
person's password is only ever set, never cleared, and enrolments and results already in
the portal are never removed by a load.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, models, transaction
from django.utils.translation import gettext, gettext_lazy

from ektu_portal.academics.models import (
    AcademicPeriod,
    Curriculum,
    CurriculumItem,
    DayOff,
    Discipline,
    Enrollment,
    Program,
    Result,
    Role,
    RoleAssignment,
    School,
    Section,
    Student,
)
from ektu_portal.academics.policy.prerequisites import find_cycles
from ektu_portal.accounts.models import User
from ektu_portal.audit.models import AuditRecord
from ektu_portal.audit.services import Change, audit_many
from ektu_portal.core.errors import Problem, ValidationFailed

SCHEMA_PATH = Path(__file__).with_name("schema") / "university.schema.json"
FORMAT = "ektu-university/1"
_LOAD_LOCK = 0x454B5455  # "EKTU": one load at a time, so two loads never interleave their upserts


class UniversityRejected(ValidationFailed):
    code = "invalid_university"
    title = gettext_lazy("The university document has problems; nothing was loaded")


@dataclass
class KindCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "removed": self.removed}


@dataclass
class LoadReport:
    dry_run: bool
    counts: dict[str, KindCount] = field(default_factory=lambda: defaultdict(KindCount))

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.removed for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "changed": self.changed,
                "counts": {kind: count.as_dict() for kind, count in self.counts.items()}}

    def lines(self) -> list[str]:
        return [f"{kind:18} {c.created:6} created {c.updated:6} updated {c.unchanged:6} unchanged"
                + (f" {c.removed:6} removed" if c.removed else "")
                for kind, c in self.counts.items()]


# --- stage 1: schema ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=FormatChecker())


def json_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


# A recognized result carries its letter instead of marks (contract §1); the schema says so with
# dependentRequired / dependentSchemas, whose own messages would quote the whole result back.
_MARK_FIELDS = ("r1", "r2", "exam", "outcome")


def _schema_problem(error: Any) -> list[Problem]:
    path = json_path(error.absolute_path) or "(document)"
    if error.validator == "not" and "recognized_from" in error.absolute_schema_path and \
            isinstance(error.instance, dict):
        return [Problem(f"{path}.{name}", f"a recognized result carries its letter instead of {name}")
                for name in _MARK_FIELDS if name in error.instance]
    if error.validator == "dependentRequired" and isinstance(error.instance, dict):
        if "recognized_from" in error.instance and "letter" not in error.instance:
            return [Problem(f"{path}.letter", "a recognized result needs the letter it was recognized with")]
        if "letter" in error.instance and "recognized_from" not in error.instance:
            return [Problem(f"{path}.recognized_from",
                            "a letter is given only with recognized_from (where it was recognized)")]
    return [Problem(path, error.message)]


def _brief(message: str, limit: int = 300) -> str:
    # The schema's messages quote the offending value: a 10,000-character name need not come back whole.
    return message if len(message) <= limit else message[:limit] + "…"


def schema_problems(document: Any) -> list[Problem]:
    errors = sorted(_schema_validator().iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)),
                                                                            e.message))
    return [Problem(problem.path, _brief(problem.message))
            for error in errors for problem in _schema_problem(error)]


# --- reading the document: size and nesting before the JSON parser sees it ------------------------

# A whole university — 30,000 people with their past results — measured as the demo generator writes
# it (``build_demo_university(students=30000)``): docs/deployment.md, "Loading limits…". The API
# reads at most this many bytes; ``EKTU_UNIVERSITY_MAX_BYTES`` sets another limit. Every other request
# body keeps Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
DEFAULT_MAX_DOCUMENT_BYTES = 128 * 2**20  # measured: 92 MiB as UTF-8, 95 MiB with \u escapes
# The format nests five deep (``curricula[0].items[3]`` inside the document); Python's json parser
# recurses once per level and fails with RecursionError near a thousand, so depth is counted first.
MAX_NESTING = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def max_document_bytes() -> int:
    """The most bytes ``POST /api/v1/university/load`` reads (``EKTU_UNIVERSITY_MAX_BYTES``)."""
    try:
        value = int(os.environ.get("EKTU_UNIVERSITY_MAX_BYTES", ""))
    except ValueError:
        return DEFAULT_MAX_DOCUMENT_BYTES
    return value if value > 0 else DEFAULT_MAX_DOCUMENT_BYTES


def document_too_large(size: int, limit: int) -> UniversityRejected:
    return UniversityRejected([Problem("(document)", gettext(
        "the document is %(size)s bytes; at most %(limit)s bytes are loaded at once "
        "(EKTU_UNIVERSITY_MAX_BYTES)") % {"size": size, "limit": limit})])


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest, counted on the text: strings out, then only the brackets.

    A quote outside a string always opens one, so strings are matched left to right exactly as a
    parser meets them; an unterminated one leaves its brackets counted (never too few)."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_document(raw: bytes | str, *, max_bytes: int | None = None) -> Any:
    """The document's JSON, read within the loader's limits (contract §1).

    Raises ``UniversityRejected`` for a document over ``max_bytes`` or nested deeper than the format
    ever is (nothing is parsed then), and ``ValueError`` for text that is not JSON (or not UTF-8).
    """
    if max_bytes is not None and len(raw) > max_bytes:
        raise document_too_large(len(raw), max_bytes)
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise UniversityRejected([Problem("(document)", gettext(
            "arrays and objects nest %(depth)s deep; the format never nests deeper than %(limit)s")
            % {"depth": depth, "limit": MAX_NESTING})])
    return json.loads(text, parse_constant=_no_constant)


# --- stage 1b: what the schema lets through but the database cannot hold --------------------------

def _text_limit(model: type[models.Model], name: str) -> int:
    return int(model._meta.get_field(name).max_length or 0)


def _integer_range(model: type[models.Model], name: str) -> tuple[int, int]:
    low, high = connection.ops.integer_field_range(model._meta.get_field(name).get_internal_type())
    return int(low), int(high)


# Keyed by the path without its indices; a text object's languages share their field's limit.
_DEFAULT_TEXT_LIMIT = 300  # codes, dates, passwords, time zones: far below it when they are right
_INTEGER = (-(2**31), 2**31 - 1)  # PostgreSQL's integer: any number the format has must fit it
# A student's intake year and the windows' moments: a curriculum's years (the schema's 2000–2100),
# reaching back to graduates loaded for their Diploma Supplement.
YEARS = (1900, 2100)


@lru_cache(maxsize=1)
def _limits() -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], tuple[int, int]]]:
    name = _text_limit(School, "name_en")  # every named object's (academics.models.Named)
    texts = {
        ("schools", "name"): name, ("programs", "name"): name, ("disciplines", "name"): name,
        ("programs", "qualification"): _text_limit(Program, "qualification_en"),
        ("programs", "learning_outcomes"): 2000,  # JSON in the database: no column limit, still a sentence
        ("people", "full_name"): _text_limit(User, "full_name"),
        ("people", "full_name_latin"): _text_limit(User, "full_name_latin"),
        ("people", "email"): _text_limit(User, "email"),
    }
    numbers = {
        ("programs", "credits"): _integer_range(Program, "credits"),
        ("disciplines", "credits"): _integer_range(Discipline, "credits"),
        ("curricula", "intake_year"): _integer_range(Curriculum, "intake_year"),
        ("curricula", "items", "semester"): _integer_range(CurriculumItem, "semester"),
        ("people", "student", "intake_year"): YEARS,
        ("people", "student", "course_year"): _integer_range(Student, "course_year"),
        ("sections", "capacity"): _integer_range(Section, "capacity"),
        ("sections", "min_size"): _integer_range(Section, "min_size"),
        ("results", "attempt"): _integer_range(Result, "attempt"),
        ("results", "r1"): _integer_range(Result, "r1"),
        ("results", "r2"): _integer_range(Result, "r2"),
        ("results", "exam"): _integer_range(Result, "exam"),
    }
    return texts, numbers


def _show_number(value: float) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


def limit_problems(document: Any) -> list[Problem]:
    """Every string and number the database could not store as the document gives it.

    PostgreSQL text cannot hold a NUL character; columns have lengths; integers have ranges. The
    schema (the contract's, unchanged) leaves these open, and a write would fail half-way (a 500)
    instead of naming the problem; here each is named at its path before anything is written."""
    texts, numbers = _limits()
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(json_path(path) or "(document)", message))

    def check(value: Any, path: tuple[str | int, ...], shape: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and "\x00" in key:
                    add(path, gettext("a property name contains a NUL character (\\u0000)"))
                    continue
                check(item, (*path, key), (*shape, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                check(item, (*path, i), shape)
        elif isinstance(value, str):
            if "\x00" in value:
                add(path, gettext("contains a NUL character (\\u0000), which cannot be stored"))
            limit = texts.get(shape) or texts.get(shape[:-1]) or _DEFAULT_TEXT_LIMIT
            if len(value) > limit:
                add(path, gettext("is %(length)s characters long; at most %(limit)s are stored")
                    % {"length": len(value), "limit": limit})
        elif isinstance(value, int | float) and not isinstance(value, bool):
            low, high = numbers.get(shape, _INTEGER)
            if not low <= value <= high:  # NaN too: it is in no range
                if shape == ("people", "student", "intake_year"):
                    message = gettext("an intake year is between %(low)s and %(high)s, not %(value)s")
                else:
                    message = gettext("%(value)s is out of range: from %(low)s to %(high)s")
                add(path, message % {"value": _show_number(value), "low": low, "high": high})

    check(document, (), ())
    return problems


def document_problems(document: Any) -> list[Problem]:
    """Stage 1: the schema's problems, then the limits' (one problem per path: the schema's first)."""
    found = schema_problems(document)
    paths = {problem.path for problem in found}
    return found + [problem for problem in limit_problems(document) if problem.path not in paths]


# --- stage 2: checks against the document and the database ----------------------------------------

class _Checker:
    def __init__(self, document: dict[str, Any], allow_passwords: bool) -> None:
        self.doc = document
        self.allow_passwords = allow_passwords
        self.problems: list[Problem] = []
        self.zone = ZoneInfo("Asia/Almaty")

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def keys(self, kind: str, model: type[models.Model], field_name: str = "code") -> set[str]:
        in_file = {row[field_name if kind != "people" else "username"] for row in self.doc.get(kind, [])}
        in_db = set(model.objects.values_list(field_name, flat=True))
        return in_file | in_db

    def duplicates(self, kind: str, key: Callable[[dict[str, Any]], Any], label: str) -> None:
        seen: dict[Any, int] = {}
        for i, row in enumerate(self.doc.get(kind, [])):
            k = key(row)
            if k in seen:
                self.add(f"{kind}[{i}]", f"duplicate {label} {_show(k)} (first at {kind}[{seen[k]}])")
            else:
                seen[k] = i

    def run(self) -> list[Problem]:
        doc = self.doc
        try:
            self.zone = ZoneInfo(doc.get("timezone", "Asia/Almaty"))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long to be a file
            self.add("timezone", f'unknown time zone "{str(doc.get("timezone"))[:64]}"')

        self.duplicates("schools", lambda r: r["code"], "school")
        self.duplicates("programs", lambda r: r["code"], "program")
        self.duplicates("disciplines", lambda r: r["code"], "discipline")
        self.duplicates("curricula", lambda r: (r["program"], r["intake_year"]), "curriculum")
        self.duplicates("people", lambda r: r["username"], "username")
        self.duplicates("sections", lambda r: r["code"], "section")
        self.duplicates("results",
                        lambda r: (r["student"], r["discipline"], r["period"], r.get("attempt", 1)),
                        "result")
        periods_seen: dict[str, int] = {}
        for i, period in enumerate(doc.get("calendar", {}).get("periods", [])):
            if period["code"] in periods_seen:
                self.add(f"calendar.periods[{i}]", f'duplicate period "{period["code"]}"')
            periods_seen.setdefault(period["code"], i)

        schools = self.keys("schools", School)
        programs = self.keys("programs", Program)
        disciplines = self.keys("disciplines", Discipline)
        periods = set(periods_seen) | set(AcademicPeriod.objects.values_list("code", flat=True))

        for i, program in enumerate(doc.get("programs", [])):
            if program["school"] not in schools:
                self.add(f"programs[{i}].school", f'unknown school "{program["school"]}"')
        for i, discipline in enumerate(doc.get("disciplines", [])):
            for j, code in enumerate(discipline.get("prerequisites", [])):
                if code not in disciplines:
                    self.add(f"disciplines[{i}].prerequisites[{j}]", f'unknown discipline "{code}"')
        self._check_cycles()
        for i, curriculum in enumerate(doc.get("curricula", [])):
            here = f"curricula[{i}]"
            if curriculum["program"] not in programs:
                self.add(f"{here}.program", f'unknown program "{curriculum["program"]}"')
            seen_items: set[str] = set()
            for j, item in enumerate(curriculum["items"]):
                if item["discipline"] not in disciplines:
                    self.add(f"{here}.items[{j}].discipline", f'unknown discipline "{item["discipline"]}"')
                if item["discipline"] in seen_items:
                    self.add(f"{here}.items[{j}].discipline",
                             f'discipline "{item["discipline"]}" appears twice in this curriculum')
                seen_items.add(item["discipline"])
                if "minor_of" in item and item["minor_of"] not in programs:
                    self.add(f"{here}.items[{j}].minor_of", f'unknown program "{item["minor_of"]}"')
        self._check_calendar()
        people_roles = self._check_people(schools, programs)
        self._check_sections(disciplines, periods, people_roles)
        self._check_results(disciplines, periods, people_roles)
        return self.problems

    def _check_cycles(self) -> None:
        graph: dict[str, list[str]] = defaultdict(list)
        for code, required in Discipline.prerequisites.through.objects.values_list(
                "from_discipline__code", "to_discipline__code"):
            graph[code].append(required)
        index_of: dict[str, int] = {}
        for i, discipline in enumerate(self.doc.get("disciplines", [])):
            graph[discipline["code"]] = list(discipline.get("prerequisites", []))  # the document replaces
            index_of.setdefault(discipline["code"], i)
        for cycle in find_cycles(graph):
            where = next((f"disciplines[{index_of[c]}].prerequisites" for c in cycle if c in index_of),
                         "disciplines")
            self.add(where, "prerequisite cycle: " + " → ".join([*cycle, cycle[0]]))

    def moment(self, path: str, text: str) -> datetime | None:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.add(path, f'bad date and time "{text}" (expected e.g. 2026-04-01T09:00)')
            return None
        if not YEARS[0] <= value.year <= YEARS[1]:  # year 1 in Almaty would be before UTC's year 1: a 500
            self.add(path, gettext("a date between %(low)s and %(high)s is expected") % {
                "low": YEARS[0], "high": YEARS[1]})
            return None
        return value if value.tzinfo else value.replace(tzinfo=self.zone)

    def _check_calendar(self) -> None:
        for i, period in enumerate(self.doc.get("calendar", {}).get("periods", [])):
            here = f"calendar.periods[{i}]"
            starts, ends = _day(period["starts"]), _day(period["ends"])
            if starts and ends and ends < starts:
                self.add(f"{here}.ends", f"the period ends ({ends}) before it starts ({starts})")
            for window in ("registration", "drop_off"):
                if window in period:
                    opens = self.moment(f"{here}.{window}.opens", period[window]["opens"])
                    closes = self.moment(f"{here}.{window}.closes", period[window]["closes"])
                    if opens and closes and closes <= opens:
                        self.add(f"{here}.{window}.closes", "the window closes before it opens")
            if "exam_session" in period:
                s, e = _day(period["exam_session"]["starts"]), _day(period["exam_session"]["ends"])
                if s and e and e < s:
                    self.add(f"{here}.exam_session.ends", "the exam session ends before it starts")

    def _check_people(self, schools: set[str], programs: set[str]) -> dict[str, set[str]]:
        """Returns {username: roles} for the document's people and the database's."""
        roles: dict[str, set[str]] = defaultdict(set)
        for username, role in RoleAssignment.objects.values_list("user__username", "role"):
            roles[username].add(role)
        in_file = {p["username"]: set(p["roles"]) for p in self.doc.get("people", [])}
        roles.update(in_file)  # the document's roles replace the database's for its people
        # A diploma's number is one graduate's (contract §1); the document's numbers replace the
        # database's for its people, so a number only clashes with someone the document leaves as is.
        numbers_in_db = {number: username for number, username in Student.objects.filter(
            diploma_number__isnull=False).values_list("diploma_number", "user__username")}
        numbers_seen: dict[str, str] = {}
        for i, person in enumerate(self.doc.get("people", [])):
            here = f"people[{i}]"
            if "password" in person and not self.allow_passwords:
                self.add(f"{here}.password",
                         "passwords are for demo and test data only (load with --allow-passwords)")
            if "school" in person and person["school"] not in schools:
                self.add(f"{here}.school", f'unknown school "{person["school"]}"')
            for role in sorted(set(person["roles"]) & {Role.DEAN, Role.DEPUTY_DEAN}):
                if "school" not in person:
                    self.add(f"{here}.school", f"a {role} needs the school they act for")
            is_student = Role.STUDENT in person["roles"]
            if is_student and "student" not in person:
                self.add(f"{here}.student", "a person with the student role needs a student record")
            if "student" in person and not is_student:
                self.add(f"{here}.roles", "a person with a student record needs the student role")
            record = person.get("student")
            if record:
                if record["program"] not in programs:
                    self.add(f"{here}.student.program", f'unknown program "{record["program"]}"')
                adviser = record.get("adviser")
                if adviser is not None and Role.ADVISER not in roles.get(adviser, set()):
                    self.add(f"{here}.student.adviser",
                             f'unknown adviser "{adviser}"' if adviser not in roles
                             else f'"{adviser}" is not an adviser')
                if "birth_date" in record and _day(record["birth_date"]) and \
                        _day(record["birth_date"]) > date.today():  # type: ignore[operator]
                    self.add(f"{here}.student.birth_date", "the date of birth is in the future")
                self._check_diploma(f"{here}.student", person["username"], record, in_file, numbers_in_db,
                                    numbers_seen)
        return roles

    def _check_diploma(self, here: str, username: str, record: dict[str, Any], in_file: dict[str, set[str]],
                       numbers_in_db: dict[str, str], numbers_seen: dict[str, str]) -> None:
        """Contract §1: a graduate's diploma number (unique) and the day the degree was awarded."""
        status = record.get("status", Student.Status.ACTIVE)
        for name in ("diploma_number", "graduated_on"):
            if name in record and status != Student.Status.GRADUATED:
                self.add(f"{here}.{name}", f'only a graduate has a {name.replace("_", " ")} '
                                           f'(the status is "{status}", not "graduated")')
        graduated_on = _day(record["graduated_on"]) if "graduated_on" in record else None
        if graduated_on and graduated_on > date.today():
            self.add(f"{here}.graduated_on", "the degree is awarded on a day still to come")
        number = record.get("diploma_number")
        if number is None:
            return
        path = f"{here}.diploma_number"
        if number in numbers_seen:
            self.add(path, f'diploma number "{number}" is also at {numbers_seen[number]}')
        else:
            numbers_seen[number] = path
        holder = numbers_in_db.get(number)
        if holder is not None and holder != username and holder not in in_file:
            self.add(path, f'diploma number "{number}" is already student "{holder}"\'s in the portal')

    def _check_sections(self, disciplines: set[str], periods: set[str], roles: dict[str, set[str]]) -> None:
        for i, section in enumerate(self.doc.get("sections", [])):
            here = f"sections[{i}]"
            if section["discipline"] not in disciplines:
                self.add(f"{here}.discipline", f'unknown discipline "{section["discipline"]}"')
            if section["period"] not in periods:
                self.add(f"{here}.period", f'unknown period "{section["period"]}"')
            instructor = section.get("instructor")
            if instructor is not None and Role.INSTRUCTOR not in roles.get(instructor, set()):
                self.add(f"{here}.instructor", f'unknown instructor "{instructor}"' if instructor not in roles
                         else f'"{instructor}" is not an instructor')
            if section.get("min_size", 0) > section["capacity"]:
                self.add(f"{here}.min_size", "the minimum size exceeds the capacity")
            enrolled = section.get("enrolled", [])
            if len(enrolled) > section["capacity"]:
                self.add(f"{here}.enrolled", f"{len(enrolled)} students enrolled but capacity is "
                                             f"{section['capacity']} (RG-9)")
            for j, username in enumerate(enrolled):
                if Role.STUDENT not in roles.get(username, set()):
                    self.add(f"{here}.enrolled[{j}]", f'unknown student "{username}"')
            for username, times in Counter(enrolled).items():
                if times > 1:
                    self.add(f"{here}.enrolled", f'"{username}" is listed {times} times')

    def _check_results(self, disciplines: set[str], periods: set[str], roles: dict[str, set[str]]) -> None:
        for i, result in enumerate(self.doc.get("results", [])):
            here = f"results[{i}]"
            if Role.STUDENT not in roles.get(result["student"], set()):
                self.add(f"{here}.student", f'unknown student "{result["student"]}"')
            if result["discipline"] not in disciplines:
                self.add(f"{here}.discipline", f'unknown discipline "{result["discipline"]}"')
            if result["period"] not in periods:
                self.add(f"{here}.period", f'unknown period "{result["period"]}"')


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _show(key: Any) -> str:
    return f'"{key}"' if isinstance(key, str) else "(" + ", ".join(map(str, key)) + ")"


# --- stage 3: writing ---------------------------------------------------------------------------

def _text(value: dict[str, str] | None, prefix: str) -> dict[str, str]:
    value = value or {}
    return {f"{prefix}_{lang}": value.get(lang, "") for lang in ("kk", "ru", "en")}


class _Writer:
    def __init__(self, document: dict[str, Any], report: LoadReport, zone: ZoneInfo, actor: Any,
                 source: str) -> None:
        self.doc = document
        self.report = report
        self.zone = zone
        self.actor = actor
        self.source = source
        self._hashes: dict[str, str] = {}
        self._checked: dict[tuple[str, str], bool] = {}

    def upsert(self, kind: str, model: type[models.Model], key_field: str,
               rows: dict[Any, dict[str, Any]]) -> dict[Any, Any]:
        """Create what is new, update what differs, leave the rest untouched (no write)."""
        count = self.report.counts[kind]
        existing = {getattr(obj, key_field): obj for obj in
                    model.objects.filter(**{f"{key_field}__in": list(rows)})} if rows else {}
        new, changed, fields = [], [], set()
        for key, values in rows.items():
            obj = existing.get(key)
            if obj is None:
                new.append(model(**{key_field: key}, **values))
                continue
            diff = [name for name, value in values.items() if getattr(obj, name) != value]
            if diff:
                for name in diff:
                    setattr(obj, name, rows[key][name])
                changed.append(obj)
                fields.update(diff)
            else:
                count.unchanged += 1
        model.objects.bulk_create(new, batch_size=2000)
        if changed:
            model.objects.bulk_update(changed, sorted(fields), batch_size=2000)
        count.created += len(new)
        count.updated += len(changed)
        existing.update({getattr(obj, key_field): obj for obj in new})
        return existing

    def run(self) -> None:
        doc = self.doc
        schools = self.upsert("schools", School, "code", {
            s["code"]: _text(s["name"], "name") for s in doc.get("schools", [])})
        school_id = self._ids(School, schools, {p.get("school") for p in doc.get("people", [])}
                              | {p["school"] for p in doc.get("programs", [])})
        self.upsert("programs", Program, "code", {
            p["code"]: {**_text(p["name"], "name"), **_text(p.get("qualification"), "qualification"),
                        "level": p["level"], "school_id": school_id[p["school"]],
                        "group_code": p.get("group", ""), "credits": p["credits"],
                        "languages": list(p.get("languages", [])),
                        "creative": p.get("creative", False),
                        "learning_outcomes": list(p.get("learning_outcomes", []))}
            for p in doc.get("programs", [])})
        self.upsert("disciplines", Discipline, "code", {
            d["code"]: {**_text(d["name"], "name"), "credits": d["credits"],
                        "control": d.get("control", "exam"), "kind": d.get("kind", "theory"),
                        "has_coursework": d.get("has_coursework", False)}
            for d in doc.get("disciplines", [])})
        self._prerequisites()
        self._calendar()
        self._curricula()
        self._people()
        self._sections()
        self._results()

    def _ids(self, model: type[models.Model], known: dict[str, Any], codes: Iterable[str | None],
             key_field: str = "code") -> dict[str, int]:
        ids = {code: obj.pk for code, obj in known.items()}
        missing = {c for c in codes if c and c not in ids}
        if missing:
            ids.update(model.objects.filter(**{f"{key_field}__in": missing}).values_list(key_field, "pk"))
        return ids

    def _all_ids(self, model: type[models.Model], key_field: str = "code") -> dict[str, int]:
        return dict(model.objects.values_list(key_field, "pk"))

    def _prerequisites(self) -> None:
        listed = {d["code"]: set(d.get("prerequisites", [])) for d in self.doc.get("disciplines", [])}
        if not listed:
            return
        ids = self._all_ids(Discipline)
        through = Discipline.prerequisites.through
        current: dict[str, set[str]] = defaultdict(set)
        for code, required in through.objects.filter(from_discipline__code__in=listed).values_list(
                "from_discipline__code", "to_discipline__code"):
            current[code].add(required)
        count = self.report.counts["prerequisites"]
        add, remove = [], []
        for code, wanted in listed.items():
            have = current.get(code, set())
            add += [through(from_discipline_id=ids[code], to_discipline_id=ids[r])
                    for r in sorted(wanted - have)]
            remove += [(ids[code], ids[r]) for r in have - wanted]
            count.unchanged += len(wanted & have)
        through.objects.bulk_create(add)
        for from_id, to_id in remove:
            through.objects.filter(from_discipline_id=from_id, to_discipline_id=to_id).delete()
        count.created += len(add)
        count.removed += len(remove)

    def _moment(self, text: str | None) -> datetime | None:
        if not text:
            return None
        value = datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=self.zone)

    def _calendar(self) -> None:
        calendar = self.doc.get("calendar", {})
        rows = {}
        for p in calendar.get("periods", []):
            reg, drop, exams = p.get("registration", {}), p.get("drop_off", {}), p.get("exam_session", {})
            rows[p["code"]] = {
                "kind": p["kind"], "academic_year": p.get("academic_year", ""),
                "starts": date.fromisoformat(p["starts"]), "ends": date.fromisoformat(p["ends"]),
                "registration_opens": self._moment(reg.get("opens")),
                "registration_closes": self._moment(reg.get("closes")),
                "drop_off_opens": self._moment(drop.get("opens")),
                "drop_off_closes": self._moment(drop.get("closes")),
                "exam_session_starts": date.fromisoformat(exams["starts"]) if exams else None,
                "exam_session_ends": date.fromisoformat(exams["ends"]) if exams else None,
            }
        self.upsert("periods", AcademicPeriod, "code", rows)
        self.upsert("days_off", DayOff, "date",
                    {date.fromisoformat(d): {} for d in calendar.get("holidays", [])})

    def _curricula(self) -> None:
        program_ids, discipline_ids = self._all_ids(Program), self._all_ids(Discipline)
        count, item_count = self.report.counts["curricula"], self.report.counts["curriculum_items"]
        for c in self.doc.get("curricula", []):
            curriculum, created = Curriculum.objects.get_or_create(program_id=program_ids[c["program"]],
                                                                   intake_year=c["intake_year"])
            count.created += created
            count.unchanged += not created
            existing = {item.discipline_id: item for item in curriculum.items.all()}
            wanted = {}
            for item in c["items"]:
                wanted[discipline_ids[item["discipline"]]] = {
                    "semester": item["semester"], "component": item["component"],
                    "elective_group": item.get("elective_group", ""),
                    "minor_of_id": program_ids[item["minor_of"]] if "minor_of" in item else None}
            new, changed, fields = [], [], set()
            for discipline_id, values in wanted.items():
                obj = existing.get(discipline_id)
                if obj is None:
                    new.append(CurriculumItem(curriculum=curriculum, discipline_id=discipline_id, **values))
                    continue
                diff = [k for k, v in values.items() if getattr(obj, k) != v]
                for k in diff:
                    setattr(obj, k, values[k])
                if diff:
                    changed.append(obj)
                    fields.update(diff)
                else:
                    item_count.unchanged += 1
            gone = [pk for discipline_id, pk in ((d, o.pk) for d, o in existing.items())
                    if discipline_id not in wanted]
            CurriculumItem.objects.bulk_create(new)
            if changed:
                CurriculumItem.objects.bulk_update(changed, sorted(fields))
            CurriculumItem.objects.filter(pk__in=gone).delete()
            item_count.created += len(new)
            item_count.updated += len(changed)
            item_count.removed += len(gone)

    def _password_hash(self, raw: str) -> str:
        # One hash per distinct password per load: a demo university of hundreds of people
        # with one demo password costs one PBKDF2 run instead of hundreds.
        if raw not in self._hashes:
            self._hashes[raw] = make_password(raw)
        return self._hashes[raw]

    def _password_matches(self, raw: str, encoded: str) -> bool:
        key = (raw, encoded)
        if key not in self._checked:
            self._checked[key] = check_password(raw, encoded)
        return self._checked[key]

    def _people(self) -> None:
        people = self.doc.get("people", [])
        if not people:
            return
        users = self.upsert("people", User, "username", {
            p["username"]: {"full_name": p["full_name"], "full_name_latin": p.get("full_name_latin", ""),
                            "email": p.get("email", ""),
                            # Administrators manage reference data in Django's admin.
                            "is_staff": Role.ADMIN in p["roles"], "is_superuser": Role.ADMIN in p["roles"]}
            for p in people})
        with_password, unusable = [], []
        for p in people:
            user = users[p["username"]]
            if "password" in p:
                if not self._password_matches(p["password"], user.password):
                    user.password = self._password_hash(p["password"])
                    with_password.append(user)
            elif not user.password:
                user.set_unusable_password()
                unusable.append(user)
        User.objects.bulk_update(with_password + unusable, ["password"], batch_size=2000)
        self.report.counts["passwords"].updated += len(with_password)

        school_ids = self._all_ids(School)
        user_ids = {username: user.pk for username, user in users.items()}
        count = self.report.counts["roles"]
        existing = defaultdict(dict)
        for assignment in RoleAssignment.objects.filter(user_id__in=user_ids.values()):
            existing[assignment.user_id][assignment.role] = assignment
        new, changed, gone = [], [], []
        for p in people:
            uid = user_ids[p["username"]]
            school = school_ids.get(p.get("school", ""))
            have = existing.get(uid, {})
            for role in p["roles"]:
                assignment = have.get(role)
                if assignment is None:
                    new.append(RoleAssignment(user_id=uid, role=role, school_id=school))
                elif assignment.school_id != school:
                    assignment.school_id = school
                    changed.append(assignment)
                else:
                    count.unchanged += 1
            gone += [a.pk for role, a in have.items() if role not in p["roles"]]
        RoleAssignment.objects.bulk_create(new)
        RoleAssignment.objects.bulk_update(changed, ["school_id"])
        RoleAssignment.objects.filter(pk__in=gone).delete()
        count.created, count.updated, count.removed = (
            count.created + len(new), count.updated + len(changed), count.removed + len(gone))

        program_ids = self._all_ids(Program)
        adviser_ids = self._all_ids(User, "username")
        rows = {
            user_ids[p["username"]]: {
                "program_id": program_ids[s["program"]], "intake_year": s["intake_year"],
                "course_year": s["course_year"], "funding": s["funding"],
                "study_form": s.get("study_form", "full_time"),
                "adviser_id": adviser_ids[s["adviser"]] if s.get("adviser") else None,
                "birth_date": date.fromisoformat(s["birth_date"]) if s.get("birth_date") else None,
                "iin": s.get("iin", ""), "status": s.get("status", "active"),
                "diploma_number": s.get("diploma_number"),
                "graduated_on": date.fromisoformat(s["graduated_on"]) if s.get("graduated_on") else None}
            for p in people if (s := p.get("student"))}
        # Numbers that change hands among the document's graduates (two swapped by mistake, now put
        # right) are let go first: the unique index is checked row by row within one UPDATE.
        numbered = Student.objects.filter(user_id__in=rows, diploma_number__isnull=False)
        moving = [student for student in numbered
                  if rows[student.user_id]["diploma_number"] != student.diploma_number]
        # Those whose number is only taken away then look unchanged to the upsert: count them here.
        removed = sum(1 for student in moving if rows[student.user_id]["diploma_number"] is None and all(
            getattr(student, name) == value for name, value in rows[student.user_id].items()
            if name != "diploma_number"))
        if moving:
            Student.objects.filter(pk__in=[student.pk for student in moving]).update(diploma_number=None)
        self.upsert("students", Student, "user_id", rows)
        count = self.report.counts["students"]
        count.unchanged, count.updated = count.unchanged - removed, count.updated + removed

    def _student_ids(self, usernames: Iterable[str]) -> dict[str, int]:
        return dict(Student.objects.filter(user__username__in=set(usernames))
                    .values_list("user__username", "pk"))

    def _sections(self) -> None:
        sections = self.doc.get("sections", [])
        if not sections:
            return
        discipline_ids, period_ids = self._all_ids(Discipline), self._all_ids(AcademicPeriod)
        instructor_ids = dict(User.objects.filter(username__in={s.get("instructor") for s in sections})
                              .values_list("username", "pk"))
        saved = self.upsert("sections", Section, "code", {
            s["code"]: {"discipline_id": discipline_ids[s["discipline"]],
                        "period_id": period_ids[s["period"]],
                        "instructor_id": instructor_ids.get(s.get("instructor")), "capacity": s["capacity"],
                        "min_size": s.get("min_size", 0), "language": s.get("language", "")}
            for s in sections})
        student_ids = self._student_ids(u for s in sections for u in s.get("enrolled", []))
        wanted = {(saved[s["code"]].pk, student_ids[u]) for s in sections for u in s.get("enrolled", [])}
        count = self.report.counts["enrollments"]
        if not wanted:
            return
        have = {(e.section_id, e.student_id): e for e in Enrollment.objects.filter(
            section_id__in={pk for pk, _ in wanted})}
        new = [Enrollment(section_id=sec, student_id=stu)
               for sec, stu in sorted(wanted) if (sec, stu) not in have]
        back = [e for key, e in have.items() if key in wanted and e.status != Enrollment.Status.ENROLLED]
        for enrollment in back:
            enrollment.status = Enrollment.Status.ENROLLED
        Enrollment.objects.bulk_create(new, batch_size=2000)
        Enrollment.objects.bulk_update(back, ["status"])
        count.created += len(new)
        count.updated += len(back)
        count.unchanged += len(wanted) - len(new) - len(back)
        section_ids = sorted({pk for pk, _ in wanted})
        # Seats taken follow the enrolments (RG-9); the check constraint refuses overflow.
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE academics_section s SET taken = c.n
                   FROM (SELECT s2.id, COUNT(e.id) AS n FROM academics_section s2
                         LEFT JOIN academics_enrollment e ON e.section_id = s2.id AND e.status = 'enrolled'
                         WHERE s2.id = ANY(%s) GROUP BY s2.id) c
                   WHERE s.id = c.id AND s.taken <> c.n""", [section_ids])

    def _results(self) -> None:
        results = self.doc.get("results", [])
        if not results:
            return
        discipline_ids, period_ids = self._all_ids(Discipline), self._all_ids(AcademicPeriod)
        student_ids = self._student_ids(r["student"] for r in results)
        # A result belongs to the section the student was enrolled in for that discipline and period.
        section_of = {(stu, disc, per): sec for stu, disc, per, sec in Enrollment.objects.filter(
            student_id__in=student_ids.values()).values_list(
            "student_id", "section__discipline_id", "section__period_id", "section_id")}
        rows: dict[tuple[int, int, int, int], dict[str, Any]] = {}
        for r in results:
            key = (student_ids[r["student"]], discipline_ids[r["discipline"]], period_ids[r["period"]],
                   r.get("attempt", 1))
            # A recognized result carries recognized_from and its letter instead of marks (contract
            # §1); the schema refuses marks beside them and the letter outside its enum.
            rows[key] = {"r1": r.get("r1"), "r2": r.get("r2"), "exam": r.get("exam"),
                         "outcome": r.get("outcome"), "recognized_from": r.get("recognized_from", ""),
                         "recognized_letter": r.get("letter", ""), "section_id": section_of.get(key[:3])}
        existing = {(o.student_id, o.discipline_id, o.period_id, o.attempt): o for o in Result.objects.filter(
            student_id__in={k[0] for k in rows})}
        names = ({v: k for k, v in student_ids.items()}, {v: k for k, v in discipline_ids.items()},
                 {v: k for k, v in period_ids.items()})

        def label(key: tuple[int, int, int, int]) -> str:
            return f"{names[0][key[0]]} {names[1][key[1]]} {names[2][key[2]]}#{key[3]}"

        count = self.report.counts["results"]
        new, changed, changes = [], [], []
        for key, values in rows.items():
            obj = existing.get(key)
            if obj is None:
                new.append(Result(student_id=key[0], discipline_id=key[1], period_id=key[2], attempt=key[3],
                                  **values))
                continue
            before = obj.marks()
            diff = [k for k, v in values.items() if getattr(obj, k) != v]
            if not diff:
                count.unchanged += 1
                continue
            for k in diff:
                setattr(obj, k, values[k])
            changed.append(obj)
            if before != obj.marks():
                changes.append(Change(obj, before, obj.marks(), label=label(key)))
        Result.objects.bulk_create(new, batch_size=2000)
        Result.objects.bulk_update(changed, ["r1", "r2", "exam", "outcome", "recognized_from",
                                             "recognized_letter", "section_id"], batch_size=2000)
        count.created += len(new)
        count.updated += len(changed)
        # GR-20: every score that enters or changes is in the audit log, loads included.
        audit_many(actor=self.actor, action="result.load", reason=f"loaded from {self.source}",
                   changes=[Change(obj, None, obj.marks(), label=label((obj.student_id, obj.discipline_id,
                                                                        obj.period_id, obj.attempt)))
                            for obj in new] + changes)


def _checks_despite_schema(document: Any, allow_passwords: bool, found: list[Problem]) -> list[Problem]:
    """The database checks too, where the document's shape lets them run: name every problem at once."""
    try:
        more = _Checker(document, allow_passwords).run()
    except (KeyError, TypeError, AttributeError, ValueError):
        return []  # the shape is too broken to check further; the schema problems say why
    seen = {(p.path, p.message) for p in found}
    return [p for p in more if (p.path, p.message) not in seen and not any(
        p.path.startswith(f.path) for f in found if f.path != "(document)")]


class _DryRun(Exception):
    pass


def load_university(document: Any, *, actor: Any = None, allow_passwords: bool = False, dry_run: bool = False,
                    source: str = "a document") -> LoadReport:
    """Contract §1: validate everything, then upsert everything in one transaction, or nothing.

    Raises ``UniversityRejected`` with every problem found; nothing is written then.
    """
    problems = document_problems(document)
    if problems:
        raise UniversityRejected(problems + _checks_despite_schema(document, allow_passwords, problems))
    report = LoadReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOAD_LOCK])
            checker = _Checker(document, allow_passwords)
            problems = checker.run()
            if problems:
                raise UniversityRejected(problems)
            _Writer(document, report, checker.zone, actor, source).run()
            if report.changed:
                digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
                AuditRecord.objects.create(
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    actor_username=actor.get_username() if getattr(actor, "is_authenticated", False) else "",
                    action="university.load", object_type="university", object_id=digest[:16],
                    object_repr=source[:300], after=report.as_dict()["counts"],
                    reason=f"loaded from {source}")
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report
