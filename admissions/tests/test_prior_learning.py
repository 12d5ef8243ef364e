"""Prior learning (AD-7, RC-1 … RC-6): a previous transcript entered or imported, the proposed matches the
QA commission confirms, the decision through grading's recount (results on the transcript, the academic
difference, RC-6's cap), the protocol and comparison sheet in Kazakh and Russian, the daily job that turns
difference left after the due date into academic debt — and who may do each of these.

The student s25001 (6B06102, intake 2025, second year) studies semester 3 on 1 October 2026 and has
passed PRG1101. Semesters 1–2 of the curriculum also hold HKZ1102 (5 credits), PHY1201 and MAT1202
(5 credits each), all mandatory: without a recount the academic difference is 15 credits (RC-5)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from admissions import services
from admissions.models import PriorLearningCase, PriorLearningDifference, PriorLearningLine
from admissions.tests.conftest import ALMATY, admissions_document
from ektu_portal.academics.models import Result
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ektu_portal.core.spreadsheets import SpreadsheetRejected

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 1, 10, 0, tzinfo=ALMATY)  # autumn semester 2026-F, academic year 2026-2027
DUE = date(2027, 8, 10)  # the end of 2027-S, the last period of 2026-2027 (RC-5/RC-6)
LIST = "/admissions/prior-learning/"
API = "/api/v1/admissions/prior-learning"

# The previous transcript (hours per ECTS credit there: 25):
LINES = [
    # 150 h = HKZ1102's 5 × 30; the Russian name is HKZ1102's → proposed by volume and name; 91% → A-
    {"code": "HIST-101", "title": "История Казахстана", "hours": 150, "percent": 91},
    # the same code as PHY1201 → proposed by code; 4 credits = 120 h < 150 h → workload_short
    {"code": "PHY1201", "title": "General Physics", "credits": 4, "letter": "B"},
    # 6 ECTS × 25 h = 150 h = MAT1202's volume, the same Russian name; a pass without a percentage (RC-4)
    {"code": "M-7", "title": "Математический анализ", "ects": 6, "pass": True},
    # 60 h: no 2-credit discipline at home → nothing proposed
    {"code": "PE", "title": "Физкультура", "hours": 60, "letter": "A"},
]


def university_document() -> dict[str, Any]:
    document = admissions_document()
    for discipline in document["disciplines"]:
        if discipline["code"] == "HKZ1102":
            discipline["name"]["ru"] = "История Казахстана"
    document["disciplines"] += [
        {"code": "PHY1201", "name": {"kk": "Физика негіздері", "ru": "Основы физики", "en": "Physics"},
         "credits": 5},
        {"code": "MAT1202", "name": {"kk": "Математикалық талдау", "ru": "Математический анализ",
                                     "en": "Calculus"}, "credits": 5},
    ]
    items = document["curricula"][0]["items"]
    items += [{"discipline": "PHY1201", "semester": 2, "component": "mandatory"},
              {"discipline": "MAT1202", "semester": 2, "component": "mandatory"}]
    document["calendar"]["periods"].append({"code": "2027-S", "kind": "summer", "academic_year": "2026-2027",
                                            "starts": "2027-06-15", "ends": "2027-08-10"})
    document["people"].append({"username": "deputy.sem", "full_name": "Басқа Орынбасар",
                               "roles": ["deputy_dean"], "school": "SEM",
                               "password": document["people"][0]["password"]})
    return document


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    """Admissions' university with the curriculum, the summer semester and the people above."""
    from ektu_portal.academics.loading import load_university

    document = university_document()
    load_university(document, allow_passwords=True, source="prior-learning test fixture")
    return document


def add_mandatory(count: int) -> None:
    """``count`` more mandatory 5-credit disciplines in semester 2 (to reach RC-6's cap)."""
    from ektu_portal.academics.models import Curriculum, CurriculumItem, Discipline

    curriculum = Curriculum.objects.get(program__code="6B06102", intake_year=2025)
    for n in range(1, count + 1):
        discipline = Discipline.objects.create(code=f"EXT12{n:02d}", name_en=f"Extra {n}", credits=5)
        CurriculumItem.objects.create(curriculum=curriculum, discipline=discipline, semester=2,
                                      component="mandatory")


@pytest.fixture
def opened(university: Any, user: Any) -> PriorLearningCase:
    return services.prior_learning_open(actor=user("adm.officer"), student="s25001",
                                        institution="Колледж связи", hours_per_credit=25, lines=LINES,
                                        now=NOW)


