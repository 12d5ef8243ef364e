"""The Celery application; the beat schedule lives in code (one beat process)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")

app = Celery("ektu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each app adds its periodic jobs in its own tasks module via `beat_schedule.update`;
# every job is idempotent and catches up from the calendar in the database.
app.conf.beat_schedule = {
    "heartbeat": {"task": "ektu_portal.core.tasks.heartbeat", "schedule": 60.0},
}
