"""The appeal-window job through a real Celery worker on Redis (GR-12, GR-13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from conftest import two_school_document
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import AcademicPeriod, Result, Section, Student
from ektu_portal.accounts.models import User
from ektu_portal.celery import app
from grading import services
from grading.models import GradeSheet
from grading.tasks import close_appeal_windows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_closes_a_passed_window_and_grades_stay_locked() -> None:
    doc = two_school_document()
    doc["sections"][1]["enrolled"] = ["s25001"]
    load_university(doc, allow_passwords=True)
    # GR-12: the sheet posts once the exam session has begun — a week ago, whenever this runs
    AcademicPeriod.objects.filter(code="2026-F").update(
        exam_session_starts=timezone.localdate() - timedelta(days=7))
    instructor = User.objects.get(username="adv.sarsen")
    services.sheet_update(actor=instructor, code="DB2201-2026F-01",
                          rows=[{"student": "s25001", "r1": 70, "r2": 80, "exam": 60,
                                                                    "coursework_submitted": True}])
    # Posted two days ago: its window closed yesterday at 13:00 while (say) beat was down.
    services.sheet_post(actor=instructor, code="DB2201-2026F-01", now=timezone.now() - timedelta(days=2))
    sheet = GradeSheet.objects.get(section__code="DB2201-2026F-01")
    assert sheet.closed_at is None

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert close_appeal_windows.delay().get(timeout=30) == 1
        assert close_appeal_windows.delay().get(timeout=30) == 0  # run twice: nothing twice

    sheet.refresh_from_db()
    assert sheet.closed_at is not None
    with pytest.raises(services.GradesLocked):
        services.sheet_update(actor=User.objects.get(username="reg.office"), code="DB2201-2026F-01",
                              rows=[{"student": "s25001", "exam": 99}])
    student = Student.objects.get(user__username="s25001")
    section = Section.objects.get(code="DB2201-2026F-01")
    assert Result.objects.get(student=student, discipline=section.discipline).exam == 60
    with pytest.raises(services.AppealWindowClosed):
        services.appeal_file(actor=student.user, section_code=section.code, student_username="s25001",
                             reason="too late", now=timezone.now())


