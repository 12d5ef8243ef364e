"""Make every request of the authorization matrix and write (or compare) ``matrix.tsv``.

Run ``uv run python -m tests.authorization.generate`` (or ``uv run pytest tests/authorization
--regenerate-matrix``): the test database of the test settings is created as for any test, the world of
``world.py`` is built, and every route × method × role × subject is asked once with Django's test client
inside a transaction rolled back after the request. Unsafe methods carry an empty body: a permitted role
then meets the form's or serializer's refusal (200 with errors, 400, 422), a refused one 403/404, an
anonymous visitor the sign-in (302) or 401 — the answer the table pins.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from tests.authorization import world as W

MATRIX = Path(__file__).with_name("matrix.tsv")
COLUMNS = ("route", "method", "role", "subject", "status")
HEADER = """\
# The portal's authorization matrix (OWASP ASVS 8.2): every URL of the resolver and every operation of the
# OpenAPI schema × method × role × subject → the HTTP status that person gets. Reviewed by hand; the test
# tests/authorization/test_matrix.py fails on any cell that differs and on any route without rows.
# Made by tests/authorization/generate.py on the world of tests/authorization/world.py (two schools;
# subjects: own = s25001's objects, other = s25002's, other_school = s25101's; none = the URL names no
# object, or only one nobody owns (a partner, a call)). Admin routes: anonymous, s25001, admin.portal.
# Pages: GET, and POST where the view takes POST; API: the schema's methods; unsafe methods carry an empty
# body, each request in a transaction rolled back after it, from an outside address; the clock stands at
# world.NOW. Kinds the world does not make (world.NOT_MADE) name an id that does not exist.
# Regenerate (then review the diff before committing):
#   EKTU_DATA_DIR=/tmp/ektu-authz TEST_DATABASE_NAME=test_authz uv run python -m tests.authorization.generate
"""
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Every request comes from an outside address (TEST-NET-3): the test client's 127.0.0.1 is the metrics
# scraper's allowed address, which would open /metrics to everybody in the table.
OUTSIDE = "203.0.113.7"


@dataclass(frozen=True)
class Route:
    pattern: str  # the resolver's full pattern, as the table names it
    callback: Any
    parameters: tuple[str, ...]

    @property
    def area(self) -> str:
        if self.pattern.startswith("admin/"):
            return "admin"
        return "api" if self.pattern.startswith("api/") else "page"


@dataclass(frozen=True, order=True)
class Cell:
    route: str
    method: str
    role: str
    subject: str


@dataclass
class Observed:
    statuses: dict[Cell, int] = field(default_factory=dict)
    paths: dict[Cell, str] = field(default_factory=dict)
    errors: dict[Cell, str] = field(default_factory=dict)  # 500s: the exception's last lines
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per route (to keep the run short)
    missing: set[str] = field(default_factory=set)


def _parameters(pattern: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))


def routes() -> list[Route]:
    """Every URL pattern of the resolver, walked recursively (includes, admin, allauth)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, Route] = {}

    def walk(patterns: list[Any], prefix: str) -> Iterator[Route]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                full = prefix + str(p.pattern)
                yield Route(full, p.callback, _parameters(full))

    for route in walk(get_resolver().url_patterns, ""):
        found.setdefault(route.pattern, route)  # an earlier pattern shadows a later identical one
    return sorted(found.values(), key=lambda r: r.pattern)


def schema_path(pattern: str) -> str:
    """``api/v1/students/<str:username>/transcript`` → ``/api/v1/students/{username}/transcript``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def schema_operations() -> dict[str, set[str]]:
    """The OpenAPI schema's paths and their methods."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {path: {m.upper() for m in ops if m in ("get", "post", "put", "patch", "delete")}
            for path, ops in schema["paths"].items()}


def _takes_post(callback: Any) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in getattr(view_class, "http_method_names", ["post"])
    try:
        source = inspect.getsource(callback)  # unwraps the decorators and shows them
    except (OSError, TypeError):
        return False
    return "POST" in source


def methods(route: Route, operations: dict[str, set[str]]) -> list[str]:
    if route.area == "admin":
        return ["GET"]
    if route.area == "api":
        return sorted(operations.get(schema_path(route.pattern), {"GET"}))
    return ["GET", "POST"] if _takes_post(route.callback) else ["GET"]


def subjects(route: Route, world: W.World) -> tuple[str, ...]:
    """Three subjects where the URL names an object the world has one of per subject; else one (``none``):
    a partner, a call or a competition is nobody's, and asking it three times would ask the same."""
    if route.area == "admin":
        return ("none",)
    for name in route.parameters:
        kind = W.kind_of(route.pattern, name)
        if kind is not None and len({world.value(kind, subject) for subject in W.SUBJECTS}) > 1:
            return W.SUBJECTS
    return ("none",)


def role_name(role: str | None) -> str:
    return role or "anonymous"


def cells(operations: dict[str, set[str]], world: W.World) -> list[tuple[Cell, Route]]:
    found = []
    for route in routes():
        roles = W.ADMIN_ROLES if route.area == "admin" else W.ROLES
        for method in methods(route, operations):
            for role in roles:
                for subject in subjects(route, world):
                    found.append((Cell(route.pattern, method, role_name(role), subject), route))
    return found


