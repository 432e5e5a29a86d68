"""Settings shared by every environment, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is read only when DJANGO_READ_DOT_ENV_FILE is set in the environment, so
# tests, `make run` and deployments never pick up a file someone left in the folder; real
# deployments set the environment directly. Variables already set win over the file.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Required in production (see production.py); local and test settings have their own defaults.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Where the service's own links point (e-mails, PDFs), without a trailing slash.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_APPS = [
    "config.apps.ServiceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
]
# The project's apps in dependency order: core.extensions discovers each app's modules
# (reference data, demo data, scale data, bench pages) in this order.
LOCAL_APPS = [
    "core",
    "plans",
    "providers",
    "funding",
    "commissioning",
    "grants",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.uploads.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.SessionExpiryMiddleware",
    # A registered page's form sent with no session is kept (core/held_posts.py).
    "core.middleware.AuditContextMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
# Each service owns its transaction, not the request (docs/adr/0011-no-atomic-requests.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new one per request costs about 3 ms and starts with cold caches
# (the benchmark's floor fell from 10.5 to 4.4 ms at 1 user). The health check drops one the
# server closed (a restart, an idle timeout) before a request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out repeated failed sign-ins for an hour (core/lockout.py,
# docs/adr/0007-sign-in-lockout-keys.md): 5 for one address from one client IP, 20 for the
# address from anywhere. The address is counted trimmed and lower-cased, as sign-in finds it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "core.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "core.lockout.sign_in_username"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/auth/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# How many proxies of ours add to X-Forwarded-For in front of the service (0: none, the
# client connects directly). Only then is the header trusted for the client's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The second factor (django-otp): TOTP apps plus single-use backup codes.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="PCC Commissioning")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
BACKUP_CODE_COUNT = 10
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Times are stored in UTC and shown in Europe/London (docs/rules.md).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded and generated files are private: never under a public URL, served only through
# permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Private files are readable by the service's own user and group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# The largest file a user may upload (core.uploads.UploadField), in bytes.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Hours a generated file (PDF, CSV) can be downloaded before it is deleted.
GENERATED_FILE_TTL_HOURS = env.int("GENERATED_FILE_TTL_HOURS", default=72)
# Files one person may ask for in an hour (counted in PostgreSQL by core.generated).
GENERATED_FILE_REQUESTS_PER_HOUR = env.int("GENERATED_FILE_REQUESTS_PER_HOUR", default=60)
# The request body: form fields other than files are held in memory up to this size, and no
# request carries more than one upload's worth plus room for the form (core.uploads; the
# deployment's proxy caps the body too).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
# The first handler stops keeping a file once it passes UPLOAD_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Our own pack for the GOV.UK Design System: core/templates/govuk/, core/forms/.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["govuk"]
CRISPY_TEMPLATE_PACK = "govuk"

# Redis: the Celery broker, result backend and cache. Each test worker and the demo use
# their own database number so tasks never cross.
REDIS_URL = env("REDIS_URL")
# Short timeouts everywhere Redis is reached, so that Redis being down costs a request a
# second, not a hung worker (nothing a page needs lives only in Redis).
REDIS_TIMEOUT_SECONDS = 1
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="pcc"),
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        },
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task while the broker is down fails within about a second; callers send after
# the commit with robust=True and a beat sweep sends what was missed (core.email,
# core.generated).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_MAX_RETRIES = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    # Above the worker's 1-second BRPOP, so a quiet queue is not mistaken for a dead server.
    "socket_timeout": 3,
    # Opening a channel to send: one immediate retry, not kombu's default 2-second waits.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"timeout": 2.0}}
# Every task is stopped after 10 minutes (soft: an exception it may handle) or 11 (hard: the
# pool child is killed). Generated files set their own per kind (core.generated).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=660)
# E-mail has its own queue and worker, so a slow PDF never delays a password reset.
CELERY_EMAIL_QUEUE = env("CELERY_EMAIL_QUEUE", default="email")
CELERY_TASK_ROUTES = {
    "core.tasks.email_deliver": {"queue": CELERY_EMAIL_QUEUE},
    "core.tasks.emails_deliver_pending": {"queue": CELERY_EMAIL_QUEUE},
}
# /healthz answers 503 when beat's heartbeat is older than twice this.
HEARTBEAT_INTERVAL = timedelta(minutes=1)
# The schedule lives here, reviewed with the code (docs/adr/0002-beat-schedule-in-code.md).
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": HEARTBEAT_INTERVAL},
    # The outbox: e-mails whose immediate attempt failed or never reached a worker.
    "emails-deliver-pending": {
        "task": "core.tasks.emails_deliver_pending",
        "schedule": timedelta(minutes=1),
    },
    # Password reset requests whose task never reached a worker (the broker was down).
    "password-reset-requests-sweep": {
        "task": "core.auth_tasks.password_reset_requests_sweep",
        "schedule": timedelta(minutes=1),
    },
    "generated-files-sweep": {
        "task": "core.tasks.generated_files_sweep",
        "schedule": timedelta(minutes=1),
    },
    "generated-files-expire": {
        "task": "core.tasks.generated_files_expire",
        "schedule": crontab(minute=7),
    },
    # Forms kept after an expired session or token, past their 24 hours (core/held_posts.py).
    "held-posts-delete-expired": {
        "task": "core.tasks.held_posts_delete_expired",
        "schedule": crontab(minute=23),
    },
    # Early morning, so the e-mails wait in people's inboxes when they start work.
    "providers-document-reminders": {
        "task": "providers.tasks.document_reminders",
        "schedule": crontab(hour=6, minute=15),
    },
    # Documents go out of date by the calendar: just after midnight, the organisations whose
    # stored due-diligence status the new day may change are worked out again.
    "providers-due-diligence-daily": {
        "task": "providers.tasks.due_diligence_daily",
        "schedule": crontab(hour=0, minute=5),
    },
    # Records the rounds the clock opened or closed and sends their e-mails; pages never
    # wait for it (they read the clock).
    "commissioning-round-clock": {
        "task": "commissioning.tasks.round_clock",
        "schedule": crontab(minute="*"),
    },
    # Drafts not submitted by their organisation's close: told once, with their answers.
    "commissioning-unsubmitted-bids": {
        "task": "commissioning.tasks.unsubmitted_bids",
        "schedule": crontab(minute="*"),
    },
    # Assessments due within 3 working days, and overdue: each reminder once (notify_once).
    "commissioning-assessment-reminders": {
        "task": "commissioning.tasks.assessment_reminders",
        "schedule": crontab(hour=7, minute=20),
    },
    # A week and a day before a round closes (London days); once each, so safe to repeat.
    "commissioning-round-closing-reminders": {
        "task": "commissioning.tasks.round_closing_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Offers not accepted by the end of their last London day lapse (the reservation goes
    # back to the budgets); a missed run is caught up by the next one.
    "grants-offers-lapse": {
        "task": "grants.tasks.offers_lapse",
        "schedule": crontab(hour=0, minute=15),
    },
    # Offers not yet accepted, 7 days and 1 day before they lapse: once each.
    "grants-offer-reminders": {
        "task": "grants.tasks.offer_reminders",
        "schedule": crontab(hour=7, minute=40),
    },
    # Returns not submitted by the end of their due London day become overdue (recorded).
    "grants-returns-overdue": {
        "task": "grants.tasks.returns_overdue",
        "schedule": crontab(hour=0, minute=20),
    },
    # Returns due in 14 days, today and overdue; waiting 10 working days for review: once each.
    "grants-return-reminders": {
        "task": "grants.tasks.return_reminders",
        "schedule": crontab(hour=7, minute=50),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / ".data" / "outbox")
# Seconds an SMTP call may take before the send fails (and is retried from the outbox).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="commissioning@example.org")
SERVICE_NAME = env("SERVICE_NAME", default="Commission victims' and community safety services")
# Where people send feedback and report problems (phase banner, accessibility statement).
# The prefix registered with 360Giving: awards are published as 360G-<prefix>-<award id>.
GRANTS_360_PREFIX = env("GRANTS_360_PREFIX", default="pcc-commissioning")
# Days a provider has to accept an offer, unless the officer sending it chooses otherwise.
GRANTS_ACCEPTANCE_DAYS = env.int("GRANTS_ACCEPTANCE_DAYS", default=28)
SERVICE_CONTACT_EMAIL = env("SERVICE_CONTACT_EMAIL", default="commissioning@example.org")

SESSION_COOKIE_HTTPONLY = True
# Accounts that need a second factor are signed out after this many minutes without activity
# (warned 2 minutes before, with "Stay signed in") and this many hours after signing in.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_WARNING_SECONDS = 120
CSRF_COOKIE_HTTPONLY = True
# A registered page's form with a stale token is kept, not lost (core/held_posts.py).
CSRF_FAILURE_VIEW = "core.held_posts.csrf_failure"
# How long such a form is kept for its sender to sign in and confirm it.
HELD_POST_HOURS = 24
# A held form is at most this big (a bid section's answers are a few tens of KB), and one
# person has at most this many (holding one more forgets their oldest).
HELD_POST_MAX_BYTES = 512 * 1024
HELD_POST_MAX_PER_PERSON = 20
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Only our own files run or style a page: no inline script or style anywhere (templates put
# behaviour in static/js and data- attributes; server-drawn SVG uses attributes and classes,
# never style=). Nothing may frame the service, and forms post only to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Browser features no page of the service uses, switched off for every page and anything it
# might embed (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each rendering step at INFO; its warnings (a refused URL) still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