def confirm(case: PriorLearningCase, who: Any, position: int, discipline: str, letter: str = "") -> None:
    services.prior_learning_match_set(actor=who, case_id=case.pk, position=position, discipline=discipline,
                                      commission_letter=letter, now=NOW)


@pytest.fixture
def matched(opened: PriorLearningCase, user: Any) -> PriorLearningCase:
    """The commission accepts the three proposals and gives the pass of line 3 a C (RC-4)."""
    qa = user("qa.chair")
    confirm(opened, qa, 1, "HKZ1102")
    confirm(opened, qa, 2, "PHY1201")
    confirm(opened, qa, 3, "MAT1202", "C")
    return opened


def decide(case: PriorLearningCase, who: Any, number: str = "QA-7") -> PriorLearningCase:
    return services.prior_learning_decide(actor=who, case_id=case.pk, protocol_number=number,
                                          protocol_date=date(2026, 9, 30), now=NOW)


def matches(case: PriorLearningCase) -> list[tuple[int, str | None, str, str]]:
    return [(line.position, line.discipline.code if line.discipline_id else None, line.match_basis,
             line.match_status) for line in case.lines.select_related("discipline").order_by("position")]


# --- services ---------------------------------------------------------------------------------------------


def test_opening_proposes_matches_regardless_of_names(opened: PriorLearningCase) -> None:
    assert matches(opened) == [(1, "HKZ1102", "volume_and_name", "proposed"),
                               (2, "PHY1201", "code", "proposed"),
                               (3, "MAT1202", "volume_and_name", "proposed"), (4, None, "", "")]
    assert opened.reduced_term is False  # s25001 was not admitted on the reduced-term track
    assert AuditRecord.objects.filter(action="prior_learning.open").count() == 1
    assert AuditRecord.objects.filter(action="prior_learning.line_enter").count() == 4


def test_the_decision_records_recognized_results_and_the_difference(matched: PriorLearningCase,
                                                                    user: Any) -> None:
    from grading.selectors import student_transcript

    case = decide(matched, user("qa.chair"))
    assert case.status == "decided" and case.protocol_number == "QA-7"
    recognized = {a.discipline.code: (a.letter, a.recognized_from)
                  for a in student_transcript(case.student).recognized}
    assert recognized == {"HKZ1102": ("A-", "prior_learning"), "MAT1202": ("C", "prior_learning")}
    assert [(d.discipline.code, d.credits, d.semester, d.reason) for d in case.difference.all()] == [
        ("PHY1201", 5, 2, "workload_short")]
    assert case.due_date == DUE and case.due_period.code == "2027-S"
    assert case.credits_recognized == 10
    assert case.sheet["refused"] == [{"discipline": "PHY1201", "reason": "workload_short", "lines": [2]}]
    assert AuditRecord.objects.get(action="prior_learning.decide").basis == \
        "QA commission's protocol No. QA-7 of 30.09.2026"


def test_a_pass_without_a_percentage_waits_for_the_commissions_letter(opened: PriorLearningCase,
                                                                      user: Any) -> None:
    qa = user("qa.chair")
    confirm(opened, qa, 3, "MAT1202")
    sheet, _positions, problems = services.prior_learning_sheet(actor=qa, case=opened, now=NOW)
    assert problems == []
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("MAT1202", "letter_required")]
    with pytest.raises(ValidationFailed) as refused:
        confirm(opened, qa, 1, "HKZ1102", "C")  # line 1 has a percentage: no letter of the commission's
    assert [p.path for p in refused.value.problems] == ["commission_letter"]


def test_a_decided_recount_is_not_decided_again(matched: PriorLearningCase, user: Any) -> None:
    decide(matched, user("qa.chair"))
    results = Result.objects.filter(recognized_from="prior_learning").count()
    with pytest.raises(Conflict) as again:
        decide(matched, user("reg.office"), number="QA-8")
    assert again.value.code == "prior_learning_decided"
    assert Result.objects.filter(recognized_from="prior_learning").count() == results == 2
    assert PriorLearningCase.objects.get(pk=matched.pk).protocol_number == "QA-7"
    with pytest.raises(Conflict):
        services.prior_learning_line_add(actor=user("adm.officer"), case_id=matched.pk,
                                         data={"title": "Late", "hours": 30, "letter": "A"}, now=NOW)


