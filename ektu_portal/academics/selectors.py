"""Reads of the academic core, shaped for the pages and rules that need them."""

from __future__ import annotations

from datetime import date, datetime

import holidays
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, DayOff, RoleAssignment


def days_off(first_year: int, last_year: int) -> frozenset[date]:
    """CR-5: Kazakhstan's public holidays (moved days off included) plus the university's."""
    years = range(first_year, last_year + 1)
    national = holidays.country_holidays("KZ", years=years)
    own = (DayOff.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
           .values_list("date", flat=True))
    return frozenset(national.keys()) | frozenset(own)


def add_working_days(start: date, count: int) -> date:
    """CR-5 deadline on the university's calendar (holidays looked up around ``start``)."""
    from ektu_portal.academics.policy.calendar import add_working_days as add

    # A span of two years either side covers any deadline the policy counts in working days.
    return add(start, count, days_off(start.year - 1, start.year + 2))


def roles_of(user: object) -> dict[str, int | None]:
    """{role: school id or None} for a signed-in user, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached: dict[str, int | None] | None = getattr(user, "_ektu_roles", None)
    if cached is None:
        cached = dict(RoleAssignment.objects.filter(user=user).values_list("role", "school_id"))
        user._ektu_roles = cached  # type: ignore[attr-defined]
    return cached


def current_period(at: datetime) -> AcademicPeriod | None:
    """The period in progress on the given instant's date (Asia/Almaty), else None."""
    day = timezone.localdate(at)
    return AcademicPeriod.objects.filter(starts__lte=day, ends__gte=day).order_by("starts").first()


def period_with_open_registration(now: datetime) -> AcademicPeriod | None:
    """RG-2: the period whose registration or drop-off window is open at ``now`` (the calendar decides)."""
    return (
        (AcademicPeriod.objects.filter(registration_opens__lte=now, registration_closes__gt=now)
         .order_by("starts").first())
        or (AcademicPeriod.objects.filter(drop_off_opens__lte=now, drop_off_closes__gt=now)
            .order_by("starts").first())
    )


def next_registration_period(now: datetime) -> AcademicPeriod | None:
    """The next period whose registration has not closed yet (for a countdown)."""
    return AcademicPeriod.objects.filter(registration_closes__gt=now).order_by("registration_opens").first()


# --- the role-aware home page: what each person has to do now ------------------------------------

def student_home(user: object, now: datetime) -> dict[str, object] | None:
    from ektu_portal.academics.models import Enrollment, Student

    student = Student.objects.select_related("program", "adviser").filter(user=user).first()
    if student is None:
        return None
    period = current_period(now)
    enrollments = (Enrollment.objects.filter(student=student, status=Enrollment.Status.ENROLLED,
                                             section__period=period)
                   .select_related("section__discipline", "section__instructor")
                   .order_by("section__discipline__code")
                   if period else Enrollment.objects.none())
    upcoming = next_registration_period(now)
    return {"student": student, "period": period, "enrollments": list(enrollments),
            "registration_period": upcoming,
            "registration_open": bool(upcoming and upcoming.registration_open_at(now))}


def adviser_home(user: object) -> dict[str, object]:
    from django.db.models import Count, Q

    from ektu_portal.academics.models import Student

    advisees = (Student.objects.filter(adviser=user).select_related("user", "program")
                .annotate(no_shows=Count("results", filter=Q(results__outcome__isnull=False)))
                .order_by("course_year", "user__full_name"))
    return {"advisees": list(advisees[:200]), "advisee_count": advisees.count()}


def instructor_home(user: object, now: datetime) -> dict[str, object]:
    from ektu_portal.academics.models import Section

    period = current_period(now)
    upcoming = next_registration_period(now)
    periods = [p for p in (period, upcoming) if p]
    sections = (Section.objects.filter(instructor=user, period__in=periods)
                .select_related("discipline", "period").order_by("period__starts", "code"))
    return {"sections": list(sections)}


def dean_home(user: object) -> dict[str, object]:
    from django.db.models import Count

    from ektu_portal.academics.models import Program

    schools = sorted(_dean_schools(user))
    programs = (Program.objects.filter(school_id__in=schools).select_related("school")
                .annotate(student_count=Count("students")).order_by("code"))
    return {"programs": list(programs)}


def _dean_schools(user: object) -> set[int]:
    return {school for role, school in roles_of(user).items() if role in ("dean", "deputy_dean") and school}


def registrar_home(now: datetime) -> dict[str, object]:
    from ektu_portal.academics.models import Section, Student

    upcoming = next_registration_period(now)
    return {"period": current_period(now), "registration_period": upcoming,
            "registration_open": bool(upcoming and upcoming.registration_open_at(now)),
            "student_count": Student.objects.filter(status="active").count(),
            "section_count": Section.objects.filter(period=upcoming).count() if upcoming else 0}
