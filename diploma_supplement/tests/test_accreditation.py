"""DS-3 (2), (6): the accreditation the supplement states is data the registrar's office records — the
accreditor and its EQAR/ENQA standing, the certificate and its term — on a page or through the API,
every change audited; the supplement states the one in force, not a placeholder sentence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from diploma_supplement.models import Accreditation
from diploma_supplement.tests.conftest import text_of
from ektu_portal.academics.models import Program, Student
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
PAGE = "/graduates/accreditation/"
API = "/api/v1/accreditations"
PDF = "/api/v1/students/s25001/diploma-supplement.pdf"
IAAR = "Independent Agency for Accreditation and Rating (IAAR)"


def term() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=400), today + timedelta(days=1400)


@pytest.fixture
def registrar(client: Any, user: Any) -> Any:
    client.force_login(user("reg.office"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def form(**values: Any) -> dict[str, Any]:
    start, end = term()
    data = {"form": "record", "record-program": "", "record-accreditor": IAAR, "record-eqar_registered": "on",
            "record-enqa_member": "on", "record-certificate": "AA 0123",
            "record-valid_from": start.isoformat(), "record-valid_until": end.isoformat(),
            "record-reason": "the agency's decision of May"}
    data.update({f"record-{name}": value for name, value in values.items()})
    return data


def test_the_registrar_records_the_institutional_accreditation_and_the_supplement_states_it(
        registrar: Any, api: Any, graduate: Student) -> None:
    before = text_of(api("s25001").get(PDF).content)
    assert "Institutional accreditation: none is recorded by the university." in before
    assert registrar.post(PAGE, form()).status_code == 302
    row = Accreditation.objects.get()
    start, end = term()
    assert (row.program, row.accreditor, row.eqar_registered, row.enqa_member) == (None, IAAR, True, True)
    audit = AuditRecord.objects.get(action="accreditation.record")
    assert (audit.actor_username, audit.before) == ("reg.office", None)
    assert audit.reason == "the agency's decision of May"
    assert audit.after == {"program": None, "accreditor": IAAR, "eqar_registered": True, "enqa_member": True,
                           "certificate": "AA 0123", "valid_from": start.isoformat(),
                           "valid_until": end.isoformat()}
    text = text_of(api("s25001").get(PDF).content)
    assert (f"Institutional accreditation: {IAAR} (registered in EQAR and a member of ENQA); certificate "
            f"AA 0123, valid from {start:%d/%m/%Y} to {end:%d/%m/%Y}.") in text
    assert IAAR in registrar.get(PAGE).content.decode()


def test_a_programs_specialised_accreditation_prints_for_its_graduates_at_6_1(api: Any,
                                                                              graduate: Student) -> None:
    start, end = term()
    body = {"program": "6B06102", "accreditor": "IQAA", "eqar_registered": True, "enqa_member": False,
            "certificate": "", "valid_from": start.isoformat(), "valid_until": end.isoformat(),
            "reason": "IQAA"}
    assert api("reg.office").post(API, body, format="json").status_code == 201
    # Another program's, and one of this program that expired, are not this supplement's.
    Accreditation.objects.create(program=Program.objects.get(code="6B07201"), accreditor="ACQUIN",
                                 valid_from=start, valid_until=end)
    Accreditation.objects.create(program=graduate.program, accreditor="Expired agency",
                                 valid_from=start - timedelta(days=2000),
                                 valid_until=start - timedelta(days=1))
    text = text_of(api("s25001").get(PDF).content)
    assert (f"Specialised accreditation: IQAA (registered in EQAR, not a member of ENQA); valid from "
            f"{start:%d/%m/%Y} to {end:%d/%m/%Y}.") in text
    assert "ACQUIN" not in text and "Expired agency" not in text


def test_every_problem_is_shown_beside_its_field_and_nothing_is_recorded(registrar: Any,
                                                                        graduate: Student) -> None:
    response = registrar.post(PAGE, form(accreditor=" ", valid_from="2027-01-01", valid_until="2026-01-01",
                                         reason=""))
    page = response.content.decode()
    assert response.status_code == 422
    assert 'data-field="accreditor"' in page and 'data-field="reason"' in page
    response = registrar.post(PAGE, form(valid_from="2027-01-01", valid_until="2026-01-01"))
    assert response.status_code == 422 and 'data-field="valid_until"' in response.content.decode()
    assert "the term ends before it begins" in response.content.decode()
    assert not Accreditation.objects.exists()
    assert not AuditRecord.objects.filter(action="accreditation.record").exists()


def test_the_api_names_every_problem(api: Any, graduate: Student) -> None:
    start, end = term()
    Accreditation.objects.create(accreditor="IAAR", valid_from=start, valid_until=end)
    body = {"program": None, "accreditor": "", "eqar_registered": True, "enqa_member": True,
            "valid_from": (start + timedelta(days=10)).isoformat(), "valid_until": end.isoformat(),
            "reason": ""}
    response = api("reg.office").post(API, body, format="json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_accreditation"
    problems = {p["path"]: p["message"] for p in response.json()["problems"]}
    assert set(problems) == {"accreditor", "valid_from", "reason"}
    assert "overlaps the accreditation by IAAR" in problems["valid_from"]
    unknown = api("reg.office").post(API, {**body, "program": "NOPE", "accreditor": "X", "reason": "r"},
                                     format="json")
    assert {p["path"] for p in unknown.json()["problems"]} == {"program"}
    assert Accreditation.objects.count() == 1


def test_correcting_and_removing_are_audited(registrar: Any, api: Any, graduate: Student) -> None:
    start, end = term()
    row = Accreditation.objects.create(accreditor="IAAR", valid_from=start, valid_until=end)
    assert registrar.post(f"{PAGE}?edit={row.pk}", form(accreditor=IAAR, reason="full name of the agency")
                          ).status_code == 302
    row.refresh_from_db()
    assert row.accreditor == IAAR
    audit = AuditRecord.objects.get(action="accreditation.record")
    assert audit.before["accreditor"] == "IAAR" and audit.after["accreditor"] == IAAR
    put = api("reg.office").put(f"{API}/{row.pk}", {"accreditor": IAAR, "eqar_registered": False,
                                                     "enqa_member": True, "valid_from": start.isoformat(),
                                                     "valid_until": end.isoformat(), "reason": "not in EQAR"},
                                format="json")
    assert put.status_code == 200 and put.json()["eqar_registered"] is False and put.json()["program"] is None
    refused = registrar.post(f"{PAGE}?edit={row.pk}", {"form": "remove", "remove-reason": ""})
    assert 'data-field="reason"' in refused.content.decode() and Accreditation.objects.exists()
    assert api("reg.office").post(f"{API}/{row.pk}/remove", {"reason": "recorded in error"},
                                  format="json").status_code == 204
    assert not Accreditation.objects.exists()
    removed = AuditRecord.objects.get(action="accreditation.remove")
    assert (removed.reason, removed.before["accreditor"], removed.after) == ("recorded in error", IAAR, None)


@pytest.mark.parametrize(("who", "read", "write"), [
    ("s25001", 200, 403), ("s25002", 200, 403), ("adv.sarsen", 200, 403), ("dean.sdt", 200, 403),
    ("dean.sem", 200, 403), ("reg.office", 200, 201), (None, 401, 401),
])
def test_who_reads_and_records_accreditations(api: Any, graduate: Student, who: str | None, read: int,
                                              write: int) -> None:
    start, end = term()
    row = Accreditation.objects.create(accreditor="IAAR", valid_from=start - timedelta(days=3000),
                                       valid_until=start - timedelta(days=2000))
    assert api(who).get(API).status_code == read
    body = {"accreditor": "IQAA", "eqar_registered": True, "enqa_member": True,
            "valid_from": start.isoformat(), "valid_until": end.isoformat(), "reason": "r"}
    assert api(who).post(API, body, format="json").status_code == write
    earlier = {**body, "valid_from": "2015-01-01", "valid_until": "2016-01-01"}
    corrected = api(who).put(f"{API}/{row.pk}", earlier, format="json")
    assert corrected.status_code == (200 if write == 201 else write)
    removed = api(who).post(f"{API}/{row.pk}/remove", {"reason": "r"}, format="json")
    assert removed.status_code == (204 if write == 201 else write)
    assert Accreditation.objects.filter(accreditor="IQAA").exists() == (write == 201)
