"""Settings for the test suite: the real ones, with test-only speed and isolation changes."""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ektu_portal.embedded import celery_broker_url
from ektu_portal.settings import *  # noqa: F403
from ektu_portal.settings import CACHES, DATABASES, REDIS_URL

TEST_REDIS_DB = 15
TEST_BROKER_DB = 14


def _with_db(url: str, db: int) -> str:
    """The same Redis server, another database: tests may flush it without touching the portal's."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        # urlunsplit would drop the empty host ("unix:/path"); redis-py wants "unix:///path".
        return f"unix://{parts.path}?" + urlencode(dict(parse_qsl(parts.query), db=str(db)))
    return urlunsplit(parts._replace(path=f"/{db}"))


# The test runner empties tables between transactional tests with TRUNCATE; the audit table refuses
# TRUNCATE unless a test database's connection says so (audit migration 0003, GR-20).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c ektu.audit_truncate_allowed=on"

# Tests sign in hundreds of times; PBKDF2 would dominate the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests move the clock by weeks (mock.patch of timezone.now) while holding API tokens issued at the real
# time: in the suite tokens do not expire unless a test says so (issue 16's tests set API_TOKEN_TTL).
API_TOKEN_TTL = 100 * 365 * 24 * 60 * 60
CACHES["default"]["LOCATION"] = _with_db(REDIS_URL, TEST_REDIS_DB)
CACHES["default"]["KEY_PREFIX"] = "ektu-test"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _broker(url: str, db: int) -> str:
    """Celery's spelling of the same: tasks queued by tests never reach a running portal's worker."""
    broker = celery_broker_url(url)
    if broker.startswith("redis+socket://"):
        return broker.split("?")[0] + f"?virtual_host={db}"
    return _with_db(broker, db)


CELERY_BROKER_URL = _broker(REDIS_URL, TEST_BROKER_DB)
CELERY_RESULT_BACKEND = _broker(REDIS_URL, TEST_BROKER_DB)

# Prometheus samples of the suite's requests and tasks go to a directory of their own, never into the
# one a running `serve` on the same data dir adds up for /metrics.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(DATA_DIR / "metrics-tests")  # noqa: F405
