"""Periods in words: "Autumn semester 2025/2026", never a code, on every page and document."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _


def period_label(kind: str, academic_year: str, starts: date) -> str:
    """A period as a reader names it. A semester starting from August on is the autumn one, one
    starting in January–July the spring one (CR-2: two semesters a year); the academic year is the
    one recorded, else the one the start date falls in."""
    year = academic_year or (f"{starts.year}/{starts.year + 1}" if starts.month >= 8
                             else f"{starts.year - 1}/{starts.year}")
    year = year.replace("-", "/")
    autumn = starts.month >= 8
    words = {
        "semester": _("Autumn semester %(year)s") if autumn else _("Spring semester %(year)s"),
        "trimester": _("Trimester %(year)s"),
        "quarter": _("Quarter %(year)s"),
        "summer": _("Summer semester %(year)s"),
        "additional": _("Additional period %(year)s"),
    }
    return (words.get(kind) or _("Period %(year)s")) % {"year": year}
