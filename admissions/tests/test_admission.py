"""AD-1: a winner of a published competition becomes a student — account, student record, role, first
registration window — once; publishing, its files, and comparing runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from admissions import notifications, selectors, services
from admissions.models import Applicant
from admissions.tests.conftest import NOW, applicant
from ektu_portal.academics.models import RoleAssignment, Student
from ektu_portal.core.errors import Conflict, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(university: Any, officer: Any, save: Any) -> Any:
    """Grants 1 of group B071: A26-0001 (120) wins, A26-0002 (90) does not; run 1 is published."""
    save(applicant("A26-0001", unt={"total": 120}))
    save(applicant("A26-0002", unt={"total": 90}, full_name="Марат Оспан"))
    run = services.competition_run_now(actor=officer, now=NOW, code="G-B071", program_group="B071",
                                       track="bachelor", grants=1, intake_year=2026)
    return services.run_publish(actor=officer, code="G-B071", run=run.run, now=NOW)


def test_a_winner_becomes_a_student_once(published: Any, officer: Any) -> None:
    student = services.applicant_admit(actor=officer, number="A26-0001", funding="state_grant", now=NOW)
    assert (student.user.username, student.program.code, student.funding, student.intake_year,
            student.course_year) == ("a26-0001", "6B07101", "state_grant", 2026, 1)
    assert student.user.full_name == "Әлия Серікова" and not student.user.has_usable_password()
    assert RoleAssignment.objects.filter(user=student.user, role="student").count() == 1
    # RG-2/RG-7: a window of their own to register for the autumn semester, open from the admission on
    window = student.personal_windows.get()
    assert window.period.code == "2026-F" and window.opens == NOW and window.reason == "orientation"
    again = services.applicant_admit(actor=officer, number="A26-0001", funding="state_grant", now=NOW)
    assert again.pk == student.pk
    assert Student.objects.filter(user__username="a26-0001").count() == 1
    assert student.personal_windows.count() == 1
    assert Applicant.objects.get(number="A26-0001").student_id == student.pk


def test_the_admission_email_lets_the_student_set_a_password(published: Any, officer: Any,
                                                             client: Any) -> None:
    services.applicant_admit(actor=officer, number="A26-0001", funding="state_grant", now=NOW)
    assert notifications.send_admission_notice(Applicant.objects.get(number="A26-0001").pk) == 1
    (message,) = mail.outbox
    assert message.to == ["a26-0001@example.kz"] and "a26-0001" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/key/" in line)
    path = link[link.index("/accounts/"):]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(form_url, {"password1": "Admitted-2026!", "password2": "Admitted-2026!"})
    assert done.status_code == 302
    assert client.login(username="a26-0001", password="Admitted-2026!")


def test_someone_without_a_grant_is_not_admitted_to_a_grant(published: Any, officer: Any) -> None:
    with pytest.raises(Conflict) as refused:
        services.applicant_admit(actor=officer, number="A26-0002", funding="state_grant", now=NOW)
    assert refused.value.code == "not_awarded"
    assert not Student.objects.filter(user__username="a26-0002").exists()
    # paid study is open to them (eligible for paid)
    student = services.applicant_admit(actor=officer, number="A26-0002", funding="paid", now=NOW)
    assert student.funding == "paid" and student.intake_year == 2026


def test_an_unpublished_run_admits_nobody_to_a_grant(university: Any, officer: Any, save: Any) -> None:
    save(applicant("A26-0001", unt={"total": 120}))
    services.competition_run_now(actor=officer, now=NOW, code="G-B071", program_group="B071",
                                 track="bachelor", grants=1, intake_year=2026)
    with pytest.raises(Conflict):
        services.applicant_admit(actor=officer, number="A26-0001", funding="state_grant", now=NOW)


def test_paid_study_needs_eligibility(university: Any, officer: Any, save: Any) -> None:
    save(applicant("A26-0003", unt={"total": 40}))  # 40 < 50 (AD-2)
    with pytest.raises(Conflict) as refused:
        services.applicant_admit(actor=officer, number="A26-0003", funding="paid", now=NOW)
    assert refused.value.code == "not_eligible"


@pytest.mark.parametrize("who", ["reg.office", "s25001", "dean.sdt", "qa.chair"])
def test_only_the_commission_admits(published: Any, user: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.applicant_admit(actor=user(who), number="A26-0001", funding="state_grant", now=NOW)


def test_a_run_is_published_once_and_its_list_downloads(published: Any, officer: Any, client: Any) -> None:
    with pytest.raises(Conflict):
        services.run_publish(actor=officer, code="G-B071", run=1, now=NOW)
    client.force_login(officer)
    xlsx = client.get("/admissions/competitions/G-B071/runs/1/list.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get("/admissions/competitions/G-B071/runs/1/list.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "A26-0001" in text and "Әлия Серікова" in text


def test_two_runs_compared(published: Any, officer: Any, save: Any) -> None:
    """A26-0002's UNT is corrected to 125: in run 2 they overtake A26-0001 and take the grant."""
    save(applicant("A26-0002", unt={"total": 125}, full_name="Марат Оспан"))
    later = services.competition_run_now(actor=officer, now=NOW, code="G-B071", program_group="B071",
                                         track="bachelor", grants=1, intake_year=2026)
    moves = {m.applicant: m for m in selectors.compare_runs(published, later)}
    assert (moves["A26-0002"].rank_before, moves["A26-0002"].rank_after, moves["A26-0002"].why) == (
        2, 1, ("score_changed",))
    assert moves["A26-0001"].awarded_before and not moves["A26-0001"].awarded_after
    assert moves["A26-0001"].why == ("others_changed",)