def test_a_reduced_term_difference_over_35_credits_is_refused_and_nothing_is_written(
        university: Any, user: Any) -> None:
    """RC-6. Six more mandatory disciplines: 15 + 30 = 45 credits of difference without a recount. With
    HKZ1102 recognized 40 remain (> 35): refused, and HKZ1102's result is not kept. With MAT1202 recognized
    too, exactly 35 remain: allowed."""
    add_mandatory(6)
    qa = user("qa.chair")
    case = services.prior_learning_open(actor=user("adm.officer"), student="s25001", institution="College",
                                        reduced_term=True, hours_per_credit=25, lines=LINES, now=NOW)
    confirm(case, qa, 1, "HKZ1102")
    with pytest.raises(ValidationFailed) as over:
        decide(case, qa)
    assert over.value.code == "difference_over_cap"
    assert "40" in over.value.problems[0].message and "35" in over.value.problems[0].message
    assert not Result.objects.filter(recognized_from="prior_learning").exists()
    assert not PriorLearningDifference.objects.exists()
    assert PriorLearningCase.objects.get(pk=case.pk).status == "draft"
    confirm(case, qa, 3, "MAT1202", "D")
    decided = decide(case, qa)
    assert sum(d.credits for d in decided.difference.all()) == 35
    assert Result.objects.filter(recognized_from="prior_learning").count() == 2


def test_a_line_is_refused_with_every_problem_and_nothing_is_written(opened: PriorLearningCase,
                                                                     user: Any) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.prior_learning_line_add(actor=user("adm.officer"), case_id=opened.pk,
                                         data={"title": "", "hours": "-5", "letter": "Q"}, now=NOW)
    assert {p.path for p in refused.value.problems} == {"title", "hours", "letter"}
    assert opened.lines.count() == 4


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(opened: PriorLearningCase,
                                                                  user: Any) -> None:
    from ektu_portal.core.spreadsheets import numbered_records, read_table

    def rows(text: str) -> Any:
        return numbered_records(read_table("lines.csv", text.encode()), key="title")

    bad = rows("code,title,hours,ects,credits,letter,percent,pass\n"
               "DB1,Databases,150,,,B,,\n"
               "X2,Networks,,,,Z,,\n"          # row 3: no volume, no such letter
               "X3,Ethics,90,,,,120,\n")       # row 4: a percentage over 100
    with pytest.raises(SpreadsheetRejected) as refused:
        services.prior_learning_lines_import(actor=user("adm.officer"), case_id=opened.pk,
                                             records=[c for _n, c in bad], row_numbers=[n for n, _c in bad],
                                             source="lines.csv", now=NOW)
    assert {p.path for p in refused.value.problems} == {"row 3, hours", "row 3, letter", "row 4, percent"}
    assert opened.lines.count() == 4
    good = rows("title,credits,letter\nDatabases,5,B\nNetworks,3,A\n")
    added = services.prior_learning_lines_import(actor=user("adm.officer"), case_id=opened.pk,
                                                 records=[c for _n, c in good],
                                                 row_numbers=[n for n, _c in good], source="lines.csv",
                                                 now=NOW)
    assert added == 2 and list(opened.lines.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_the_commission_may_cover_one_discipline_with_several_lines(opened: PriorLearningCase,
                                                                    user: Any) -> None:
    """RC-1: line 2 (120 h) alone is short of PHY1201's 150 h; with line 4 (60 h) it covers it: B and A
    count as the lower, B."""
    qa = user("qa.chair")
    confirm(opened, qa, 2, "PHY1201")
    confirm(opened, qa, 4, "PHY1201")
    assert matches(opened)[3] == (4, "PHY1201", "commission", "confirmed")
    sheet, _positions, _problems = services.prior_learning_sheet(actor=qa, case=opened, now=NOW)
    assert [(r.discipline, r.letter, r.credits) for r in sheet.recognized] == [("PHY1201", "B", 5)]
    assert AuditRecord.objects.filter(action="prior_learning.match_accept").count() == 1
    assert AuditRecord.objects.filter(action="prior_learning.match_change").count() == 1


# --- the daily job (RC-5/RC-6) ----------------------------------------------------------------------


def test_the_job_turns_difference_not_passed_by_the_due_date_into_debt_once(
        opened: PriorLearningCase, user: Any, django_capture_on_commit_callbacks: Any) -> None:
    """PHY1201 (workload short) and MAT1202 (a pass left without a letter) are the difference; the student
    passes MAT1202 in the autumn. After 10 August 2027 only PHY1201 becomes a debt, once."""
    from ektu_portal.academics.models import AcademicPeriod, Discipline
    from grading.models import AcademicDebt
    from grading.selectors import student_transcript
    from grading.signals import academic_debts_registered

    qa = user("qa.chair")
    for position, code in ((1, "HKZ1102"), (2, "PHY1201"), (3, "MAT1202")):
        confirm(opened, qa, position, code)
    case = decide(opened, qa)
    assert sorted(case.difference.values_list("discipline__code", flat=True)) == ["MAT1202", "PHY1201"]
    Result.objects.create(student=case.student, discipline=Discipline.objects.get(code="MAT1202"),
                          period=AcademicPeriod.objects.get(code="2026-F"), r1=80, r2=80, exam=80)
    assert "MAT1202" in student_transcript(case.student).mastered
    told: list[list[int]] = []
    academic_debts_registered.connect(lambda sender, student_ids, **_: told.append(student_ids),
                                      dispatch_uid="prior-learning-spy", weak=False)
    try:
        sweep = services.prior_learning_difference_sweep
        assert sweep(now=datetime(2027, 8, 10, 23, 0, tzinfo=ALMATY)) == 0  # the due day itself
        with django_capture_on_commit_callbacks(execute=True):
            assert sweep(now=datetime(2027, 8, 11, 3, 0, tzinfo=ALMATY)) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert sweep(now=datetime(2027, 8, 12, 3, 0, tzinfo=ALMATY)) == 0
    finally:
        academic_debts_registered.disconnect(dispatch_uid="prior-learning-spy")
    debt = AcademicDebt.objects.select_related("result__discipline", "result__period").get()
    assert (debt.result.discipline.code, debt.result.period.code, debt.reason) == (
        "PHY1201", "2027-S", "academic difference not cleared (RC-5/RC-6)")
    assert told == [[case.student.pk]]
    rows = {d.discipline.code: d for d in case.difference.all()}
    assert rows["PHY1201"].debt_registered_at is not None and rows["MAT1202"].debt_registered_at is None
    assert all(row.swept_at is not None for row in rows.values())


# --- who may do what --------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    ("adm.officer", 200), ("qa.chair", 200), ("reg.office", 200), ("deputy.sdt", 200),
    ("deputy.sem", 404), ("dean.sdt", 404), ("adv.sarsen", 404), ("s25001", 404), ("s25002", 404)])
