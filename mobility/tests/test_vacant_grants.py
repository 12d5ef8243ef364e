"""TR-9 through the services, the page and the API: the registrar's office records vacant grant places, the
list is made once (ranked by GPA over the whole study, equal GPA split by the grades tier, debtors and grant
holders left out with their reasons), printed for the Scientific Council and the ministry, and after the
ministry's order the award changes the student's funding (audited); who sees and does what.

The cohort — group B057 (6B06102), full-time, intake 2025 — derived by hand (r1 = r2 = exam = X gives the
final score X, GR-4; 96 → A 4.00, 91 → A- 3.67, 86 → B+ 3.33, 81 → B 3.00, 66 → C 2.00; GPA GP-1, two
decimals half up; PRG1101 and WEB2202 have 5 credits each):

  s25010 A, A                          GPA 4.00  only A/A-   → 1
  s25011 A-, A-                        GPA 3.67  only A/A-   → 2 (lower GPA)
  s25012 A, B+                         GPA 3.665 → 3.67, A…C+  → 3 (equal GPA, lower tier)
  s25014 A, B+                         GPA 3.67  A…C+        → 4 (only the record number: 25012 < 25014)
  s25013 PRG1101 C then A (retake), B+ GPA 3.67 (the retake counts) but a C in the study: the rest → 5
  s25015 B, B                          GPA 3.00  A…C+        → 6 (lower GPA)
Not on the list: s25001 (state grant: not paid), s25002 (paid, no result yet: no GPA), s25016 (A, A but
an open academic debt).
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from conftest import PASSWORD, token_clients, two_school_document

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2027, 1, 10, 9, 0, tzinfo=ALMATY)  # 15 days before 25 January 2027
WINTER, SUMMER = date(2027, 1, 25), date(2027, 8, 5)
API = "/api/v1/mobility/vacant-grants"
HOSTILE = "=HYPERLINK(\"http://evil.example\",\"Сейітов\")"

EXPECTED_RANKED = [
    # (position, username, gpa, tier, decided_by)
    (1, "s25010", "4.00", 0, None),
    (2, "s25011", "3.67", 0, "gpa"),
    (3, "s25012", "3.67", 1, "grades"),
    (4, "s25014", "3.67", 1, "record_number"),
    (5, "s25013", "3.67", 2, "grades"),
    (6, "s25015", "3.00", 1, "gpa"),
]
EXPECTED_EXCLUDED = [("s25001", ["not_paid"]), ("s25002", ["no_gpa"]), ("s25016", ["academic_debt"])]


def _student(username: str, name: str) -> dict[str, Any]:
    return {"username": username, "full_name": name, "roles": ["student"], "password": PASSWORD,
            "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2, "funding": "paid"}}


def _results(username: str, *marks: tuple[str, str, int, int]) -> list[dict[str, Any]]:
    return [{"student": username, "discipline": d, "period": p, "attempt": attempt, "r1": x, "r2": x,
             "exam": x} for d, p, x, attempt in marks]


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    document["people"] += [
        {"username": "vr.office", "full_name": "Сапарова Гүлмира", "roles": ["vice_rector"],
         "password": PASSWORD},
        _student("s25010", "Асанов Ерлан"), _student("s25011", "Бекұлы Дархан"),
        _student("s25012", "Ермекова Дина"), _student("s25013", "Жанатова Сәуле"),
        _student("s25014", "Ибраева Камила"), _student("s25015", "Кенжебаев Тимур"),
        _student("s25016", "Қасенов Марат"),
    ]
    f, s = "2025-F", "2026-F"
    document["results"] += [
        *_results("s25010", ("PRG1101", f, 96, 1), ("WEB2202", s, 96, 1)),
        *_results("s25011", ("PRG1101", f, 91, 1), ("WEB2202", s, 91, 1)),
        *_results("s25012", ("PRG1101", f, 96, 1), ("WEB2202", s, 86, 1)),
        *_results("s25013", ("PRG1101", f, 66, 1), ("PRG1101", f, 96, 2), ("WEB2202", s, 86, 1)),
        *_results("s25014", ("PRG1101", f, 96, 1), ("WEB2202", s, 86, 1)),
        *_results("s25015", ("PRG1101", f, 81, 1), ("WEB2202", s, 81, 1)),
        *_results("s25016", ("PRG1101", f, 96, 1), ("WEB2202", s, 96, 1), ("ML2203", s, 20, 1)),
    ]
    load_university(document, allow_passwords=True, source="test fixture")
    # s25016 did not clear ML2203: an open academic debt (GR-10).
    from ektu_portal.academics.models import Result
    from grading.models import AcademicDebt

    AcademicDebt.objects.create(result=Result.objects.get(student__user__username="s25016",
                                                          discipline__code="ML2203"),
                                registered_at=NOW - timedelta(days=30), reason="F")
    return document


def actor(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def browser(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def record(places: int = 2, deadline: date = WINTER, **changes: Any) -> Any:
    from mobility import services_grants

    values = {"group_code": "B057", "study_form": "full_time", "intake_year": 2025, "places": places,
              "deadline": deadline, "basis": "Order No. 12-ст of 5 January 2027 (expelled s24001)", **changes}
    return services_grants.vacant_grant_record(actor=actor("reg.office"), now=NOW, **values)


def make_list(grant: Any) -> Any:
    from mobility import services_grants

    return services_grants.vacant_grant_list_make_now(actor=actor("reg.office"), vacant_grant_id=grant.pk,
                                                      now=NOW)


def award(grant: Any, username: str, who: str = "reg.office", **changes: Any) -> Any:
    from mobility import services_grants

    values = {"order_number": "МОН-145", "order_on": date(2027, 1, 9), **changes}
    return services_grants.vacant_grant_award(actor=actor(who), vacant_grant_id=grant.pk, username=username,
                                              now=NOW, **values)


# --- services -----------------------------------------------------------------------------------------------

def test_recording_names_every_bad_field_at_once(university: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed
    from mobility.models import VacantGrant

    with pytest.raises(ValidationFailed) as refused:
        record(group_code="B999", places=0, deadline=date(2027, 1, 26), basis="  ")
    assert {p.path for p in refused.value.problems} == {"group_code", "places", "deadline", "basis"}
    assert not VacantGrant.objects.exists()


def test_recording_is_audited_and_a_round_is_recorded_once(university: Any) -> None:
    from ektu_portal.audit.models import AuditRecord
    from ektu_portal.core.errors import Conflict

    grant = record()
    entry = AuditRecord.objects.get(action="mobility.vacant_grant.record")
    assert (entry.object_id, entry.actor_username, entry.after["places"]) == (str(grant.pk), "reg.office", 2)
    assert entry.basis.startswith("Order No. 12-ст")
    with pytest.raises(Conflict) as duplicate:
        record(places=5)
    assert duplicate.value.code == "vacant_grant_exists"
    record(deadline=SUMMER)  # the next round is another vacant grant


def test_only_the_registrar_records(university: Any) -> None:
    from ektu_portal.core.errors import PermissionDenied
    from mobility import services_grants

    for who in ("dean.sdt", "vr.office", "s25010"):
        with pytest.raises(PermissionDenied):
            services_grants.vacant_grant_record(actor=actor(who), group_code="B057", study_form="full_time",
                                                intake_year=2025, places=1, deadline=WINTER, basis="x",
                                                now=NOW)


def test_the_list_by_hand(university: Any) -> None:
    grant = record(places=2)
    made = make_list(grant)
    assert [(r["position"], r["username"], r["gpa"], r["tier"], r["decided_by"]) for r in made.ranked] == \
        EXPECTED_RANKED
    # Two places: the first two are the candidates; the third is below by grades, not by record number.
    assert [r["username"] for r in made.ranked if r["candidate"]] == ["s25010", "s25011"]
    assert made.tie_at_cut is False
    assert [(e["username"], e["reasons"]) for e in made.excluded] == EXPECTED_EXCLUDED
    first = made.ranked[0]
    assert (first["full_name"], first["record_number"]) == ("Асанов Ерлан", "s25010")
    assert made.excluded[1]["full_name"] == "Жұмабаева Ұлжан"


def test_only_the_record_number_at_the_cut_tells_the_council(university: Any) -> None:
    # Three places: s25012 is the third and s25014, fourth, differs from her only by record number.
    made = make_list(record(places=3))
    assert [r["username"] for r in made.ranked if r["candidate"]] == ["s25010", "s25011", "s25012"]
    assert made.tie_at_cut is True


def test_the_digest_is_the_sha256_of_the_canonical_list(university: Any) -> None:
    import hashlib
    import json

    made = make_list(record())
    canonical = json.dumps({"ranked": made.ranked, "excluded": made.excluded}, sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False).encode()
    assert made.digest == hashlib.sha256(canonical).hexdigest()


def test_the_job_makes_due_lists_once(university: Any) -> None:
    from ektu_portal.audit.models import AuditRecord
    from mobility import services_grants
    from mobility.models import VacantGrantList

    winter, summer = record(), record(deadline=SUMMER)
    # 4 January: 21 days before 25 January — not due yet; 5 January: 20 days — due.
    assert services_grants.vacant_grant_lists_make(now=datetime(2027, 1, 4, 12, tzinfo=ALMATY)) == 0
    assert services_grants.vacant_grant_lists_make(now=datetime(2027, 1, 5, 0, 5, tzinfo=ALMATY)) == 1
    made = VacantGrantList.objects.get()
    assert made.vacant_grant_id == winter.pk  # 5 August is far off
    before = (made.digest, made.ranked, made.excluded, made.made_at)
    assert services_grants.vacant_grant_lists_make(now=NOW) == 0
    again = VacantGrantList.objects.get()
    assert (again.digest, again.ranked, again.excluded, again.made_at) == before
    entry = AuditRecord.objects.get(action="mobility.vacant_grant.list")
    assert (entry.actor, entry.basis, entry.after["digest"]) == (None, winter.basis, made.digest)
    # The office's "make now" returns the list as it is; a passed deadline is not the job's any more.
    assert make_list(winter).digest == made.digest
    assert services_grants.vacant_grant_lists_make(now=datetime(2027, 8, 6, tzinfo=ALMATY)) == 0
    assert not VacantGrantList.objects.filter(vacant_grant=summer).exists()


def test_the_cohort_is_read_in_a_fixed_number_of_queries(university: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
    from ektu_portal.accounts.models import User
    from mobility import selectors_grants
    from mobility.policy.vacant_grants import Cohort

    cohort = Cohort("B057", "full_time", 2025)
    with CaptureQueriesContext(connection) as nine:
        assert len(selectors_grants.competitors(cohort)) == 9
    template = Student.objects.get(user__username="s25010")
    for number in ("s25020", "s25021", "s25022"):
        student = Student.objects.create(user=User.objects.create(username=number, full_name=number),
                                         program=template.program, intake_year=2025, course_year=2,
                                         funding="paid")
        Result.objects.create(student=student, discipline=Discipline.objects.get(code="PRG1101"),
                              period=AcademicPeriod.objects.get(code="2025-F"), r1=90, r2=90, exam=90)
    with CaptureQueriesContext(connection) as twelve:
        assert len(selectors_grants.competitors(cohort)) == 12
    assert len(twelve.captured_queries) == len(nine.captured_queries)


def test_the_award_changes_the_funding_and_is_audited(university: Any) -> None:
    from ektu_portal.academics.models import Student
    from ektu_portal.audit.models import AuditRecord

    grant = record(places=2)
    make_list(grant)
    made = award(grant, "s25011")
    assert (made.funding_before, made.order_number) == ("paid", "МОН-145")
    assert Student.objects.get(user__username="s25011").funding == "state_grant"
    entry = AuditRecord.objects.get(action="mobility.vacant_grant.award")
    assert (entry.object_type, entry.before, entry.after["funding"]) == (
        "academics.student", {"funding": "paid"}, "state_grant")
    assert "МОН-145" in entry.basis and entry.actor_username == "reg.office"


def test_award_refusals(university: Any) -> None:
    from ektu_portal.academics.models import Student
    from ektu_portal.core.errors import Conflict, PermissionDenied, ValidationFailed

    grant = record(places=2)

    def refused(username: str, **changes: Any) -> str:
        with pytest.raises(Conflict) as error:
            award(grant, username, **changes)
        return error.value.code

    assert refused("s25010") == "no_list"
    make_list(grant)
    assert refused("s25012") == "not_a_candidate"  # third of the list, two places
    assert refused("s25016") == "not_a_candidate"  # left out for academic debt
    assert refused("nobody") == "not_a_candidate"
    with pytest.raises(ValidationFailed) as bad:
        award(grant, "s25010", order_number=" ", order_on=date(2027, 1, 11))  # the day after NOW
    assert {p.path for p in bad.value.problems} == {"order_number", "order_on"}
    with pytest.raises(PermissionDenied):
        award(grant, "s25010", who="vr.office")
    Student.objects.filter(user__username="s25011").update(funding="targeted")
    assert refused("s25011") == "no_longer_paid"
    Student.objects.filter(user__username="s25011").update(funding="paid")
    award(grant, "s25010")
    assert refused("s25010") == "already_awarded"
    award(grant, "s25011")
    assert refused("s25012") == "all_places_awarded"
    assert set(grant.awards.values_list("student__user__username", flat=True)) == {"s25010", "s25011"}
    # Nothing of the refusals was written: two awards, two state grants, two audit records.
    from ektu_portal.audit.models import AuditRecord

    assert AuditRecord.objects.filter(action="mobility.vacant_grant.award").count() == 2
    assert Student.objects.get(user__username="s25012").funding == "paid"


# --- the page -----------------------------------------------------------------------------------------------

def test_a_refused_record_shows_each_reason_beside_its_field(university: Any) -> None:
    from mobility.models import VacantGrant

    response = browser("reg.office").post("/mobility/vacant-grants/", {
        "group_code": "B999", "study_form": "full_time", "intake_year": "2025", "places": "0",
        "deadline": "2027-01-26", "basis": ""}, **EN)
    assert response.status_code == 422
    page = response.content.decode()
    for field, reason in (("group_code", "No educational programme belongs to this group."),
                          ("places", "At least one vacant place."),
                          ("deadline", "The list goes to the ministry by 25 January or by 5 August (TR-9)."),
                          ("basis", "The document that frees the places (order, number, date).")):
        assert f'id="id_{field}-error">{reason}</span>' in page
    assert not VacantGrant.objects.exists()


def test_record_make_the_list_and_award_on_the_page(university: Any) -> None:
    from ektu_portal.academics.models import Student
    from mobility.models import VacantGrant

    office = browser("reg.office")
    assert office.post("/mobility/vacant-grants/", {
        "group_code": "B057", "study_form": "full_time", "intake_year": "2025", "places": "2",
        "deadline": "2027-01-25", "basis": "Order No. 12-ст"}, **EN).status_code == 302
    grant = VacantGrant.objects.get()
    assert office.post(f"/mobility/vacant-grants/{grant.pk}/list/", {}, **EN).status_code == 302
    page = office.get("/mobility/vacant-grants/", **EN).content.decode()
    # The list in words: name, GPA, the tier and the criterion, the excluded with their reasons.
    assert "Бекұлы Дархан" in page and "only A and A-" in page and "lower GPA" in page
    assert "equal GPA and grades: record number (the Scientific Council decides)" in page
    assert "Қасенов Марат" in page and "has academic debt" in page
    assert "does not study on a paid basis" in page and "no GPA yet" in page
    refused = office.post(f"/mobility/vacant-grants/{grant.pk}/award/", {
        "username": "s25012", "order_number": "МОН-145", "order_on": "2026-01-09"}, **EN)
    assert refused.status_code == 422
    reason = "Only a candidate of the list (within the vacant places) can be awarded."
    assert reason in refused.content.decode()
    assert office.post(f"/mobility/vacant-grants/{grant.pk}/award/", {
        "username": "s25011", "order_number": "МОН-145", "order_on": "2026-01-09"}, **EN).status_code == 302
    assert Student.objects.get(user__username="s25011").funding == "state_grant"
    assert "order No. МОН-145" in office.get("/mobility/vacant-grants/", **EN).content.decode()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_list_prints_for_the_scientific_council_in_kazakh_and_russian(university: Any) -> None:
    grant = record()
    make_list(grant)
    office = browser("reg.office")
    kazakh = office.get(f"/mobility/vacant-grants/{grant.pk}/list.pdf")
    russian = office.get(f"/mobility/vacant-grants/{grant.pk}/list.pdf?language=ru")
    for response in (kazakh, russian):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    kk, ru = _pdf_text(kazakh.content), _pdf_text(russian.content)
    assert "Ғылыми кеңестің төрағасы" in kk and "Ғылыми кеңестің хатшысы" in kk
    assert "Председатель Учёного совета" in ru and "Учёный секретарь" in ru
    assert "академиялық қарызы бар" in kk and "имеет академическую задолженность" in ru
    assert kk.index("Асанов Ерлан") < kk.index("Бекұлы Дархан") < kk.index("Ермекова Дина")


def test_the_xlsx_opens_and_a_hostile_name_is_only_text(university: Any) -> None:
    from openpyxl import load_workbook

    from ektu_portal.accounts.models import User

    User.objects.filter(username="s25010").update(full_name=HOSTILE)
    grant = record()
    make_list(grant)
    response = browser("reg.office").get(f"/mobility/vacant-grants/{grant.pk}/list.xlsx?language=ru")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row if cell.value is not None]
    assert "'" + HOSTILE in [cell.value for cell in cells]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "Претендент" in [cell.value for cell in cells]
    excluded = [row[1].value for row in book.worksheets[1].iter_rows(min_row=2)]
    assert excluded == ["s25001", "s25002", "s25016"]


# --- the API ------------------------------------------------------------------------------------------------

def test_the_api_records_refuses_and_awards(university: Any) -> None:
    api = token_clients()("reg.office")
    body = {"group_code": "B057", "study_form": "full_time", "intake_year": 2025, "places": 2,
            "deadline": "2027-01-25", "basis": "Order No. 12-ст"}
    created = api.post(API, body, format="json")
    assert created.status_code == 201, created.content
    grant = created.json()
    assert (grant["places"], grant["candidate_list"], grant["awards"]) == (2, None, [])
    assert api.post(API, body, format="json").status_code == 409
    refused = api.post(API, {**body, "group_code": "B999", "places": 0}, format="json")
    assert refused.status_code == 422
    assert {p["path"] for p in refused.json()["problems"]} == {"group_code", "places"}
    made = api.post(f"{API}/{grant['id']}/list", format="json")
    assert made.status_code == 200
    ranked = made.json()["candidate_list"]["ranked"]
    assert [(r["position"], r["username"], r["gpa"], r["tier"], r["decided_by"]) for r in ranked] == [
        tuple(row) for row in EXPECTED_RANKED]
    awarded = api.post(f"{API}/{grant['id']}/awards", {"username": "s25010", "order_number": "МОН-145",
                                                         "order_on": "2026-01-09"}, format="json")
    assert awarded.status_code == 201
    assert [a["username"] for a in awarded.json()["awards"]] == ["s25010"]
    again = api.post(f"{API}/{grant['id']}/awards", {"username": "s25010", "order_number": "МОН-145",
                                                      "order_on": "2026-01-09"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_awarded")
    assert api.get(f"{API}/999999").status_code == 404


# --- who sees and does what ---------------------------------------------------------------------------------

SEES = {"reg.office": True, "dean.sdt": True, "vr.office": True, "dean.sem": False, "s25010": False,
        None: False}


@pytest.mark.parametrize("who", list(SEES))
def test_permission_matrix(university: Any, who: str | None) -> None:
    grant = record()
    make_list(grant)
    client = browser(who) if who else Client()
    api = token_clients()(who)
    pages = [client.get("/mobility/vacant-grants/", **EN).status_code,
             client.get(f"/mobility/vacant-grants/{grant.pk}/list.pdf").status_code,
             client.get(f"/mobility/vacant-grants/{grant.pk}/list.xlsx").status_code]
    listed = api.get(API)
    one = api.get(f"{API}/{grant.pk}").status_code
    if who is None:  # anonymous: the sign-in page; the API asks for credentials
        assert pages == [302, 302, 302] and (listed.status_code, one) == (401, 401)
    elif who == "s25010":  # students do not see other students' GPA
        assert pages == [404, 404, 404] and (listed.status_code, one) == (403, 404)
    elif who == "dean.sem":  # a dean whose school teaches no programme of B057
        assert pages == [200, 404, 404] and (listed.status_code, one) == (200, 404)
        assert listed.json() == []
    else:
        assert pages == [200, 200, 200] and (listed.status_code, one) == (200, 200)
        assert [g["id"] for g in listed.json()] == [grant.pk]
    # Only the registrar's office acts: those who see the grant are refused (403), the rest find nothing.
    if who not in (None, "reg.office"):
        make = api.post(f"{API}/{grant.pk}/list", format="json").status_code
        assert make == (403 if SEES[who] else 404)
        page_award = client.post(f"/mobility/vacant-grants/{grant.pk}/award/", {
            "username": "s25010", "order_number": "1", "order_on": "2026-01-09"}, **EN).status_code
        assert page_award == (403 if SEES[who] else 404)


def test_the_link_to_the_page(university: Any) -> None:
    assert 'data-nav="vacant-grants"' in browser("reg.office").get("/mobility/", **EN).content.decode()
    assert 'data-nav="vacant-grants"' not in browser("s25010").get("/mobility/", **EN).content.decode()
