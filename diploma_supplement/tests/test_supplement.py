"""The Diploma Supplement (DS-1 … DS-5): complete, PDF/A with its data attached, verifiable,
revocable, printed in batches, and seen only by those the contract names."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from diploma_supplement import services
from diploma_supplement.models import Batch, Diploma, IssuedSupplement
from diploma_supplement.policy.content import INTRODUCTION, SECTION_TITLES
from ektu_portal.academics.models import Program, Role, RoleAssignment, Student
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PDF = "/api/v1/students/s25001/diploma-supplement.pdf"
OUTCOMES = [{"en": f"Designs and builds software systems, outcome {n}", "kk": f"Нәтиже {n}"} for n in range(1, 9)]


@pytest.fixture
def graduate(university: Any, user: Any) -> Student:
    """s25001 graduated: PRG1101 passed (B-), a diploma number, the program's outcomes recorded."""
    Program.objects.filter(code="6B06102").update(learning_outcomes=OUTCOMES, qualification_kk="Инженерия бакалавры")
    student = Student.objects.select_related("user", "program").get(user__username="s25001")
    Student.objects.filter(pk=student.pk).update(status="graduated")
    Diploma.objects.create(student=student, number="ЖБ-Б 1234567", awarded_on=date(2029, 6, 30))
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
    for number, title in SECTION_TITLES:  # DS-1, DS-3: all eight sections, numbered fields
        assert f"{number}. {title}" in text
    for field in ("1.1", "1.4", "2.1", "3.1", "4.3", "4.4", "5.2", "6.1", "7.3"):
        assert re.search(rf"\b{re.escape(field)}\b", text), field
    assert "Әлиев" in text and "Aliyev" in text  # Kazakh letters and the passport's Latin spelling
    assert "PRG1101" in text and "Programming Basics" in text and "B-" in text  # DS-4
    assert "ЖБ-Б 1234567" in text and "01/05/2007" in text and "070501300123" in text
    assert "Portal Administrator" in text  # the certifying official (the vice-rector)


def test_it_is_pdf_a_3_with_its_data_attached(api: Any, graduate: Student) -> None:
    reader = PdfReader(io.BytesIO(api("s25001").get(PDF).content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()
    assert "pdfaid:part" in xmp and re.search(r'pdfaid:part(>|=")3', xmp)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor") or font.get_object()["/DescendantFonts"][0].get_object()[
                "/FontDescriptor"]
            fonts.add(any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts == {True}  # every font embedded
    attachments = reader.attachments
    assert "elmo.xml" in attachments
    xml = attachments["elmo.xml"][0].decode()
    assert "<elmo" in xml and "PRG1101" in xml and "070501300123" in xml


def test_verification_valid_revoked_unknown(api: Any, client: Any, graduate: Student) -> None:
    response = api("s25001").get(PDF)
    number = response["X-Supplement-Number"]
    supplement = IssuedSupplement.objects.get(number=number)
    import hashlib

    assert supplement.sha256 == hashlib.sha256(response.content).hexdigest()
    page = client.get(f"/verify/{number}/").content.decode()
    assert 'data-verdict="valid"' in page and "Әлиев Нұрлан Серікұлы" in page and supplement.sha256 in page
    assert "PRG1101" not in page  # never the transcript
    assert client.get("/verify/DS26-NOTREAL/").status_code == 404
    for who in ("s25001", "dean.sdt"):
        assert api(who).post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "x"},
                             format="json").status_code == 403
    revoked = api("reg.office").post(f"/api/v1/diploma-supplements/{number}/revoke",
                                     {"reason": "issued with a wrong diploma number"}, format="json")
    assert revoked.status_code == 200
    assert 'data-verdict="revoked"' in client.get(f"/verify/{number}/").content.decode()
    assert AuditRecord.objects.filter(action="supplement.revoke", reason="issued with a wrong diploma number").exists()
    # The next download issues a new, valid one.
    assert api("s25001").get(PDF)["X-Supplement-Number"] != number


def test_missing_data_is_named_and_nothing_is_issued(api: Any, graduate: Student) -> None:
    Diploma.objects.all().delete()
    Student.objects.filter(pk=graduate.pk).update(iin="")
    response = api("reg.office").get(PDF)
    assert response.status_code == 409 and response.json()["code"] == "supplement_incomplete"
    assert "the diploma number (6.1)" in response.json()["missing"] and "IIN (1.4)" in response.json()["missing"]
    assert not IssuedSupplement.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("s25002", 404), ("adv.sarsen", 404),
                                             ("dean.sdt", 200), ("dean.sem", 404), ("reg.office", 200),
                                             ("appeals.chair", 404), (None, 401)])
def test_who_downloads(api: Any, graduate: Student, who: str | None, status: int) -> None:
    assert api(who).get(PDF).status_code == status


@pytest.mark.parametrize(("who", "status"), [("dean.sdt", 200), ("dean.sem", 200), ("s25001", 404),
                                             ("reg.office", 404), ("adv.sarsen", 404)])
def test_who_prints_batches(client: Any, graduate: Student, who: str, status: int) -> None:
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    assert client.get("/diploma-supplements/").status_code == status


def test_a_dean_prints_a_batch(client: Any, graduate: Student, django_capture_on_commit_callbacks: Any) -> None:
    client.post("/accounts/login/", {"login": "dean.sdt", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    year = timezone.localdate().year  # the example's last result period ends in 2025
    page = client.get("/diploma-supplements/?program=6B06102").content.decode()
    assert "Әлиев Нұрлан Серікұлы" in page and "1 of 1 ready" in page, page[-3000:]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/diploma-supplements/", {"program": "6B06102", "year": "2025"})
    batch = Batch.objects.get()
    assert response.status_code == 302 and [c.func.__self__.name for c in queued] == ["diploma_supplement.render_batch"]
    assert (batch.total, batch.status) == (1, "queued") and year >= 2025
    services.batch_run(batch.pk)  # what the worker does (the queue itself: test_batch_worker)
    progress = client.get(f"/diploma-supplements/batches/{batch.pk}/progress").json()
    assert progress == {"status": "done", "done": 1, "total": 1, "error": ""}
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/diploma-supplements/batches/{batch.pk}/download.zip").content))
    assert len(archive.namelist()) == 1 and archive.namelist()[0].startswith("s25001-")
    merged = client.get(f"/diploma-supplements/batches/{batch.pk}/download.pdf").content
    assert "Diploma Supplement" in text_of(merged)
    services.batch_run(batch.pk)  # run twice: nothing twice
    assert IssuedSupplement.objects.count() == 1
