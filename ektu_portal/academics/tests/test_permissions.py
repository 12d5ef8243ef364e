"""The permission vocabulary as a matrix: role × own / other object (contract §2)."""

from __future__ import annotations

from typing import Any

import pytest

from ektu_portal.academics import permissions
from ektu_portal.academics.models import Section, Student

pytestmark = pytest.mark.django_db

# s25001: SDT student advised by adv.sarsen; s25002: SDT student advised by adv.other;
# s25101: SEM student. dean.sdt / dean.sem: deans of those schools.
VIEW_STUDENT = [
    ("s25001", "s25001", True),       # own record
    ("s25001", "s25002", False),      # another student
    ("adv.sarsen", "s25001", True),   # own advisee
    ("adv.sarsen", "s25002", False),  # another adviser's student
    ("adv.other", "s25002", True),
    ("dean.sdt", "s25001", True),     # dean of the student's school
    ("dean.sdt", "s25101", False),    # dean of another school
    ("dean.sem", "s25101", True),
    ("dean.sem", "s25001", False),
    ("reg.office", "s25001", True),   # registrar: the whole university
    ("reg.office", "s25101", True),
    ("appeals.chair", "s25001", False),
    ("admin.portal", "s25101", True),
]


@pytest.mark.parametrize(("who", "whose", "allowed"), VIEW_STUDENT)
def test_can_view_student(user: Any, who: str, whose: str, allowed: bool) -> None:
    student = Student.objects.select_related("program").get(user__username=whose)
    assert permissions.can_view_student(user(who), student) is allowed


def test_anonymous_sees_nothing(university: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    student = Student.objects.get(user__username="s25001")
    section = Section.objects.get(code="PRG1101-2025F-01")
    assert not permissions.can_view_student(AnonymousUser(), student)
    assert not permissions.can_manage_section_results(AnonymousUser(), section)
    assert not permissions.can_load_university(AnonymousUser())


@pytest.mark.parametrize(("who", "allowed"), [
    ("adv.sarsen", True),   # the section's instructor
    ("adv.other", False),   # an instructor of other sections
    ("reg.office", True),
    ("s25001", False),
    ("dean.sdt", False),
])
def test_can_manage_section_results(user: Any, who: str, allowed: bool) -> None:
    section = Section.objects.get(code="PRG1101-2025F-01")
    assert permissions.can_manage_section_results(user(who), section) is allowed


@pytest.mark.parametrize(("who", "allowed"), [
    ("admin.portal", True), ("reg.office", False), ("dean.sdt", False), ("s25001", False)])
def test_can_load_university(user: Any, who: str, allowed: bool) -> None:
    assert permissions.can_load_university(user(who)) is allowed


@pytest.mark.parametrize(("who", "whose", "allowed"), [
    ("s25001", "s25001", True), ("s25002", "s25001", False), ("reg.office", "s25001", True),
    ("adv.sarsen", "s25001", False), ("dean.sdt", "s25001", False)])
def test_can_view_audit_of_student(user: Any, who: str, whose: str, allowed: bool) -> None:
    student = Student.objects.get(user__username=whose)
    assert permissions.can_view_audit_of_student(user(who), student) is allowed
