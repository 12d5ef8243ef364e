"""The dean's print batch through a real Celery worker on Redis."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from diploma_supplement import services
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.tasks import render_batch
from diploma_supplement.tests.documents import graduate_document
from ektu_portal.academics.loading import load_university
from ektu_portal.accounts.models import User
from ektu_portal.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_renders_a_batch() -> None:
    document = graduate_document(status="graduated", diploma_number="ЖБ-Б 0000001", graduated_on="2026-06-30")
    load_university(document, allow_passwords=True)  # s25001 completed the programme (CR-3)
    app.control.purge()  # the tests' own broker database: nothing left over from an interrupted run
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # batch_start queues the job on commit; a second delivery of it renders nothing twice.
        batch = services.batch_start(actor=User.objects.get(username="dean.sdt"), program_code="6B06102",
                                     year=2025, now=timezone.now())
        assert render_batch.delay(batch.pk).get(timeout=60) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("done", 1, 1)
    assert bytes(batch.zip_file)[:2] == b"PK" and bytes(batch.merged_pdf)[:4] == b"%PDF"
    assert Batch.objects.count() == 1 and IssuedSupplement.objects.count() == 1
