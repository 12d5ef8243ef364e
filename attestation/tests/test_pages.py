"""The attestation pages: a refused composition shows every reason beside its field and writes nothing;
who sees which page; the protocol prints in Kazakh and in Russian."""

from __future__ import annotations

import io
from typing import Any

import pytest

from attestation.tests.conftest import BACHELOR_MEMBERS, PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_as(att_university: Any) -> Any:
    from django.test import Client

    def client(username: str) -> Client:
        c = Client()
        assert c.login(username=username, password=PASSWORD)
        return c

    return client


def commission_post(members: list[dict[str, Any]], code: str = "GAK-P") -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "program": "6B06102", "year": 2026}
    for i, m in enumerate(members):
        data.update({f"member_{i}_name": m["name"], f"member_{i}_role": m["role"],
                     f"member_{i}_qualification": m["qualification"]})
        if m["external"]:
            data[f"member_{i}_external"] = "on"
    return data


def test_a_refused_composition_names_every_reason_beside_its_field(browser_as: Any) -> None:
    from attestation.models import Commission

    page = browser_as("att.secretary")
    internal_chair = {**BACHELOR_MEMBERS[0], "external": False}
    response = page.post("/attestation/commissions/new/", commission_post([internal_chair,
                                                                           *BACHELOR_MEMBERS[1:4]]),
                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    form = response.context["form"]
    # 4 members, all EKTU staff with the chair: the size and the staff count beside the member list,
    # the internal chair beside the chair's checkbox
    assert form.errors["members"] == [
        "A commission has an odd number of members, at most five (everyone counted).",
        "At most three members are EKTU staff (the student member is not counted)."]
    assert form.errors["member_0_external"] == ["The chair is a specialist from outside EKTU."]
    assert not Commission.objects.filter(code="GAK-P").exists()


def test_a_valid_composition_is_saved_and_the_schedule_grows(browser_as: Any) -> None:
    from attestation.models import Commission

    page = browser_as("dean.sdt")
    response = page.post("/attestation/commissions/new/", commission_post(BACHELOR_MEMBERS))
    assert response.status_code == 302
    commission = Commission.objects.get(code="GAK-P")
    assert [m.name for m in commission.members.all()] == [m["name"] for m in BACHELOR_MEMBERS]
    response = page.post("/attestation/commissions/GAK-P/", {"add_session": "1", "day": "2027-06-01",
                                                             "starts_at": "09:00", "room": "A-301",
                                                             "schedule_approved_on": "2027-05-25"})
    assert response.status_code == 302
    page_after = page.get("/attestation/commissions/GAK-P/", HTTP_ACCEPT_LANGUAGE="en")
    # approved a week before the start: FA-4 asks two weeks
    assert "schedule approved less than two weeks before the start" in page_after.content.decode()


@pytest.mark.parametrize(("who", "status"), [
    ("att.secretary", 200), ("dean.sdt", 200), ("reg.office", 200), ("dean.sem", 404), ("adv.sarsen", 404),
])
def test_who_sees_a_session(browser_as: Any, commission: Any, who: str, status: int) -> None:
    session = commission.sessions.get()
    assert browser_as(who).get(f"/attestation/sessions/{session.pk}/").status_code == status


def test_every_page_answers_the_secretary(browser_as: Any, commission: Any) -> None:
    page = browser_as("att.secretary")
    session = commission.sessions.get()
    thesis = session.theses.get()
    for url in ("/attestation/", "/attestation/commissions/new/",
                f"/attestation/commissions/{commission.code}/",
                "/attestation/admission/?program=6B06102", "/attestation/theses/",
                f"/attestation/theses/{thesis.pk}/",
                f"/attestation/sessions/{session.pk}/", f"/attestation/sessions/{session.pk}/report/"):
        assert page.get(url).status_code == 200, url


def test_the_admission_page_shows_each_reason_in_words(browser_as: Any) -> None:
    body = browser_as("dean.sdt").get("/attestation/admission/?program=6B06102",
                                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "programme credits not complete" in body and "academic debt" in body
    assert "credits_incomplete" not in body


def test_a_student_is_sent_to_their_own_page(browser_as: Any, commission: Any) -> None:
    page = browser_as("s22001")
    assert page.get("/attestation/").url == "/attestation/mine/"
    body = page.get("/attestation/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Расписание на графах" in body
    assert page.get("/attestation/theses/").status_code == 404


def test_the_protocol_prints_in_kazakh_and_russian(person: Any, commission: Any, browser_as: Any) -> None:
    from pypdf import PdfReader

    from attestation import services
    from attestation.tests.conftest import DEFENCE_DAY, at

    secretary = person("att.secretary")
    session = commission.sessions.get()
    members = list(commission.members.order_by("position"))
    services.session_attendance_record(actor=secretary, session_id=session.pk,
                                       present=[m.pk for m in members],
                                       now=at(DEFENCE_DAY, 9))
    defence = services.defence_start(actor=secretary, session_id=session.pk,
                                     thesis_id=session.theses.get().pk,
                                     now=at(DEFENCE_DAY, 9, 5))
    page = browser_as("att.secretary")
    texts = {}
    for language in ("kk", "ru"):
        response = page.get(f"/attestation/defences/{defence.pk}/protocol.pdf?language={language}")
        assert response["Content-Type"] == "application/pdf"
        texts[language] = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Аттестаттау комиссиясы отырысының хаттамасы" in texts["kk"]
    assert "Протокол заседания аттестационной комиссии" in texts["ru"]
    assert "Нұрланова Аружан" in texts["kk"] and "Нұрланова Аружан" in texts["ru"]
    # the student reads the protocol only once the results are announced
    assert browser_as("s22001").get(f"/attestation/defences/{defence.pk}/protocol.pdf").status_code == 404


def test_documents_refused_beside_their_fields(browser_as: Any, commission: Any) -> None:
    thesis = commission.sessions.get().theses.get()
    page = browser_as("att.secretary")
    response = page.post(f"/attestation/theses/{thesis.pk}/", {
        "save_documents": "True", "session": str(thesis.session_id), "supervisor_verdict": "not_admitted",
        "reviewer": "Омаров Ерлан", "reviewer_qualification": "phd", "external_review_on": "2026-11-20"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    errors = response.context["documents"].errors
    # FA-2: a negative review gives reasons; FA-3: the reviewer is external (the box left unticked)
    assert errors["supervisor_reasons"] == ["A negative review gives its reasons (FA-2)."]
    assert errors["reviewer_external"] == ["The reviewer is a specialist from outside EKTU (FA-3)."]
    thesis.refresh_from_db()
    assert thesis.supervisor_verdict == "admitted"  # nothing was written
