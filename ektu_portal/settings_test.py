"""Settings for the test suite: the real ones, with test-only speed and isolation changes."""

from ektu_portal.settings import *  # noqa: F403
from ektu_portal.settings import CACHES

# Tests sign in hundreds of times; PBKDF2 would dominate the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Same Redis as a running portal, but keys of their own.
CACHES["default"]["KEY_PREFIX"] = "ektu-test"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
