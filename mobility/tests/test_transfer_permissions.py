"""§12's permission matrix: every page and API endpoint of transfers × the student whose case it is, another
student, the registrar's office, the dean of the student's school, the dean of another school, the rector's
office and an anonymous visitor. Each cell is the answer a person of that role gets for a well-formed
request: 404 for a case one may not see, 403 for a case one sees but may not act on, 401/302 when not
signed in, and the action's own answer for those allowed.

The case: s25002 (6B06102, school SDT) leaves for Satbayev University (a transfer out), with a transcript on
file; and an incoming student for 6B06102, approved, or ordered for the printed order."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD, token_clients
from mobility.tests.test_transfers import PDF, PREVIOUS, actor, at, university  # noqa: F401

# The transfers' university (the fixture imported above) under every test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("university")]
ROLES = ("s25002", "s25001", "reg.office", "dean.sdt", "dean.sem", "rector.office", None)


def _outgoing(state: str) -> Any:
    """A transfer out in ``state``: submitted, approved, requested (the receiving university asked) or
    ordered."""
    from mobility import services_transfers as services

    case = services.transfer_file(actor=actor("s25002"), kind="outgoing", now=at("2026-08-26"), values={
        "other_university": "Satbayev University", "first_period_completed": True})
    services.transfer_document_add(actor=actor("s25002"), case_id=case.pk, kind="transcript", name="t.pdf",
                                   content=PDF, now=at("2026-08-26"))
    if state == "submitted":
        return case
    services.transfer_decide(actor=actor("rector.office"), case_id=case.pk, decision="approved",
                             basis="Resolution No. 3", now=at("2026-08-27"))
    if state == "approved":
        return case
    services.transfer_receiving_request(actor=actor("reg.office"), case_id=case.pk, on=date(2026, 8, 27),
                                        now=at("2026-08-27"))
    if state == "requested":
        return case
    return services.transfer_order(actor=actor("reg.office"), case_id=case.pk, number="90-о",
                                   on=date(2026, 8, 28), now=at("2026-08-28"))


def _incoming(state: str) -> Any:
    from mobility import services_transfers as services

    case = services.transfer_file(actor=actor("reg.office"), kind="incoming", now=at("2026-08-10"), values={
        "program": "6B06102", "course_year": 2, "full_name": "Ерланов Арман", "iin": "060301300555",
        "email": "arman@example.kz", "other_university": "KazNU", "funding": "paid",
        "first_period_completed": True, "items": PREVIOUS})
    services.transfer_decide(actor=actor("rector.office"), case_id=case.pk, decision="approved",
                             basis="Resolution No. 14", now=at("2026-08-28"))
    if state == "ordered":
        services.transfer_order(actor=actor("reg.office"), case_id=case.pk, number="412-с",
                                on=date(2026, 8, 31), now=at("2026-08-31"))
    return case


# (name, the case it needs, method, path, form or JSON body, answers for ROLES in order)
PAGES: list[tuple[str, str, str, str, dict[str, Any], tuple[int, ...]]] = [
    ("list", "", "get", "/mobility/transfers/", {}, (200, 200, 200, 200, 200, 200, 302)),
    ("file", "", "post", "/mobility/transfers/apply/", {"kind": "outgoing", "requested": "paid"},
     (422, 422, 422, 404, 404, 404, 302)),
    ("case", "out:submitted", "get", "/mobility/transfers/{id}/", {}, (200, 404, 200, 200, 404, 200, 302)),
    ("document", "out:submitted", "get", "/mobility/transfers/{id}/documents/{doc}/", {},
     (200, 404, 200, 200, 404, 200, 302)),
    ("add document", "out:submitted", "post", "/mobility/transfers/{id}/documents/", {"kind": "other"},
     (302, 404, 302, 302, 404, 403, 302)),
    ("decide", "out:submitted", "post", "/mobility/transfers/{id}/decision/",
     {"decision": "refused", "basis": "Resolution No. 3", "reason": "incomplete"},
     (403, 404, 403, 302, 404, 302, 302)),
    ("request", "out:approved", "post", "/mobility/transfers/{id}/request/", {"request-on": "2026-08-27"},
     (403, 404, 302, 403, 404, 403, 302)),
    ("order", "out:requested", "post", "/mobility/transfers/{id}/order/",
     {"number": "90-о", "on": "2026-08-28"}, (403, 404, 302, 403, 404, 403, 302)),
    ("file sent", "out:ordered", "post", "/mobility/transfers/{id}/file-sent/", {"sent-on": "2026-08-31"},
     (403, 404, 302, 403, 404, 403, 302)),
    ("order pdf", "out:ordered", "get", "/mobility/transfers/{id}/order.pdf", {},
     (200, 404, 200, 200, 404, 200, 302)),
    ("comparison pdf", "in:approved", "get", "/mobility/transfers/{id}/comparison.pdf", {},
     (404, 404, 200, 200, 404, 200, 302)),
]
API: list[tuple[str, str, str, str, dict[str, Any], tuple[int, ...]]] = [
    ("list", "", "get", "/api/v1/mobility/transfers", {}, (200, 200, 200, 200, 200, 200, 401)),
    ("file", "", "post", "/api/v1/mobility/transfers", {"kind": "outgoing"},
     (422, 422, 422, 403, 403, 403, 401)),
    ("case", "out:submitted", "get", "/api/v1/mobility/transfers/{id}", {},
     (200, 404, 200, 200, 404, 200, 401)),
    ("decide", "out:submitted", "post", "/api/v1/mobility/transfers/{id}/decision",
     {"decision": "refused", "basis": "Resolution No. 3", "reason": "incomplete"},
     (403, 404, 403, 200, 404, 200, 401)),
    ("request", "out:approved", "post", "/api/v1/mobility/transfers/{id}/receiving-request",
     {"on": "2026-08-27"}, (403, 404, 200, 403, 404, 403, 401)),
    ("order", "out:requested", "post", "/api/v1/mobility/transfers/{id}/order",
     {"number": "90-о", "on": "2026-08-28"}, (403, 404, 200, 403, 404, 403, 401)),
    ("file sent", "out:ordered", "post", "/api/v1/mobility/transfers/{id}/file-sent", {"on": "2026-08-31"},
     (403, 404, 200, 403, 404, 403, 401)),
    ("comparison", "in:approved", "get", "/api/v1/mobility/transfers/{id}/comparison", {},
     (404, 404, 200, 200, 404, 200, 401)),
]


def _cells(table: list[tuple[str, str, str, str, dict[str, Any], tuple[int, ...]]]) -> list[Any]:
    return [pytest.param(case, method, path, body, who, expected, id=f"{name}-{who or 'anonymous'}")
            for name, case, method, path, body, answers in table
            for who, expected in zip(ROLES, answers, strict=True)]


def _prepare(case: str, path: str) -> str:
    if not case:
        return path
    kind, state = case.split(":")
    found = _outgoing(state) if kind == "out" else _incoming(state)
    document = found.documents.first()
    return path.format(id=found.pk, doc=document.pk if document else 0)


@pytest.mark.parametrize(("case", "method", "path", "body", "who", "expected"), _cells(PAGES))
def test_pages(case: str, method: str, path: str, body: dict[str, Any], who: str | None,
               expected: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = _prepare(case, path)
    client = Client()
    if who:
        assert client.login(username=who, password=PASSWORD)
    if path.endswith("/documents/") and method == "post":
        body = {**body, "file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")}
    response = getattr(client, method)(path, body)
    assert response.status_code == expected, response.content[:300]
    if who is None:
        assert response["Location"].startswith("/accounts/login/")
    elif expected == 302:
        assert response["Location"].startswith("/mobility/transfers/")


@pytest.mark.parametrize(("case", "method", "path", "body", "who", "expected"), _cells(API))
def test_api(case: str, method: str, path: str, body: dict[str, Any], who: str | None,
             expected: int) -> None:
    path = _prepare(case, path)
    client = token_clients()(who)
    response = getattr(client, method)(path, body, format="json") if method == "post" else client.get(path)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(("who", "expected"), [("s25002", 403), ("s25001", 404), ("reg.office", 201),
                                               ("dean.sdt", 201), ("dean.sem", 404), ("rector.office", 403),
                                               (None, 401)])
def test_who_adds_a_document_through_the_api(who: str | None, expected: int) -> None:
    """A student adds documents to their own case while it is open (here: the order is issued → 403)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = _outgoing("ordered")
    response = token_clients()(who).post(f"/api/v1/mobility/transfers/{case.pk}/documents",
                                         {"kind": "other", "file": SimpleUploadedFile("scan.pdf", PDF)},
                                         format="multipart")
    assert response.status_code == expected, response.content[:300]


def test_the_matrix_names_every_transfer_route() -> None:
    """A new route of §12 must join the tables above."""
    from django.urls import get_resolver

    routes = {str(pattern.pattern) for pattern in get_resolver("mobility.urls").url_patterns
              if "transfers" in str(pattern.pattern)}
    routes |= {"api/v1/" + str(pattern.pattern) for pattern in get_resolver("mobility.api.urls").url_patterns
               if "transfers" in str(pattern.pattern)}
    covered = {path for _n, _c, _m, path, _b, _a in PAGES + API}
    covered.add("/api/v1/mobility/transfers/{id}/documents")  # test_who_adds_a_document_through_the_api
    named = {"/" + p.replace("<int:case_id>", "{id}").replace("<int:document_id>", "{doc}") for p in routes}
    assert named == covered
