"""The Diploma Supplement (DS-1 … DS-5): complete, PDF/A with its data attached, verifiable,
revocable, printed in batches, and seen only by those the contract names."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import two_school_document
from diploma_supplement import selectors, services
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy.content import INTRODUCTION, SECTION_TITLES
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import Program, Result, Role, RoleAssignment, Student
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PDF = "/api/v1/students/s25001/diploma-supplement.pdf"
OUTCOMES = [{"en": f"Designs and builds software systems, outcome {n}", "kk": f"Нәтиже {n}"} for n in range(1, 9)]
# Every kind of transcript line DS-4 names, as the loader document records past results.
EXTRA_DISCIPLINES = [
    {"code": "CW1201", "name": {"kk": "Курстық жоба", "en": "Course Project in Programming"}, "credits": 3,
     "control": "differentiated_credit", "kind": "coursework"},
    {"code": "RW1301", "name": {"en": "Research Work of the Student"}, "credits": 4,
     "control": "differentiated_credit", "kind": "research"},
    {"code": "FA1401", "name": {"kk": "Дипломдық жоба", "en": "Diploma Project Defence"}, "credits": 12,
     "control": "final_attestation", "kind": "final_attestation"},
]
EXTRA_RESULTS = [
    {"student": "s25001", "discipline": "HKZ1102", "period": "2025-F", "r1": 96, "r2": 98, "exam": 95},
    {"student": "s25001", "discipline": "CW1201", "period": "2025-F", "r1": 88, "r2": 86, "exam": 85},
    {"student": "s25001", "discipline": "PR2204", "period": "2025-F", "r1": 70, "r2": 75, "exam": 72},
    {"student": "s25001", "discipline": "RW1301", "period": "2025-F", "r1": 91, "r2": 93, "exam": 90},
    {"student": "s25001", "discipline": "FA1401", "period": "2025-F", "r1": 60, "r2": 66, "exam": 61},
]


@pytest.fixture
def graduate(university: Any, user: Any) -> Student:
    """s25001 graduated: six results of every kind, a diploma number, the program's outcomes recorded."""
    document = two_school_document()
    document["disciplines"] += EXTRA_DISCIPLINES
    document["results"] += EXTRA_RESULTS
    load_university(document, allow_passwords=True, source="diploma supplement test")
    Program.objects.filter(code="6B06102").update(learning_outcomes=OUTCOMES, qualification_kk="Инженерия бакалавры")
    student = Student.objects.select_related("user", "program").get(user__username="s25001")
    Student.objects.filter(pk=student.pk).update(status="graduated", diploma_number="ЖБ-Б 1234567",
                                                 graduated_on=date(2029, 6, 30))
    RoleAssignment.objects.create(user=user("admin.portal"), role=Role.VICE_RECTOR)
    student.refresh_from_db()
    return student


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_supplement_says_everything_in_order(api: Any, graduate: Student) -> None:
    response = api("s25001").get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert " ".join(INTRODUCTION.split()) in text  # DS-2, verbatim
    positions = [text.index(f"{number}. {title}") for number, title in SECTION_TITLES]  # DS-1, DS-3
    assert positions == sorted(positions)  # all eight, in the model's order
    for field in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "4.1",
                  "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2", "7.3", "7.4"):
        assert re.search(rf"(^| ){re.escape(field)} ", text), field  # DS-3a numbered fields
    assert "Әлиев" in text and "Нұрлан Серікұлы" in text and "Aliyev" in text  # Kazakh letters, passport Latin
    assert "ЖБ-Б 1234567" in text and "01/05/2007" in text and "070501300123" in text
    assert "Portal Administrator" in text and "Official stamp or seal" in text  # the certification block
    assert re.search(r"Page 1 of \d", text)  # the running header


