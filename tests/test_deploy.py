"""Production settings pass Django's deployment checklist without a single warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from ektu_portal import embedded

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(EKTU_ENV="production", SECRET_KEY=secrets.token_urlsafe(60),
               ALLOWED_HOSTS="portal.ektu.kz", DATABASE_URL=embedded.ensure_postgres().url,
               REDIS_URL=settings.REDIS_URL, DJANGO_SETTINGS_MODULE="ektu_portal.settings")
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(EKTU_ENV="production", ALLOWED_HOSTS="portal.ektu.kz",
               DATABASE_URL=embedded.ensure_postgres().url, REDIS_URL=settings.REDIS_URL,
               DJANGO_SETTINGS_MODULE="ektu_portal.settings")
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr
