"""QR codes and verification links use the portal's address: ``PORTAL_URL``, which ``manage.py serve``
sets for its web and worker processes to the address it was started on unless it is given."""

from __future__ import annotations

import io
import signal
from typing import Any

import pytest
from django.core.management import call_command

from ektu_portal.core.management.commands import serve


def children_of_serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> list[Any]:
    """The processes ``serve`` would start (nothing is started: the supervisor is a stand-in)."""
    started: list[Any] = []

    class Supervisor:
        def __init__(self, children: list[Any]) -> None:
            started.extend(children)

        def run(self) -> int:
            return 0

    monkeypatch.setattr(serve, "Supervisor", Supervisor)
    monkeypatch.setattr(serve, "call_command", lambda *a, **k: None)  # no migrate, no demo
    monkeypatch.setattr(serve.Command, "_check_connections", lambda self, needed: None)
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused/ektu")  # no embedded server either
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit):
            call_command("serve", *args, "--no-demo", stdout=io.StringIO())
    finally:
        signal.signal(signal.SIGTERM, previous)
    return started


def test_serve_hands_its_children_the_address_it_was_started_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_URL", raising=False)
    children = children_of_serve(monkeypatch, "--host", "10.1.2.3", "--port", "8123")
    assert {child.name for child in children} == {"web", "worker", "beat"}
    assert {child.env["PORTAL_URL"] for child in children} == {"http://10.1.2.3:8123"}


def test_an_address_given_to_serve_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_URL", "https://portal.ektu.kz")
    children = children_of_serve(monkeypatch, "--host", "0.0.0.0", "--port", "8000")
    assert {child.env["PORTAL_URL"] for child in children} == {"https://portal.ektu.kz"}