def test_every_transcript_line_with_letter_credits_and_hours(api: Any, graduate: Student) -> None:
    """DS-4: disciplines, course work, practice, research work and final attestation, each with its
    letter grade, points, credits (home and ECTS) and hours, as grading computes them."""
    text = text_of(api("s25001").get(PDF).content)
    results = api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
    assert len(results) == 6 and Result.objects.filter(student=graduate).count() == 6
    kinds = {"PRG1101": "Discipline", "HKZ1102": "Discipline", "CW1201": "Course work (project)",
             "PR2204": "Professional practice", "RW1301": "Research work", "FA1401": "Final attestation"}
    for row in results:
        assert row["letter"], row
        credits = row["credits"]
        line = re.search(rf"{row['discipline']} .{{0,120}}?{re.escape(kinds[row['discipline']])} {credits} {credits} "
                         rf"{credits * 30} {row['final_score']} {re.escape(row['letter'])} {row['points']}", text)
        assert line, (row, text[text.index("Period 1"):][:1500])
    assert "Course Project in Programming" in text and "Дипломдық жоба" in text
    record = api("s25001").get("/api/v1/students/s25001/transcript").json()  # one source of grades: grading's
    facts = selectors.facts_for(graduate, today=date.today())
    assert (str(facts.gpa), facts.credits_earned) == (record["gpa"], record["credits_earned"])
    assert f"Credits gained {record['credits_earned']} · GPA {record['gpa']}" in text
    assert "Pass mark: D (50 % and above)" in text  # the grading scheme (4.4)


def test_it_is_pdf_a_3_with_its_data_attached(api: Any, graduate: Student) -> None:
    reader = PdfReader(io.BytesIO(api("s25001").get(PDF).content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()
    assert re.search(r'pdfaid:part(>|=")3', xmp) and re.search(r'pdfaid:conformance(>|=")B', xmp)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor")
                          or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]).get_object()
            fonts.append(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts and all(fonts)  # every font embedded
    assert "/OutputIntents" in reader.trailer["/Root"]  # PDF/A's output intent (sRGB)
    attachments = reader.attachments
    assert list(attachments) == ["elmo.xml"]
    xml = attachments["elmo.xml"][0].decode()
    assert "<elmo" in xml and "070501300123" in xml and "Әлиев" in xml
    assert all(code in xml for code in ("PRG1101", "HKZ1102", "CW1201", "PR2204", "RW1301", "FA1401"))
    specs = [spec.get_object() for spec in reader.trailer["/Root"]["/AF"]]
    assert {(spec["/F"], spec["/AFRelationship"]) for spec in specs} == {("elmo.xml", "/Data")}  # PDF/A-3


def test_verification_valid_revoked_unknown(api: Any, client: Any, graduate: Student) -> None:
    response = api("s25001").get(PDF)
    number = response["X-Supplement-Number"]
    supplement = IssuedSupplement.objects.get(number=number)
    assert supplement.sha256 == hashlib.sha256(response.content).hexdigest()
    assert f"/verify/{number}/" in text_of(response.content)  # the QR code's address, printed beside it
    assert AuditRecord.objects.filter(action="supplement.issue").count() == 1
    page = client.get(f"/verify/{number}/").content.decode()
    assert 'data-verdict="valid"' in page and "Әлиев Нұрлан Серікұлы" in page and supplement.sha256 in page
    assert "Aliyev Nurlan" in page and "Bachelor" in page
    assert "PRG1101" not in page and "Programming Basics" not in page  # never the transcript
    assert "revoke-form" not in page  # a stranger cannot revoke
    unknown = client.get("/verify/DS26-NOTREAL/")
    assert unknown.status_code == 404 and 'data-verdict="unknown"' in unknown.content.decode()
    for who in ("s25001", "dean.sdt"):
        assert api(who).post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "x"},
                             format="json").status_code == 403
    revoked = api("reg.office").post(f"/api/v1/diploma-supplements/{number}/revoke",
                                     {"reason": "issued with a wrong diploma number"}, format="json")
    assert revoked.status_code == 200
    page = client.get(f"/verify/{number}/").content.decode()
    assert 'data-verdict="revoked"' in page and "issued with a wrong diploma number" in page
    assert AuditRecord.objects.filter(action="supplement.revoke", reason="issued with a wrong diploma number").exists()
    again = api("reg.office").post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "y"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    # The next download issues a new, valid one.
    assert api("s25001").get(PDF)["X-Supplement-Number"] != number


