"""Hardening: schemathesis fuzzes every operation of the OpenAPI schema as the registrar and as a student.

What a client would notice: no request, however malformed, is answered 5xx, and every answer is one the
schema promises — its status code and content type are documented, and its body matches the documented
schema (a 4xx is a typed problem, not "some object").

Coverage (schemathesis 4.32, seed 20261130, deterministic, no shrinking):

- operations × roles: 103 × 2 (``reg.office``, registrar; ``s25001``, student) = 206 tests, one per
  operation and role, each signed in by a real token (POST /api/v1/auth/token);
- examples: the schema's own examples plus ``MAX_EXAMPLES`` = 8 generated ones per operation and role,
  valid and invalid (schemathesis' positive and negative modes); path parameters named below are half of
  the time a real username / section code / record id of the loaded university, so the fuzz reaches
  real objects and their 2xx bodies, not only 404s;
- 1,654 requests in all (2xx 224, 400 85, 401 4, 403 228, 404 753, 409 19, 422 341), about 90 s on 2 cores,
  about 100 s with the test database's set-up; the module prints these numbers at its end;
- checks on every answer: not_a_server_error, status_code_conformance, content_type_conformance,
  response_schema_conformance;
- 5xx found: 0. Once by hand, deeper: 40 examples per operation and role (8,246 requests) and
  schemathesis' "coverage" phase alone (9,842 requests): 0 5xx, 0 conformance failures.

Exclusions: none. POST /api/v1/auth/token is fuzzed too: the suite's autouse ``_fresh_cache`` clears the
sign-in limit counters before each test, and the tokens used here are taken once before any fuzzing,
so a fuzzed sign-in cannot lock the test's accounts out. Phases left out: "coverage" (schemathesis'
boundary values and unexpected methods: not bounded by a number of examples, and 143 s on its own in
the run above) and "stateful" (sequences following the schema's links; it declares none).

Every write is rolled back: the university is loaded once for the module inside a transaction, and each
test runs in a savepoint of it (pytest-django's ``db``), which its end rolls back.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator

from conftest import PASSWORD, two_school_document

ROLES = {"registrar": "reg.office", "student": "s25001"}
MAX_EXAMPLES = 8

CONFIG = schemathesis.Config.from_dict({
    "seed": 20261130,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "no-shrink": True,
                   "database": "none"},
    "phases": {"examples": {"enabled": True}, "fuzzing": {"enabled": True},
               "coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "checks": {"enabled": False,
               "not_a_server_error": {"enabled": True},
               "status_code_conformance": {"enabled": True},
               "content_type_conformance": {"enabled": True},
               "response_schema_conformance": {"enabled": True}},
})

# The schema as /api/schema/ serves it, generated in-process (no request, no database).
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)

# Path parameter → values that name something in the loaded university (filled by the ``tokens`` fixture).
KNOWN: dict[str, list[Any]] = {}
# What the fuzz sent and got, for the summary line at the end of the module.
REQUESTS: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


@schema.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Half of the generated path parameters become real ones (chosen by a CRC of the generated value:
    deterministic, unlike ``hash``), so the fuzz meets real students, sections and results too."""
    if not path_parameters:
        return path_parameters
    for name, value in path_parameters.items():
        choices = KNOWN.get(name)
        pick = zlib.crc32(repr(value).encode())
        if choices and pick % 2:
            path_parameters[name] = choices[pick // 2 % len(choices)]
    return path_parameters


def _known_values() -> dict[str, list[Any]]:
    from ektu_portal.academics.models import AcademicPeriod, Enrollment, Result, Section, Student
    from grading.models import GradeSheet

    found: dict[str, list[Any]] = {
        "username": sorted(Student.objects.values_list("user__username", flat=True)),
        "code": sorted(Section.objects.values_list("code", flat=True)),
        "academic_year": sorted(set(AcademicPeriod.objects.exclude(academic_year="")
                                    .values_list("academic_year", flat=True))),
        "result_id": sorted(Result.objects.values_list("pk", flat=True)),
        "enrollment_id": sorted(Enrollment.objects.values_list("pk", flat=True)),
        "sheet_id": sorted(GradeSheet.objects.values_list("pk", flat=True)),
    }
    return {name: values for name, values in found.items() if values}


@pytest.fixture(scope="module")
def tokens(django_db_setup: Any, django_db_blocker: Any,
           request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The suite's university, loaded once for the module inside a transaction rolled back at its end;
    a real API token for each role."""
    from rest_framework.test import APIClient

    from ektu_portal.academics.loading import load_university

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_university(two_school_document(), allow_passwords=True, source="test fixture")
            KNOWN.update(_known_values())
            client = APIClient()
            found = {}
            for role, username in ROLES.items():
                response = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                                       format="json")
                assert response.status_code == 200, response.content
                found[role] = response.json()["token"]
            # The fuzz reaches the WSGI app in this transaction. Django closes a connection that is inside
            # a transaction when a request starts or ends (close_old_connections); the test client above
            # unhooks that for each of its requests, and this does it for the fuzz's.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            try:
                yield found
            finally:
                request_started.connect(close_old_connections)
                request_finished.connect(close_old_connections)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            KNOWN.clear()
    if REQUESTS:  # shown even under -q: the numbers the module docstring records
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\napi fuzz: {sum(REQUESTS.values())} requests over {len(REQUESTS)} operation×role pairs; "
                  f"statuses {dict(sorted(STATUSES.items()))}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
def test_api_fuzz(case: schemathesis.Case, role: str, tokens: dict[str, str]) -> None:
    from ektu_portal.wsgi import application

    # REMOTE_ADDR: gunicorn always sets it (it binds TCP); werkzeug's test client does not, and without it
    # allauth refuses a sign-in with 403 ("Unable to determine client IP address").
    response = case.call_and_validate(app=application, headers={"Authorization": f"Token {tokens[role]}"},
                                      environ_base={"REMOTE_ADDR": "127.0.0.1"})
    REQUESTS[f"{role} {case.operation.label}"] += 1
    STATUSES[response.status_code] += 1
