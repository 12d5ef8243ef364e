"""NF-1 … NF-4 through the page and the API: a student files an application for a whole discipline, every
reason it cannot be filed is named beside its field with nothing written, the school's QA commission
recognizes it through grading's recount engine (the result appears on the transcript, recognized from
non-formal learning) or refuses it with a reason; who sees and decides what.

The fixture adds the spring semester 2027-S (starts 20 January 2027: semester 4 of the 2025 intake) and
ENG2301 Technical English (5 credits, mandatory in semester 4) to the example university; DB2201 is in
semester 3, so its period has passed for a recognition in 2027-S (NF-1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from conftest import PASSWORD, token_clients, two_school_document

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ALMATY = ZoneInfo("Asia/Almaty")
IN_TIME = datetime(2027, 1, 10, 12, 0, tzinfo=ALMATY)  # exactly 10 days before 20 January (NF-4)
API = "/api/v1/mobility/non-formal"


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    document["calendar"]["periods"].append({"code": "2027-S", "kind": "semester",
                                            "academic_year": "2026-2027", "starts": "2027-01-20",
                                            "ends": "2027-05-30"})
    document["disciplines"].append({"code": "ENG2301", "name": {"en": "Technical English",
                                                                "kk": "Техникалық ағылшын тілі"},
                                    "credits": 5})
    document["curricula"][0]["items"].append({"discipline": "ENG2301", "semester": 4,
                                              "component": "mandatory"})
    document["people"] += [
        {"username": "qa.chair", "full_name": "Жақсылықова Меруерт", "roles": ["qa_commission"]},
        {"username": "dep.sdt", "full_name": "Омаров Бауыржан", "roles": ["deputy_dean"], "school": "SDT"},
        {"username": "dep.sem", "full_name": "Нұрланова Сая", "roles": ["deputy_dean"], "school": "SEM"},
    ]
    for person in document["people"]:
        person["password"] = PASSWORD
    load_university(document, allow_passwords=True, source="test fixture")
    return document


@pytest.fixture
def api(university: Any) -> Any:
    return token_clients()


def browser(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def actor(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def file(username: str = "s25001", now: datetime = IN_TIME, **changes: Any) -> Any:
    from mobility import services

    values = {"period_code": "2027-S", "discipline_code": "ENG2301", "certificate": "IELTS Academic",
              "provider": "British Council", "hours": 150, "topics": "Academic reading and writing",
              "assessment": "Examination", "percent": 91, **changes}
    return services.non_formal_file(actor=actor(username), now=now, **values)


def test_a_student_files_an_application_on_the_page(university: Any) -> None:
    from ektu_portal.audit.models import AuditRecord
    from mobility.models import NonFormalApplication

    response = browser("s25001").post("/mobility/non-formal/apply/", {
        "period": "2027-S", "discipline": "ENG2301", "certificate": "Coursera: Technical Writing",
        "provider": "Coursera", "hours": "150", "percent": "", "topics": "Reports, specifications",
        "assessment": "Graded assignments"}, **EN)
    assert response.status_code == 302
    application = NonFormalApplication.objects.get()
    assert (application.student.user.username, application.discipline.code, application.status) == (
        "s25001", "ENG2301", "submitted")
    assert AuditRecord.objects.filter(action="mobility.non_formal.file").count() == 1
    page = browser("s25001").get("/mobility/non-formal/", **EN).content.decode()
    assert "submitted, awaiting the QA commission" in page


def test_every_reason_is_named_beside_its_field_and_nothing_is_written(university: Any) -> None:
    from mobility.models import NonFormalApplication

    response = browser("s25001").post("/mobility/non-formal/apply/", {
        "period": "2027-S", "discipline": "DB2201", "certificate": "A course", "provider": "Stepik",
        "hours": "120", "topics": "SQL", "assessment": "Test"}, **EN)
    assert response.status_code == 422
    text = response.content.decode()
    # DB2201 is in semester 3, 2027-S is semester 4 (NF-1); 120 hours < 5 × 30 (NF-3).
    assert "The curriculum places this discipline in an earlier semester" in text
    assert "do not cover the whole discipline (30 hours a credit)" in text
    assert not NonFormalApplication.objects.exists()


@pytest.mark.parametrize(("day", "late"), [(10, False), (11, True)])
def test_nf4_ten_days_before_the_period(university: Any, day: int, late: bool) -> None:
    from ektu_portal.core.errors import ValidationFailed

    now = datetime(2027, 1, day, 9, 0, tzinfo=ALMATY)
    if not late:
        assert file(now=now).status == "submitted"
        return
    with pytest.raises(ValidationFailed) as refused:
        file(now=now)
    assert [p.path for p in refused.value.problems] == ["period"]


def test_nf2_the_fifteen_percent_cap(university: Any) -> None:
    """A programme of 30 credits allows 4 non-formal credits (15 % rounded down): a 5-credit discipline
    is refused, and says why."""
    from ektu_portal.academics.models import Program
    from ektu_portal.core.errors import ValidationFailed

    Program.objects.filter(code="6B06102").update(credits=30)
    with pytest.raises(ValidationFailed) as refused:
        file()
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("discipline", "Recognizing it would take non-formal learning past 15% of the programme.")]


def test_the_qa_commission_recognizes_it_and_it_is_on_the_transcript(api: Any) -> None:
    application = file()  # a score of 91 %: A- on the letter scale (90–94)
    answer = api("qa.chair").post(f"{API}/{application.pk}/decision",
                                  {"decision": "recognized", "basis": "QA protocol No. 4 of 12.01.2027"},
                                  format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["letter"]) == ("recognized", "A-")
    transcript = api("s25001").get("/api/v1/students/s25001/transcript").json()
    lines = [a for a in transcript["results"] if a["discipline"] == "ENG2301"]
    assert [(a["letter"], a["recognized_from"]) for a in lines] == [("A-", "non_formal")]
    # Decided once: a second decision is a conflict and writes nothing more.
    again = api("qa.chair").post(f"{API}/{application.pk}/decision",
                                 {"decision": "refused", "basis": "x", "reason": "y"}, format="json")
    assert again.status_code == 409


def test_a_certificate_without_a_score_needs_the_commissions_letter(api: Any) -> None:
    from ektu_portal.academics.models import Result

    application = file(percent=None)
    refused = api("dep.sdt").post(f"{API}/{application.pk}/decision",
                                  {"decision": "recognized", "basis": "QA protocol No. 5"}, format="json")
    assert refused.status_code == 422
    assert [p["path"] for p in refused.json()["problems"]] == ["letter"]
    assert not Result.objects.filter(discipline__code="ENG2301").exists()
    given = api("dep.sdt").post(f"{API}/{application.pk}/decision",
                                {"decision": "recognized", "basis": "QA protocol No. 5", "letter": "B+"},
                                format="json")
    assert given.json()["letter"] == "B+"


def test_a_refusal_keeps_its_reason_on_the_page(university: Any) -> None:
    application = file()
    refused = browser("qa.chair").post(f"/mobility/non-formal/{application.pk}/decision/",
                                       {"decision": "refused", "basis": "QA protocol No. 6"}, **EN)
    assert refused.status_code == 422
    assert "Say why the commission refuses." in refused.content.decode()
    done = browser("qa.chair").post(f"/mobility/non-formal/{application.pk}/decision/",
                                    {"decision": "refused", "basis": "QA protocol No. 6",
                                     "reason": "The course has no assessed outcomes."}, **EN)
    assert done.status_code == 302
    page = browser("s25001").get("/mobility/non-formal/", **EN).content.decode()
    assert "refused: The course has no assessed outcomes." in page


# Who sees and decides (role × own / other object): the student's own, another student of the same
# programme, the QA commission, the deputy dean of the student's school and of another school, the
# registrar, an adviser, a dean, nobody signed in.
MATRIX = [
    ("s25001", 200, 403, 200),
    ("s25002", 404, 404, 200),  # their own page, without anybody else's application
    ("qa.chair", 200, 200, 200),
    ("dep.sdt", 200, 200, 200),
    ("dep.sem", 404, 404, 200),
    ("reg.office", 200, 403, 200),
    ("adv.sarsen", 404, 404, 404),
    ("dean.sdt", 404, 404, 404),
    (None, 401, 401, None),
]


@pytest.mark.parametrize(("who", "see", "decide", "page"), MATRIX)
def test_permission_matrix(api: Any, who: str | None, see: int, decide: int, page: int | None) -> None:
    application = file()
    client = api(who)
    assert client.get(f"{API}/{application.pk}").status_code == see
    listed = client.get(API)
    if see == 200:
        assert application.pk in [a["id"] for a in listed.json()]
    elif who is not None:
        assert listed.status_code in (200, 404) and application.pk not in [
            a["id"] for a in (listed.json() if listed.status_code == 200 else [])]
    answer = client.post(f"{API}/{application.pk}/decision",
                         {"decision": "recognized", "basis": "QA protocol No. 7"}, format="json")
    assert answer.status_code == (decide if decide != 200 else 200), answer.content
    if page is not None:
        shown = browser(who).get("/mobility/non-formal/", **EN)  # type: ignore[arg-type]
        assert shown.status_code == page
        listed_on_page = f'data-non-formal="{application.pk}"' in shown.content.decode()
        assert listed_on_page is (page == 200 and see == 200)


def test_the_api_refuses_bad_input_with_problem_details(api: Any) -> None:
    from mobility.models import NonFormalApplication

    answer = api("s25001").post(API, {"period": "2027-S", "discipline": "NOPE", "certificate": "x",
                                      "provider": "y", "hours": -1, "topics": "z", "assessment": "w"},
                                format="json")
    assert answer.status_code in (400, 422)
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "hours" in str(answer.json())
    assert not NonFormalApplication.objects.exists()


def test_the_kazakh_page_has_no_raw_code_or_english(university: Any) -> None:
    import re

    application = file()
    browser("qa.chair").post(f"/mobility/non-formal/{application.pk}/decision/",
                             {"decision": "refused", "basis": "№ 6", "reason": "Бағалау жоқ"})
    for who in ("s25001", "qa.chair"):
        text = browser(who).get("/mobility/non-formal/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
        main = text[text.index("<main"):text.index("</main>")]
        visible = re.sub(r"<[^>]+>", " ", main)
        for raw in ("submitted", "recognized", "refused", "Non-formal learning", "Decision", "Period",
                    "My applications", "non_formal"):
            assert raw not in visible, (who, raw)
        assert re.search(r"[әғқңөұүһі]", visible)
