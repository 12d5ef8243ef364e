"""Periodic jobs that run once at a time, and survive a worker killed in the middle of one.

``single_run(name, timeout)`` declares a Celery task (in place of ``shared_task``) whose body runs only
while it holds a Redis lock, ``ektu:job-lock:<task name>``, on the cache's Redis. Two beats (a second beat
started by mistake, a restart that overlaps the old one) or a beat and a manual run send the job twice:
the second delivery finds the lock held and returns at once (logged "skipped: running elsewhere").

Killed in the middle of a job:

* the task is acknowledged late (``acks_late``) and rejected, not acknowledged, when its pool process
  dies (``reject_on_worker_lost``), so the broker delivers it again: at once when only the pool process
  died, after the broker's visibility timeout when the whole worker did (settings, CELERY_BROKER_TRANSPORT_
  OPTIONS). Every job resumes from its sweep tables, so running the rest of it again gives the state an
  uninterrupted run would have given;
* the lock's value is the task's id, and a redelivered message keeps its id: the redelivered job takes
  over the lock its dead first delivery left behind instead of being skipped by it. A new delivery (the
  next beat tick) has another id and waits for the lock to expire by its ``timeout`` — which is why the
  timeout is longer than the job's worst run (or a second run could start beside a slow first one) and
  shorter than its beat interval where it can be (so the next tick after a crash runs the job).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from celery import shared_task
from redis.exceptions import LockError
from redis.lock import Lock

from ektu_portal.accounts.hot_cache import client

LOCK_PREFIX = "ektu:job-lock:"

logger = logging.getLogger(__name__)


def job_lock(name: str, timeout: float) -> Lock:
    """The lock of the job called ``name`` (the task's name), on the cache's Redis server and database."""
    return Lock(client(), LOCK_PREFIX + name, timeout=timeout, blocking=False)


def _take(lock: Lock, token: str) -> bool:
    """Acquire the lock; or, when this very message already holds it (a redelivery after its first
    worker died holding it), take it over with a fresh timeout."""
    if lock.acquire(token=token):
        return True
    lock.local.token = token.encode()
    try:
        return bool(lock.reacquire())  # atomic: only while the lock's value is this token
    except LockError:
        lock.local.token = None
        return False


def single_run(name: str, timeout: float) -> Callable[[Callable[..., Any]], Any]:
    """Declare the periodic job ``name`` as a Celery task that never runs twice at once.

    ``timeout`` (seconds) bounds how long a lock outlives a worker that died holding it: longer than
    the job's worst run."""

    def declare(job: Callable[..., Any]) -> Any:
        def run(task: Any, *args: Any, **kwargs: Any) -> Any:
            lock = job_lock(name, timeout)
            token = task.request.id or f"manual-{uuid.uuid4()}"  # called in-process: no message id
            if not _take(lock, token):
                logger.info("%s skipped: running elsewhere", name)
                return None
            try:
                return job(*args, **kwargs)
            finally:
                try:
                    lock.release()
                except LockError:
                    # The lock expired while the job ran: its timeout is shorter than this run was.
                    logger.warning("%s ran longer than its lock's %s seconds; raise the timeout", name,
                                   timeout)

        # The task keeps the job's own name, module and docstring; not functools.wraps: Celery would read
        # the job's signature through __wrapped__ and drop its first argument as the bound task.
        run.__name__, run.__qualname__ = job.__name__, job.__qualname__
        run.__module__, run.__doc__ = job.__module__, job.__doc__
        return shared_task(name=name, bind=True, acks_late=True, reject_on_worker_lost=True)(run)

    return declare
