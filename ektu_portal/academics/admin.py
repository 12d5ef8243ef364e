"""The academic core in the admin: administrators view and correct it, and every change is audited.

Schools, programmes, disciplines, curricula, the calendar, sections, students and roles are
corrected here with a reason (``AuditedAdmin``: who, when, before, after, why). Nothing that
decides a grade is editable (GR-20): results are read-only (marks change through grading's audited
services), and so are a discipline's credits and form of control once results rest on them, and a
section's discipline and period once students are enrolled or graded in it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import (
    AcademicPeriod,
    Curriculum,
    CurriculumItem,
    DayOff,
    Discipline,
    Enrollment,
    Program,
    Result,
    RoleAssignment,
    School,
    Section,
    Student,
)
from ektu_portal.academics.policy.prerequisites import find_cycles
from ektu_portal.core.admin import AuditedAdmin, AuditReasonForm, ReadOnlyAdmin

NAME_FIELDS = ("name_kk", "name_ru", "name_en")


@admin.register(School)
class SchoolAdmin(AuditedAdmin):
    list_display = ("code", "name_kk", "name_ru", "name_en")
    search_fields = ("code", *NAME_FIELDS)


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ("code", "name_en", "level", "school", "credits")
    list_filter = ("level", "school")
    search_fields = ("code", "group_code", *NAME_FIELDS)
    list_select_related = ("school",)


class DisciplineForm(AuditReasonForm):
    def clean_prerequisites(self) -> Any:
        """RG-3 / CR-4: a prerequisite cycle would make every discipline on it impossible to take."""
        chosen = self.cleaned_data.get("prerequisites")
        code = self.cleaned_data.get("code") or self.instance.code
        if chosen is None or not code:
            return chosen
        graph: dict[str, list[str]] = defaultdict(list)
        for discipline, required in Discipline.prerequisites.through.objects.values_list(
                "from_discipline__code", "to_discipline__code"):
            graph[discipline].append(required)
        graph.pop(self.instance.code, None)  # this discipline's prerequisites are the ones chosen now
        graph[code] = [other.code for other in chosen]
        cycles = [cycle for cycle in find_cycles(graph) if code in cycle]
        if cycles:
            raise forms.ValidationError(
                [_("Prerequisite cycle: %(cycle)s") % {"cycle": " → ".join([*cycle, cycle[0]])}
                 for cycle in cycles])
        return chosen


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    form = DisciplineForm
    list_display = ("code", "name_en", "credits", "control", "kind")
    list_filter = ("control", "kind", "has_coursework")
    search_fields = ("code", *NAME_FIELDS)
    filter_horizontal = ("prerequisites",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Credits weigh every GPA the discipline is in and the form of control decides how it is
        # graded: once results rest on them, changing them would silently change past grades (GR-20).
        if obj is not None and obj.results.exists():
            return ("credits", "control")
        return ()


class CurriculumItemInline(admin.TabularInline):
    model = CurriculumItem
    extra = 0
    autocomplete_fields = ("discipline", "minor_of")


@admin.register(Curriculum)
class CurriculumAdmin(AuditedAdmin):
    list_display = ("program", "intake_year")
    list_filter = ("intake_year", "program__school")
    search_fields = ("program__code", "program__name_en")
    list_select_related = ("program",)
    inlines = (CurriculumItemInline,)
    audit_related = ("items",)


@admin.register(AcademicPeriod)
class AcademicPeriodAdmin(AuditedAdmin):
    list_display = ("code", "kind", "academic_year", "starts", "ends", "exam_session_starts",
                    "exam_session_ends")
    list_filter = ("kind", "academic_year")
    search_fields = ("code", "academic_year")
    date_hierarchy = "starts"
    fieldsets = (
        (None, {"fields": ("code", "kind", "academic_year", "starts", "ends")}),
        (_("Registration (RG-2)"), {"fields": ("registration_opens", "registration_closes",
                                               "drop_off_opens", "drop_off_closes")}),
        (_("Exam session"), {"fields": ("exam_session_starts", "exam_session_ends")}),
    )


@admin.register(DayOff)
class DayOffAdmin(AuditedAdmin):
    list_display = ("date", "description")
    date_hierarchy = "date"


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    list_display = ("code", "discipline", "period", "instructor", "capacity", "taken", "language")
    list_filter = ("period", "language", "discipline__control")
    search_fields = ("code", "discipline__code", "discipline__name_en", "instructor__username",
                     "instructor__full_name")
    list_select_related = ("discipline", "period", "instructor")
    autocomplete_fields = ("discipline", "instructor")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Seats taken are kept by the enrolment service (RG-9). A section with enrolments or results
        # keeps its discipline and period: its grade sheet and results are those of that discipline.
        if obj is not None and (obj.enrollments.exists() or obj.results.exists()):
            return ("taken", "discipline", "period")
        return ("taken",)


@admin.register(Student)
class StudentAdmin(AuditedAdmin):
    list_display = ("username", "full_name", "program", "intake_year", "course_year", "funding", "status")
    list_filter = ("status", "funding", "study_form", "intake_year", "course_year", "program__school",
                   "program")
    search_fields = ("user__username", "user__full_name", "user__full_name_latin", "iin", "diploma_number")
    list_select_related = ("user", "program")
    autocomplete_fields = ("user", "adviser", "program")
    ordering = ("user__full_name_sort", "user__username")  # Kazakh alphabetical order

    @admin.display(description=_("username"), ordering="user__username")
    def username(self, student: Student) -> str:
        return student.user.username

    @admin.display(description=_("full name"), ordering="user__full_name_sort")
    def full_name(self, student: Student) -> str:
        return student.user.full_name


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "school")
    list_filter = ("role", "school")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "school")
    autocomplete_fields = ("user",)


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    """Read-only: enrolments change only through registration's services (seats, windows, RG-9)."""

    list_display = ("student", "section", "status", "created_at", "changed_at")
    list_filter = ("status", "section__period")
    search_fields = ("student__user__username", "student__user__full_name", "section__code")
    list_select_related = ("student__user", "section")


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    """Read-only: marks decide grades and change only through grading's audited services (GR-20)."""

    list_display = ("student", "discipline", "period", "attempt", "r1", "r2", "exam", "outcome",
                    "recognized_from")
    list_filter = ("period", "outcome")
    search_fields = ("student__user__username", "student__user__full_name", "discipline__code")
    list_select_related = ("student__user", "discipline", "period")
