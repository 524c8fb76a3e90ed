"""Settings, read from the environment.

Modes:
- production (default): ``OCOP_SECRET_KEY`` is required, DEBUG is off.
- demo (``OCOP_DEMO=1``, set by ``ocop demo``): a fixed, publicly known key is allowed.
- tests: ``OCOP_TESTING=1`` (set in tests/conftest.py) behaves like demo for the key.
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ocop.core.cache_url import cache_from_url
from ocop.core.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("OCOP_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEMO = env_bool("OCOP_DEMO", False)
TESTING = env_bool("OCOP_TESTING", False)
DEBUG = env_bool("OCOP_DEBUG", False)

SECRET_KEY = env_str("OCOP_SECRET_KEY", "")
if not SECRET_KEY:
    if DEMO or TESTING:
        SECRET_KEY = "ocop-demo-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "OCOP_SECRET_KEY is not set. Production settings refuse to start without a secret key; "
            "use `ocop demo` for a local demonstration."
        )

ALLOWED_HOSTS = env_list(
    "OCOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEMO or DEBUG or TESTING) else []
)
CSRF_TRUSTED_ORIGINS = env_list("OCOP_CSRF_TRUSTED_ORIGINS", [])
# The public address printed in QR codes and links on paper. Production must set it
# (``check --deploy`` refuses to pass without it); the demo sets it from its own port.
SITE_URL_SET = bool(env_str("OCOP_SITE_URL", ""))
SITE_URL = env_str("OCOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "ocop.accounts.admin_site.OcopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ocop.core",
    "ocop.geo",
    "ocop.accounts",
    "ocop.notifications",
    "ocop.criteria",
    "ocop.registry",
    "ocop.evaluation",
    "ocop.certificates",
    "ocop.programme",
    "ocop.outreach",
    "ocop.reports",
    "ocop.portal",
    "ocop.api",
    "ocop.demo",
    "ocop.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ocop.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A repeated public page from the shared cache, before sessions and CSRF (decision 0072).
    "ocop.core.http.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ocop.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ocop.core.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

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
                "ocop.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite (WAL) under var/ by default; PostgreSQL via DATABASE_URL in production.
# SQLite has one writer at a time: a write transaction takes the lock at BEGIN (IMMEDIATE) and
# waits up to OCOP_SQLITE_TIMEOUT seconds for it (an import holds it for a while); a write that
# still cannot start answers 503 "busy, try again" (ocop.core.middleware), never half-saved.
SQLITE_TIMEOUT = float(env_str("OCOP_SQLITE_TIMEOUT", "30"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{DATA_DIR / 'ocop.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)
}
# Connections are kept between requests (OCOP_CONN_MAX_AGE seconds) by the production server,
# whose sync workers serve one request at a time each; health checks drop a broken one. The
# demo's threaded development server opens one per thread, so it keeps none.
DATABASES["default"]["CONN_MAX_AGE"] = int(
    env_str("OCOP_CONN_MAX_AGE", "0" if (DEMO or DEBUG) else "600")
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA busy_timeout={int(SQLITE_TIMEOUT * 1000)};"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_TIMEOUT,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# "shared" lives in the database, so every worker process sees the same counters (API throttles);
# its table is created by `ocop migrate` (see ocop.accounts.apps).
# "default" holds what public pages compute, keyed by the data version (ocop.core.versions), so
# it is never stale and shared by every worker: files under the data directory unless
# OCOP_CACHE_URL names another (ocop.core.cache_url; Redis or Memcached for several servers).
# Sized for every certificate (OCOP_CACHE_MAX_ENTRIES), not Django's default of 300 entries.
CACHES = {
    "default": cache_from_url(
        env_str("OCOP_CACHE_URL", "locmem://" if TESTING else f"file://{DATA_DIR / 'cache'}"),
        max_entries=int(env_str("OCOP_CACHE_MAX_ENTRIES", "250000")),
        timeout=int(env_str("OCOP_CACHE_SECONDS", str(7 * 24 * 3600))),
    ),
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ocop_shared_cache",
    },
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
# django-axes watches every authenticate() call first and refuses a locked-out client.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords: checked whenever a password is set through a form (admin, createsuperuser).
PASSWORD_MIN_LENGTH = max(10, int(env_str("OCOP_PASSWORD_MIN_LENGTH", "10")))
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": ("username", "full_name", "first_name", "last_name", "email")
        },
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "ocop.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "ocop.accounts.passwords.UnitNameSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login limits (django-axes, attempts kept in the database so every worker shares them): after
# OCOP_LOGIN_FAILURE_LIMIT failures for one account, or from one client address, further logins
# are refused for OCOP_LOGIN_COOLOFF_MINUTES. The client address is REMOTE_ADDR unless the
# request comes from one of OCOP_TRUSTED_PROXIES (see ocop.accounts.client).
AXES_FAILURE_LIMIT = int(env_str("OCOP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env_str("OCOP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time told to the user stays true
AXES_CLIENT_IP_CALLABLE = "ocop.accounts.client.client_ip"
# Requests for a producer's account (the public form) from one client address in an hour.
ACCOUNT_REQUEST_LIMIT = int(env_str("OCOP_ACCOUNT_REQUEST_LIMIT", "10"))
AXES_LOCKOUT_CALLABLE = "ocop.accounts.views.locked_out"
AXES_VERBOSE = False
TRUSTED_PROXIES = env_list("OCOP_TRUSTED_PROXIES", [])
# Second factor (TOTP, django-otp): optional for everyone; required for the capabilities listed.
OTP_REQUIRED_FOR = env_list("OCOP_OTP_REQUIRED_FOR", [])
OTP_TOTP_ISSUER = env_str("OCOP_OTP_ISSUER", "OCOP")
# Mail (invitations, password resets, answers to account requests): the console in the demo
# and tests, SMTP from the environment otherwise (docs/configuration.md).
DEFAULT_FROM_EMAIL = env_str("OCOP_MAIL_FROM", "OCOP <ocop@localhost>")
if DEMO or TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = env_str("OCOP_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env_str("OCOP_SMTP_HOST", "localhost")
    EMAIL_PORT = int(env_str("OCOP_SMTP_PORT", "587"))
    EMAIL_HOST_USER = env_str("OCOP_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = env_str("OCOP_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("OCOP_SMTP_TLS", True)
    EMAIL_TIMEOUT = 30
PASSWORD_RESET_TIMEOUT = int(env_str("OCOP_PASSWORD_LINK_DAYS", "3")) * 24 * 3600
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Languages: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Days as dd/mm/yyyy in both languages, the decimal comma in Vietnamese (ocop/formats).
FORMAT_MODULE_PATH = ["ocop.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Uploaded evidence is private: stored under var/private, never under a served URL.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "private"), "base_url": "/no-direct-access/"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING or DEMO)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or DEMO
UPLOAD_MAX_BYTES = int(env_str("OCOP_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Imports (docs/configuration.md): the largest file, and the most rows below the header,
# columns and characters in one cell that an import reads.
IMPORT_MAX_BYTES = int(env_str("OCOP_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(env_str("OCOP_IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_COLUMNS = int(env_str("OCOP_IMPORT_MAX_COLUMNS", "60"))
IMPORT_MAX_CELL_CHARS = int(env_str("OCOP_IMPORT_MAX_CELL_CHARS", "2000"))
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Security.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "ocop.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {  # no page uses these browser features; ocop.core.middleware sends it
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# Content-Security-Policy (django-csp): every script, style, font and image comes from this site;
# no inline script or style, no eval. data: images only for the empty favicon in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
_https = env_bool("OCOP_HTTPS", not (DEMO or DEBUG or TESTING))
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env_bool("OCOP_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = int(env_str("OCOP_HSTS_SECONDS", "31536000" if _https else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ocop API",
    "DESCRIPTION": "Open API of the OCOP platform: units, registry, criteria, evaluation, certificates, reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "UnitLevelEnum": "ocop.geo.models.Level",
        "RoundLevelEnum": "ocop.evaluation.models.RoundLevel",
        "DecisionLevelEnum": "ocop.certificates.models.DecisionLevel",
        "ProductStatusEnum": "ocop.registry.models.ProductStatus",
        "RoundStatusEnum": "ocop.evaluation.models.RoundStatus",
        "SheetStatusEnum": "ocop.evaluation.models.SheetStatus",
        "CertificateStatusEnum": "ocop.certificates.models.CertificateStatus",
        "MilestoneKindEnum": "ocop.programme.models.MilestoneKind",
        "CertificateKindEnum": "ocop.certificates.models.CertificateKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OCOP_LOG_LEVEL", "WARNING")},
}

# A plan's unit is at risk when the share of the year gone exceeds the share of its targets
# reached by more than this (docs/decisions/0080-plan-progress.md).
OCOP_PROGRESS_AT_RISK_MARGIN = float(env_str("OCOP_PROGRESS_AT_RISK_MARGIN", "0.25"))

# Programme rules that the national texts leave to provinces or that are not verified.
# See docs/rules.md; each can be overridden with an environment variable.
OCOP_RULES = {
    # Council members whose totals differ by more than this many points must discuss and re-score.
    "SCORE_SPREAD_MAX": float(env_str("OCOP_SCORE_SPREAD_MAX", "10")),
    # A council meeting is valid with at least this share of members (chair included).
    "QUORUM_SHARE": float(env_str("OCOP_QUORUM_SHARE", "0.75")),
    # How a per-star minimum is judged across members: "mean" (mean points >= required),
    # "majority" (more than half the members reached it) or "all".
    "MINIMUM_AGGREGATION": env_str("OCOP_MINIMUM_AGGREGATION", "mean"),
    "CERTIFICATE_VALIDITY_MONTHS": int(env_str("OCOP_CERTIFICATE_VALIDITY_MONTHS", "36")),
    "REEVALUATION_WINDOW_OPENS_DAYS": int(env_str("OCOP_REEVALUATION_OPENS_DAYS", "180")),
    "REEVALUATION_WINDOW_CLOSES_DAYS": int(env_str("OCOP_REEVALUATION_CLOSES_DAYS", "120")),
    "CENTRAL_MIN_SCORE": float(env_str("OCOP_CENTRAL_MIN_SCORE", "90")),
    "DISTRICT_LEVEL_LAST_DAY": env_str("OCOP_DISTRICT_LEVEL_LAST_DAY", "2025-07-05"),
    # Dossiers filed before a new criteria set takes effect may be decided under the old set
    # within this many days (first or upgrade / re-evaluation); the new set's first day is day 1.
    "CRITERIA_TRANSITION_DAYS": int(env_str("OCOP_CRITERIA_TRANSITION_DAYS", "60")),
    "CRITERIA_TRANSITION_DAYS_REEVALUATION": int(
        env_str("OCOP_CRITERIA_TRANSITION_DAYS_REEVALUATION", "30")
    ),
}

# Days before a certificate expires on which its producer and the officers responsible are
# warned (0: the day it expires, its last day of validity); docs/configuration.md.
OCOP_EXPIRY_WARNING_DAYS = sorted(
    {int(days) for days in env_list("OCOP_EXPIRY_WARNING_DAYS", ["180", "120", "30", "0"])},
    reverse=True,
)
