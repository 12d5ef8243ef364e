"""RG-6: the individual study plan from registration to the dean's approval — API, pages, PDF,
audit, notices, and who may do what (role × own/other)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from ektu_portal.academics.models import Section
from ektu_portal.audit.models import AuditRecord
from registration.models import StudyPlan
from registration.notifications import send_plan_step_notice

pytestmark = pytest.mark.django_db
ENROL = "/api/v1/registration/enrollments"
PLAN = "/api/v1/registration/plan"


def enrol(api: Any, who: str, section: str) -> Any:
    return api(who).post(ENROL, {"section": section}, format="json")


def submitted_plan(api: Any) -> dict[str, Any]:
    assert enrol(api, "s25001", "DB2201-2026F-01").status_code == 201
    assert enrol(api, "s25001", "WEB2202-2026F-01").status_code == 201
    response = api("s25001").post(PLAN + "/submit", {}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def decide(api: Any, who: str, plan_id: int, decision: str, comment: str = "") -> Any:
    return api(who).post(f"/api/v1/registration/plans/{plan_id}/decision",
                         {"decision": decision, "comment": comment}, format="json")


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_plan_goes_from_the_student_to_the_adviser_to_the_dean(api: Any, open_window: Any) -> None:
    draft = api("s25001").get(PLAN).json()
    assert (draft["status"], draft["items"], draft["id"]) == ("draft", [], None)
    plan = submitted_plan(api)
    assert (plan["status"], plan["version"], plan["credits"]) == ("submitted", 1, 10)
    assert [item["section"] for item in plan["items"]] == ["DB2201-2026F-01", "WEB2202-2026F-01"]

    # The dean cannot approve before the adviser; a return must say why.
    early = decide(api, "dean.sdt", plan["id"], "approve")
    assert (early.status_code, early.json()["code"]) == (409, "plan_step_not_allowed")
    silent = decide(api, "adv.sarsen", plan["id"], "return")
    assert (silent.status_code, silent.json()["code"]) == (409, "comment_required")
    assert StudyPlan.objects.get().status == "submitted"  # refused: nothing written

    returned = decide(api, "adv.sarsen", plan["id"], "return", "Take ML next year instead")
    assert (returned.json()["status"], returned.json()["comment"]) == (
        "returned", "Take ML next year instead")
    again = api("s25001").post(PLAN + "/submit", {}, format="json").json()
    assert (again["status"], again["version"]) == ("submitted", 2)
    assert decide(api, "adv.sarsen", plan["id"], "approve").json()["status"] == "adviser_approved"
    approved = decide(api, "dean.sdt", plan["id"], "approve").json()
    assert (approved["status"], approved["dean"], approved["adviser"]) == (
        "approved", "Дүйсенбаев Ерлан", "Сәрсенова Гүлнар")

    steps = list(AuditRecord.objects.filter(object_type="registration.studyplan").order_by("at", "id")
                 .values_list("actor_username", "action", "before__status", "after__status", "reason"))
    assert steps == [
        ("s25001", "study_plan.submit", "draft", "submitted", "submitted"),
        ("adv.sarsen", "study_plan.adviser_return", "submitted", "returned", "Take ML next year instead"),
        ("s25001", "study_plan.submit", "returned", "submitted", "submitted"),
        ("adv.sarsen", "study_plan.adviser_approve", "submitted", "adviser_approved", "approve"),
        ("dean.sdt", "study_plan.dean_approve", "adviser_approved", "approved", "approve"),
    ]


def test_a_change_after_approval_is_approved_again(api: Any, open_window: Any) -> None:
    plan = submitted_plan(api)
    decide(api, "adv.sarsen", plan["id"], "approve")
    decide(api, "dean.sdt", plan["id"], "approve")
    enrollment_id = next(e for e in api("s25001").get("/api/v1/registration/offer").json()["sections"]
                         if e["code"] == "WEB2202-2026F-01")
    assert enrollment_id["my_status"] == "enrolled"
    from ektu_portal.academics.models import Enrollment

    web = Enrollment.objects.get(section__code="WEB2202-2026F-01")
    assert api("s25001").delete(f"{ENROL}/{web.pk}").status_code == 200
    now = api("s25001").get(PLAN).json()
    # What was signed stays on record until re-submission; the status says it must be approved again.
    assert (now["status"], now["version"]) == ("draft", 1)
    assert AuditRecord.objects.filter(action="study_plan.reopened", before__status="approved").count() == 1
    resubmitted = api("s25001").post(PLAN + "/submit", {}, format="json").json()
    assert ([i["section"] for i in resubmitted["items"]], resubmitted["version"]) == (["DB2201-2026F-01"], 2)
    assert resubmitted["adviser"] is None and resubmitted["dean"] is None


@pytest.mark.parametrize(("setup", "code"), [("nothing", "plan_empty"), ("waitlisted", "waitlist_pending"),
                                             ("closed", "registration_closed")])
def test_a_submission_that_cannot_be_signed_is_refused(api: Any, open_window: Any, setup: str,
                                                       code: str) -> None:
    if setup == "waitlisted":
        Section.objects.filter(code="DB2201-2026F-01").update(capacity=1, taken=1)
        assert enrol(api, "s25001", "DB2201-2026F-01").json()["status"] == "waitlisted"
    if setup == "closed":
        open_window.registration_closes = timezone.now() - timedelta(hours=1)
        open_window.save()
    response = api("s25001").post(PLAN + "/submit", {}, format="json")
    assert response.status_code == 409 and code in response.json()["reasons"]
    assert not StudyPlan.objects.exists()


def test_queues_show_each_person_their_step(api: Any, open_window: Any) -> None:
    plan = submitted_plan(api)
    adviser_queue = api("adv.sarsen").get("/api/v1/registration/plans").json()["plans"]
    assert [p["id"] for p in adviser_queue] == [plan["id"]]
    assert adviser_queue[0]["progress"] == {"credits_earned": 5, "credits_required": 240, "gpa": "2.67",
                                            "debts": []}
    assert api("adv.other").get("/api/v1/registration/plans").json()["plans"] == []
    assert api("dean.sdt").get("/api/v1/registration/plans").json()["plans"] == []
    decide(api, "adv.sarsen", plan["id"], "approve")
    dean_queue = api("dean.sdt").get("/api/v1/registration/plans").json()["plans"]
    assert [p["id"] for p in dean_queue] == [plan["id"]]
    assert api("dean.sem").get("/api/v1/registration/plans").json()["plans"] == []
    assert api("adv.sarsen").get("/api/v1/registration/plans").json()["plans"] == []


def test_each_step_notifies_who_acts_next(api: Any, open_window: Any,
                                          django_capture_on_commit_callbacks: Any) -> None:
    User = get_user_model()
    User.objects.filter(username="s25001").update(email="s25001@edu.ektu.kz")
    User.objects.filter(username="dean.sdt").update(email="dean.sdt@ektu.kz")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        plan = submitted_plan(api)
    # The notice is queued for after the commit (never sent inside the request)
    assert [(c.func.__self__.name, c.args) for c in queued] == [("registration.notify_plan_step",
                                                                 (plan["id"], "submit"))]
    sent = []
    for step, who, decision, comment in [("submit", None, None, ""),
                                         ("adviser_return", "adv.sarsen", "return", "Add a Minor"),
                                         ("adviser_approve", "adv.sarsen", "approve", ""),
                                         ("dean_approve", "dean.sdt", "approve", "")]:
        if step == "adviser_approve":
            api("s25001").post(PLAN + "/submit", {}, format="json")
        if who:
            assert decide(api, who, plan["id"], decision, comment).status_code == 200
        mail.outbox.clear()
        assert send_plan_step_notice(plan["id"], step) == 1
        sent.append(sorted(mail.outbox[0].to))
        assert f"/registration/plans/{plan['id']}/" in mail.outbox[0].body
    assert sent == [["g.sarsenova@example.edu"], ["s25001@edu.ektu.kz"], ["dean.sdt@ektu.kz"],
                    ["g.sarsenova@example.edu", "s25001@edu.ektu.kz"]]


def test_the_printed_plan_has_two_signed_copies_in_kazakh_letters(api: Any, open_window: Any) -> None:
    plan = submitted_plan(api)
    decide(api, "adv.sarsen", plan["id"], "approve")
    decide(api, "dean.sdt", plan["id"], "approve")
    response = api("s25001").get(f"/api/v1/registration/plans/{plan['id']}/pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = pdf_text(response.content)
    assert len(reader.pages) == 2  # RG-6: two copies
    assert text.count("Әлиев Нұрлан Серікұлы") >= 4  # the student's name and signature line, in each copy
    assert text.count("Сәрсенова Гүлнар") >= 2 and text.count("Дүйсенбаев Ерлан") == 2
    assert "DB2201" in text and "WEB2202" in text and "10" in text


# --- who may see and do what: role × own / other -------------------------------------------------

VIEWERS = {"s25001": True, "s25002": False, "adv.sarsen": True, "adv.other": False, "dean.sdt": True,
           "dean.sem": False, "reg.office": True, "appeals.chair": False}


@pytest.mark.parametrize(("who", "allowed"), VIEWERS.items())
def test_who_sees_a_plan_and_its_pdf(api: Any, client: Any, open_window: Any, who: str,
                                     allowed: bool) -> None:
    plan = submitted_plan(api)
    for url in (f"/api/v1/registration/plans/{plan['id']}", f"/api/v1/registration/plans/{plan['id']}/pdf"):
        assert api(who).get(url).status_code == (200 if allowed else 404), url
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    for url in (f"/registration/plans/{plan['id']}/", f"/registration/plans/{plan['id']}/pdf"):
        assert client.get(url).status_code == (200 if allowed else 404), url
    assert api().get(f"/api/v1/registration/plans/{plan['id']}").status_code in (401, 403)


@pytest.mark.parametrize(("who", "status"), [("s25001", 403), ("s25002", 404), ("adv.sarsen", 200),
                                             ("adv.other", 404), ("dean.sdt", 409), ("dean.sem", 404),
                                             ("reg.office", 403)])
def test_who_decides_as_adviser(api: Any, open_window: Any, who: str, status: int) -> None:
    plan = submitted_plan(api)
    assert decide(api, who, plan["id"], "approve").status_code == status
    assert StudyPlan.objects.get().status == ("adviser_approved" if status == 200 else "submitted")


@pytest.mark.parametrize(("who", "status"), [("adv.sarsen", 409), ("dean.sdt", 200), ("dean.sem", 404),
                                             ("reg.office", 403)])
def test_who_decides_as_dean(api: Any, open_window: Any, who: str, status: int) -> None:
    plan = submitted_plan(api)
    decide(api, "adv.sarsen", plan["id"], "approve")
    assert decide(api, who, plan["id"], "approve").status_code == status


@pytest.mark.parametrize(("who", "page", "endpoint"), [("s25001", 404, 403), ("adv.sarsen", 200, 200),
                                                       ("dean.sdt", 200, 200), ("reg.office", 404, 403)])
def test_who_has_a_queue(api: Any, client: Any, open_window: Any, who: str, page: int, endpoint: int) -> None:
    assert api(who).get("/api/v1/registration/plans").status_code == endpoint
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    assert client.get("/registration/plans/").status_code == page


def test_only_the_student_or_registrar_submits(api: Any, open_window: Any) -> None:
    enrol(api, "s25001", "DB2201-2026F-01")
    other = api("s25002").post(PLAN + "/submit", {"student": "s25001"}, format="json")
    assert other.status_code == 403
    adviser = api("adv.sarsen").post(PLAN + "/submit", {"student": "s25001"}, format="json")
    assert adviser.status_code == 403
    by_office = api("reg.office").post(PLAN + "/submit", {"student": "s25001"}, format="json")
    assert (by_office.status_code, by_office.json()["status"]) == (200, "submitted")


def test_pages_submit_and_decide(client: Any, open_window: Any, api: Any) -> None:
    enrol(api, "s25001", "DB2201-2026F-01")
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post("/registration/", {"submit_plan": "1"}, follow=True).content.decode()
    assert "Your study plan is submitted to your adviser." in page and "with the adviser" in page
    plan = StudyPlan.objects.get()
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "adv.sarsen", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    queue = client.get("/registration/plans/").content.decode()
    assert "Әлиев Нұрлан Серікұлы" in queue and "5 / 240" in queue
    refused = client.post(f"/registration/plans/{plan.pk}/", {"decision": "return", "comment": ""})
    assert refused.status_code == 422
    assert "Say why the plan is returned" in refused.content.decode()
    client.post(f"/registration/plans/{plan.pk}/", {"decision": "approve"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == "adviser_approved"
