"""Issue 15: ``POST /api/v1/registration/enrollments`` answered by registration.api.quick gives the very
answer DRF's view gives — status, content type, the headers DRF adds, the body byte for byte — and writes
the same, for every scenario of test_fast_path (every refusal code among them); a request of any other
shape is left to DRF's view, whose answer it keeps.

Each scenario runs twice from the same database state: once with the quick answer switched off (DRF's
dispatch), then, after rolling back, with DRF's dispatch made unreachable wherever the quick answer is
meant to decide by itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.db import transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.views import APIView

from ektu_portal.accounts.models import User
from ektu_portal.audit.models import AuditRecord
from registration.api import quick
from registration.tests.test_fast_path import DB, SCENARIOS, open_fall, written

pytestmark = pytest.mark.django_db
URL = "/api/v1/registration/enrollments"


def answer(username: str, body: bytes | str, **headers: Any) -> tuple[Any, ...]:
    token = Token.objects.get_or_create(user=User.objects.get(username=username))[0]
    response = Client().post(URL, body, content_type=headers.pop("content_type", "application/json"),
                             HTTP_AUTHORIZATION=headers.pop("authorization", f"Token {token.key}"), **headers)
    return (response.status_code, response["Content-Type"], response.get("Allow"), response.get("Vary"),
            response.get("WWW-Authenticate"), re.sub(rb'"id":\d+', b'"id":0', response.content))
    # (an enrolment's id comes from a sequence, which a rollback does not rewind)


def both_ways(run: Callable[[], tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch, *,
              quick_decides: bool) -> tuple[tuple[Any, ...], tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    savepoint = transaction.savepoint()
    with monkeypatch.context() as patch:
        patch.setattr(quick, "quick_enrolment", lambda request, view: None)
        by_drf = run()
    drf_wrote = written(since)
    transaction.savepoint_rollback(savepoint)
    django_cache.clear()
    with monkeypatch.context() as patch:
        if quick_decides:
            patch.setattr(APIView, "dispatch", lambda *_a, **_k: pytest.fail("DRF's view answered"))
        by_quick = run()
    return by_drf, by_quick, drf_wrote, written(since)


@pytest.mark.parametrize(("name", "setup", "actor", "section", "waitlist", "decides"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_the_quick_answer_is_drfs_answer(
        name: str, setup: Callable[[], None], actor: str, section: str, waitlist: bool, decides: bool,
        university: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    setup()
    body: dict[str, Any] = {"section": section}
    if actor == "reg.office":
        body["student"] = "s25001"  # the registrar's office names the student: DRF's way
    if not waitlist:
        body["waitlist"] = False
    # The quick answer decides every scenario a student sends for themself; the service behind it may
    # still take the full path (a submitted plan, an unknown section), as test_fast_path shows.
    by_drf, by_quick, drf_wrote, quick_wrote = both_ways(
        lambda: answer(actor, json.dumps(body)), monkeypatch, quick_decides=actor != "reg.office")
    assert by_quick == by_drf
    assert quick_wrote == drf_wrote
    assert by_drf[0] in (201, 403, 404, 409, 422)


ODD_REQUESTS: list[tuple[str, bytes | str, dict[str, Any]]] = [
    ("padded section code", '{"section": " DB2201-2026F-01 "}', {}),
    ("waitlist as a string", '{"section": "DB2201-2026F-01", "waitlist": "false"}', {}),
    ("an unknown field", '{"section": "DB2201-2026F-01", "seat": 1}', {}),
    ("not an object", '["DB2201-2026F-01"]', {}),
    ("broken JSON", '{"section": ', {}),
    ("empty section", '{"section": ""}', {}),
    ("NUL in the code", '{"section": "DB\\u0000"}', {}),
    ("no body", "", {}),
    ("a form, not JSON", "section=DB2201-2026F-01", {"content_type": "application/x-www-form-urlencoded"}),
    ("HTML asked for", '{"section": "DB2201-2026F-01"}', {"HTTP_ACCEPT": "text/html"}),
    ("an unknown token", '{"section": "DB2201-2026F-01"}', {"authorization": "Token no-such-token"}),
    ("a bearer, not a token", '{"section": "DB2201-2026F-01"}', {"authorization": "Bearer abc"}),
    ("Latin-1 declared", '{"section": "DB2201-2026F-01"}',
     {"content_type": "application/json; charset=latin-1"}),
]


@pytest.mark.parametrize(("name", "body", "headers"), ODD_REQUESTS, ids=[r[0] for r in ODD_REQUESTS])
def test_any_other_request_gets_drfs_answer(name: str, body: bytes | str, headers: dict[str, Any],
                                            university: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    open_fall()
    by_drf, by_quick, drf_wrote, quick_wrote = both_ways(
        lambda: answer("s25001", body, **dict(headers)), monkeypatch, quick_decides=False)
    assert by_quick == by_drf
    assert quick_wrote == drf_wrote


def test_the_quick_answer_names_who_asked_in_the_log(university: Any,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    open_fall()
    student = User.objects.get(username="s25001")
    with caplog.at_level("INFO", logger="ektu_portal.requests"):
        status = answer("s25001", json.dumps({"section": DB}))[0]
    assert status == 201
    logged = [r for r in caplog.records if r.name == "ektu_portal.requests"]
    assert [getattr(r, "user_id", None) for r in logged] == [student.pk]



def test_the_enrolment_reads_as_the_generic_serializer_writes_it(university: Any) -> None:
    from django.utils import timezone
    from rest_framework import serializers

    from ektu_portal.academics.models import Enrollment
    from registration import services
    from registration.api.serializers import EnrollmentSerializer

    open_fall()
    made = services.enrollment_create_fast(actor=User.objects.get(username="s25001"), section_code=DB,
                                           now=timezone.now())
    fast = EnrollmentSerializer()
    for enrollment in (made, Enrollment.objects.get(pk=made.pk)):  # the quick path's, and the database's
        generic = serializers.Serializer.to_representation(fast, enrollment)
        assert fast.to_representation(enrollment) == generic
        assert generic["status"] == "enrolled"


def test_an_expired_token_gets_drfs_answer(university: Any, monkeypatch: pytest.MonkeyPatch,
                                           settings: Any) -> None:
    """Issue 16's 401 ``token_expired`` comes from DRF's view: the first way finds the token cached (its
    issue time kept beside it, checked on every request), the second (after both_ways empties the cache)
    reads it from the database."""
    open_fall()
    body = json.dumps({"section": DB})
    assert answer("s25001", body)[0] == 201  # the token is cached now
    settings.API_TOKEN_TTL = 0  # every token is past its lifetime
    by_drf, by_quick, drf_wrote, quick_wrote = both_ways(lambda: answer("s25001", body), monkeypatch,
                                                         quick_decides=False)
    assert by_quick == by_drf
    assert by_drf[0] == 401 and b"token_expired" in by_drf[5]
    assert quick_wrote == drf_wrote
