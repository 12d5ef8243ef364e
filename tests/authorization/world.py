"""The one fixture world of the authorization matrix.

The suite's two-school university (``conftest.two_school_document``) with one person of every role and,
made through the apps' own services, one object of every kind a URL names for three SUBJECTS:

- ``own``: belonging to s25001 (school SDT, adviser adv.sarsen);
- ``other``: belonging to s25002 (the same school, another adviser: adv.other);
- ``other_school``: belonging to s25101 (school SEM).

Objects that belong to nobody in particular (a partner, a call, a competition) carry one value for all
three subjects. A kind the world does not make maps to ``MISSING`` (a value that names nothing): its
cells read 404 (or the route's refusal) for everyone, and the route still has its rows.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from conftest import PASSWORD, two_school_document

ALMATY = ZoneInfo("Asia/Almaty")
SUBJECTS = ("own", "other", "other_school")
STUDENT = {"own": "s25001", "other": "s25002", "other_school": "s25101"}
MISSING = "999999"  # an id / code no object of the world has
# Kinds the world does not make (their URLs then name MISSING): a diploma supplement batch and an issued
# supplement's number need a graduate who earned the whole programme (CR-3), a defence a final-year student
# admitted to the final attestation (FA-1) — s25001, s25002 and s25101 are in their second year.
NOT_MADE = {"batch", "diploma_number", "defence"}

# The people the matrix asks as (None: an anonymous visitor). Students of both schools, both SDT advisers,
# the deans' offices of both schools, and one person of every other role of the contract.
ROLES: tuple[str | None, ...] = (
    None, "s25001", "s25002", "s25101", "adv.sarsen", "adv.other", "dean.sdt", "deputy.sdt", "dean.sem",
    "reg.office", "admin.portal", "appeals.chair", "qa.chair", "admissions.office", "mobility.coord",
    "att.secretary", "vice.rector",
)
# admin/ is the Django admin: only the administrator's account is staff (issue: ASVS 8.2).
ADMIN_ROLES: tuple[str | None, ...] = (None, "s25001", "admin.portal")


def at(day: str, hour: int = 10) -> datetime:
    """An instant of the university's calendar (GR-13: Asia/Almaty)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


# The clock while the matrix is asked: after every object of the world was made.
NOW = at("2027-01-11", 12)


