"""The Diploma Supplement (DS-1 … DS-5): complete, PDF/A with its data attached, a preview until the dean's
office issues it, verifiable, revocable, printed in batches, and seen only by those the contract names."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from diploma_supplement import selectors, services
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy.content import INTRODUCTION, SECTION_TITLES
from diploma_supplement.tests.conftest import DIPLOMA, text_of
from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
from ektu_portal.accounts.models import User
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import NotFound

pytestmark = pytest.mark.django_db
PDF = "/api/v1/students/s25001/diploma-supplement.pdf"
ISSUE = "/api/v1/students/s25001/diploma-supplement/issue"
PAGE = "/students/s25001/diploma-supplement/"
PREVIEW = "PREVIEW — not an official document"


def issued_by_dean(graduate: Student) -> IssuedSupplement:
    return services.supplement_issue(actor=User.objects.get(username="dean.sdt"), username="s25001",
                                     now=timezone.now())


# --- a preview until the dean's office issues it ----------------------------------------------------


def test_a_download_before_issue_is_a_watermarked_preview_and_issues_nothing(api: Any,
                                                                             graduate: Student) -> None:
    """Downloading does not issue an official numbered document as a side effect."""
    for who in ("s25001", "dean.sdt", "reg.office"):
        response = api(who).get(PDF)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["X-Supplement-Preview"] == "true" and "X-Supplement-Number" not in response
        text = text_of(response.content)
        assert PREVIEW in text and "Not issued" in text
        assert not re.search(r"DS\d\d-[0-9A-F]{10}", text)  # no supplement number anywhere
        assert "/verify/" not in text  # nothing to verify
    assert not IssuedSupplement.objects.exists()
    assert not AuditRecord.objects.filter(action="supplement.issue").exists()


def test_the_issued_supplement_replaces_the_preview(api: Any, graduate: Student) -> None:
    supplement = issued_by_dean(graduate)
    response = api("s25001").get(PDF)
    assert (response["X-Supplement-Number"], response["X-Supplement-Preview"]) == (supplement.number, "false")
    assert response.content == bytes(supplement.pdf)  # the document as issued, hash and all
    assert PREVIEW not in text_of(response.content)
    assert IssuedSupplement.objects.count() == 1


# --- what it says -------------------------------------------------------------------------------------


def test_the_supplement_says_everything_in_order(api: Any, graduate: Student) -> None:
    number = issued_by_dean(graduate).number
    text = text_of(api("s25001").get(PDF).content)
    assert " ".join(INTRODUCTION.split()) in text  # DS-2, verbatim
    positions = [text.index(f"{n}. {title}") for n, title in SECTION_TITLES]  # DS-1, DS-3
    assert positions == sorted(positions)  # all eight, in the model's order
    for field in ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "4.1",
                  "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2", "7.3", "7.4"):
        assert re.search(rf"(^| ){re.escape(field)} ", text), field  # DS-3a numbered fields
    assert "Әлиев" in text and "Нұрлан Серікұлы" in text and "Aliyev" in text  # Kazakh, passport Latin
    assert "01/05/2007" in text and "070501300123" in text
    assert f"No. {number}" in text and "Official stamp or seal" in text
    assert re.search(r"Page 1 of \d", text)  # the running header


def test_the_diploma_number_and_award_date_print_at_6_1_and_7_1(api: Any, graduate: Student) -> None:
    """Contract §1: the number the national platform assigned and the day the degree was awarded;
    the supplement's own date of issue stays at 7.1 (DS-3 (7): it may differ from the diploma's)."""
    issued_on = timezone.localdate()
    issued_by_dean(graduate)
    text = text_of(api("s25001").get(PDF).content)
    assert f"Diploma number: {DIPLOMA}; the degree was awarded on 30/06/2026." in text
    assert (f"7.1 Date {issued_on:%d/%m/%Y} (the date this supplement was issued; the degree was awarded on "
            "30/06/2026)") in text


def test_the_institution_its_status_and_the_official_in_latin_letters(api: Any, graduate: Student) -> None:
    """DS-3 (2): the university's name and status in Kazakh and English; (7) the certifying official's
    name in Latin letters too (the vice-rector Қасенов Төлеген, transliterated)."""
    text = text_of(api("s25001").get(PDF).content)
    assert ("Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті, коммерциялық емес акционерлік "
            "қоғам, мемлекеттік университет — D. Serikbayev East Kazakhstan Technical University, non-profit "
            "joint-stock company, a state university.") in text
    assert "Kasenov Tolegen (Қасенов Төлеген)" in text


def test_periods_print_as_words_not_codes(api: Any, graduate: Student) -> None:
    text = text_of(api("s25001").get(PDF).content)
    # 12 disciplines of 9 credits in autumn 2022, 11 in spring 2023, the six last results 33 credits.
    assert "Period 1: Autumn semester 2022/2023 — 108 credits" in text
    assert "Period 2: Spring semester 2022/2023 — 99 credits" in text
    assert "Period 3: Autumn semester 2025/2026 — 33 credits" in text
    assert not re.search(r"\b20\d\d-[FS]\b", text)  # no period code (2022-F, 2025-F) on the pages


def test_every_transcript_line_with_letter_credits_and_hours(api: Any, graduate: Student) -> None:
    """DS-4: disciplines, course work, practice, research work and final attestation, each with its
    letter grade, points, credits (home and ECTS) and hours, as grading computes them."""
    text = text_of(api("s25001").get(PDF).content)
    record = api("s25001").get("/api/v1/students/s25001/transcript").json()
    assert len(record["results"]) == 29 == Result.objects.filter(student=graduate).count()
    kinds = {"PRG1101": "Discipline", "HKZ1102": "Discipline", "CW1201": "Course work (project)",
             "PR2204": "Professional practice", "RW1301": "Research work", "FA1401": "Final attestation"}
    for row in (r for r in record["results"] if r["discipline"] in kinds):
        credits = row["credits"]
        kind = re.escape(kinds[row["discipline"]])
        line = re.search(rf"{row['discipline']} .{{0,120}}?{kind} {credits} {credits} {credits * 30} "
                         rf"{row['final_score']} {re.escape(row['letter'])} {row['points']}", text)
        assert line, row
    assert "Course Project in Programming" in text and "Дипломдық жоба" in text
    facts = selectors.facts_for(graduate, today=date.today())  # one source of grades: grading's
    assert (str(facts.gpa), facts.credits_earned) == (record["gpa"], record["credits_earned"]) and \
        record["credits_earned"] == 240
    assert f"Credits gained {record['credits_earned']} · GPA {record['gpa']}" in text
    assert "Pass mark: D (50 % and above)" in text  # the grading scheme (4.4)


def test_it_is_pdf_a_3_with_its_data_attached(api: Any, graduate: Student) -> None:
    issued_by_dean(graduate)
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
    xml = reader.attachments["elmo.xml"][0].decode()
    assert list(reader.attachments) == ["elmo.xml"]
    assert "<elmo" in xml and "070501300123" in xml and "Әлиев" in xml and DIPLOMA in xml
    assert all(code in xml for code in ("PRG1101", "HKZ1102", "CW1201", "PR2204", "RW1301", "FA1401"))
    specs = [spec.get_object() for spec in reader.trailer["/Root"]["/AF"]]
    assert {(spec["/F"], spec["/AFRelationship"]) for spec in specs} == {("elmo.xml", "/Data")}  # PDF/A-3


@override_settings(PORTAL_URL="https://portal.ektu.kz/")
def test_the_qr_code_and_verification_link_use_the_portals_address(api: Any, graduate: Student) -> None:
    number = issued_by_dean(graduate).number
    text = text_of(api("s25001").get(PDF).content)
    assert f"https://portal.ektu.kz/verify/{number}/" in text
    assert "127.0.0.1" not in text


# --- issuing: one graduate, a selection, the batch ----------------------------------------------------


def test_the_dean_issues_one_supplement_on_the_holders_page(client: Any, user: Any,
                                                            graduate: Student) -> None:
    client.force_login(user("dean.sdt"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(PAGE).content.decode()
    assert 'id="issue"' in page and 'data-state="preview"' in page and "Download the preview (PDF)" in page
    assert client.post(PAGE, {}).status_code == 302
    supplement = IssuedSupplement.objects.get()
    assert supplement.issued_by == user("dean.sdt") and supplement.student == graduate
    audit = AuditRecord.objects.get(action="supplement.issue")
    assert audit.actor_username == "dean.sdt" and audit.after["number"] == supplement.number
    page = client.get(PAGE).content.decode()
    assert 'data-state="issued"' in page and supplement.number in page and 'id="issue"' not in page
    again = client.post(PAGE, {})  # a second supplement while one is valid: refused on the form
    assert again.status_code == 422 and "already issued" in again.content.decode()
    assert IssuedSupplement.objects.count() == 1


def test_issuing_through_the_api(api: Any, graduate: Student) -> None:
    response = api("dean.sdt").post(ISSUE)
    assert response.status_code == 201
    body = response.json()
    supplement = IssuedSupplement.objects.get()
    assert body["number"] == supplement.number and body["student"] == "s25001" and body["revoked_at"] is None
    assert body["verify_url"].endswith(f"/verify/{supplement.number}/")
    assert body["sha256"] == hashlib.sha256(bytes(supplement.pdf)).hexdigest()
    again = api("dean.sdt").post(ISSUE)
    assert again.status_code == 409 and again.json()["code"] == "already_issued"


def test_an_incomplete_graduate_is_issued_nothing_and_told_what_is_missing(api: Any, client: Any, user: Any,
                                                                           graduate: Student) -> None:
    Student.objects.filter(pk=graduate.pk).update(diploma_number=None, graduated_on=None, iin="")
    response = api("reg.office").get(PDF)
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "supplement_incomplete"
    assert {"the diploma number (6.1)", "IIN (1.4)", "the date the degree was awarded (6.1, 7.1)"} <= set(
        response.json()["missing"])
    issued = api("dean.sdt").post(ISSUE)
    assert issued.status_code == 409 and issued.json()["code"] == "supplement_incomplete"
    assert not IssuedSupplement.objects.exists()
    client.force_login(user("s25001"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(PAGE).content.decode()
    assert "the diploma number (6.1)" in page and 'id="download"' not in page


def test_the_dean_issues_a_selection(client: Any, user: Any, graduate: Student,
                                     django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(user("dean.sdt"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cohort = "/diploma-supplements/?program=6B06102&year=2025"
    refused = client.post(cohort, {"program": "6B06102", "year": "2025", "scope": "selected"})
    assert refused.status_code == 422 and "select at least one graduate" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(cohort, {"program": "6B06102", "year": "2025", "scope": "selected",
                                        "students": ["s25001"]})
    batch = Batch.objects.get()
    assert response.status_code == 302 and list(batch.selected.values_list("user__username", flat=True)) == [
        "s25001"]
    assert AuditRecord.objects.get(action="supplement.batch").after["selected"] == ["s25001"]
    services.batch_run(batch.pk, now=timezone.now())
    assert list(IssuedSupplement.objects.values_list("student__user__username", flat=True)) == ["s25001"]


def test_a_selection_naming_a_graduate_who_is_not_ready_starts_nothing(api: Any, graduate: Student) -> None:
    Student.objects.filter(user__username="s25002").update(status="graduated")
    Result.objects.create(student=Student.objects.get(user__username="s25002"),  # 5 credits of 240
                          discipline=Discipline.objects.get(code="PRG1101"),
                          period=AcademicPeriod.objects.get(code="2025-F"), r1=80, r2=80, exam=80)
    body = {"program": "6B06102", "year": 2025, "students": ["s25001", "s25002", "s25101"]}
    response = api("dean.sdt").post("/api/v1/diploma-supplements/batches", body, format="json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_selection"
    problems = {p["path"]: p["message"] for p in response.json()["problems"]}
    assert set(problems) == {"students[1]", "students[2]"}
    assert "not ready" in problems["students[1]"] and "credits earned: 5 of the programme's 240" in problems[
        "students[1]"]
    assert "not a graduate of 6B06102" in problems["students[2]"]
    assert not Batch.objects.exists()


def test_a_dean_prints_a_batch(client: Any, user: Any, graduate: Student,
                               django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(user("dean.sdt"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/diploma-supplements/?program=6B06102&year=2025").content.decode()
    assert "Әлиев Нұрлан Серікұлы" in page and "1 of 1 ready" in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/diploma-supplements/",
                               {"program": "6B06102", "year": "2025", "scope": "all"})
    batch = Batch.objects.get()
    assert response.status_code == 302
    assert [c.func.__self__.name for c in queued] == ["diploma_supplement.render_batch"]
    assert (batch.total, batch.status) == (1, "queued") and not batch.selected.exists()
    assert AuditRecord.objects.filter(action="supplement.batch").count() == 1
    services.batch_run(batch.pk, now=timezone.now())  # what the worker does (the queue: test_batch_worker)
    progress = client.get(f"/diploma-supplements/batches/{batch.pk}/progress").json()
    assert progress == {"status": "done", "label": "Done", "done": 1, "total": 1, "error": ""}
    downloads = f"/diploma-supplements/batches/{batch.pk}/download"
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{downloads}.zip").content))
    assert len(archive.namelist()) == 1 and archive.namelist()[0].startswith("s25001-")
    assert "Diploma Supplement No. DS" in text_of(client.get(f"{downloads}.pdf").content)
    services.batch_run(batch.pk, now=timezone.now())  # run twice: nothing twice
    assert IssuedSupplement.objects.count() == 1
    page = client.get("/diploma-supplements/?program=6B06102&year=2025").content.decode()
    assert 'data-state="issued"' in page  # the readiness list says who is issued


def test_the_print_page_lists_who_is_missing_what(client: Any, user: Any, graduate: Student) -> None:
    """DS-1: nothing silently incomplete — the page says what is missing before anything is issued."""
    Student.objects.filter(pk=graduate.pk).update(birth_date=None)
    client.force_login(user("dean.sdt"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/diploma-supplements/?program=6B06102&year=2025").content.decode()
    assert "date of birth (1.3)" in page and 'id="start-batch"' not in page
    response = client.post("/diploma-supplements/", {"program": "6B06102", "year": "2025", "scope": "all"})
    assert response.status_code == 422
    assert "Nobody of this program and year is ready" in response.content.decode()
    assert not Batch.objects.exists()


def test_another_schools_dean_cannot_start_a_batch(user: Any, graduate: Student) -> None:
    with pytest.raises(NotFound):
        services.batch_start(actor=user("dean.sem"), program_code="6B06102", year=2025, now=timezone.now())
    assert not Batch.objects.exists()


# --- verification and revocation ----------------------------------------------------------------------


def test_verification_valid_revoked_unknown(api: Any, client: Any, graduate: Student) -> None:
    supplement = issued_by_dean(graduate)
    number = supplement.number
    response = api("s25001").get(PDF)
    assert supplement.sha256 == hashlib.sha256(response.content).hexdigest()
    assert f"/verify/{number}/" in text_of(response.content)  # the QR code's address, printed beside it
    page = client.get(f"/verify/{number}/").content.decode()
    assert 'data-verdict="valid"' in page and "Әлиев Нұрлан Серікұлы" in page and supplement.sha256 in page
    assert "Aliyev Nurlan" in page and "Bachelor" in page
    assert "PRG1101" not in page and "Programming Basics" not in page  # never the transcript
    assert "revoke-form" not in page  # a stranger cannot revoke
    unknown = client.get("/verify/DS26-NOTREAL/")
    assert unknown.status_code == 404 and 'data-verdict="unknown"' in unknown.content.decode()
    revoked = api("reg.office").post(f"/api/v1/diploma-supplements/{number}/revoke",
                                     {"reason": "issued with a wrong diploma number"}, format="json")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_reason"] == "issued with a wrong diploma number"
    page = client.get(f"/verify/{number}/").content.decode()
    assert 'data-verdict="revoked"' in page and "issued with a wrong diploma number" in page
    assert AuditRecord.objects.filter(action="supplement.revoke",
                                      reason="issued with a wrong diploma number").exists()
    again = api("reg.office").post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "y"},
                                   format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    # Revoked, the holder is back to the preview until the dean's office issues a new one.
    assert api("s25001").get(PDF)["X-Supplement-Preview"] == "true"
    assert api("dean.sdt").post(ISSUE).json()["number"] != number


def test_the_registrar_revokes_on_the_page_and_a_missing_reason_is_shown_on_its_field(
        client: Any, user: Any, graduate: Student) -> None:
    number = issued_by_dean(graduate).number
    client.force_login(user("reg.office"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "revoke-form" in client.get(f"/verify/{number}/").content.decode()
    assert number in client.get("/diploma-supplement/?q=s25001").content.decode()
    empty = client.post(f"/verify/{number}/revoke", {"reason": ""})
    assert 'data-field="reason"' in empty.content.decode()
    assert IssuedSupplement.objects.get(number=number).revoked_at is None
    response = client.post(f"/verify/{number}/revoke", {"reason": "replaced by a corrected one"})
    assert response.status_code == 302
    assert IssuedSupplement.objects.get(number=number).revoked_reason == "replaced by a corrected one"