def test_the_registrar_revokes_on_the_page(client: Any, user: Any, api: Any, graduate: Student) -> None:
    number = api("s25001").get(PDF)["X-Supplement-Number"]
    client.force_login(user("reg.office"))
    assert "revoke-form" in client.get(f"/verify/{number}/").content.decode()
    assert number in client.get("/diploma-supplement/?q=s25001").content.decode()
    response = client.post(f"/verify/{number}/revoke", {"reason": "replaced by a corrected one"})
    assert response.status_code == 302
    assert IssuedSupplement.objects.get(number=number).revoked_reason == "replaced by a corrected one"


def test_missing_data_is_named_and_nothing_is_issued(api: Any, client: Any, user: Any, graduate: Student) -> None:
    Student.objects.filter(pk=graduate.pk).update(diploma_number=None, graduated_on=None)
    Student.objects.filter(pk=graduate.pk).update(iin="")
    response = api("reg.office").get(PDF)
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "supplement_incomplete"
    assert "the diploma number (6.1)" in response.json()["missing"] and "IIN (1.4)" in response.json()["missing"]
    assert not IssuedSupplement.objects.exists()
    client.force_login(user("s25001"))
    page = client.get("/students/s25001/diploma-supplement/").content.decode()
    assert "the diploma number (6.1)" in page and 'id="download"' not in page


def test_two_downloads_issue_one_supplement(api: Any, graduate: Student) -> None:
    first = api("s25001").get(PDF)["X-Supplement-Number"]
    assert api("dean.sdt").get(PDF)["X-Supplement-Number"] == first
    assert IssuedSupplement.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("s25002", 404), ("adv.sarsen", 404),
                                             ("dean.sdt", 200), ("dean.sem", 404), ("reg.office", 200),
                                             ("appeals.chair", 404), (None, 401)])
def test_who_downloads(api: Any, graduate: Student, who: str | None, status: int) -> None:
    assert api(who).get(PDF).status_code == status


@pytest.mark.parametrize(("who", "status"), [("s25001", 403), ("s25002", 403), ("adv.sarsen", 403),
                                             ("dean.sdt", 403), ("dean.sem", 403), ("reg.office", 200), (None, 401)])
def test_who_revokes_through_the_api(api: Any, graduate: Student, who: str | None, status: int) -> None:
    number = services.current_or_issue(actor=None, student=graduate, now=timezone.now()).number
    response = api(who).post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "test"}, format="json")
    assert response.status_code == status
    assert IssuedSupplement.objects.get(number=number).revoked_at is not None or status != 200


def get_as(client: Any, user: Any, who: str | None, url: str) -> int:
    if who:
        client.force_login(user(who))
    return client.get(url).status_code


WHO = ("s25001", "s25002", "adv.sarsen", "reg.office", "dean.sdt", "dean.sem", None)


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (404, 404, 404, 404, 200, 200, 302), strict=True)))
def test_who_sees_the_print_page(client: Any, user: Any, graduate: Student, who: str | None, status: int) -> None:
    assert get_as(client, user, who, "/diploma-supplements/") == status


