"""Who reaches each page and endpoint of the supplement (contract §2, §3): the student (own / another),
the adviser, the dean of the student's school / of another school, the registrar's office, anonymous.

Not found for what the actor may not reach; refused (403 in the API, the reason on the form in a page)
for what the actor reaches but may not do; the sign-in page (302) or 401 for the anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from diploma_supplement import services
from diploma_supplement.models import Batch, IssuedSupplement
from ektu_portal.academics.models import Student
from ektu_portal.accounts.models import User

pytestmark = pytest.mark.django_db

WHO = ("s25001", "s25002", "adv.sarsen", "dean.sdt", "dean.sem", "reg.office", None)


def matrix(*statuses: int) -> list[tuple[str | None, int]]:
    return list(zip(WHO, statuses, strict=True))


def page(client: Any, user: Any, who: str | None) -> Any:
    if who:
        client.force_login(user(who))
    return client


def issued(graduate: Student) -> IssuedSupplement:
    return services.supplement_issue(actor=User.objects.get(username="dean.sdt"), username="s25001",
                                     now=timezone.now())


# --- the API ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(200, 404, 404, 200, 404, 200, 401))
def test_who_downloads(api: Any, graduate: Student, who: str | None, status: int) -> None:
    assert api(who).get("/api/v1/students/s25001/diploma-supplement.pdf").status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(403, 404, 404, 201, 404, 403, 401))
def test_who_issues_through_the_api(api: Any, graduate: Student, who: str | None, status: int) -> None:
    """The dean's office of the graduate's school issues; the holder and the registrar reach the
    supplement but do not issue it."""
    assert api(who).post("/api/v1/students/s25001/diploma-supplement/issue").status_code == status
    assert IssuedSupplement.objects.exists() == (status == 201)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 201, 404, 404, 401))
def test_who_starts_a_batch_through_the_api(api: Any, graduate: Student, who: str | None,
                                            status: int) -> None:
    response = api(who).post("/api/v1/diploma-supplements/batches", {"program": "6B06102", "year": 2025},
                             format="json")
    assert response.status_code == status
    assert Batch.objects.exists() == (status == 201)


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 200, 404, 404, 401))
def test_who_follows_a_batch_through_the_api(api: Any, user: Any, graduate: Student, who: str | None,
                                             status: int) -> None:
    batch = Batch.objects.create(program=graduate.program, graduation_year=2025,
                                 requested_by=user("dean.sdt"), requested_at=timezone.now(), total=1)
    response = api(who).get(f"/api/v1/diploma-supplements/batches/{batch.pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == "queued" and response.json()["total"] == 1


@pytest.mark.parametrize(("who", "status"), matrix(403, 403, 403, 403, 403, 200, 401))
def test_who_revokes_through_the_api(api: Any, graduate: Student, who: str | None, status: int) -> None:
    number = issued(graduate).number
    response = api(who).post(f"/api/v1/diploma-supplements/{number}/revoke", {"reason": "test"},
                             format="json")
    assert response.status_code == status
    assert (IssuedSupplement.objects.get(number=number).revoked_at is not None) == (status == 200)


# --- the pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), matrix(200, 404, 404, 200, 404, 200, 302))
def test_who_sees_a_holders_supplement_page(client: Any, user: Any, graduate: Student, who: str | None,
                                            status: int) -> None:
    assert page(client, user, who).get("/students/s25001/diploma-supplement/").status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(422, 404, 404, 302, 404, 422, 302))
def test_who_issues_on_the_holders_page(client: Any, user: Any, graduate: Student, who: str | None,
                                        status: int) -> None:
    """422: the page shown again with the refusal on the form; 302: issued, or sent to sign in."""
    assert page(client, user, who).post("/students/s25001/diploma-supplement/", {}).status_code == status
    assert IssuedSupplement.objects.exists() == (who == "dean.sdt")


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 200, 200, 404, 302))
def test_who_sees_the_print_page(client: Any, user: Any, graduate: Student, who: str | None,
                                 status: int) -> None:
    assert page(client, user, who).get("/diploma-supplements/").status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 302, 422, 404, 302))
def test_who_starts_a_batch_on_the_print_page(client: Any, user: Any, graduate: Student, who: str | None,
                                              status: int) -> None:
    """Another school's dean has the page but not this program: refused on the form, nothing started."""
    response = page(client, user, who).post("/diploma-supplements/", {"program": "6B06102", "year": "2025",
                                                                       "scope": "all"})
    assert response.status_code == status
    assert Batch.objects.exists() == (who == "dean.sdt")


@pytest.mark.parametrize("view", ["", "progress", "download.zip", "download.pdf"])
@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 200, 404, 404, 302))
def test_who_sees_a_batch(client: Any, user: Any, graduate: Student, view: str, who: str | None,
                          status: int) -> None:
    """A batch is the dean's school's: another school's dean, students, advisers, the registrar: 404."""
    batch = Batch.objects.create(program=graduate.program, graduation_year=2025,
                                 requested_by=user("dean.sdt"), requested_at=timezone.now(), total=0,
                                 status=Batch.Status.DONE, zip_file=b"PK", merged_pdf=b"%PDF")
    response = page(client, user, who).get(f"/diploma-supplements/batches/{batch.pk}/{view}")
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), matrix(302, 302, 404, 404, 404, 200, 302))
def test_who_sees_my_supplement(client: Any, user: Any, graduate: Student, who: str | None,
                                status: int) -> None:
    """A student is sent to their own page; the registrar sees every issued one; others: nothing."""
    response = page(client, user, who).get("/diploma-supplement/")
    assert response.status_code == status
    if who and who.startswith("s"):
        assert response["Location"] == f"/students/{who}/diploma-supplement/"


@pytest.mark.parametrize("who", WHO)
def test_anyone_verifies(client: Any, user: Any, graduate: Student, who: str | None) -> None:
    number = issued(graduate).number
    assert page(client, user, who).get(f"/verify/{number}/").status_code == 200


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 404, 302, 302))
def test_who_revokes_on_the_page(client: Any, user: Any, graduate: Student, who: str | None,
                                 status: int) -> None:
    number = issued(graduate).number
    assert page(client, user, who).post(f"/verify/{number}/revoke", {"reason": "test"}).status_code == status
    assert (IssuedSupplement.objects.get(number=number).revoked_at is not None) == (who == "reg.office")


@pytest.mark.parametrize(("who", "status"), matrix(404, 404, 404, 404, 404, 200, 302))
def test_who_sees_the_accreditation_page(client: Any, user: Any, graduate: Student, who: str | None,
                                         status: int) -> None:
    assert page(client, user, who).get("/graduates/accreditation/").status_code == status
