"""The Celery application; the beat schedule lives in code (one beat process)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")

app = Celery("ektu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The whole beat schedule, in one place. Every job is idempotent and works from the
# deadlines stored in the database, so a beat that was down catches up on its next run.
app.conf.beat_schedule = {
    "heartbeat": {"task": "ektu_portal.core.tasks.heartbeat", "schedule": 60.0},
    # GR-12/GR-13: a sheet becomes final minutes after its appeal window closes at 13:00.
    "grading.close_appeal_windows": {"task": "grading.close_appeal_windows", "schedule": 300.0},
    # GR-10: hourly; a period is swept once, after its FX retake deadline (GR-9) has passed.
    "grading.register_academic_debts": {"task": "grading.register_academic_debts", "schedule": 3600.0},
    # GR-3 (issue 9): hourly; a student is e-mailed once per discipline on reaching 40% of classes missed.
    "grading.warn_attendance": {"task": "grading.warn_attendance", "schedule": 3600.0},
    # TR-10/TR-11 (issue 11): hourly; each year's progression list is drawn up once when due, and
    # repeat-year students without a signed contract after the deadline are listed for expulsion.
    "grading.draw_up_progression_lists": {"task": "grading.draw_up_progression_lists", "schedule": 3600.0},
    # RG-5: sections under their minimum size, once per period after registration closes.
    "registration.find_small_sections": {"task": "registration.find_small_sections", "schedule": 3600.0},
    # Issue 15: every 5 minutes; students' facts are read ahead once per period, half an hour before it opens.
    "registration.warm_registration_facts": {
        "task": "registration.warm_registration_facts", "schedule": 300.0},
    # FA-3: hourly; a thesis whose documents missed the five-working-day deadline is flagged once.
    "attestation.flag_missing_documents": {"task": "attestation.flag_missing_documents", "schedule": 3600.0},
    # RC-5/RC-6 (issue 10): daily; prior-learning difference not passed by its due date becomes debt, once.
    "admissions.register_difference_debts": {"task": "admissions.register_difference_debts",
                                             "schedule": 86400.0},
    # TR-9: daily; each vacant grant's candidate list is made once, within 20 days of 25 January / 5 August.
    "mobility.make_vacant_grant_lists": {"task": "mobility.make_vacant_grant_lists", "schedule": 86400.0},
    # TR-6/TR-7: daily; the registrar's office is e-mailed the transfer cases past a deadline, once a day.
    "mobility.mail_overdue_transfers": {"task": "mobility.mail_overdue_transfers", "schedule": 86400.0},
    # RC-5 (issue 12): daily; a transferred student's difference not passed by the year's end becomes debt.
    "mobility.register_difference_debts": {"task": "mobility.register_difference_debts", "schedule": 86400.0},
}
