"""Settings, from environment variables only (django-environ).

Two modes: development (the default; embedded PostgreSQL/Redis when DATABASE_URL/REDIS_URL
are unset) and production (``EKTU_ENV=production``: SECRET_KEY, ALLOWED_HOSTS required,
secure cookies, HSTS, passes ``manage.py check --deploy`` without warnings).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from ektu_portal import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

EKTU_ENV = env.str("EKTU_ENV", default="development")
PRODUCTION = EKTU_ENV == "production"
DATA_DIR = embedded.data_dir()


def _development_secret_key() -> str:
    # Kept under the data dir so sessions survive restarts; never used in production.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env.bool("DEBUG", default=False)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- databases and Redis -------------------------------------------------------------------------
if "DATABASE_URL" in os.environ:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    _pg = embedded.ensure_postgres()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _pg.name,
            "USER": _pg.user,
            "HOST": _pg.socket_dir,
            "PORT": "",
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default="test_ektu")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="") or embedded.ensure_redis()
CACHES = {
    "default": {
        "BACKEND": "ektu_portal.core.cache.RedisCache",  # one client per pool (issue 15)
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ektu",
    }
}

# --- applications --------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    # Always installed, SSO configured or not (ektu_portal.accounts.sso): their tables (allauth's own
    # migrations) are there the day OIDC_SERVER_URL is set, so SSO is switched on by the environment
    # alone, and allauth builds its URLs from INSTALLED_APPS when first imported.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "ektu_portal.core",
    "ektu_portal.accounts",
    "ektu_portal.audit",
    "ektu_portal.academics",
    "admissions",
    "registration",
    "grading",
    "attestation",
    "mobility",
    "diploma_supplement",
    # Above every app, like urls.py: the demo university (seed_demo) may import any of them.
    "ektu_portal.demo",
]

MIDDLEWARE = [
    # First: its request id and timing cover everything below, a refusal at the door included.
    "ektu_portal.core.observability.RequestIdMiddleware",
    "ektu_portal.core.request_guard.RequestGuardMiddleware",
    "ektu_portal.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ektu_portal.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ektu_portal.accounts.authentication.CachedAuthenticationMiddleware",  # the user from Redis (issue 15)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ektu_portal.core.middleware.DomainNotFoundMiddleware",
]

ROOT_URLCONF = "ektu_portal.urls"
WSGI_APPLICATION = "ektu_portal.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ektu_portal.core.context_processors.portal",
            ],
        },
    }
]

# --- people and sign-in --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
ACCOUNT_ADAPTER = "ektu_portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # allauth's own sign-in limits are off: "login_failed" (10/m/ip,5/5m/key) locked a campus behind one
    # address out after 10 typos and let anyone lock a named classmate out; "login" (30/m/ip) refused the
    # 31st sign-in a minute from a campus. Failed sign-ins are limited by ektu_portal.accounts.signin_limits
    # instead, on the sign-in page, the API and the admin alike (issue 16, docs/deployment.md).
    "login_failed": "",
    "login": "",
    "reset_password": "20/m/ip,5/m/key",
}
# Failed sign-ins (issue 16): per address *and* account, the first SIGNIN_FREE_FAILURES are free; after
# that each failure makes the pair wait SIGNIN_FIRST_WAIT seconds, doubled per further failure, at most
# SIGNIN_MAX_WAIT; the count is forgotten SIGNIN_FAILURE_MEMORY seconds after the last failure or at once
# on a success. Per address across accounts (password spraying): over SIGNIN_ADDRESS_FAILURES failures
# in SIGNIN_ADDRESS_WINDOW seconds, wrong passwords from it are refused — never a correct one.
SIGNIN_FREE_FAILURES = env.int("SIGNIN_FREE_FAILURES", default=5)
SIGNIN_FIRST_WAIT = env.int("SIGNIN_FIRST_WAIT", default=60)
SIGNIN_MAX_WAIT = env.int("SIGNIN_MAX_WAIT", default=15 * 60)
SIGNIN_FAILURE_MEMORY = env.int("SIGNIN_FAILURE_MEMORY", default=24 * 60 * 60)
SIGNIN_ADDRESS_FAILURES = env.int("SIGNIN_ADDRESS_FAILURES", default=100)
SIGNIN_ADDRESS_WINDOW = env.int("SIGNIN_ADDRESS_WINDOW", default=10 * 60)
# The client's address behind the TLS proxy (allauth reads it for the limits): how many proxies of ours
# append to X-Forwarded-For, or a header the proxy sets (e.g. X-Real-IP). Unset, every sign-in comes
# "from" REMOTE_ADDR — behind a proxy, the proxy's one address (docs/deployment.md).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
# API tokens expire this many seconds after they were issued (issue 16); signing in again after that
# gives a new one. Revoked on sign-out and on a password change.
API_TOKEN_TTL = env.int("API_TOKEN_TTL", default=30 * 24 * 60 * 60)
# TR-5: leaving a creative programme for another group needs a UNT certificate at least at this
# threshold (the ministry's general threshold for bachelor's admission; data, set here until it is loaded).
TRANSFER_UNT_THRESHOLD = env.int("TRANSFER_UNT_THRESHOLD", default=50)
# A case document (TR-4, TR-6): PDF, JPEG or PNG up to this size.
TRANSFER_DOCUMENT_MAX_BYTES = env.int("TRANSFER_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# Sessions opened ahead of registration day must outlast the registration window (RG-2).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 30)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The university's SSO (issue 16 hardening): people sign in through its OpenID Connect provider, so a
# registration-day sign-in storm need not run our password hashing. Configured by the environment alone
# (no secret in code or in the database). Unset, nothing changes: the sign-in page shows no SSO button and
# the provider's URLs answer 404. Only people the university loaded sign in by SSO; nobody signs up
# (ektu_portal.accounts.sso).
SOCIALACCOUNT_ADAPTER = "ektu_portal.accounts.sso.PortalSocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False  # the IdP's tokens are of no further use to the portal
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
OIDC_NAME = env.str("OIDC_NAME", default="EKTU SSO")
# The IdP's claim that holds the university's username (the one load_university gave the person).
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {"openid_connect": {"APPS": []}}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append({
        "provider_id": "ektu-sso",
        "name": OIDC_NAME,
        "client_id": env.str("OIDC_CLIENT_ID"),  # required with OIDC_SERVER_URL
        "secret": env.str("OIDC_CLIENT_SECRET"),
        # PKCE: a code caught on its way back cannot be exchanged by anyone but this browser's sign-in.
        "settings": {"server_url": OIDC_SERVER_URL, "oauth_pkce_enabled": True},
    })
    # The SSO button posts to the portal, which redirects to the IdP's sign-in page: browsers hold that
    # redirect to the policy's form-action, so the IdP's origin joins 'self' there.
    from ektu_portal.core.middleware import CONTENT_SECURITY_POLICY as _PORTAL_POLICY

    _idp = urlsplit(OIDC_SERVER_URL)
    CONTENT_SECURITY_POLICY = _PORTAL_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {_idp.scheme}://{_idp.netloc}")

# --- e-mail ------------------------------------------------------------------------------------
if "EMAIL_URL" in os.environ:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="EKTU Portal <portal@ektu.kz>")
# The public address of the portal: links in e-mails, the Diploma Supplement's QR code and verification
# link. `manage.py serve` hands its children the address it was started on when PORTAL_URL is unset.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")

# --- language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"  # GR-13 and every calendar deadline are in the university's zone
USE_TZ = True

# --- static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ektu_portal.accounts.authentication.ExpiringTokenAuthentication",  # DRF's, with API_TOKEN_TTL
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ektu_portal.core.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")
SPECTACULAR_SETTINGS = {
    "TITLE": "EKTU Portal API",
    "DESCRIPTION": "The integration contract v1 and the portal's own endpoints. "
    "Errors are RFC 9457 problem details with a stable `code`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Fields of the same name with different choice sets get names of their own (a client sees
    # ResultStatusEnum, not Status2bcEnum); one set used in several places gets one name.
    "ENUM_NAME_OVERRIDES": {
        "ResultStatusEnum": ["in_progress", "graded", "not_admitted", "no_show", "annulled"],
        "StudyPlanStatusEnum": ["draft", "submitted", "returned", "adviser_approved", "approved"],
        "SeatStatusEnum": ["enrolled", "waitlisted"],
        "PublicationKindEnum": ["article", "conference_talk"],
        "ProgressionReasonEnum": ["achievements_missing", "results_missing", "gpa_block_below_half",
                                  "iros_block_below_half", "ssci_block_below_half", "gpa_below_minimum"],
        "NonFormalStatusEnum": ["submitted", "recognized", "refused"],
        "MobilityKindEnum": ["international", "internal"],
        "MobilityReasonEnum": ["course_year_not_eligible", "gpa_below_2_5", "english_below_b2",
                               "academic_debt", "grade_below_b_minus"],
        "PriorLearningStatusEnum": ["draft", "decided"],
        "RecountRefusalEnum": ["letter_required", "grade_below_d", "workload_short", "non_formal_cap"],
        "TransferKindEnum": ["between_programmes", "incoming", "outgoing", "readmission"],
        "TransferStatusEnum": ["submitted", "approved", "refused", "ordered", "closed"],
        "TransferDocumentKindEnum": ["application", "transcript", "id_copy", "unt_certificate",
                                     "medical_conclusion", "receiving_request", "other"],
    },
}

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = embedded.celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = embedded.celery_broker_url(REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Acknowledged late, a task whose worker is killed mid-run is delivered again (every job resumes from its
# sweep tables; ektu_portal.core.jobs). On Redis that happens when the task has gone unacknowledged for the
# visibility timeout — whether or not its worker still lives. So it must exceed the longest run (warming
# 10,000 students' facts takes ~4 minutes, a print batch ~2 s per graduate, a progression list under a
# minute) and every job's lock timeout (at most 30 minutes, ektu_portal.core.jobs), or a slow job is
# delivered a second time while it still runs.
# An hour: a job lost with its whole worker runs again within the hour; one lost with its pool process
# alone, at once (reject_on_worker_lost). The fault tests set a second, to see the redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# --- logging and metrics ---------------------------------------------------------------------------
# json: one JSON object per line (time, level, logger, message, request_id, and a request's method, path,
# status, duration_ms) for a log collector; text: the developer's console. Every line carries the request
# id (X-Request-ID) or, in the worker, the task id (ektu_portal/core/observability.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Naming the filter here imports observability in every process, the Celery worker included.
    "filters": {"request_id": {"()": "ektu_portal.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ektu_portal.core.observability.JsonFormatter"},
        "text": {"format": "%(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO: a print batch would drown the worker's log.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pgserver": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# Celery replaces the root logger's handler with its own text one unless told not to: in json mode the
# worker's lines (task ids included) must stay JSON.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# Prometheus (GET /metrics): gunicorn's and Celery's processes each write their samples under this
# directory and /metrics adds them up. Set before prometheus-client is imported (it picks its mode then);
# always under this data dir, so a command started with another EKTU_DATA_DIR never writes into ours.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(DATA_DIR / "metrics")
# Who may read /metrics without signing in: the scraper's addresses (a request a proxy forwarded never
# counts, whatever its REMOTE_ADDR). A signed-in administrator may read it from anywhere.
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=["127.0.0.1", "::1"])

# --- production hardening (manage.py check --deploy) ---------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Probes and the metrics scraper inside the deployment speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz?$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# The Diploma Supplement's awarding institution (names and status in Kazakh and English, website) and
# certifying official (DS-3 2.3, 6.2, 7). Accreditation is not here: the registrar's office records it
# (DS-3 (2), (6)); verification links use PORTAL_URL.
DIPLOMA_SUPPLEMENT_INSTITUTION = {
    "name_kk": "Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті",
    "name_en": "D. Serikbayev East Kazakhstan Technical University",
    "status_kk": "коммерциялық емес акционерлік қоғам, мемлекеттік университет",
    "status_en": "non-profit joint-stock company, a state university",
    "website": "https://www.ektu.kz",
    "certifying_official_capacity": env.str("DS_OFFICIAL_CAPACITY",
                                            default="Vice-Rector for Academic Affairs"),
    "certifying_official_name": env.str("DS_OFFICIAL_NAME", default="") or None,
}
