"""The mobility page: the student's eligibility explained in words, a partner's scale refused beside its
field with nothing written, a call, an application and the commission's decision; who sees the page."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def browser_as(university: Any) -> Any:
    from django.test import Client

    def client(username: str) -> Client:
        c = Client()
        assert c.login(username=username, password=PASSWORD)
        return c

    return client


def test_a_first_year_reads_why_international_mobility_is_closed(browser_as: Any) -> None:
    response = browser_as("s26001").get("/mobility/", **EN)
    assert response.status_code == 200
    text = response.content.decode()
    assert "International mobility is for bachelors of years 2–4, masters and doctoral students." in text
    assert "The cumulative GPA is below 2.50 (or there is no GPA yet)." in text
    assert "course_year_not_eligible" not in text.replace('data-reason="course_year_not_eligible"', "")


def test_partner_call_application_and_decision(browser_as: Any) -> None:
    from mobility.models import Application, Partner, PartnerRule

    coordinator, student = browser_as("mob.coord"), browser_as("s25001")
    assert coordinator.post("/mobility/partners/", {"name": "TalTech", "country": "Estonia",
                                                    "kind": "international"}, **EN).status_code == 302
    partner = Partner.objects.get(name="TalTech")
    refused = coordinator.post(f"/mobility/partners/{partner.pk}/rules/", {
        "valid_from": "2018-09-01", "hours_per_credit": "26", "scale": "1,0 = A\n2,0 = E"}, **EN)
    assert refused.status_code == 422
    assert "one of A, A-, B+" in refused.content.decode()
    assert not PartnerRule.objects.exists()
    assert coordinator.post(f"/mobility/partners/{partner.pk}/rules/", {
        "valid_from": "2018-09-01", "hours_per_credit": "26", "scale": "1,0 = A\n2,0 = B"},
        **EN).status_code == 302
    assert coordinator.post("/mobility/calls/", {"partner": partner.pk, "period": "2026-F", "places": 2,
                                                 "closes_on": "2099-01-01"}, **EN).status_code == 422
    # A call must close before its period starts (1 September 2026); the page said so, nothing was opened.
    response = coordinator.post("/mobility/calls/", {"partner": partner.pk, "period": "2026-F", "places": 2,
                                                     "closes_on": "2026-08-01"}, **EN)
    assert response.status_code == 302
    call = partner.calls.get()

    # The application: today's date is past 1 August 2026 or not — move the call's closing into the future.
    from django.utils import timezone

    type(call).objects.filter(pk=call.pk).update(closes_on=timezone.localdate().replace(year=2999))
    assert student.post(f"/mobility/calls/{call.pk}/apply/", {"english": "B1"}, **EN).status_code == 302
    page = student.get("/mobility/", **EN).content.decode()
    assert "English below B2 (or no level given)." in page
    application = Application.objects.get()

    no_basis = coordinator.post(f"/mobility/applications/{application.pk}/decision/",
                                {"decision": "selected", "basis": ""}, **EN)
    assert no_basis.status_code == 422
    assert Application.objects.get().status == "submitted"
    assert coordinator.post(f"/mobility/applications/{application.pk}/decision/",
                            {"decision": "selected", "basis": "Protocol No. 4"}, **EN).status_code == 302
    page = student.get("/mobility/", **EN).content.decode()
    assert "selected" in page and "Protocol No. 4" in page


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("mob.coord", 200), ("reg.office", 200),
                                             ("adv.sarsen", 404), ("dean.sdt", 404)])
def test_who_sees_the_page(browser_as: Any, who: str, status: int) -> None:
    assert browser_as(who).get("/mobility/", **EN).status_code == status


def test_the_agreement_page_points_out_the_shortfall(browser_as: Any, user: Any) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from mobility import services

    now = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    coordinator = user("mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2026-F", places=1,
                                closes_on=date(2026, 5, 1))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=now)
    services.application_decide(actor=coordinator, application_id=application.pk, decision="selected",
                                basis="Protocol No. 3", now=now)
    page = browser_as("s25001")
    url = f"/mobility/applications/{application.pk}/agreement/"
    refused = page.post(url, {"host": "ITI0206; Databases; six", "home": "DB2201"}, **EN)
    assert refused.status_code == 422
    assert "Line 1: the ECTS credits are a number." in refused.content.decode()
    assert page.post(url, {"host": "ITI0206; Databases; 6\nITI0210; Web Technologies; 6",
                           "home": "DB2201\nWEB2202"}, **EN).status_code == 302
    text = page.get("/mobility/", **EN).content.decode()
    # Planned 15 (DB2201 5 + MAT2105 5 + one elective 5); covered 10; MAT2105 mandatory and missing.
    assert "Planned for the period: 15 credits; covered by the agreement: 10." in text
    assert 'data-shortfall="5"' in text and "Shortfall: 5 credits" in text
    assert 'data-missing="MAT2105"' in text


def test_the_return_is_previewed_then_recorded_with_its_evidence(browser_as: Any, user: Any) -> None:
    from datetime import date, datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from ektu_portal.academics.models import Result
    from mobility import services

    now = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    coordinator = user("mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_rule_set(actor=coordinator, partner_id=partner.pk, valid_from=date(2018, 9, 1),
                              scale=[{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}],
                              hours_per_credit=Decimal(25))
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2026-F", places=1,
                                closes_on=date(2026, 5, 1))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=now)
    services.application_decide(actor=coordinator, application_id=application.pk, decision="selected",
                                basis="Protocol No. 3", now=now)
    page = browser_as("mob.coord")
    body = {"lines": "Databases; 6; 2,0; DB2201\nWeb; 5; 1,0; WEB2202", "basis": "QA protocol No. 9"}
    preview = page.post(f"/mobility/applications/{application.pk}/return/preview/", body, **EN)
    assert preview.status_code == 200
    text = preview.content.decode()
    # 6 ECTS × 25 h = 150 h covers DB2201 (5 × 30); 5 × 25 = 125 h does not cover WEB2202.
    assert "DB2201: B, 5 credits" in text
    assert "WEB2202: the host workload does not cover the home discipline" in text
    assert not Result.objects.filter(recognized_from="mobility").exists()
    bad = page.post(f"/mobility/applications/{application.pk}/return/",
                    {**body, "lines": "Databases; 6; 3,0; DB2201"}, **EN)
    assert bad.status_code == 422 and "is not on the partner" in bad.content.decode()
    assert page.post(f"/mobility/applications/{application.pk}/return/", body, **EN).status_code == 302
    text = page.get("/mobility/", **EN).content.decode()
    assert 'data-evidence="DB2201"' in text and "QA protocol No. 9" in text
    assert Result.objects.get(recognized_from="mobility").discipline.code == "DB2201"


def test_an_elmo_upload_is_refused_beside_the_file_or_recorded(browser_as: Any, user: Any) -> None:
    from datetime import date, datetime
    from decimal import Decimal
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ektu_portal.academics.models import Result
    from mobility import services

    now = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    coordinator = user("mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_rule_set(actor=coordinator, partner_id=partner.pk, valid_from=date(2018, 9, 1),
                              scale=[{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}],
                              hours_per_credit=Decimal(25))
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2026-F", places=1,
                                closes_on=date(2026, 5, 1))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2", now=now)
    services.application_decide(actor=coordinator, application_id=application.pk, decision="selected",
                                basis="Protocol No. 3", now=now)
    page, url = browser_as("mob.coord"), f"/mobility/applications/{application.pk}/return/"
    xml = (Path(__file__).parent / "fixtures" / "taltech-elmo.xml").read_bytes()
    broken = page.post(url, {"transcript": SimpleUploadedFile("t.xml", xml.replace(b"</report>", b"")),
                             "matches": "ITI0206 = DB2201", "basis": "QA protocol No. 9"}, **EN)
    assert broken.status_code == 422
    assert broken.context["all_calls"][0][1][0][2].errors["transcript"][0].startswith("not well-formed XML")
    assert not Result.objects.filter(recognized_from="mobility").exists()
    done = page.post(url, {"transcript": SimpleUploadedFile("t.xml", xml), "matches": "ITI0206 = DB2201",
                           "basis": "QA protocol No. 9"}, **EN)
    assert done.status_code == 302
    assert Result.objects.get(recognized_from="mobility").discipline.code == "DB2201"
