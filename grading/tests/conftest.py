"""Fixtures shared by grading's tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def enrolled(university: Any) -> None:
    """s25001 and s25002 take DB2201 in 2026-F (instructor adv.sarsen)."""
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
