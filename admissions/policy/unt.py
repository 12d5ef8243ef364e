"""A UNT (ҰБТ/ЕНТ) result as the rules read it (AD-2, AD-3, AD-18)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

PROFILE_PREFIX = "profile"  # UNT subjects named profile_1, profile_2 … are the profile subjects (AD-18)


@dataclass(frozen=True)
class UntResult:
    """One UNT result: the total and the points of each subject (contract §6 "unt")."""

    total: int
    subjects: Mapping[str, int] = field(default_factory=dict)

    @property
    def profile_scores(self) -> int:
        """AD-18's last tie-break: the profile subjects' points together."""
        return sum(points for name, points in self.subjects.items() if name.startswith(PROFILE_PREFIX))