def test_who_sees_a_recount_being_prepared(opened: PriorLearningCase, client: Any, user: Any, who: str,
                                           status: int) -> None:
    client.force_login(user(who))
    assert client.get(f"{LIST}{opened.pk}/").status_code == status


def test_the_anonymous_are_sent_to_sign_in(opened: PriorLearningCase, client: Any) -> None:
    assert client.get(f"{LIST}{opened.pk}/").status_code == 302
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("s25002", 404), ("qa.chair", 200)])
def test_the_student_sees_their_own_decided_recount_read_only(matched: PriorLearningCase, client: Any,
                                                              user: Any, who: str, status: int) -> None:
    decide(matched, user("qa.chair"))
    client.force_login(user(who))
    response = client.get(f"{LIST}{matched.pk}/")
    assert response.status_code == status
    if who == "s25001":
        body = response.content.decode()
        assert "Математический анализ" in body or "Calculus" in body
        assert "decision-form" not in body and "line-form" not in body


def test_the_list_shows_each_reader_their_own_recounts(opened: PriorLearningCase, client: Any,
                                                       user: Any) -> None:
    name = "Әлиев Нұрлан Серікұлы"
    seen = {}
    for who in ("adm.officer", "deputy.sdt", "deputy.sem"):
        client.force_login(user(who))
        response = client.get(LIST)
        seen[who] = (response.status_code, name in response.content.decode())
    assert seen == {"adm.officer": (200, True), "deputy.sdt": (200, True), "deputy.sem": (200, False)}
    for who in ("s25001", "adv.sarsen"):  # nothing decided for the student yet; an adviser has no list
        client.force_login(user(who))
        assert client.get(LIST).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("qa.chair", 302), ("deputy.sdt", 302), ("reg.office", 302),
                                             ("adm.officer", 403), ("deputy.sem", 404), ("s25001", 404)])
