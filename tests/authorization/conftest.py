"""``--regenerate-matrix``: write matrix.tsv from what the portal answers instead of comparing."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-matrix", action="store_true", default=False,
                     help="write tests/authorization/matrix.tsv from the portal's answers (then review it)")
