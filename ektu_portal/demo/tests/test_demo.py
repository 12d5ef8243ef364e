"""The demo university: valid, deterministic, believable, and consistent with the policy."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from ektu_portal.academics.policy.prerequisites import find_cycles
from ektu_portal.demo.university import DEMO_SIGN_INS, build_demo_university

TODAY = date(2026, 11, 23)
SCHEMA = Path(__file__).resolve().parents[2] / "academics" / "schema" / "university.schema.json"
KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return build_demo_university(today=TODAY)


def test_valid_against_the_contract_schema(demo: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(json.loads(SCHEMA.read_text()), format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(demo)] == []


def test_deterministic(demo: dict[str, Any]) -> None:
    assert build_demo_university(today=TODAY) == demo
    assert build_demo_university(today=TODAY, seed=7) != demo


def test_size_and_shape(demo: dict[str, Any]) -> None:
    assert len(demo["schools"]) >= 2
    assert len(demo["programs"]) >= 6 and len({p["level"] for p in demo["programs"]}) >= 3
    assert len(demo["disciplines"]) >= 120
    students = [p for p in demo["people"] if "student" in p]
    active = [p for p in students if p["student"]["status"] != "graduated"]
    assert len(active) == 600
    assert {p["student"]["course_year"] for p in active
            if p["student"]["program"].startswith("6B")} == {1, 2, 3, 4}
    assert sum(p["student"]["status"] == "graduated" for p in students) == 40
    assert any(KAZAKH_LETTERS & set(p["full_name"].lower()) for p in students)


def test_registration_window_is_open_today(demo: dict[str, Any]) -> None:
    windows = [p["registration"] for p in demo["calendar"]["periods"] if "registration" in p]
    assert len(windows) == 1
    opens, closes = (datetime.fromisoformat(windows[0][k]) for k in ("opens", "closes"))
    assert opens.date() < TODAY < closes.date()


def test_every_reference_resolves(demo: dict[str, Any]) -> None:
    codes = {kind: {x["code"] for x in demo[kind]}
             for kind in ("schools", "programs", "disciplines", "sections")}
    periods = {p["code"] for p in demo["calendar"]["periods"]}
    roles = {p["username"]: set(p["roles"]) for p in demo["people"]}
    assert all(p["school"] in codes["schools"] for p in demo["programs"])
    for person in demo["people"]:
        record = person.get("student")
        if record:
            assert record["program"] in codes["programs"]
            assert "adviser" in roles[record["adviser"]]
            assert record["iin"][:6] == date.fromisoformat(record["birth_date"]).strftime("%y%m%d")
    for section in demo["sections"]:
        assert section["discipline"] in codes["disciplines"] and section["period"] in periods
        assert "instructor" in roles[section["instructor"]]
        assert len(section.get("enrolled", [])) <= section["capacity"]
    for result in demo["results"]:
        assert "student" in roles[result["student"]] and result["period"] in periods
    for role, username in DEMO_SIGN_INS:
        assert role in roles[username]


def _final(result: dict[str, Any]) -> int:
    exact = (Decimal("0.6") * Decimal(result["r1"] + result["r2"]) / 2
             + Decimal("0.4") * Decimal(result["exam"]))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_prerequisites_are_acyclic_chains_respected_by_results(demo: dict[str, Any]) -> None:
    graph = {d["code"]: d.get("prerequisites", []) for d in demo["disciplines"]}
    assert find_cycles(graph) == []
    depth = {}

    def chain(code: str) -> int:
        if code not in depth:
            depth[code] = 1 + max((chain(p) for p in graph[code]), default=0)
        return depth[code]

    assert max(chain(code) for code in graph) >= 3
    order = {p["code"]: p["starts"] for p in demo["calendar"]["periods"]}
    passed: dict[tuple[str, str], str] = {}
    for r in demo["results"]:
        if "exam" in r and r.get("outcome") is None and (r["r1"] + r["r2"]) >= 100 and _final(r) >= 50:
            passed[(r["student"], r["discipline"])] = order[r["period"]]
    for r in demo["results"]:
        for required in graph[r["discipline"]]:
            assert passed.get((r["student"], required), "9999") < order[r["period"]], (r, required)


def test_graduates_have_eight_semesters_of_results(demo: dict[str, Any]) -> None:
    graduates = {p["username"] for p in demo["people"] if p.get("student", {}).get("status") == "graduated"}
    semesters: dict[str, set[str]] = {}
    for r in demo["results"]:
        if r["student"] in graduates:
            semesters.setdefault(r["student"], set()).add(r["period"])
    assert len(semesters) == len(graduates) and all(len(s) == 8 for s in semesters.values())


@pytest.mark.django_db
def test_the_loader_takes_it_and_a_second_load_changes_nothing() -> None:
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Student

    small = build_demo_university(today=TODAY, students=60)
    load_university(small, allow_passwords=True)
    assert Student.objects.count() == 100  # 60 + 40 graduates
    assert not load_university(small, allow_passwords=True).changed


@pytest.mark.django_db
def test_seeded_demo_has_plans_waiting_for_the_showcase_adviser() -> None:
    """The adviser's queue of the tour is not empty: advisees registered and submitted (RG-6)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from registration.models import StudyPlan
    from registration.selectors import plan_queue

    call_command("seed_demo", students=60, stdout=io.StringIO())
    adviser = get_user_model().objects.get(username=dict(DEMO_SIGN_INS)["adviser"])
    waiting = plan_queue(adviser)
    assert waiting and all(plan.status == "submitted" and plan.items for plan in waiting)
    assert not StudyPlan.objects.filter(student__user__username=dict(DEMO_SIGN_INS)["student"]).exists()