def document() -> dict[str, Any]:
    """The two-school university, with the roles the suite's document lacks and a section per subject."""
    doc = copy.deepcopy(two_school_document())
    doc["disciplines"].append({"code": "GEO1101", "name": {"en": "Geology Basics"}, "credits": 5})
    doc["curricula"].append({"program": "6B07201", "intake_year": 2025, "items": [
        {"discipline": "GEO1101", "semester": 1, "component": "mandatory"}]})
    extra = [
        {"username": "adv.sem", "full_name": "Серікова Мәдина", "roles": ["adviser", "instructor"],
         "school": "SEM"},
        {"username": "deputy.sdt", "full_name": "Омаров Бауыржан", "roles": ["deputy_dean"], "school": "SDT"},
        {"username": "qa.chair", "full_name": "Жақсылықова Меруерт", "roles": ["qa_commission"]},
        {"username": "admissions.office", "full_name": "Ахметова Дана", "roles": ["admissions"]},
        {"username": "mobility.coord", "full_name": "Оспанов Асхат", "roles": ["mobility_coordinator"]},
        {"username": "att.secretary", "full_name": "Бекова Айгүл", "roles": ["attestation_secretary"]},
        {"username": "vice.rector", "full_name": "Серікбаев Нұрлан", "roles": ["vice_rector"]},
    ]
    for person in extra:
        person["password"] = PASSWORD
    doc["people"] += extra
    for person in doc["people"]:
        person.setdefault("email", f"{person['username']}@ektu.kz")
        if person["username"] == "s25101":
            person["student"]["adviser"] = "adv.sem"
    doc["programs"][1]["group"] = "B072"  # the SEM programme's group (vacant grants name a group, TR-9)
    doc["disciplines"] += [
        {"code": "GEO2201", "name": {"en": "Mineralogy"}, "credits": 5},
        {"code": "GEO2202", "name": {"en": "Mine Surveying"}, "credits": 5},
        {"code": "ENG2301", "name": {"en": "Technical English"}, "credits": 5},
        {"code": "FA4101", "name": {"en": "Writing and Defending the Diploma Project"}, "credits": 12,
         "control": "final_attestation", "kind": "final_attestation"},
    ]
    doc["curricula"][0]["items"] += [
        {"discipline": "ENG2301", "semester": 4, "component": "mandatory"},
        {"discipline": "FA4101", "semester": 8, "component": "mandatory"}]  # a thesis names it (FA-2)
    doc["curricula"][-1]["items"] += [
        {"discipline": "FA4101", "semester": 8, "component": "mandatory"},
        {"discipline": "GEO2201", "semester": 3, "component": "mandatory"},
        {"discipline": "GEO2202", "semester": 3, "component": "mandatory"},
        {"discipline": "ENG2301", "semester": 4, "component": "mandatory"}]
    doc["calendar"]["periods"].append({"code": "2027-S", "kind": "semester", "academic_year": "2026-2027",
                                       "starts": "2027-01-20", "ends": "2027-05-30"})
    for section in doc["sections"]:
        if section["code"] in ("DB2201-2026F-01", "WEB2202-2026F-01"):
            section["enrolled"] = ["s25001"]
    # A section per subject in 2025-F (results loaded) and two in 2026-F (sheets posted in the world).
    doc["sections"] += [
        {"code": "PRG1101-2025F-02", "discipline": "PRG1101", "period": "2025-F", "instructor": "adv.other",
         "capacity": 30, "enrolled": ["s25002"]},
        {"code": "GEO1101-2025F-01", "discipline": "GEO1101", "period": "2025-F", "instructor": "adv.sem",
         "capacity": 30, "enrolled": ["s25101"]},
        {"code": "DB2201-2026F-02", "discipline": "DB2201", "period": "2026-F", "instructor": "adv.other",
         "capacity": 25, "min_size": 10, "enrolled": ["s25002"]},
        {"code": "WEB2202-2026F-02", "discipline": "WEB2202", "period": "2026-F", "instructor": "adv.other",
         "capacity": 25, "enrolled": ["s25002"]},
        {"code": "GEO2201-2026F-01", "discipline": "GEO2201", "period": "2026-F", "instructor": "adv.sem",
         "capacity": 25, "min_size": 10, "enrolled": ["s25101"]},
        {"code": "GEO2202-2026F-01", "discipline": "GEO2202", "period": "2026-F", "instructor": "adv.sem",
         "capacity": 25, "enrolled": ["s25101"]},
    ]
    doc["results"] += [
        {"student": "s25002", "discipline": "PRG1101", "period": "2025-F", "r1": 70, "r2": 60, "exam": 60},
        {"student": "s25101", "discipline": "GEO1101", "period": "2025-F", "r1": 75, "r2": 85, "exam": 66},
    ]
    return doc


@dataclass
class World:
    """What each URL parameter names, per subject."""

    objects: dict[str, dict[str, str]] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # kinds the world could not make

    def put(self, kind: str, own: Any, other: Any = None, other_school: Any = None) -> None:
        """One object per subject; with only ``own`` given, one object for all three."""
        self.objects[kind] = {"own": str(own),
                              "other": str(own if other is None else other),
                              "other_school": str(own if other_school is None else other_school)}

    def value(self, kind: str, subject: str) -> str:
        if kind not in self.objects:
            self.missing.add(kind)
            return MISSING
        return self.objects[kind].get(subject, self.objects[kind]["own"])