def test_who_decides_on_the_page(matched: PriorLearningCase, client: Any, user: Any, who: str,
                                 status: int) -> None:
    client.force_login(user(who))
    response = client.post(f"{LIST}{matched.pk}/decision",
                           {"protocol_number": "QA-7", "protocol_date": "2026-09-30"})
    assert response.status_code == status
    assert PriorLearningCase.objects.get(pk=matched.pk).status == ("decided" if status == 302 else "draft")


@pytest.mark.parametrize(("who", "status"), [("adm.officer", 302), ("deputy.sdt", 302), ("deputy.sem", 404),
                                             ("s25001", 404)])
def test_who_enters_lines_on_the_page(opened: PriorLearningCase, client: Any, user: Any, who: str,
                                      status: int) -> None:
    client.force_login(user(who))
    response = client.post(f"{LIST}{opened.pk}/lines", {"new-title": "Networks", "new-credits": "3",
                                                         "new-letter": "A"})
    assert response.status_code == status
    assert opened.lines.count() == (5 if status == 302 else 4)


def test_every_reason_shows_beside_its_field(opened: PriorLearningCase, client: Any, user: Any) -> None:
    client.force_login(user("adm.officer"))
    response = client.post(f"{LIST}{opened.pk}/lines", {"new-title": "Networks", "new-hours": "-3",
                                                         "new-letter": "Q"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_new-hours-error">a positive number with at most two decimals<' in body
    assert 'id="id_new-letter-error">not a letter of the grading scale' in body
    assert opened.lines.count() == 4


def test_the_page_warns_of_a_difference_over_the_cap(university: Any, client: Any, user: Any) -> None:
    add_mandatory(5)  # 15 + 25 = 40 credits of difference with nothing recognized
    case = services.prior_learning_open(actor=user("adm.officer"), student="s25001", institution="College",
                                        reduced_term=True, hours_per_credit=25, lines=LINES, now=NOW)
    confirm(case, user("qa.chair"), 2, "PHY1201")  # workload short: nothing recognized
    client.force_login(user("qa.chair"))
    page = client.get(f"{LIST}{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="over-cap"' in page and "40 credits" in page
    response = client.post(f"{LIST}{case.pk}/decision", {"protocol_number": "QA-1",
                                                         "protocol_date": "2026-09-30"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "more than the 35 credits" in response.content.decode()
    assert PriorLearningCase.objects.get(pk=case.pk).status == "draft"


def test_the_protocol_and_the_comparison_sheet_print_in_kazakh_and_russian(matched: PriorLearningCase,
                                                                           client: Any, user: Any) -> None:
    decide(matched, user("qa.chair"))
    client.force_login(user("deputy.sdt"))
    texts = {}
    for kind in ("protocol", "sheet"):
        for language in ("kk", "ru"):
            response = client.get(f"{LIST}{matched.pk}/{kind}.pdf?lang={language}")
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            pages = PdfReader(io.BytesIO(response.content)).pages
            texts[kind, language] = " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    for kind in ("protocol", "sheet"):
        assert "Әлиев Нұрлан Серікұлы" in texts[kind, "kk"] and "Әлиев Нұрлан Серікұлы" in texts[kind, "ru"]
        assert "Қазақстан тарихы" in texts[kind, "kk"] and "Математикалық талдау" in texts[kind, "kk"]
        assert "История Казахстана" in texts[kind, "ru"] and "Основы физики" in texts[kind, "ru"]
    assert "Физика негіздері" in texts["sheet", "kk"]  # the difference, by its Kazakh name
    client.force_login(user("deputy.sem"))
    assert client.get(f"{LIST}{matched.pk}/protocol.pdf?lang=kk").status_code == 404


# --- the API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("adm.officer", 201), ("qa.chair", 201), ("deputy.sdt", 201),
                                             ("reg.office", 201), ("deputy.sem", 404), ("s25001", 404),
                                             (None, 401)])
def test_who_opens_a_recount_through_the_api(university: Any, api: Any, who: str | None, status: int) -> None:
    response = api(who).post(API, {"student": "s25001", "institution": "College", "hours_per_credit": 25,
                                   "lines": LINES}, format="json")
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert [(line["position"], line["match"]["discipline"], line["match"]["basis"])
                for line in body["lines"]] == [(1, "HKZ1102", "volume_and_name"), (2, "PHY1201", "code"),
                                               (3, "MAT1202", "volume_and_name"), (4, None, "")]
        assert body["status"] == "draft" and body["sheet"] is None
    assert PriorLearningCase.objects.count() == (1 if status == 201 else 0)


def test_the_api_names_every_problem_of_the_lines(university: Any, api: Any) -> None:
    response = api("adm.officer").post(API, {"student": "s25001", "institution": "College", "lines": [
        {"title": "Databases", "hours": 150, "letter": "A"}, {"title": "Networks", "letter": "Q"}]},
        format="json")
    assert response.status_code == 422
    assert {p["path"] for p in response.json()["problems"]} == {"lines[1].hours", "lines[1].letter"}
    assert not PriorLearningCase.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("qa.chair", 200), ("deputy.sdt", 200), ("reg.office", 200),
                                             ("adm.officer", 403), ("deputy.sem", 404), ("s25001", 404),
                                             (None, 401)])
def test_who_decides_through_the_api(matched: PriorLearningCase, api: Any, who: str | None,
                                     status: int) -> None:
    response = api(who).post(f"{API}/{matched.pk}/decision", {"protocol_number": "QA-7",
                                                               "protocol_date": "2026-09-30"}, format="json")
    assert response.status_code == status, response.content
    if status == 200:
        sheet = response.json()["sheet"]
        assert [(r["discipline"], r["letter"], r["credits"]) for r in sheet["recognized"]] == [
            ("HKZ1102", "A-", 5), ("MAT1202", "C", 5)]
        assert sheet["difference"] == [{"discipline": "PHY1201", "credits": 5, "semester": 2,
                                        "reason": "workload_short", "debt_registered_at": None}]
        again = api(who).post(f"{API}/{matched.pk}/decision", {"protocol_number": "QA-8",
                                                                "protocol_date": "2026-09-30"}, format="json")
        assert (again.status_code, again.json()["code"]) == (409, "prior_learning_decided")


@pytest.mark.parametrize(("who", "status"), [("adm.officer", 200), ("deputy.sdt", 200), ("deputy.sem", 404),
                                             ("s25001", 404), ("s25002", 404), (None, 401)])
def test_who_reads_a_recount_through_the_api(opened: PriorLearningCase, api: Any, who: str | None,
                                             status: int) -> None:
    assert api(who).get(f"{API}/{opened.pk}").status_code == status


def test_the_api_list_holds_what_the_reader_may_see(opened: PriorLearningCase, api: Any) -> None:
    assert [row["id"] for row in api("deputy.sdt").get(API).json()] == [opened.pk]
    assert api("deputy.sem").get(API).json() == []
    assert api("s25001").get(API).json() == []  # not decided yet
    assert api("adv.sarsen").get(API).status_code == 403
    assert api(None).get(API).status_code == 401


def test_permission_errors_of_the_services(opened: PriorLearningCase, user: Any) -> None:
    with pytest.raises(PermissionDenied):
        decide(opened, user("adm.officer"))
    with pytest.raises(NotFound):
        decide(opened, user("deputy.sem"))
    assert PriorLearningLine.objects.filter(case=opened, match_status="confirmed").count() == 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_daily_job_runs_through_a_real_worker_once() -> None:
    """RC-5/RC-6 through Celery on Redis: the beat's task registers the debt, and a second run nothing."""
    from celery.contrib.testing.worker import start_worker

    from admissions.tasks import register_difference_debts
    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User
    from ektu_portal.celery import app
    from grading.models import AcademicDebt

    load_university(university_document(), allow_passwords=True, source="prior-learning worker test")
    qa = User.objects.get(username="qa.chair")
    case = services.prior_learning_open(actor=qa, student="s25001", institution="College",
                                        hours_per_credit=25, lines=LINES, now=NOW)
    confirm(case, qa, 2, "PHY1201")  # workload short: PHY1201, HKZ1102 and MAT1202 are the difference
    decide(case, qa)
    # the task takes the time itself: the due date is made to have passed before today
    PriorLearningCase.objects.filter(pk=case.pk).update(due_date=date(2025, 1, 1))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = register_difference_debts.delay().get(timeout=60)
        second = register_difference_debts.delay().get(timeout=60)
    assert (first, second) == (3, 0)
    assert sorted(AcademicDebt.objects.values_list("result__discipline__code", flat=True)) == [
        "HKZ1102", "MAT1202", "PHY1201"]
