"""Fixtures shared by registration's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod


@pytest.fixture
def open_window(university: Any) -> AcademicPeriod:
    """2026-F's registration window is open now (the example's is in April 2026)."""
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() - timedelta(days=1)
    period.registration_closes = timezone.now() + timedelta(days=7)
    period.save()
    return period