def _user(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def _step(world: World, kind: str, make: Callable[[], None]) -> None:
    """Make one kind of object; a kind that cannot be made is left MISSING (reported), never forced."""
    from django.db import transaction

    try:
        with transaction.atomic():
            make()
    except Exception as error:  # the report names the kind and the reason
        world.objects.pop(kind, None)
        world.missing.add(f"{kind} ({type(error).__name__}: {str(error)[:120]})")


# The 2026-F sections of each subject: one graded FX (appealed, retaken), one not admitted (additional
# period).
FX_SECTION = {"own": ("DB2201-2026F-01", "adv.sarsen"), "other": ("DB2201-2026F-02", "adv.other"),
              "other_school": ("GEO2201-2026F-01", "adv.sem")}
NOT_ADMITTED_SECTION = {"own": ("WEB2202-2026F-01", "adv.sarsen"), "other": ("WEB2202-2026F-02", "adv.other"),
                        "other_school": ("GEO2202-2026F-01", "adv.sem")}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _per_subject(world: World, kind: str, make: Callable[[str], Any]) -> None:
    """``make(subject)`` → the object's URL value, for each subject (a kind is made whole or not at all)."""
    def all_three() -> None:
        world.put(kind, *(make(subject) for subject in SUBJECTS))
    _step(world, kind, all_three)


def build() -> World:
    """Load the university and make every object the URLs name (call inside a transaction)."""
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Enrollment, Result

    world = World()
    load_university(document(), allow_passwords=True, source="authorization matrix")
    world.put("username", *(STUDENT[s] for s in SUBJECTS))
    world.put("section", *(FX_SECTION[s][0] for s in SUBJECTS))
    world.put("result", *(Result.objects.get(student__user__username=STUDENT[s], period__code="2025-F").pk
                          for s in SUBJECTS))
    world.put("academic_year", "2025-2026")
    world.put("enrollment", *(Enrollment.objects.get(student__user__username=STUDENT[s],
                                                     section__code=FX_SECTION[s][0]).pk for s in SUBJECTS))
    _registration(world)
    _grading(world)
    _mobility(world)
    _admissions(world)
    _igpa(world)
    _attestation(world)
    _diploma_supplement(world)
    return world


def _igpa(world: World) -> None:
    from grading import services
    from grading.models import ProgressionLine

    _per_subject(world, "achievement", lambda s: services.achievement_add(
        actor=_user("reg.office"), username=STUDENT[s], academic_year="2025-2026", block="ssci",
        achievement="University volleyball team", indicator="sports team", points="12.5",
        document_reference="order No. 77 of 01.03.2026", now=at("2026-03-02")).pk)

    def progression() -> None:
        run = services.progression_redraw(actor=_user("reg.office"), academic_year="2025-2026",
                                          intake="autumn", now=at("2026-08-22"))
        world.put("progression_run", run.pk)
        lines = {line.student.user.username: line.pk
                 for line in ProgressionLine.objects.filter(run=run).select_related("student__user")}
        world.put("progression_line", *(lines[STUDENT[s]] for s in SUBJECTS))
    _step(world, "progression_run", progression)


def _attestation(world: World) -> None:
    from attestation import services
    from attestation.tests.conftest import BACHELOR_MEMBERS

    programme = {"own": "6B06102", "other": "6B06102", "other_school": "6B07201"}

    def commissions() -> None:
        for code in sorted(set(programme.values())):
            services.commission_save(
                actor=_user("att.secretary"), code=f"GAK-{code}-2027", program_code=code, year=2027,
                members=[services.MemberInput(**m) for m in BACHELOR_MEMBERS], proposed_on=date(2026, 12, 10),
                approved_on=date(2026, 12, 26), approval_basis="Scientific Council, protocol No. 5")
        world.put("commission", *(f"GAK-{programme[s]}-2027" for s in SUBJECTS))
    _step(world, "commission", commissions)

    def sessions() -> None:
        made = {code: services.session_create(
            actor=_user("att.secretary"), commission_code=code, day=date(2027, 6, 1),
            starts_at=datetime(2027, 1, 1, 9, 0).time(), room="A-301",
            schedule_approved_on=date(2027, 5, 1)).pk
            for code in sorted(set(world.objects["commission"].values()))}
        world.put("attestation_session", *(made[world.objects["commission"][s]] for s in SUBJECTS))
    _step(world, "attestation_session", sessions)
    _per_subject(world, "thesis", lambda s: services.thesis_create(
        actor=_user("att.secretary"), username=STUDENT[s], year=2027, topic="Расписание на графах",
        supervisor="Сәрсенова Гүлнар", order_basis="Order No. 12-С").pk)


def _diploma_supplement(world: World) -> None:
    from diploma_supplement import services

    programme = {"own": "6B06102", "other": "6B06102", "other_school": "6B07201"}

    def accreditations() -> None:
        made = {code: services.accreditation_record(
            actor=_user("reg.office"), program=code, accreditor="IAAR", eqar_registered=True,
            enqa_member=True,
            certificate=f"AB 0{n}", valid_from=date(2024, 6, 1), valid_until=date(2029, 5, 31),
            reason="certificate received").pk for n, code in enumerate(sorted(set(programme.values())))}
        world.put("accreditation", *(made[programme[s]] for s in SUBJECTS))
    _step(world, "accreditation", accreditations)
    _per_subject(world, "batch", lambda s: services.batch_start(
        actor=_user("dean.sem" if s == "other_school" else "dean.sdt"), program_code=programme[s], year=2026,
        now=at("2026-12-01")).pk)


def _admissions(world: World) -> None:
    from admissions import services

    officer = "admissions.office"

    def applicant_and_competition() -> None:
        record = {"number": "A26-0001", "full_name": "Әлия Серікова", "track": "bachelor",
                  "program": "6B06102", "citizenship": "KZ", "email": "a26-0001@example.kz",
                  "unt": {"total": 87, "subjects": {"history_kz": 14, "reading": 7, "math_literacy": 8,
                                                    "profile_1": 30, "profile_2": 28}},
                  "certificate_average": "4.85", "priorities": []}
        applicant, _created = services.applicant_save(actor=_user(officer), data=record, now=at("2026-07-15"))
        world.put("applicant", applicant.number)
        run = services.competition_run_now(actor=_user(officer), now=at("2026-07-15"), code="G-B057",
                                           program_group="B057", track="bachelor", grants=1, intake_year=2026)
        services.run_publish(actor=_user(officer), code="G-B057", run=run.run, now=at("2026-07-15", 11))
        world.put("competition", "G-B057")
        world.put("competition_run", run.run)
    _step(world, "competition", applicant_and_competition)
    _per_subject(world, "prior_case", lambda s: services.prior_learning_open(
        actor=_user(officer), student=STUDENT[s], institution="Колледж связи", hours_per_credit=25,
        lines=[{"code": "HIST-101", "title": "История Казахстана", "hours": 150, "percent": 91}],
        now=at("2026-10-01")).pk)
    if "prior_case" in world.objects:
        world.put("prior_line", 1)  # the case's first line (RC-1)


def _registration(world: World) -> None:
    from registration import services

    _per_subject(world, "plan", lambda s: services.plan_submit(actor=_user(STUDENT[s]),
                                                               now=at("2026-04-02")).pk)

    def small_sections() -> None:
        from registration.models import SmallSection

        services.find_small_sections(now=at("2026-04-16"))
        world.put("small_section", *(SmallSection.objects.get(section__code=FX_SECTION[s][0]).pk
                                     for s in SUBJECTS))
    _step(world, "small_section", small_sections)


def _grading(world: World) -> None:
    from ektu_portal.academics.models import Result
    from grading import services
    from grading.models import SheetAttempt

    def sheets() -> None:
        for s in SUBJECTS:
            (fx_code, instructor), (na_code, _same) = FX_SECTION[s], NOT_ADMITTED_SECTION[s]
            # 0.6 × 50 + 0.4 × 40 = 46 → FX (GR-9); a rating of 15 is not admitted to the exam (GR-15)
            services.sheet_update(actor=_user(instructor), code=fx_code, rows=[
                {"student": STUDENT[s], "r1": 50, "r2": 50, "exam": 40, "coursework_submitted": True}])
            services.sheet_update(actor=_user(instructor), code=na_code, rows=[
                {"student": STUDENT[s], "r1": 20, "r2": 10}])
            services.sheet_post(actor=_user(instructor), code=fx_code, now=at("2026-12-24"))
            services.sheet_post(actor=_user(instructor), code=na_code, now=at("2026-12-24"))
        world.put("posted", "yes")
    _step(world, "posted", sheets)

    def fx(s: str) -> Result:
        return Result.objects.get(student__user__username=STUDENT[s], section__code=FX_SECTION[s][0])

    _per_subject(world, "appeal", lambda s: services.appeal_file(
        actor=_user(STUDENT[s]), result_id=fx(s).pk, reason="The exam was marked too strictly.",
        now=at("2026-12-24", 15)).pk)
    _per_subject(world, "retake", lambda s: services.retake_apply(
        actor=_user(STUDENT[s]), result_id=fx(s).pk, now=at("2026-12-26")).pk)

    def attempt_sheet(s: str) -> int:
        application = int(world.objects["retake"][s])
        services.retake_schedule(actor=_user("reg.office"), application_id=application, at=at("2026-12-29"))
        done = services.retake_grade(actor=_user("reg.office"), application_id=application, exam=70,
                                     now=at("2026-12-29", 15))
        return SheetAttempt.objects.get(result=done.attempt).sheet_id
    _per_subject(world, "attempt_sheet", attempt_sheet)
    _per_subject(world, "additional_exam", lambda s: services.additional_exam_open(
        actor=_user("reg.office"), category="below_admission", now=at("2026-12-28"),
        result_id=Result.objects.get(student__user__username=STUDENT[s],
                                     section__code=NOT_ADMITTED_SECTION[s][0]).pk).pk)


def _mobility(world: World) -> None:
    from mobility import services, services_grants, services_transfers

    coordinator = "mobility.coord"

    def partner_and_call() -> None:
        partner = services.partner_save(actor=_user(coordinator), name="TalTech", country="Estonia",
                                        kind="international")
        call = services.call_create(actor=_user(coordinator), partner_id=partner.pk, period_code="2026-F",
                                    places=1, closes_on=date(2026, 5, 1))
        world.put("partner", partner.pk)
        world.put("call", call.pk)
    _step(world, "call", partner_and_call)
    if "call" in world.objects:
        _per_subject(world, "mobility_application", lambda s: services.application_submit(
            actor=_user(STUDENT[s]), call_id=int(world.objects["call"]["own"]), english="B2",
            now=at("2026-03-02")).pk)
    _per_subject(world, "non_formal", lambda s: services.non_formal_file(
        actor=_user(STUDENT[s]), now=at("2027-01-10", 12), period_code="2027-S", discipline_code="ENG2301",
        certificate="IELTS Academic", provider="British Council", hours=150,
        topics="Academic reading and writing", assessment="Examination", percent=91).pk)
    _step(world, "vacant_grant", lambda: world.put("vacant_grant", services_grants.vacant_grant_record(
        actor=_user("reg.office"), group_code="B057", study_form="full_time", intake_year=2025, places=1,
        deadline=date(2027, 1, 25), basis="Order No. 12-ст of 5 January 2027", now=at("2027-01-10", 9)).pk))

    def transfer(s: str) -> int:
        case = services_transfers.transfer_file(actor=_user(STUDENT[s]), kind="outgoing",
                                                now=at("2026-08-26"),
                                                values={"other_university": "Satbayev University",
                                                        "first_period_completed": True})
        services_transfers.transfer_document_add(actor=_user(STUDENT[s]), case_id=case.pk, kind="transcript",
                                                 name="t.pdf", content=PDF, now=at("2026-08-26"))
        return case.pk
    _per_subject(world, "transfer", transfer)
    if "transfer" in world.objects:
        from mobility.models import TransferDocument

        documents = {case: pk for pk, case in TransferDocument.objects.values_list("pk", "case_id")}
        world.put("transfer_document", *(documents[int(world.objects["transfer"][s])] for s in SUBJECTS))


# --- URL parameter → the kind of object it names --------------------------------------------------------
# (a route's prefix, the parameter's name) → kind; the first match wins. Literal values (formats, kinds
# of documents) are constants. Every parameter name of the resolver must be found here (test_matrix).
PARAMETERS: list[tuple[str, str, str]] = [
    ("", "username", "username"),
    ("sheets/", "code", "section"),
    ("api/v1/sections/", "code", "section"),
    ("admissions/competitions/", "code", "competition"),
    ("api/v1/admissions/competitions/", "code", "competition"),
    ("attestation/commissions/", "code", "commission"),
    ("", "result_id", "result"),
    ("", "appeal_id", "appeal"),
    ("retakes/", "application_id", "retake"),
    ("api/v1/retakes/", "application_id", "retake"),
    ("mobility/non-formal/", "application_id", "non_formal"),
    ("api/v1/mobility/non-formal/", "application_id", "non_formal"),
    ("", "application_id", "mobility_application"),
    ("", "sheet_id", "attempt_sheet"),
    ("", "additional_exam_id", "additional_exam"),
    ("", "entry_id", "achievement"),
    ("", "run_id", "progression_run"),
    ("", "line_id", "progression_line"),
    ("", "plan_id", "plan"),
    ("", "enrollment_id", "enrollment"),
    ("", "small_section_id", "small_section"),
    ("", "batch_id", "batch"),
    ("verify/", "number", "diploma_number"),
    ("api/v1/diploma-supplements/", "number", "diploma_number"),
    ("", "number", "applicant"),
    ("", "run", "competition_run"),
    ("admissions/prior-learning/", "case_id", "prior_case"),
    ("api/v1/admissions/prior-learning/", "case_id", "prior_case"),
    ("", "case_id", "transfer"),
    ("", "document_id", "transfer_document"),
    ("", "position", "prior_line"),
    ("", "accreditation_id", "accreditation"),
    ("", "thesis_id", "thesis"),
    ("", "session_id", "attestation_session"),
    ("", "defence_id", "defence"),
    ("", "partner_id", "partner"),
    ("", "call_id", "call"),
    ("", "vacant_grant_id", "vacant_grant"),
    ("", "academic_year", "academic_year"),
]
# Parameters that are a word of the URL, not an object.
CONSTANTS: dict[tuple[str, str], str] = {
    ("sheets/", "fmt"): "xlsx",
    ("admissions/competitions/", "fmt"): "xlsx",
    ("diploma-supplements/", "kind"): "zip",
    ("admissions/prior-learning/", "kind"): "protocol",
    ("api/", "rest"): "no-such-endpoint",
    ("accounts/", "key"): "no-such-key",
    ("accounts/", "uidb36"): "zz",
    ("accounts/", "provider_id"): "no-such-provider",
}


def kind_of(route: str, name: str) -> str | None:
    for prefix, parameter, kind in PARAMETERS:
        if parameter == name and route.startswith(prefix):
            return kind
    return None


def constant_of(route: str, name: str) -> str | None:
    for (prefix, parameter), value in CONSTANTS.items():
        if parameter == name and route.startswith(prefix):
            return value
    return None