@pytest.mark.django_db
def test_seeded_graduates_can_have_their_supplements_printed() -> None:
    """The dean's tour: every demo graduate is ready (DS-1: nothing missing)."""
    from django.core.management import call_command

    from diploma_supplement import selectors
    from ektu_portal.academics.models import Program

    call_command("seed_demo", students=60, today=TODAY, stdout=io.StringIO())
    program = Program.objects.get(code="6B06102")
    years = selectors.graduation_years([program])
    rows = selectors.readiness(program, years[0], today=TODAY)
    assert len(rows) == 40 and [row.missing for row in rows] == [[]] * 40


@pytest.mark.django_db
def test_demo_graduates_are_complete_and_their_supplement_agrees_with_the_transcript_api() -> None:
    """CR-3: a graduate holds the program's credits with nothing unpassed; the supplement's GPA and
    credits are the transcript API's, for every demo graduate (one source of grades)."""
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from diploma_supplement import selectors
    from ektu_portal.academics.models import Student
    from ektu_portal.accounts.models import User

    call_command("seed_demo", students=60, today=TODAY, stdout=io.StringIO())
    client = APIClient()
    client.force_authenticate(User.objects.get(username=dict(DEMO_SIGN_INS)["registrar"]))
    graduates = list(Student.objects.filter(status="graduated").select_related("user", "program__school"))
    assert len(graduates) == 40
    for graduate in graduates:
        api = client.get(f"/api/v1/students/{graduate.user.username}/transcript").json()
        facts = selectors.facts_for(graduate, today=TODAY)
        assert (str(facts.gpa), facts.credits_earned) == (api["gpa"], api["credits_earned"])
        assert api["credits_earned"] >= graduate.program.credits == 240
        assert all(row["status"] == "graded" and row["letter"] not in ("FX", "F") for row in api["results"])
        assert graduate.diploma_number and graduate.graduated_on


@pytest.mark.django_db
def test_seeded_demo_gives_admissions_and_mobility_work() -> None:
    """The admissions commission finds applicants and a ranked competition; the mobility coordinator
    partners with their scales, open calls and applications, one of them selected; the registrar's office
    an incoming transfer to decide and a vacant grant with its ranked list."""
    from django.core.management import call_command

    from admissions.models import Applicant, CompetitionRun
    from mobility.models import Application, Call, Partner, TransferCase, VacantGrantList

    call_command("seed_demo", students=60, stdout=io.StringIO())
    assert Applicant.objects.count() == 40
    run = CompetitionRun.objects.get()
    assert run.status == "done"
    assert Partner.objects.count() == 2 and all(p.rules.exists() for p in Partner.objects.all())
    assert Call.objects.count() == 2
    assert Application.objects.count() == 3
    assert Application.objects.filter(status="selected").count() == 1
    assert not Application.objects.filter(student__user__username=dict(DEMO_SIGN_INS)["student"]).exists()
    assert TransferCase.objects.get().status == "submitted"
    assert VacantGrantList.objects.get().ranked