@pytest.mark.parametrize("page", ["", "progress", "download.zip", "download.pdf"])
@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (404, 404, 404, 404, 200, 404, 302), strict=True)))
def test_who_sees_a_batch(client: Any, user: Any, graduate: Student, page: str, who: str | None,
                          status: int) -> None:
    """A batch is the dean's school's: another school's dean, students, advisers, the registrar: 404."""
    batch = Batch.objects.create(program=graduate.program, graduation_year=2025, requested_by=user("dean.sdt"),
                                 requested_at=timezone.now(), total=0, status=Batch.Status.DONE,
                                 zip_file=b"PK", merged_pdf=b"%PDF")
    assert get_as(client, user, who, f"/diploma-supplements/batches/{batch.pk}/{page}") == status


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (200, 404, 404, 200, 200, 404, 302), strict=True)))
def test_who_sees_a_students_supplement_page(client: Any, user: Any, graduate: Student, who: str | None,
                                             status: int) -> None:
    assert get_as(client, user, who, "/students/s25001/diploma-supplement/") == status


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (302, 302, 404, 200, 404, 404, 302), strict=True)))
def test_who_sees_my_supplement(client: Any, user: Any, graduate: Student, who: str | None, status: int) -> None:
    """A student is sent to their own page; the registrar sees every issued one; others: nothing."""
    response_status = get_as(client, user, who, "/diploma-supplement/")
    assert response_status == status
    if who and who.startswith("s"):
        assert client.get("/diploma-supplement/")["Location"] == f"/students/{who}/diploma-supplement/"


@pytest.mark.parametrize("who", WHO)
def test_anyone_verifies(client: Any, user: Any, graduate: Student, who: str | None) -> None:
    number = services.current_or_issue(actor=None, student=graduate, now=timezone.now()).number
    assert get_as(client, user, who, f"/verify/{number}/") == 200


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (404, 404, 404, 302, 404, 404, 302), strict=True)))
def test_who_revokes_on_the_page(client: Any, user: Any, graduate: Student, who: str | None, status: int) -> None:
    number = services.current_or_issue(actor=None, student=graduate, now=timezone.now()).number
    if who:
        client.force_login(user(who))
    assert client.post(f"/verify/{number}/revoke", {"reason": "test"}).status_code == status
    revoked = IssuedSupplement.objects.get(number=number).revoked_at is not None
    assert revoked == (who == "reg.office")


def test_a_dean_prints_a_batch(client: Any, user: Any, graduate: Student,
                               django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(user("dean.sdt"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/diploma-supplements/?program=6B06102&year=2025").content.decode()
    assert "Әлиев Нұрлан Серікұлы" in page and "1 of 1 ready" in page, page[-3000:]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/diploma-supplements/", {"program": "6B06102", "year": "2025"})
    batch = Batch.objects.get()
    assert response.status_code == 302 and [c.func.__self__.name for c in queued] == ["diploma_supplement.render_batch"]
    assert (batch.total, batch.status) == (1, "queued")
    assert AuditRecord.objects.filter(action="supplement.batch").count() == 1
    services.batch_run(batch.pk)  # what the worker does (the queue itself: test_batch_worker)
    progress = client.get(f"/diploma-supplements/batches/{batch.pk}/progress").json()
    assert progress == {"status": "done", "label": "Done", "done": 1, "total": 1, "error": ""}
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/diploma-supplements/batches/{batch.pk}/download.zip").content))
    assert len(archive.namelist()) == 1 and archive.namelist()[0].startswith("s25001-")
    merged = client.get(f"/diploma-supplements/batches/{batch.pk}/download.pdf").content
    assert "Diploma Supplement" in text_of(merged)
    services.batch_run(batch.pk)  # run twice: nothing twice
    assert IssuedSupplement.objects.count() == 1


def test_the_print_page_lists_who_is_missing_what(client: Any, user: Any, graduate: Student) -> None:
    """DS-1: nothing silently incomplete — the page says what is missing before any batch."""
    Student.objects.filter(pk=graduate.pk).update(birth_date=None)
    client.force_login(user("dean.sdt"))
    page = client.get("/diploma-supplements/?program=6B06102&year=2025").content.decode()
    assert "date of birth (1.3)" in page and 'id="start-batch"' not in page
    response = client.post("/diploma-supplements/", {"program": "6B06102", "year": "2025"})
    assert response.status_code == 302 and not Batch.objects.exists()


def test_another_schools_dean_cannot_start_a_batch(user: Any, graduate: Student) -> None:
    with pytest.raises(services.NotFound):
        services.batch_start(actor=user("dean.sem"), program_code="6B06102", year=2025, now=timezone.now())
    assert not Batch.objects.exists()
