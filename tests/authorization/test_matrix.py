"""ASVS 8.2: one authorization matrix over every URL of the portal, kept as a reviewed table.

(a) every route of the resolver and every operation of the OpenAPI schema has rows in matrix.tsv, so a
new endpoint cannot escape the table; (b) every cell is asked again and must answer what the table says;
(c) a few rules written by hand, not read from the table: nobody anonymous reads a non-public page,
no student reads another student's transcript, appeal or study plan, and only the administrator opens
the Django admin.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.authorization import generate as G
from tests.authorization import world as W

# The marker makes pytest-django create the test database; the world lives in the module's own transaction.
pytestmark = pytest.mark.django_db

# Routes anyone may open without signing in (by hand, from the contract and the pages' purpose).
PUBLIC = {
    "health", "healthz", "jsi18n/", "i18n/setlang/", "api/schema/", "api/docs/", "api/v1/auth/token",
    "admin/login/", "verify/<str:number>/", "admissions/status/sign-in", "admissions/status/sign-out",
}
PUBLIC_PREFIXES = ("accounts/", "static/")
# Routes that show one student's own record: a student other than its owner never reads it (contract §3).
PRIVATE_TO_STUDENT = re.compile(r"transcript|appeal|registration/plans?/|igpa/students|diploma-supplement")


def _public(route: str) -> bool:
    return route in PUBLIC or route.startswith(PUBLIC_PREFIXES)


@pytest.fixture(scope="module")
def observed(django_db_setup: Any, django_db_blocker: Any) -> G.Observed:
    """The world built once and every cell asked once; all of it rolled back at the end."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction

    # As Django's test client does: a request's start and end must not close the connection that holds
    # the transaction of the whole world.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
            world = W.build()
            found = G.run(world)
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return found


def test_every_route_and_operation_has_rows() -> None:
    table = G.read()
    routes_in_table = {cell.route for cell in table}
    missing = [route.pattern for route in G.routes() if route.pattern not in routes_in_table]
    operations = {(cell.route, cell.method) for cell in table}
    by_schema_path = {G.schema_path(route.pattern): route.pattern for route in G.routes()}
    for path, verbs in sorted(G.schema_operations().items()):
        for verb in sorted(verbs):
            if (by_schema_path.get(path), verb) not in operations:
                missing.append(f"{verb} {path}")
    assert not missing, "routes or operations missing from matrix.tsv (regenerate and review):\n" + \
        "\n".join(missing)


def test_every_url_parameter_names_a_kind_of_the_world() -> None:
    """A new <parameter> must be mapped in world.PARAMETERS (or be a constant word of the URL)."""
    unknown = sorted({f"{route.pattern}: {name}" for route in G.routes() if route.area != "admin"
                      for name in route.parameters
                      if W.kind_of(route.pattern, name) is None
                      and W.constant_of(route.pattern, name) is None})
    assert not unknown, "\n".join(unknown)


def test_the_portal_matches_the_table(observed: G.Observed, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--regenerate-matrix"):
        G.write(observed.statuses)
        slowest = sorted(observed.seconds.items(), key=lambda item: -item[1])[:15]
        print("\nslowest routes:", *(f"{seconds:7.2f}s {route}" for route, seconds in slowest), sep="\n")
        print("500s:", *(f"{c} {observed.paths[c]}\n{e}" for c, e in sorted(observed.errors.items())),
              sep="\n")
        print("not made:", *sorted(observed.missing), sep="\n")
        return
    table = G.read()
    lines = []
    for cell in sorted(set(table) | set(observed.statuses)):
        expected, got = table.get(cell), observed.statuses.get(cell)
        if expected != got:
            lines.append(f"{cell.route}\t{cell.method}\t{cell.role}\t{cell.subject}\t"
                         f"expected {expected or '(no row)'}\tgot {got or '(not asked)'}")
    assert not lines, f"{len(lines)} cells differ from matrix.tsv (route, method, role, subject):\n" + \
        "\n".join(lines[:200])


def test_the_world_makes_every_kind_it_promises(observed: G.Observed) -> None:
    """A kind that stops being made (a service changed) would turn its rows into 404s for everyone."""
    assert {kind for kind in observed.missing if " (" not in kind} <= W.NOT_MADE, sorted(observed.missing)


def test_nothing_answers_500(observed: G.Observed) -> None:
    """A 500 is a bug whoever asks (the cell's exception is shown)."""
    shown = [f"{c.method} {observed.paths[c]} as {c.role}:\n{error}"
             for c, error in sorted(observed.errors.items())]
    assert not shown, "\n".join(shown[:20])


def test_anonymous_visitors_read_only_public_routes(observed: G.Observed) -> None:
    opened = sorted(f"{c.method} {observed.paths[c]}" for c, status in observed.statuses.items()
                    if c.role == "anonymous" and 200 <= status < 300 and not _public(c.route))
    assert not opened, "\n".join(opened)


def test_no_student_reads_another_students_record(observed: G.Observed) -> None:
    """A student's transcript, appeals and study plan are theirs (contract §3): other students get 403/404."""
    owner = {"own": "s25001", "other": "s25002", "other_school": "s25101"}
    read = sorted(f"{c.method} {observed.paths[c]} as {c.role}" for c, status in observed.statuses.items()
                  if c.method == "GET" and c.subject in owner and c.role in owner.values()
                  and c.role != owner[c.subject] and PRIVATE_TO_STUDENT.search(c.route)
                  and 200 <= status < 300)
    assert not read, "\n".join(read)


def test_only_the_administrator_opens_the_django_admin(observed: G.Observed) -> None:
    """Only the administrator's account is staff; the admin's sign-in form (no data) is anybody's."""
    admin_cells = {c: status for c, status in observed.statuses.items()
                   if c.route.startswith("admin/") and c.route != "admin/login/"}
    assert admin_cells, "the admin's routes were asked"
    opened = sorted(f"{observed.paths[c]} as {c.role}" for c, status in admin_cells.items()
                    if c.role != "admin.portal" and status == 200)
    assert not opened, "\n".join(opened)
    assert any(status == 200 for c, status in admin_cells.items() if c.role == "admin.portal")
