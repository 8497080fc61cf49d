"""MAGNET Portal settings.

Everything that differs between a laptop and production comes from the environment (django-environ).
With nothing set, the embedded default needs no server: SQLite under var/, Celery on kombu's
filesystem transport, e-mails written to var/mail.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("MAGNET_VAR_DIR", default=str(BASE_DIR / "var")))  # the embedded default's files

DEBUG = env.bool("DEBUG", default=False)
# `make run`: the embedded demo on this machine's loopback address. DEBUG stays off, so visitors see
# the portal's own error pages; it is served over plain HTTP, with a secret key kept under var/.
EMBEDDED_DEMO = env.bool("MAGNET_EMBEDDED_DEMO", default=False)
LOCAL = DEBUG or EMBEDDED_DEMO
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key(path: Path) -> str:
    """A random key made once for this checkout (never a known constant), shared by the web
    process and the worker."""
    import secrets

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not LOCAL:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if LOCAL else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in mails and calendar files; locally they follow the port `make run` serves on.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}").rstrip("/")
SITE_ID = 1  # django.contrib.sites: allauth's mails name the site; magnet.apps keeps it in step with SITE_URL
SITE_NAME = "MAGNET"

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, so the admin sees translated fields
    "magnet.apps.AdminConfig",  # django.contrib.admin with the portal's date widgets (magnet/admin_kit.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "knox",  # API tokens stored as digests only
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "phonenumber_field",
    "import_export",
    "simple_history",
    "magnet",
    "stakeholders",
    "meetings",
    "conference",
    "reports",
    "projects",
    "feedback",
    "library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "magnet.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "magnet.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "magnet.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "magnet.urls"
WSGI_APPLICATION = "magnet.wsgi.application"

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
                "magnet.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a kept connection the server dropped is replaced, not a 500
# Behind PgBouncer in transaction pooling, server-side cursors (iterator()) must be off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is shared by the web process, two worker processes and beat. WAL lets
    # readers run beside the one writer; IMMEDIATE takes the write lock when a transaction begins,
    # so a writer waits its turn (busy timeout) instead of failing "database is locked" when a read
    # lock cannot be upgraded. Transactions stay short: no mail is ever sent inside one (outbox).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "magnet.User"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Degrades to a per-process memory cache while Redis is unreachable (pages and sign-in still answer).
    CACHES = {"default": {"BACKEND": "magnet.cache.FallbackRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"  # never served directly: downloads go through views that check access
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FORMS_URLFIELD_ASSUME_HTTPS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The conference programme builder posts 14 fields per session (400 sessions at most: conference/builder.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 6000

# Several web nodes share files through S3-compatible storage when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "magnet.staticfiles.StaticFilesStorage"
        if not LOCAL
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = LOCAL  # locally WhiteNoise serves the sources, no collectstatic needed

# --- Languages, time --------------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # first: our catalogue overrides allauth's and Django's wording
FORMAT_MODULE_PATH = ["magnet.formats"]  # en-GB dates with a 24-hour clock; Turkish date inputs
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Istanbul"
LANGUAGE_COOKIE_NAME = "magnet_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "tr"
MODELTRANSLATION_LANGUAGES = ("tr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("tr", "en")}


def MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME(verbose_name, lang):  # noqa: N802 (a setting)
    """Labels say the language: "Başlık (TR)", "Title (EN)" (the admin capitalises them)."""
    return f"{verbose_name} ({lang.upper()})"

JQUERY_UI_URL = "vendor/jquery-ui.min.js"  # modeltranslation's admin tabs, served by the portal

# --- Accounts (django-allauth) ----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "magnet.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "magnet.accounts.SignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PASSWORD_RESET_TIMEOUT = 3 * 3600
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": sessions always expire
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MAGNET] "
# Behind a reverse proxy every request comes from the proxy's address, so per-address limits (sign-in,
# sign-up, password reset, the API's anonymous throttle) would hold the whole site to one budget.
# TRUSTED_PROXY_COUNT: how many proxies of ours append to X-Forwarded-For (1 for one nginx); the
# client is the address that many places from the right (what a client writes itself lies further
# left and is ignored). Or TRUSTED_CLIENT_IP_HEADER names a header that the proxy sets to the client
# address alone (e.g. X-Real-IP), overwriting whatever the client sent. With neither, REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MAGNET Portal"
# ICMPD staff and PMM officials must enrol TOTP before any privileged page. On by default;
# `make run` turns it off for the demo accounts and says so.
MAGNET_REQUIRE_MFA = env.bool("MAGNET_REQUIRE_MFA", default=True)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Sessions are read from the cache (Redis) and written to both, so a signed-in page does not ask the
# database for its session; with the cache unreachable they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Idle sessions expire after SESSION_COOKIE_AGE: magnet.middleware.SessionRefreshMiddleware moves the
# expiry on at most every SESSION_REFRESH_SECONDS (SESSION_SAVE_EVERY_REQUEST wrote the row on every request).
SESSION_REFRESH_SECONDS = 300
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- E-mail ------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MAGNET Portal <no-reply@magnet.icmpd.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The ORGANIZER of every calendar event the portal sends (RFC 5546 requires one).
CALENDAR_ORGANIZER = env("CALENDAR_ORGANIZER", default=DEFAULT_FROM_EMAIL)
# A stuck mail server must not hold an outbox batch past its 30 s lease (magnet/outbox.py).
EMAIL_TIMEOUT = 10
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_queue / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }
else:
    # A message a dead worker took comes back after this long. It fits the longest job (a large
    # PDF or import, minutes) so a live job is not handed out twice; jobs keep their state in rows
    # with a lease or heartbeat, and beat's sweeps take a dead worker's job up again within a minute.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# With the broker down a request gives up sending after about a second (the page still answers).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # state lives in our own tables, where pages can show it
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic jobs; each app adds its entries in magnet/celery.py's BEAT_SCHEDULE.

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "magnet.authentication.TokenAuthentication",  # first, so a bad token answers 401
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "magnet.filters.FilterBackend",  # bounded integer filters: a bad number is a 400, never a 500
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["magnet.throttling.AnonRateThrottle", "magnet.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/min"),  # per client address
        "user": env("API_THROTTLE_USER", default="600/min"),  # per account
    },
}
# Users make their own API tokens on /accounts/api-tokens/; each works this many days (then a new one
# is made there). The header stays "Authorization: Token <token>".
REST_KNOX = {"TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=90)), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "MAGNET Portal API",
    "DESCRIPTION": "Stakeholder registry, meetings, the Regional MAGNET Conference and reports to PMM.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PillarCodeEnum": "stakeholders.models.Pillar.Code",
        "LanguageEnum": "stakeholders.models.Person.Language",
        "CountryEnum": "django_countries.countries",
        "RegistrationStatusEnum": "conference.models.Registration.Status",
        "EditionLanguageEnum": "reports.models.ReportDocument.Language",
        "OpinionKindEnum": "projects.models.Opinion.Kind",
        "CommitmentStatusEnum": "meetings.models.ActionItem.Status",
        "ProvinceEnum": "stakeholders.provinces.PROVINCES",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "magnet.openapi.add_error_responses"],
}

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],  # the admin and modeltranslation set inline styles
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
if not LOCAL:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},  # the filesystem transport has no host name
    },
}

# --- Portal ---------------------------------------------------------------------------------------
PDF_FONT_DIR = BASE_DIR / "static" / "fonts"
CSRF_FAILURE_VIEW = "magnet.views.csrf_failure"
# Hours a waiting-list offer for a conference seat stays open before the seat passes on.
CONFERENCE_OFFER_HOURS = env.int("CONFERENCE_OFFER_HOURS", default=48)
# Days a personal meeting answer (RSVP) link stays valid.
MEETINGS_RSVP_LINK_DAYS = env.int("MEETINGS_RSVP_LINK_DAYS", default=90)
# Days PMM has to give its opinion on a submitted project proposal (shown to both sides).
PROJECTS_OPINION_DAYS = env.int("PROJECTS_OPINION_DAYS", default=30)
