"""API sign-in: successful sign-ins are never limited (a campus signs in from one address on
registration day); failed ones are, per address and username (issue 16, accounts.signin_limits)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"


def test_many_successful_sign_ins_from_one_address(university: Any) -> None:
    client = APIClient()
    for _ in range(40):  # more than any per-address limit of failures
        response = client.post(TOKEN, {"username": "s25001", "password": "contract-pass-1234"}, format="json")
        assert response.status_code == 200


def test_password_guessing_is_stopped(university: Any) -> None:
    client = APIClient()
    statuses = [client.post(TOKEN, {"username": "s25001", "password": f"guess-{n}"},
                            format="json").status_code
                for n in range(8)]
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429  # 5 free failures, then a wait
    blocked = client.post(TOKEN, {"username": "s25001", "password": "contract-pass-1234"}, format="json")
    assert (blocked.status_code, blocked.json()["code"]) == (429, "too_many_attempts")
    # Someone else from the same address still signs in.
    assert client.post(TOKEN, {"username": "s25002", "password": "contract-pass-1234"},
                       format="json").status_code == 200
