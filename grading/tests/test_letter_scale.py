"""GR-6 / GR-20: the letter scale changes only through its service — validated with every problem
named, from a date, audited — and results already final keep the letters they were given."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import PermissionDenied, ValidationFailed
from grading import services
from grading.models import LetterBand
from grading.policy.scale import DEFAULT_SCALE
from grading.selectors import letter_scale, student_transcript

pytestmark = pytest.mark.django_db

# B- worth 2.70 instead of 2.67: a scale the council might adopt.
GENEROUS = tuple(replace(b, points=Decimal("2.70")) if b.letter == "B-" else b for b in DEFAULT_SCALE)


def transcript_of(username: str) -> Any:
    from ektu_portal.academics.models import Student

    return student_transcript(Student.objects.select_related("user", "program").get(user__username=username))


def test_a_new_scale_applies_from_its_date_and_past_letters_stay(university: Any, user: Any) -> None:
    now = timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    before = transcript_of("s25001")
    assert (before.attempts[0].letter, before.attempts[0].points, before.gpa) == ("B-", Decimal("2.67"),
                                                                                  Decimal("2.67"))

    services.letter_scale_set(actor=user("reg.office"), effective_from=tomorrow, bands=GENEROUS,
                              reason="Rector's order No. 12", now=now)

    after = transcript_of("s25001")  # 2025-F started under the old scale: its B- is still 2.67
    assert (after.attempts[0].letter, after.attempts[0].points, after.gpa) == ("B-", Decimal("2.67"),
                                                                               Decimal("2.67"))
    assert {b.letter: b.points for b in letter_scale(tomorrow)}["B-"] == Decimal("2.70")
    assert {b.letter: b.points for b in letter_scale(tomorrow - timedelta(days=1))}["B-"] == Decimal("2.67")
    record = AuditRecord.objects.get(action="letter_scale.set")
    assert record.actor_username == "reg.office" and record.reason == "Rector's order No. 12"
    assert {"letter": "B-", "points": "2.67", "min_score": 75, "max_score": 79,
            "traditional": "good"} in record.before["bands"]
    assert record.after["effective_from"] == tomorrow.isoformat()
    assert {"letter": "B-", "points": "2.70", "min_score": 75, "max_score": 79,
            "traditional": "good"} in record.after["bands"]


def test_a_scale_reaching_back_over_final_results_is_refused(university: Any, user: Any) -> None:
    now = timezone.now()
    bands = LetterBand.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.letter_scale_set(actor=user("reg.office"),
                                  effective_from=timezone.localdate(now).replace(year=2025, month=1, day=1),
                                  bands=GENEROUS, reason="backdated", now=now)
    messages = [str(p) for p in refused.value.problems]
    assert any("never in the past" in m for m in messages)
    assert any("2025-F" in m and "keep their letters" in m for m in messages)
    assert LetterBand.objects.count() == bands
    assert transcript_of("s25001").attempts[0].points == Decimal("2.67")


def test_an_invalid_scale_is_refused_with_every_problem(university: Any, user: Any) -> None:
    now = timezone.now()
    broken = tuple(b for b in DEFAULT_SCALE if b.letter != "C") + (replace(DEFAULT_SCALE[0], min_score=93),)
    bands = LetterBand.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.letter_scale_set(actor=user("reg.office"),
                                  effective_from=timezone.localdate(now) + timedelta(days=3),
                                  bands=broken, reason="", now=now)
    paths = [(p.path, p.message) for p in refused.value.problems]
    assert ("bands", "letter A appears twice") in paths
    assert ("bands", "scores without a letter: 65–69") in paths
    assert ("bands", "scores 95–100 are in both A and A") in paths
    assert any(path == "reason" for path, _ in paths)
    assert LetterBand.objects.count() == bands
    assert not AuditRecord.objects.filter(action="letter_scale.set").exists()


@pytest.mark.parametrize("who", ["s25001", "adv.sarsen", "dean.sdt", "appeals.chair"])
def test_only_the_registrar_changes_the_scale(university: Any, user: Any, who: str) -> None:
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.letter_scale_set(actor=user(who), effective_from=timezone.localdate(now) + timedelta(days=1),
                                  bands=GENEROUS, reason="x", now=now)
    assert not LetterBand.objects.filter(points=Decimal("2.70")).exists()
