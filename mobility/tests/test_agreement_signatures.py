"""MO-3, MO-4 on the learning agreement: the shortfall priced at EKTU's credit price of the summer
semester after the mobility, and the three signatures of the current version — the student's, the home
coordinator's and the host coordinator's (recorded by the home coordinator); a changed agreement is
signed again; only the right person signs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


def browser(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def agreement(university: Any, user: Any) -> Any:
    """s25001 selected for TalTech in 2026-F with DB2201 and WEB2202 in Table B: 10 of the 15 planned
    credits (DB2201 5 + MAT2105 5 + one elective 5) — a shortfall of 5."""
    from mobility import services

    coordinator = user("mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2026-F", places=1,
                                closes_on=date(2026, 5, 1))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=NOW)
    services.application_decide(actor=coordinator, application_id=application.pk, decision="selected",
                                basis="Protocol No. 3", now=NOW)
    services.agreement_save(actor=user("s25001"), application_id=application.pk, now=NOW,
                            host=[{"code": "ITI0206", "title": "Databases", "ects": Decimal(6)},
                                  {"code": "ITI0210", "title": "Web Technologies", "ects": Decimal(6)}],
                            home=["DB2201", "WEB2202"])
    return application


def test_the_shortfall_is_priced_in_the_summer_semester_after_the_mobility(agreement: Any) -> None:
    from ektu_portal.academics.models import AcademicPeriod
    from registration.models import CreditPrice

    page = browser("s25001").get("/mobility/", **EN).content.decode()
    assert "No additional period is scheduled yet after the mobility." in page
    summer = AcademicPeriod.objects.create(code="2027-SU", kind="summer", academic_year="2026-2027",
                                           starts=date(2027, 6, 15), ends=date(2027, 7, 31))
    assert "The price of a credit in" in browser("s25001").get("/mobility/", **EN).content.decode()
    CreditPrice.objects.create(period=summer, price=Decimal("21500.00"))
    page = browser("s25001").get("/mobility/", **EN).content.decode()
    # 5 credits × 21,500 ₸ = 107,500 ₸ (MO-4: the additional period at EKTU's credit price).
    assert 'data-shortfall-price="107500.00"' in page
    assert "5 credits × 21500.00 ₸ = 107500.00 ₸" in page


def test_three_signatures_make_the_student_on_mobility(agreement: Any) -> None:
    from ektu_portal.audit.models import AuditRecord
    from mobility.models import AgreementSignature

    url = f"/mobility/applications/{agreement.pk}/agreement/sign/"
    student, coordinator = browser("s25001"), browser("mob.coord")
    assert student.post(url, {"party": "home"}, **EN).status_code == 403  # the student signs only for self
    assert student.post(url, {"party": "student"}, **EN).status_code == 302
    again = student.post(url, {"party": "student"}, **EN)
    assert again.status_code == 422
    assert "This version is already signed for this party." in again.content.decode()
    no_name = coordinator.post(url, {"party": "host", "host_signer": " "}, **EN)
    assert no_name.status_code == 422
    assert "The name of the host&#x27;s coordinator." in no_name.content.decode()
    assert coordinator.post(url, {"party": "home"}, **EN).status_code == 302
    assert 'data-on-mobility' not in student.get("/mobility/", **EN).content.decode()
    assert coordinator.post(url, {"party": "host", "host_signer": "Kadri Tamm"}, **EN).status_code == 302
    page = student.get("/mobility/", **EN).content.decode()
    assert f'data-on-mobility="{agreement.pk}"' in page and "Kadri Tamm" in page
    assert sorted(AgreementSignature.objects.values_list("party", "signer_name")) == [
        ("home", "Ахметова Динара"), ("host", "Kadri Tamm"), ("student", "Әлиев Нұрлан Серікұлы")]
    assert AuditRecord.objects.filter(action="mobility.agreement.sign").count() == 3


def test_a_changed_agreement_is_signed_again(agreement: Any, user: Any) -> None:
    from mobility import services

    for party, actor in (("student", "s25001"), ("home", "mob.coord")):
        services.agreement_sign(actor=user(actor), application_id=agreement.pk, party=party, now=NOW)
    services.agreement_sign(actor=user("mob.coord"), application_id=agreement.pk, party="host", now=NOW,
                            host_signer="Kadri Tamm")
    services.agreement_save(actor=user("s25001"), application_id=agreement.pk, now=NOW,
                            reason="MAT2105 added at the host",
                            host=[{"code": "ITI0206", "title": "Databases", "ects": Decimal(6)},
                                  {"code": "ITI0301", "title": "Discrete Mathematics", "ects": Decimal(6)}],
                            home=["DB2201", "MAT2105"])
    page = browser("s25001").get("/mobility/", **EN).content.decode()
    assert "data-on-mobility" not in page
    assert page.count("not signed yet") == 3


@pytest.mark.parametrize(("who", "party", "status"), [
    ("s25002", "student", 404),   # another student does not see the application
    ("reg.office", "home", 403),  # sees it, but the ECTS coordinators sign (MO-7)
    ("adv.sarsen", "student", 404),
])
def test_who_may_not_sign(agreement: Any, who: str, party: str, status: int) -> None:
    from mobility.models import AgreementSignature

    answer = browser(who).post(f"/mobility/applications/{agreement.pk}/agreement/sign/", {"party": party},
                               **EN)
    assert answer.status_code == status
    assert not AgreementSignature.objects.exists()


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    # Table cells wrap: compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).split())


def test_the_documents_print_in_kazakh_and_russian(agreement: Any, user: Any) -> None:
    from mobility import services

    coordinator, registrar = browser("mob.coord"), browser("reg.office")
    call = agreement.call.pk
    protocol = coordinator.get(f"/mobility/calls/{call}/protocol.pdf?language=kk")
    assert protocol.status_code == 200 and protocol["Content-Type"] == "application/pdf"
    text = _pdf_text(protocol.content)
    assert "іріктеу комиссиясы" in text and "Әлиев Нұрлан Серікұлы" in text and "іріктелді" in text
    contract = browser("s25001").get(f"/mobility/applications/{agreement.pk}/contract.pdf?language=ru")
    text = _pdf_text(contract.content)
    assert "Трёхсторонний договор" in text and "ITI0206" in text and "DB2201" in text
    assert "не подписано" in text
    # The order follows the three signatures, and the registrar's office issues it.
    assert registrar.get(f"/mobility/applications/{agreement.pk}/order.pdf").status_code == 404
    for party, actor in (("student", "s25001"), ("home", "mob.coord")):
        services.agreement_sign(actor=user(actor), application_id=agreement.pk, party=party, now=NOW)
    services.agreement_sign(actor=user("mob.coord"), application_id=agreement.pk, party="host", now=NOW,
                            host_signer="Kadri Tamm")
    order = registrar.get(f"/mobility/applications/{agreement.pk}/order.pdf?language=kk")
    assert order.status_code == 200
    text = _pdf_text(order.content)
    assert "академиялық ұтқырлыққа жіберу туралы бұйрық" in text and "TalTech" in text
    assert browser("s25001").get(f"/mobility/applications/{agreement.pk}/order.pdf").status_code == 403


@pytest.mark.parametrize(("who", "status"), [("mob.coord", 200), ("reg.office", 200), ("s25001", 404),
                                             ("dean.sdt", 404)])
def test_who_prints_the_selection_protocol(agreement: Any, who: str, status: int) -> None:
    assert browser(who).get(f"/mobility/calls/{agreement.call.pk}/protocol.pdf").status_code == status


def test_the_staff_page_ranks_the_applicants(agreement: Any) -> None:
    page = browser("mob.coord").get("/mobility/", **EN).content.decode()
    assert f'data-application="{agreement.pk}" data-rank="1"' in page