def _admin_value(route: Route, name: str) -> str:
    """Admin pages: an app label of the site, or the id of an object of the page's model (the own
    subject's where the world has one, else the first)."""
    from django.contrib.contenttypes.models import ContentType

    from ektu_portal.accounts.models import User

    if name == "app_label":
        return re.search(r"\(\?P<app_label>([^)|]*)", route.pattern).group(1)  # type: ignore[union-attr]
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(User).pk)
    model_admin = getattr(route.callback, "model_admin", None)
    model = model_admin.model if model_admin is not None else User
    if model is User:
        return str(User.objects.get(username="s25001").pk)
    first = model._default_manager.order_by("pk").first()
    return str(first.pk) if first is not None else W.MISSING


def build_path(route: Route, subject: str, world: W.World) -> str:
    values: dict[str, str] = {}
    for name in route.parameters:
        constant = W.constant_of(route.pattern, name)
        kind = W.kind_of(route.pattern, name)
        if constant is not None:
            values[name] = constant
        elif route.area == "admin":
            values[name] = _admin_value(route, name)
        elif kind is not None:
            values[name] = world.value(kind, "own" if subject == "none" else subject)
        else:
            values[name] = W.MISSING
    # Regular-expression patterns first (the admin's app list, allauth's keys): their named groups, then
    # the anchors; then the converters of path() patterns.
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: values[m.group(1)], route.pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path.replace("^", "").replace("$", ""))
    return "/" + path


class _Clients:
    """A signed-in session (pages) and a real API token (api) per role, made once."""

    def __init__(self) -> None:
        self.sessions: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.clients: dict[tuple[str, str], Any] = {}

    def prepare(self, roles: tuple[str | None, ...]) -> None:
        from django.conf import settings
        from django.test import Client
        from rest_framework.test import APIClient

        from conftest import PASSWORD
        from ektu_portal.accounts.models import User

        for role in roles:
            if role is None or role in self.sessions:
                continue
            client = Client()
            client.force_login(User.objects.get(username=role))
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            response = APIClient().post("/api/v1/auth/token", {"username": role, "password": PASSWORD},
                                        format="json")
            assert response.status_code == 200, (role, response.content)
            self.tokens[role] = response.json()["token"]

    def request(self, route: Route, method: str, role: str, path: str) -> Any:
        """One client per role and kind, kept: a new client loads the middleware again (WhiteNoise scans
        every static file), which cost more than the request. Its cookies are reset before each request."""
        from django.conf import settings
        from django.test import Client
        from rest_framework.test import APIClient

        if route.area == "api":
            api = self.clients.get(("api", role))
            if api is None:
                api = APIClient(raise_request_exception=False, REMOTE_ADDR=OUTSIDE)
                self.clients[("api", role)] = api
                if role != "anonymous":
                    api.credentials(HTTP_AUTHORIZATION="Token " + self.tokens[role])
            api.cookies.clear()
            if method in UNSAFE:
                return api.generic(method, path, data="{}", content_type="application/json")
            return api.generic(method, path)
        client = self.clients.get(("page", role))
        if client is None:
            client = self.clients[("page", role)] = Client(raise_request_exception=False, REMOTE_ADDR=OUTSIDE)
        client.cookies.clear()  # a sign-out or a language chosen by the cell before is forgotten
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        if method == "POST":
            return client.post(path, {})
        return client.generic(method, path)


def run(world: W.World, only: set[Cell] | None = None) -> Observed:
    """Ask every cell (or only these) and record the status; call inside a transaction."""
    from django.core.cache import cache
    from django.core.signals import got_request_exception
    from django.db import transaction

    observed = Observed()
    probe = set(filter(None, os.environ.get("AUTHZ_ONLY_ROLES", "").split(",")))  # a quicker look, by hand
    failures: list[str] = []

    def on_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
        failures.append("".join(traceback.format_exception(*sys.exc_info())[-4:]))

    got_request_exception.connect(on_exception, dispatch_uid="authz-matrix")
    clients = _Clients()
    logging.disable(logging.CRITICAL)  # thousands of request log lines cost a third of the run
    try:
        with mock.patch("django.utils.timezone.now", return_value=W.NOW):
            clients.prepare(W.ROLES)
            for cell, route in cells(schema_operations(), world):
                if (only is not None and cell not in only) or (probe and cell.role not in probe):
                    continue
                path = build_path(route, cell.subject, world)
                failures.clear()
                started = time.perf_counter()
                cache.clear()  # rate-limit counters and cached sessions: every cell starts alike
                with transaction.atomic():
                    response = clients.request(route, cell.method, cell.role, path)
                    transaction.set_rollback(True)
                spent = time.perf_counter() - started
                observed.seconds[cell.route] = observed.seconds.get(cell.route, 0.0) + spent
                observed.statuses[cell] = response.status_code
                observed.paths[cell] = path
                if response.status_code >= 500:
                    observed.errors[cell] = (failures[-1] if failures else
                                             response.content[:300].decode("utf-8", "replace"))
    finally:
        logging.disable(logging.NOTSET)
        got_request_exception.disconnect(dispatch_uid="authz-matrix")
    observed.missing = set(world.missing)
    return observed


def write(statuses: dict[Cell, int], path: Path = MATRIX) -> None:
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    for cell in sorted(statuses):
        lines.append("\t".join((cell.route, cell.method, cell.role, cell.subject, str(statuses[cell]))))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path = MATRIX) -> dict[Cell, int]:
    table: dict[Cell, int] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("route\t"):
            continue
        route, method, role, subject, status = line.split("\t")
        table[Cell(route, method, role, subject)] = int(status)
    return table


def main() -> int:
    import pytest

    return pytest.main([str(Path(__file__).with_name("test_matrix.py")), "--regenerate-matrix", "-q",
                        "-k", "matches_the_table"])


if __name__ == "__main__":
    raise SystemExit(main())
